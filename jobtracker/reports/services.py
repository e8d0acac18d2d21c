"""Writes for reports: share links (made, opened, revoked) and report files (requested, built, expired)."""

import datetime as dt
import logging
import secrets
import tempfile

from celery import current_app
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jobtracker.core.services import lock_rows
from jobtracker.reports.models import ReportFile, ShareLink, token_hash
from jobtracker.reports.options import ReportOptions

logger = logging.getLogger(__name__)
FILE_LIFETIME = dt.timedelta(days=1)
MAX_LINK_DAYS = 366


# Share links


@transaction.atomic
def create_share_link(
    *, user, options: ReportOptions, label: str, expires_in_days: int | None
) -> tuple[ShareLink, str]:
    """A new link and its token, which is never stored and so can be shown only now."""
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_LINK_DAYS:
        raise ValidationError({"expires_in_days": f"Choose between 1 and {MAX_LINK_DAYS} days, or no expiry."})
    token = secrets.token_urlsafe(32)
    expires = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
    link = ShareLink(
        owner=user,
        season=options.season,
        label=label.strip(),
        options=options.without_private().as_stored(),
        token_hash=token_hash(token),
        expires_at=expires,
    )
    link.full_clean()
    link.save()
    return link, token


def find_live_link(token: str, now: dt.datetime) -> ShareLink | None:
    if not token or len(token) > 200:
        return None
    link = ShareLink.objects.select_related("season", "owner").filter(token_hash=token_hash(token)).first()
    return link if link is not None and link.is_live(now) and link.owner.is_active else None


def record_open(*, link: ShareLink, now: dt.datetime) -> None:
    """One more opening, counted in the database so concurrent readers never lose one."""
    ShareLink.objects.filter(pk=link.pk).update(open_count=F("open_count") + 1, last_opened_at=now)


@transaction.atomic
def revoke_share_link(*, link: ShareLink) -> str:
    lock_rows([link])
    link.refresh_from_db(fields=["revoked_at"])
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
    return f"Revoked the link{' for ' + link.label if link.label else ''}; it now answers “not found”."


# Report files


def request_file(*, user, kind: str, query: str, description: str, filename: str) -> ReportFile:
    """A file to build in the background; the task is queued once the row is committed."""
    report_file = ReportFile.objects.create(
        owner=user,
        kind=kind,
        query=query,
        description=description[:300],
        filename=filename,
        expires_at=timezone.now() + FILE_LIFETIME,
    )
    transaction.on_commit(lambda: current_app.send_task("reports.build_file", args=[report_file.pk]))
    return report_file


def claim_file(*, pk: int) -> ReportFile | None:
    """Queued -> running, for exactly one builder; None when another has it or it is gone."""
    now = timezone.now()
    if not ReportFile.objects.filter(pk=pk, status=ReportFile.Status.QUEUED).update(
        status=ReportFile.Status.RUNNING, started_at=now
    ):
        return None
    return ReportFile.objects.select_related("owner").get(pk=pk)


def progress_reporter(report_file: ReportFile, *, every: float = 0.5):
    """A progress(done, total) callable that writes at most every `every` seconds (and always the last call)."""
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = timezone.now().timestamp()
        if done < total and now - last[0] < every:
            return
        last[0] = now
        ReportFile.objects.filter(pk=report_file.pk, status=ReportFile.Status.RUNNING).update(done=done, total=total)

    return progress


def build_file(*, pk: int, render) -> ReportFile | None:
    """Claim the file, run `render(report_file, target, progress)` into a temporary file, store it.

    A failure is recorded on the row (the page says so and offers to try again); it never leaves it running.
    """
    report_file = claim_file(pk=pk)
    if report_file is None:
        return None
    try:
        with tempfile.TemporaryFile() as target:
            render(report_file, target, progress_reporter(report_file))
            target.seek(0, 2)
            size = target.tell()
            target.seek(0)
            report_file.file.save(report_file.filename, File(target), save=False)
    except Exception as error:
        logger.exception("Report file %s failed", pk)
        ReportFile.objects.filter(pk=pk).update(
            status=ReportFile.Status.FAILED,
            error=f"{error.__class__.__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return None
    ReportFile.objects.filter(pk=pk).update(
        status=ReportFile.Status.DONE,
        file=report_file.file.name,
        size=size,
        done=F("total"),
        finished_at=timezone.now(),
    )
    return ReportFile.objects.get(pk=pk)


def delete_file(*, report_file: ReportFile) -> None:
    name = report_file.file.name
    report_file.delete()
    if name:
        transaction.on_commit(lambda: report_file.file.storage.delete(name))


def expire_files(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Delete files (and their rows) past their day; a stuck build older than that goes too."""
    now = now or timezone.now()
    expired = list(ReportFile.objects.filter(expires_at__lte=now).order_by("expires_at")[:limit])
    for report_file in expired:
        with transaction.atomic():
            delete_file(report_file=report_file)
    return len(expired)
