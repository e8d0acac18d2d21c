"""Driving the reminder machinery in the test process, as beat and a sender would."""

from jobtracker.reminders import delivery


def run_due_now(now) -> int:
    """Dispatch what is due at `now` and send it here, as one sender would; returns how many were sent."""
    delivery.dispatch(now=now, start_sender=lambda slot: None)
    return delivery.send_due(now=now, budget=60)


def claim_and_lose(now) -> None:
    """A sender claims what is due and dies before sending anything (its rows stay in "sending")."""
    from jobtracker.reminders.delivery import _claim

    _claim("lost-sender#1", now)


def refuse_smtp(monkeypatch) -> None:
    """Every send fails before anything reaches a server, as when the SMTP server is down."""

    def refuse(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
