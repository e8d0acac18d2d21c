from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="pipeline-new-user-setup")
def set_up_new_user(sender, instance, created, raw=False, **kwargs):
    """Every account, however it was made (sign-up, admin, createsuperuser), starts with stages and a season."""
    if created and not raw:
        from jobtracker.pipeline.services import set_up_account

        set_up_account(user=instance)


@receiver(user_logged_in, dispatch_uid="pipeline-open-season-at-login")
def open_season_at_login(sender, user, **kwargs):
    """Logging in (a POST) opens the season that began since the last visit, if the chore has not yet."""
    from jobtracker.pipeline.services import open_current_season

    open_current_season(user=user)
