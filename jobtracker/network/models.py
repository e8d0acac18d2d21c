"""People in the candidate's network. Letter writers are contacts too."""

from django.db import models
from django.urls import reverse

from jobtracker.accounts.timezones import timezone_choices
from jobtracker.core.models import OwnedModel
from jobtracker.pipeline.models import Institution


class Contact(OwnedModel):
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    title = models.CharField(max_length=200, blank=True, help_text="e.g. Professor of Computer Science")
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    affiliation = models.CharField(
        max_length=200, blank=True, help_text="Where they work, when it is not one of your target institutions."
    )
    homepage = models.URLField(max_length=500, blank=True)
    time_zone = models.CharField(
        max_length=64,
        choices=timezone_choices,
        blank=True,
        help_text="Their zone, so the lists you send them show due dates in their own time.",
    )
    writes_letters = models.BooleanField("letter writer", default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["owner", "name"], name="contact_owner_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("materials:writer_detail", args=[self.pk])

    @property
    def where(self) -> str:
        return self.institution.name if self.institution_id else self.affiliation
