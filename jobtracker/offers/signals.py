from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="offers-new-user-criteria")
def give_new_user_default_criteria(sender, instance, created, raw=False, **kwargs):
    """Every new account starts its decision matrix from the default criteria, however the account was made."""
    if created and not raw:
        from jobtracker.offers.services import ensure_default_criteria

        ensure_default_criteria(user=instance)
