"""The list of letters a writer still owes, as text to paste into an e-mail and as CSV rows."""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils.dateformat import format as date_format

from jobtracker.materials.models import LetterRequest
from jobtracker.network.models import Contact

HEADER = ["institution", "position", "portal", "link", "due", "status"]


def due_text(request: LetterRequest, writer: Contact) -> str:
    """The due date; when it is the posting's own deadline, the exact time in the writer's zone if known."""
    position = request.application.position
    if request.due_date is None:
        return "no due date"
    if position.deadline_at is None or request.due_date != position.deadline_date or position.deadline_time is None:
        return date_format(request.due_date, "D j M Y")
    zone = ZoneInfo(writer.time_zone or position.deadline_tz)
    return date_format(position.deadline_at.astimezone(zone), "D j M Y, H:i T")


def _open(requests: Iterable[LetterRequest]) -> list[LetterRequest]:
    """The letters the writer still owes: a withdrawn or closed application's request is not one of them."""
    return [r for r in requests if r.is_outstanding]


def as_rows(*, writer: Contact, requests: Iterable[LetterRequest]) -> list[list[str]]:
    """One row per letter still owed, under HEADER."""
    rows = []
    for request in _open(requests):
        position = request.application.position
        rows.append(
            [
                position.institution.name,
                position.title,
                request.get_portal_display() or request.get_delivery_display(),
                position.posting_url,
                due_text(request, writer),
                request.get_status_display(),
            ]
        )
    return rows


def as_text(*, writer: Contact, requests: Iterable[LetterRequest]) -> str:
    pending = _open(requests)
    if not pending:
        return f"No letters outstanding for {writer.name}."
    zone_note = f" (times in {writer.time_zone})" if writer.time_zone else " (times in each posting's zone)"
    lines = [f"Letters still to submit{zone_note}:", ""]
    for number, request in enumerate(pending, start=1):
        position = request.application.position
        how = request.get_portal_display() or request.get_delivery_display()
        lines.append(f"{number}. {position.institution.name}: {position.title}")
        lines.append(f"   Due: {due_text(request, writer)}")
        lines.append(f"   Submit through: {how}")
        if position.posting_url:
            lines.append(f"   Link: {position.posting_url}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
