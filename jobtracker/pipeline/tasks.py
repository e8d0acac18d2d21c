from celery import shared_task

from jobtracker.pipeline import services


@shared_task(name="pipeline.open_current_seasons")
def open_current_seasons() -> int:
    """Run by beat a few times a day: the first of August opens the new season for every account."""
    return services.open_current_seasons()
