"""Reads for contacts, interactions and imports; constant query counts whatever the data size."""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from jobtracker.network.models import ApplicationContact, Contact, Interaction


def contacts_for_list(*, user) -> QuerySet[Contact]:
    # Correlated subqueries rather than JOIN + GROUP BY: the database evaluates them only for the
    # page of rows it returns, so the list stays fast with tens of thousands of imported contacts.
    interactions = Interaction.objects.filter(contact=OuterRef("pk"))
    open_follow_ups = (
        interactions.filter(follow_up_on__isnull=False, follow_up_done=False)
        .values("contact")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        Contact.objects.for_user(user)
        .select_related("institution")
        .annotate(
            last_contact=Subquery(interactions.order_by("-happened_on").values("happened_on")[:1]),
            open_follow_ups=Coalesce(Subquery(open_follow_ups, output_field=IntegerField()), Value(0)),
        )
        .order_by("name", "pk")
    )


def contact_interactions(*, contact: Contact) -> QuerySet[Interaction]:
    return contact.interactions.order_by("-happened_on", "-pk")


def contact_applications(*, contact: Contact) -> QuerySet[ApplicationContact]:
    return contact.application_links.select_related(
        "application__position__institution", "application__position__season", "application__stage"
    ).order_by("-application__stage_changed_at", "pk")


def overdue_follow_ups(*, user, today: dt.date | None = None) -> QuerySet[Interaction]:
    """Follow-ups due today or earlier that are not done yet."""
    today = today or timezone.localdate()
    return (
        Interaction.objects.for_user(user)
        .filter(follow_up_done=False, follow_up_on__lte=today)
        .select_related("contact")
        .order_by("follow_up_on", "pk")
    )
