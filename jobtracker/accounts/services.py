"""Writes for accounts: signing up, confirming the address, and the profile."""

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from jobtracker.accounts import confirmation
from jobtracker.accounts.models import User
from jobtracker.core.services import model_update


def sign_up(*, email: str, password: str, full_name: str, time_zone: str, site: str) -> None:
    """Ask the address's owner to confirm it; the caller answers the same whatever happened here.

    - a new address: an inactive account (every app sets up its defaults on post_save) and a confirmation link;
    - an address never confirmed: the latest sign-up's password, name and zone replace the old, with a fresh link
      (older links stop working), so a lost e-mail or a typo is fixed by signing up again;
    - an account in use: nothing changes; its owner gets an e-mail saying someone tried, with log-in and reset
      links. The password is hashed anyway, so the answer takes as long either way.
    """
    email = User.objects.normalize_email(email).strip().lower()
    user, send = _register(email=email, password=password, full_name=full_name, time_zone=time_zone)
    if confirmation.may_mail(user.email):  # after the commit: a slow mail server holds no row lock
        send(user, site=site)


@transaction.atomic
def _register(*, email: str, password: str, full_name: str, time_zone: str):
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email, password, full_name=full_name, time_zone=time_zone, is_active=False
                )
            return user, confirmation.send_confirmation
        except IntegrityError:  # the same address signed up in another tab a moment ago
            user = User.objects.select_for_update().get(email__iexact=email)
    if not user.is_active and user.last_login is None:
        fresh = {"full_name": full_name, "time_zone": time_zone, "password": make_password(password)}
        return model_update(instance=user, data=fresh), confirmation.send_confirmation
    make_password(password)
    return user, confirmation.send_already_registered


def confirm(*, user_id: int, token: str) -> User | None:
    """Activate the account the link names, once; None when the link is wrong, used or too old."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, is_active=False, last_login=None).first()
        if user is None or not confirmation.confirmation_tokens.check_token(user, token):
            return None
        return model_update(instance=user, data={"is_active": True})


def update_profile(*, user: User, data: dict) -> User:
    return model_update(instance=user, data=data)
