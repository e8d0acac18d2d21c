"""The Celery application. Tasks live in the apps' tasks.py modules and call services."""

import logging
import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobtracker.settings")

app = Celery("jobtracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@worker_ready.connect
def _announce_broker(**_kwargs):
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        logger.warning(
            "Using the embedded file-system broker in %s (development only; set REDIS_URL for Redis).",
            settings.CELERY_EMBEDDED_BROKER_DIR,
        )
