"""Celery doors into the report services: build one file, expire old ones."""

from celery import shared_task

from jobtracker.reports import builders, services


# A 1,000-application workbook takes well under a minute; the limits only stop a build that hangs.
@shared_task(name="reports.build_file", soft_time_limit=600, time_limit=660)
def build_file(pk: int) -> bool:
    return services.build_file(pk=pk, render=builders.render) is not None


@shared_task(name="reports.expire_files")
def expire_files() -> int:
    return services.expire_files()
