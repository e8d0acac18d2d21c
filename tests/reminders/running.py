"""Driving the reminder machinery in the test process, as beat and a worker would."""

from jobtracker.reminders import delivery


def run_due_now(now) -> list:
    """Dispatch what is due at `now` and send each queued message here; returns what was queued."""
    queued = []
    delivery.dispatch(
        now=now,
        send_one=lambda pk: queued.append((delivery.send_delivery, pk)),
        send_digest=lambda pks: queued.append((delivery.send_digest, pks)),
    )
    for send, argument in queued:
        send(argument)
    return queued


def dispatch_and_lose(now) -> int:
    """Dispatch what is due, as if the broker then lost every message."""
    return delivery.dispatch(now=now, send_one=lambda pk: None, send_digest=lambda pks: None)
