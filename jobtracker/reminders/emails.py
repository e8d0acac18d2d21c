"""The reminder and digest e-mails: content, headers, unsubscribe links."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.urls import reverse

from jobtracker.core.email import build_email
from jobtracker.reminders.registry import MESSAGES, SOURCES, DatedItem
from jobtracker.reminders.schedule import days_phrase, when_phrase

UNSUBSCRIBE_SALT = "reminders.unsubscribe"
ALL_KINDS = "*"
# A link in an old e-mail stops working after this long; its reader can still unsubscribe after logging in.
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=60)


@dataclass(frozen=True)
class UnsubscribeLink:
    user_id: int
    kind: str
    expired: bool


def known_kinds() -> set[str]:
    return {*SOURCES, *MESSAGES, ALL_KINDS}


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    """Signed and timestamped (signing.dumps), so it can expire."""
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> UnsubscribeLink | None:
    """What a link says, and whether it is too old; None when it is not one of ours."""
    try:
        data, expired = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE), False
    except signing.SignatureExpired:
        data, expired = signing.loads(token, salt=UNSUBSCRIBE_SALT), True
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or data.get("k") not in known_kinds():
        return None
    return UnsubscribeLink(data["u"], data["k"], expired)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute(reverse("reminders:unsubscribe", args=[unsubscribe_token(user_id=user_id, kind=kind)]))


def _line(item: DatedItem, sent_at, zone: ZoneInfo) -> dict:
    own = ""
    if item.due.at and item.own_zone and item.own_zone != str(zone):
        own = when_phrase(item.due, ZoneInfo(item.own_zone))
    return {
        "item": item,
        "when": when_phrase(item.due, zone),
        "own_when": own,
        "days": days_phrase(item.due, sent_at, zone),
        "url": absolute(item.path),
        "kind_label": SOURCES[item.kind].label,
        "stop_kind_url": unsubscribe_url(item.owner_id, item.kind),
    }


def headers_for(*, message_id: str, key: str, user_id: int, kind: str) -> dict:
    url = unsubscribe_url(user_id, kind)
    return {
        "Message-ID": message_id,
        "X-Jobtracker-Delivery": key,
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def reminder_email(*, user, delivery, item: DatedItem, sent_at):
    zone = ZoneInfo(user.time_zone)
    line = _line(item, sent_at, zone)
    context = {
        "user": user,
        "line": line,
        "stop_all_url": unsubscribe_url(user.pk, ALL_KINDS),
        "settings_url": absolute(reverse("reminders:settings")),
    }
    message_id = f"<reminder.{delivery.key}@{settings.REMINDERS_MESSAGE_DOMAIN}>"
    headers = headers_for(message_id=message_id, key=delivery.key, user_id=user.pk, kind=item.kind)
    return build_email(template="reminder", context=context, to=[user.email], headers=headers)


def digest_email(*, user, deliveries_and_items, sent_at, key: str):
    zone = ZoneInfo(user.time_zone)
    days: dict[str, list[dict]] = {}
    for _delivery, item in sorted(deliveries_and_items, key=lambda pair: pair[1].due.deadline(zone)):
        line = _line(item, sent_at, zone)
        days.setdefault(f"{item.due.local_day(zone):%A %-d %B}", []).append(line)
    context = {
        "user": user,
        "days": days,
        "count": len(deliveries_and_items),
        "stop_all_url": unsubscribe_url(user.pk, ALL_KINDS),
        "settings_url": absolute(reverse("reminders:settings")),
    }
    message_id = f"<digest.{key}@{settings.REMINDERS_MESSAGE_DOMAIN}>"
    headers = headers_for(message_id=message_id, key=key, user_id=user.pk, kind=ALL_KINDS)
    return build_email(template="digest", context=context, to=[user.email], headers=headers)
