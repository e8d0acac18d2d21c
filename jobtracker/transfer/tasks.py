"""Celery doors into the transfer services: build a backup, run a restore, expire what is a day old."""

from celery import shared_task

from jobtracker.transfer import services


# The heavy benchmark account with 200 files takes seconds; the limits only stop a run that hangs.
@shared_task(name="transfer.build_backup", soft_time_limit=1800, time_limit=1860)
def build_backup(pk: int) -> bool:
    return services.build_backup(pk=pk) is not None


@shared_task(name="transfer.run_restore", soft_time_limit=1800, time_limit=1860)
def run_restore(pk: int) -> bool:
    return services.run_restore(pk=pk) is not None


@shared_task(name="transfer.expire")
def expire() -> int:
    return services.expire()
