"""The private calendar address: made, replaced, turned off, and fetched by a phone's calendar app.

The token is the only authority, so it is long and random and only its SHA-256 is stored: the address can be
shown once, when it is made. A new address revokes the old one in the same transaction.
"""

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jobtracker.core.services import lock_rows
from jobtracker.reminders.models import CalendarFeed

MAX_TOKEN_LENGTH = 200


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def live_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.for_user(user).filter(revoked_at__isnull=True).first()


def find_live_feed(token: str) -> CalendarFeed | None:
    """The live feed a token opens, or None for an unknown, revoked or absurd token or an inactive owner."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    feed = CalendarFeed.objects.select_related("owner").filter(token_hash=token_hash(token)).first()
    if feed is None or feed.revoked_at is not None or not feed.owner.is_active:
        return None
    return feed


def _revoke_live(user, now: dt.datetime) -> int:
    return CalendarFeed.objects.filter(owner=user, revoked_at__isnull=True).update(revoked_at=now, updated_at=now)


@transaction.atomic
def make_feed(*, user) -> tuple[CalendarFeed, str]:
    """A new address and its token (never stored, so shown only now); the old address stops working."""
    lock_rows([user])  # two clicks at once wait for each other instead of both making a live row
    now = timezone.now()
    _revoke_live(user, now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(owner=user, token_hash=token_hash(token))
    feed.full_clean()
    feed.save()
    return feed, token


@transaction.atomic
def revoke_feed(*, user) -> str:
    lock_rows([user])
    if _revoke_live(user, timezone.now()):
        return "Your calendar address is turned off: calendar apps subscribed to it get nothing more."
    return "There was no calendar address to turn off."


def record_fetch(*, feed: CalendarFeed, now: dt.datetime) -> None:
    """One more fetch, counted in the database so concurrent fetches never lose one."""
    CalendarFeed.objects.filter(pk=feed.pk).update(fetch_count=F("fetch_count") + 1, last_fetched_at=now)
