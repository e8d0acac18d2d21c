from tests.reminders.conftest import celery_for, smtp  # noqa: F401 - real Celery processes for report builds
