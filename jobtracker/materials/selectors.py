"""Reads for materials and letters; each runs a fixed number of queries whatever the data size."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from jobtracker.materials.models import (
    Document,
    DocumentVersion,
    LetterRequest,
    Requirement,
    RequirementSet,
    Submission,
)
from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Application, Position, Season, closed_q

LETTERS_WARNING_DAYS = 7


def current_version(document: Document) -> DocumentVersion | None:
    """The pinned version if it still has its file, else the newest available one (uses prefetched versions)."""
    available = [v for v in document.versions.all() if v.is_available]
    pinned = next((v for v in available if v.pk == document.pinned_version_id), None)
    return pinned or (available[0] if available else None)


def pin_action(*, document: Document, version: DocumentVersion) -> str:
    """The label of the button that changes which version is current, or "" when there is nothing to do."""
    if document.archived_at or not version.is_available:
        return ""
    if version.pk == document.pinned_version_id:
        return "Use the newest"
    current = getattr(document, "current", None)
    return "" if current is not None and current.pk == version.pk else "Make current"


def library(*, user, include_archived: bool = False) -> QuerySet[Document]:
    documents = Document.objects.for_user(user).prefetch_related(
        Prefetch(
            "versions",
            # Explicit order: an aggregate query drops Meta.ordering, and current_version() needs newest first.
            queryset=DocumentVersion.objects.annotate(use_count=Count("submissions")).order_by("-created_at", "-pk"),
        )
    )
    if not include_archived:
        documents = documents.filter(archived_at__isnull=True)
    return documents.order_by("kind", "title", "pk")


def document_versions(*, document: Document) -> QuerySet[DocumentVersion]:
    return document.versions.annotate(use_count=Count("submissions")).order_by("-created_at", "-pk")


def where_it_went(*, version: DocumentVersion) -> QuerySet[Submission]:
    return version.submissions.select_related(
        "application__position__institution", "application__position__season", "application__stage", "requirement"
    ).order_by("application__position__deadline_at", "pk")


def stale_pending(*, version: DocumentVersion) -> QuerySet[Submission]:
    """Pending applications (not yet submitted) that still point at another version of the same document."""
    return (
        Submission.objects.filter(
            owner_id=version.owner_id,
            version__document_id=version.document_id,
            application__submitted_on__isnull=True,
        )
        .exclude(version=version)
        .select_related("application__position__institution", "version", "requirement")
        .order_by("application__position__deadline_at", "pk")
    )


def _count(queryset, field):
    return Coalesce(
        Subquery(queryset.values(field).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def with_checklist_progress(queryset: QuerySet, *, of: str = "application") -> QuerySet:
    """Annotate applications (of="application") or postings (of="position") with materials_total,
    materials_done and letters_done; checklist_numbers() turns them into "4 of 6"."""
    if of == "application":
        own, position = {"application": OuterRef("pk")}, OuterRef("position")
    else:
        own, position = {"application__position": OuterRef("pk")}, OuterRef("pk")
    submitted = LetterRequest.objects.filter(status=LetterRequest.Status.SUBMITTED, **own)
    return queryset.annotate(
        materials_total=_count(Requirement.objects.filter(position=position), "position"),
        materials_done=_count(Submission.objects.filter(**own), "application"),
        letters_done=_count(submitted, "application"),
    )


def checklist_numbers(annotated, position: Position) -> tuple[int, int]:
    """(done, total) from the annotations above: letters count up to the number the posting asks for."""
    letters_required = position.letters_required
    done = annotated.materials_done + min(annotated.letters_done, letters_required)
    return done, annotated.materials_total + letters_required


@dataclass
class ChecklistRow:
    requirement: Requirement
    submission: Submission | None


def checklist(*, application: Application) -> list[ChecklistRow]:
    submissions = {s.requirement_id: s for s in application.submissions.select_related("version__document")}
    requirements = position_requirements(position=application.position)
    return [ChecklistRow(r, submissions.get(r.pk)) for r in requirements]


def version_choices(*, user) -> QuerySet[DocumentVersion]:
    return (
        DocumentVersion.objects.for_user(user)
        .filter(file_deleted_at__isnull=True, document__archived_at__isnull=True)
        .select_related("document")
        .order_by("document__kind", "document__title", "-created_at")
    )


def position_requirements(*, position: Position) -> QuerySet[Requirement]:
    return position.requirements.order_by("pk")


def application_letters(*, application: Application) -> QuerySet[LetterRequest]:
    return application.letter_requests.select_related("writer").order_by("writer__name")


def writers(*, user) -> QuerySet[Contact]:
    return (
        Contact.objects.for_user(user)
        .filter(Q(writes_letters=True) | Q(letter_requests__isnull=False))
        .annotate(
            open_count=Count("letter_requests", filter=Q(letter_requests__status__in=LetterRequest.OPEN_STATUSES)),
            submitted_count=Count("letter_requests", filter=Q(letter_requests__status=LetterRequest.Status.SUBMITTED)),
        )
        .select_related("institution")
        .distinct()
        .order_by("name", "pk")
    )


def letters_from(*, writer: Contact) -> QuerySet[LetterRequest]:
    """Every letter a contact writes or was asked for, for their contact page."""
    return writer.letter_requests.select_related("application__position__institution", "application__stage").order_by(
        "due_date", "pk"
    )


def writer_requests(*, writer: Contact) -> QuerySet[LetterRequest]:
    return writer.letter_requests.select_related(
        "application__position__institution", "application__position__season", "application__stage"
    ).order_by("due_date", "application__position__deadline_at", "pk")


@dataclass
class LetterMatrix:
    applications: list[Application]  # those with at least one letter request
    writers: list[Contact]
    cells: dict[tuple[int, int], LetterRequest]
    without_letters: QuerySet[Application]  # the others, for the view to show a page at a time

    def cell(self, application_id: int, writer_id: int) -> LetterRequest | None:
        return self.cells.get((application_id, writer_id))


def letter_matrix(*, user, season: Season) -> LetterMatrix:
    """The season's letters: a row per application that has letter requests, a column per writer.

    Applications without any request are not loaded here (a season of hundreds of postings would make the page
    grow with them, issue 13): `without_letters` is left lazy for the view to page through.
    """
    season_applications = (
        with_checklist_progress(
            Application.objects.for_user(user)
            .filter(position__season_id=season.pk)
            .select_related("position__institution", "stage")
        )
        .alias(has_letters=Exists(LetterRequest.objects.filter(application=OuterRef("pk"))))
        .order_by("position__deadline_at", "pk")
    )
    applications = list(season_applications.filter(has_letters=True))
    requests = list(
        LetterRequest.objects.for_user(user).filter(application__position__season_id=season.pk).select_related("writer")
    )
    writer_ids = {r.writer_id for r in requests}
    people = list(
        Contact.objects.for_user(user).filter(Q(writes_letters=True) | Q(pk__in=writer_ids)).order_by("name", "pk")
    )
    cells = {(r.application_id, r.writer_id): r for r in requests}
    return LetterMatrix(applications, people, cells, season_applications.filter(has_letters=False))


def letters_due_soon(*, user, today: dt.date | None = None, days: int = LETTERS_WARNING_DAYS):
    """Letters not yet submitted whose due date falls within the next `days` days (or is already past)."""
    today = today or timezone.localdate()
    return (
        LetterRequest.objects.for_user(user)
        .filter(
            status__in=LetterRequest.OPEN_STATUSES,
            due_date__gte=today - dt.timedelta(days=14),  # older misses are history, not a warning
            due_date__lte=today + dt.timedelta(days=days),
        )
        .exclude(closed_q("application", "application__position"))
        .select_related("writer", "application__position__institution")
        .order_by("due_date", "pk")
    )


def requirement_sources(*, user, position) -> dict:
    """What a posting's list can be filled from: the user's sets, and their other postings that list materials."""
    # EXISTS on the owner's requirements rather than a join made DISTINCT: PostgreSQL starts from the owner's
    # requirements, not from every user's institutions (the join read all of them: 0.6 -> 8 ms with 1,000 other
    # users; tests/test_query_plans.py checks the plan).
    listed = Exists(Requirement.objects.filter(owner=user, position=OuterRef("pk")))
    others = (
        Position.objects.for_user(user)
        .exclude(pk=position.pk)
        .filter(listed)
        .select_related("institution", "season")
        .order_by("-season__start_year", "institution__name", "title")
    )
    return {
        "requirement_sets": list(RequirementSet.objects.for_user(user).prefetch_related("items")),
        "copy_sources": list(others[:200]),
    }
