from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Delete expired log-in sessions so the table does not grow for ever (run daily by beat)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
