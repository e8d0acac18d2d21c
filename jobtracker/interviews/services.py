"""Writes for interviews and itineraries. Views and tasks call these; they never write models directly."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobtracker.core.services import concrete_data, lock_rows
from jobtracker.interviews import selectors
from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson
from jobtracker.network import services as network_services
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Application


@transaction.atomic
def schedule_interview(*, application: Application, move_stage: bool = False, **fields) -> Interview:
    """Create an interview round; with move_stage, also move the application to the stage its kind matches."""
    lock_rows([application])
    interview = Interview(owner_id=application.owner_id, application=application, **fields)
    interview.full_clean()
    interview.save()
    if move_stage:
        stage = selectors.stage_suggestions(application=application).get(interview.kind)
        if stage is None:
            raise ValidationError({"move_stage": "No later stage of this track matches this kind of interview."})
        day = interview.start_date
        pipeline_services.move_application(
            application=application,
            to_stage=stage,
            note=f"Interview scheduled: {interview.get_kind_display()} on {day.day} {day:%b}",
        )
    return interview


@transaction.atomic
def update_interview(*, interview: Interview, data: dict) -> Interview:
    """Save an edited interview; its itinerary follows a new zone and must stay within the new days."""
    lock_rows([interview])
    for name, value in concrete_data(Interview, data).items():
        setattr(interview, name, value)
    interview.full_clean()
    interview.save()
    items = list(interview.items.all())
    outside = [item for item in items if not interview.start_date <= item.date <= interview.last_day]
    if outside:
        raise ValidationError(
            {"end_date": f"{len(outside)} itinerary item(s) fall outside these days; move or delete them first."}
        )
    now = timezone.now()
    for item in items:
        item.interview = interview
        item.updated_at = now  # bulk_update skips auto_now; the reminders planner watches updated_at
        errors = item.derive_instants()
        if errors:
            raise ValidationError(
                {"time_zone": f"The itinerary item at {item.start_time:%H:%M}: {next(iter(errors.values()))}."}
            )
    ItineraryItem.objects.bulk_update(items, ["starts_at", "ends_at", "updated_at"])
    return interview


@transaction.atomic
def save_item(*, interview: Interview, data: dict, item: ItineraryItem | None = None) -> ItineraryItem:
    """Create or update an itinerary item and set the people met (data["people"]), creating contacts from new names."""
    lock_rows([interview, item])
    item = item or ItineraryItem(owner_id=interview.owner_id, interview=interview)
    for name, value in concrete_data(ItineraryItem, data).items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    set_people(item=item, names=data.get("people", []))
    return item


@transaction.atomic
def delete_item(*, item: ItineraryItem) -> None:
    lock_rows([item.interview, item])
    item.delete()
    _touch(item.interview_id)


def _touch(interview_id: int) -> None:
    """Who was met and whose note is owed belong to the visit: its updated_at tells the reminders planner."""
    Interview.objects.filter(pk=interview_id).update(updated_at=timezone.now())


def set_people(*, item: ItineraryItem, names: list[str]) -> None:
    """The people met are exactly these names; people already listed keep their thank-you status."""
    owner = item.interview.owner
    institution = item.interview.application.position.institution
    contacts = {}
    for name in names:
        contact = network_services.find_or_create_by_name(owner=owner, name=name, institution=institution)
        contacts.setdefault(contact.pk, contact)
    item.people.exclude(contact_id__in=list(contacts)).delete()
    listed = set(item.people.values_list("contact_id", flat=True))
    ItineraryPerson.objects.bulk_create(
        [
            ItineraryPerson(owner_id=item.owner_id, item=item, contact=contact)
            for pk, contact in contacts.items()
            if pk not in listed
        ]
    )
    _touch(item.interview_id)


@transaction.atomic
def set_thank_you(*, person: ItineraryPerson, status: str, sent_on=None) -> ItineraryPerson:
    """Record a thank-you note's status; a note marked sent without a date was sent today, and never before
    the meeting it thanks for."""
    lock_rows([person])
    sent = status == ItineraryPerson.ThankYou.SENT
    sent_on = (sent_on or timezone.localdate()) if sent else None
    meeting = person.item.date
    if sent_on and sent_on < meeting:
        raise ValidationError(
            {
                "thank_you_sent_on": f"The meeting is on {meeting:%a} {meeting.day} {meeting:%b %Y}; "
                "a thank-you note is sent after it."
            }
        )
    person.thank_you_status, person.thank_you_sent_on = status, sent_on
    person.full_clean()
    person.save(update_fields=["thank_you_status", "thank_you_sent_on", "updated_at"])
    _touch(person.item.interview_id)
    return person


@transaction.atomic
def mark_thanks_sent(*, interview: Interview, on) -> tuple[int, int]:
    """Every note still to send for this visit, sent on `on`: (marked, skipped because the meeting is later)."""
    people = list(
        ItineraryPerson.objects.select_related("item")
        .select_for_update()
        .filter(item__interview=interview, thank_you_status=ItineraryPerson.ThankYou.TO_SEND)
        .order_by("pk")
    )
    due = [person for person in people if person.item.date <= on]
    ItineraryPerson.objects.filter(pk__in=[person.pk for person in due]).update(
        thank_you_status=ItineraryPerson.ThankYou.SENT, thank_you_sent_on=on, updated_at=timezone.now()
    )
    if due:
        _touch(interview.pk)
    return len(due), len(people) - len(due)
