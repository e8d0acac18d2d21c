"""A slow or silent answer to the end of the message data, against a real SMTP server on loopback.

RFC 5321 lets a server take minutes to confirm a message it has already kept. Such a reply is waited for
under its own timeout (REMINDERS_FINAL_REPLY_SECONDS), not EMAIL_TIMEOUT; a reply that never comes is an
unknown outcome: tried once more with the same Message-ID, then left as "outcome unknown", never a loop.
"""

import datetime as dt

import pytest
from django.utils import timezone

from jobtracker.reminders import planning
from jobtracker.reminders.models import Delivery
from tests.factories import PositionFactory
from tests.reminders.running import run_due_now
from tests.reminders.services import SmtpSink

S = Delivery.Status


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = "127.0.0.1", False, False
    settings.EMAIL_TIMEOUT = 1
    settings.REMINDERS_FINAL_REPLY_SECONDS = 3
    return settings


@pytest.fixture
def due(owner):
    """One reminder, and the moment it falls due."""
    PositionFactory(owner=owner, deadline_date=timezone.localdate() + dt.timedelta(days=10))
    planning.plan_changed()
    row = Delivery.objects.filter(status=S.PENDING).order_by("send_at").first()
    return row, row.send_at


def serve(smtp_settings, **behaviour) -> SmtpSink:
    sink = SmtpSink(**behaviour).start()
    smtp_settings.EMAIL_PORT = sink.port
    return sink


def test_a_confirmation_slower_than_the_email_timeout_is_waited_for_and_sends_once(smtp_settings, due):
    row, at = due
    sink = serve(smtp_settings, reply_delay=2)  # after EMAIL_TIMEOUT (1 s), inside the final-reply timeout (3 s)
    try:
        assert run_due_now(at) == 1
        run_due_now(at + dt.timedelta(hours=6))
    finally:
        sink.stop()
    row.refresh_from_db()
    assert row.status == S.SENT and row.unknown_outcomes == 0
    assert len(sink.messages) == 1


def test_a_confirmation_that_never_comes_is_tried_once_more_with_the_same_message_id_then_left_unknown(
    smtp_settings, due
):
    row, at = due
    sink = serve(smtp_settings, reply_delay=5)  # beyond the final-reply timeout: the server keeps it anyway
    try:
        run_due_now(at)
        row.refresh_from_db()
        assert (
            row.status == S.PENDING
            and row.unknown_outcomes == 1
            and "no reply after the message data" in (row.last_error)
        )
        for hours in (6, 12, 24, 48):
            run_due_now(at + dt.timedelta(hours=hours))
    finally:
        sink.stop()
    row.refresh_from_db()
    assert row.status == S.UNKNOWN and row.unknown_outcomes == 2
    assert len(sink.messages) == 2, "at most one more attempt, never a loop"
    assert len({m["Message-ID"] for m in sink.messages}) == 1


def test_a_refusal_after_the_data_is_a_failure_to_retry_not_an_unknown(smtp_settings, due):
    row, at = due
    sink = serve(smtp_settings, reply="451 4.3.0 Try again later")
    try:
        run_due_now(at)
    finally:
        sink.stop()
    row.refresh_from_db()
    assert row.status == S.PENDING and row.unknown_outcomes == 0 and "451" in row.last_error


def test_one_connection_carries_a_batch_of_reminders(smtp_settings, owner):
    for _ in range(5):
        PositionFactory(owner=owner, deadline_date=timezone.localdate() + dt.timedelta(days=10))
    planning.plan_changed()
    at = Delivery.objects.order_by("send_at").first().send_at
    sink = serve(smtp_settings)
    try:
        assert run_due_now(at) == 5
    finally:
        sink.stop()
    assert len(sink.messages) == 5 and len(sink.sessions) == 1
