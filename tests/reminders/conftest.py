"""Real components for the reminder integration tests: an SMTP server on loopback and Celery processes."""

import pytest

from tests.reminders.services import Celery, SmtpSink


@pytest.fixture
def smtp():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def celery_for(tmp_path, smtp):
    """Start Celery processes against a broker, sending to the `smtp` sink unless told another port."""
    started = []

    def make(redis_url, smtp_port=None, **settings):
        processes = Celery(tmp_path, redis_url=redis_url, smtp_port=smtp_port or smtp.port, **settings)
        started.append(processes)
        return processes

    yield make
    for processes in started:
        processes.stop()
