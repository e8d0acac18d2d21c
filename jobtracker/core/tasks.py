from celery import shared_task
from django.core.management import call_command


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Django's own clearsessions, daily from beat, so the session table does not grow for ever."""
    call_command("clearsessions")
