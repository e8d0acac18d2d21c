from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="pipeline-new-user-setup")
def set_up_new_user(sender, instance, created, raw=False, **kwargs):
    """Every account, however it was made (sign-up, admin, createsuperuser), starts with stages and a season."""
    if created and not raw:
        from jobtracker.pipeline.services import set_up_account

        set_up_account(user=instance)
