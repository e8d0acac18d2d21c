"""The owner-scoped base every user-owned row inherits."""

from django.conf import settings
from django.db import models


class OwnedQuerySet(models.QuerySet):
    def for_user(self, user):
        """Rows the user owns; the only way views fetch user data, so foreign ids give 404."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class OwnedModel(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True
