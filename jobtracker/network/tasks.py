from celery import shared_task

from jobtracker.network import services


@shared_task(name="network.expire_imports")
def expire_imports() -> int:
    """Hourly from beat: imports left uncommitted for a day are deleted with their uploaded files."""
    return services.expire_imports()
