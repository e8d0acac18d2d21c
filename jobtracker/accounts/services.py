"""Writes for accounts: signing up and the profile."""

from jobtracker.accounts.models import User
from jobtracker.core.services import model_update


def sign_up(*, email: str, password: str, full_name: str, time_zone: str) -> User:
    """A new account; every app sets up its own defaults on the post_save signal (stages, season, criteria)."""
    return User.objects.create_user(email, password, full_name=full_name, time_zone=time_zone)


def update_profile(*, user: User, data: dict) -> User:
    return model_update(instance=user, data=data)
