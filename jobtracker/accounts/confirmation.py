"""Confirming an address before an account works: the link, its e-mails, and a cap on how often they go out.

Sign-up answers the same page whether or not the address already has an account; the difference goes to the
address itself, where only its owner reads it: a new account gets a confirmation link, an existing one is told
someone tried to sign up with it.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jobtracker.accounts.models import User

log = logging.getLogger(__name__)

# One sign-up e-mail per address per this many seconds: sign-up must not become a way to flood someone's inbox.
MAIL_INTERVAL_SECONDS = 300


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Valid for PASSWORD_RESET_TIMEOUT (3 days), once: confirming flips is_active, and a newer sign-up for
    the same address (a new password) retires older links. A password-reset token never passes here."""

    key_salt = "jobtracker.accounts.confirmation"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


confirmation_tokens = ConfirmationTokenGenerator()


def confirmation_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:confirm", args=[uid, confirmation_tokens.make_token(user)])


def may_mail(email: str) -> bool:
    """True at most once per interval for an address (a shared cache makes it hold across servers)."""
    key = "signup-mail:" + hashlib.sha256(email.lower().encode()).hexdigest()
    try:
        return cache.add(key, True, timeout=MAIL_INTERVAL_SECONDS)
    except Exception:  # a cache that is down: the mail goes out (the cap only spares an inbox repeats)
        log.warning("sign-up mail cap not checked: the cache is unavailable", exc_info=True)
        return True


def send_confirmation(user: User, *, site: str) -> None:
    _send(user, "confirm_address", {"link": site.rstrip("/") + confirmation_path(user)})


def send_already_registered(user: User, *, site: str) -> None:
    base = site.rstrip("/")
    links = {"login": base + reverse("accounts:login"), "reset": base + reverse("accounts:password_reset")}
    _send(user, "already_registered", links)


def _send(user: User, template: str, context: dict) -> None:
    context = {"user": user, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600, **context}
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject, render_to_string(f"emails/{template}.txt", context), settings.DEFAULT_FROM_EMAIL, [user.email]
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()
