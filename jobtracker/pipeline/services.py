"""Writes to the pipeline. Views and tasks call these; they never write models directly."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.core import fragments
from jobtracker.core.services import lock_rows, model_create, model_update
from jobtracker.pipeline import links
from jobtracker.pipeline.events import applications_changed
from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage, StageEvent, Tag
from jobtracker.pipeline.stages import DEFAULT_STAGES


def set_up_account(*, user) -> None:
    """Give a new account both default pipelines and the current season."""
    for track, template in DEFAULT_STAGES.items():
        Stage.objects.bulk_create(
            [
                Stage(owner=user, track=track, name=name, order=index, category=category, marks_submission=submission)
                for index, (name, category, submission) in enumerate(template)
            ]
        )
    open_current_season(user=user)


def open_current_season(*, user) -> Season:
    """The season running today, created when it does not exist yet (a new season opens each August)."""
    season, _ = Season.objects.get_or_create(owner=user, start_year=Season.start_year_for(timezone.localdate()))
    return season


def open_current_seasons() -> int:
    """Chore (every few hours): every active account gets the season that has just begun, so no page has to."""
    start_year = Season.start_year_for(timezone.localdate())
    opened = Season.objects.filter(start_year=start_year).values("owner")
    missing = list(User.objects.filter(is_active=True).exclude(pk__in=opened).values_list("pk", flat=True))
    Season.objects.bulk_create([Season(owner_id=pk, start_year=start_year) for pk in missing], ignore_conflicts=True)
    for pk in missing:  # bulk_create sends no signal: their dashboards and season pickers change
        fragments.bump_on_commit(pk)
    return Season.objects.filter(start_year=start_year, owner_id__in=missing).count()


@transaction.atomic
def add_season(*, owner, start_year: int) -> Season:
    return model_create(model=Season, data={"start_year": start_year}, owner=owner)


@transaction.atomic
def save_institution(*, owner, data: dict, institution: Institution | None = None) -> Institution:
    """Create or edit an institution with its tags (comma-separated names in data["tag_names"])."""
    if institution is None:
        institution = model_create(model=Institution, data=data, owner=owner)
    else:
        institution = model_update(instance=institution, data=data)
    set_tags(owner=owner, obj=institution, names=data.get("tag_names", []))
    return institution


def institution_named(*, owner, name: str, department: str = "", website: str = "", industry: bool = False):
    """The user's institution of this name and department (any capitals), made now if there is none."""
    found = Institution.objects.for_user(owner).filter(name__iexact=name, department__iexact=department).first()
    if found:
        return found
    kind = Institution.Kind.INDUSTRY_LAB if industry else Institution.Kind.RESEARCH_UNIVERSITY
    data = {"name": name, "department": department, "website": website, "kind": kind}
    return model_create(model=Institution, data=data, owner=owner)


@transaction.atomic
def save_position(*, owner, data: dict, position: Position | None = None, start_application: bool = False) -> Position:
    """Create or edit a posting; a new one can start its application, and make its institution, in the same step.

    A new posting without an institution names one in `new_institution` (and `new_department`), which gets the
    site of the posting's link as its website; a new posting's portal, if not given, is read from its link.
    """
    if position is None and not data.get("portal") and data.get("posting_url"):
        data = {**data, "portal": links.portal_for(data["posting_url"])}
    if position is None and not data.get("institution") and data.get("new_institution"):
        industry = data.get("kind") in Position.INDUSTRY_KINDS
        institution = institution_named(
            owner=owner,
            name=data["new_institution"],
            department=(data.get("new_department") or "").strip(),
            website=links.website_for(data.get("posting_url") or ""),
            industry=industry,
        )
        data = {**data, "institution": institution}
    if position is not None:
        was_withdrawn = position.withdrawn
        position = model_update(instance=position, data=data, lock=["institution", "season"])
        if position.withdrawn != was_withdrawn and hasattr(position, "application"):
            _announce(position.application.pk)
        return position
    position = model_create(model=Position, data=data, owner=owner, lock=["institution", "season"])
    if start_application:
        create_application(owner=owner, position=position, track=position.default_track)
    return position


@transaction.atomic
def update_application(*, application: Application, data: dict) -> Application:
    application = model_update(instance=application, data=data)
    _announce(application.pk)  # the submitted date decides whether the posting's dates still remind
    return application


def update_stage(*, stage: Stage, data: dict) -> Stage:
    return model_update(instance=stage, data=data)


@transaction.atomic
def set_tags(*, owner, obj, names: list[str]) -> None:
    """Replace an object's tags by these names, reusing the owner's tags case-insensitively."""
    lock_rows([obj])  # the same lock a delete takes first, so editing tags and deleting cannot deadlock
    wanted = {name.lower(): name for name in names}
    known = {tag.name.lower() for tag in Tag.objects.for_user(owner)}
    # A tag created by another tab at the same moment is simply there afterwards (the unique index decides).
    Tag.objects.bulk_create(
        [Tag(owner=owner, name=name) for lower, name in wanted.items() if lower not in known], ignore_conflicts=True
    )
    tags = {tag.name.lower(): tag for tag in Tag.objects.for_user(owner)}
    obj.tags.set([tags[lower] for lower in wanted])


def first_stage(*, owner, track: str) -> Stage:
    return Stage.objects.for_user(owner).filter(track=track, is_archived=False).order_by("order", "id").first()


@transaction.atomic
def create_application(
    *, owner, position: Position, track: str, stage: Stage | None = None, note: str = "", started_at=None
) -> Application:
    lock_rows([position])
    stage = stage or first_stage(owner=owner, track=track)
    if stage is None:
        raise ValidationError("This track has no active stage; add one under Stages first.")
    started_at = started_at or timezone.now()
    application = Application(owner=owner, position=position, track=track, stage=stage, stage_changed_at=started_at)
    application.full_clean()
    _record_submission(application=application, stage=stage, day=timezone.localdate(started_at))
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # a double-click raced past full_clean()
        raise ValidationError("This posting already has an application.") from None
    StageEvent.objects.create(
        owner=owner, application=application, from_stage=None, to_stage=stage, note=note, occurred_at=started_at
    )
    _announce(application.pk)
    return application


@transaction.atomic
def move_application(*, application: Application, to_stage: Stage, note: str = "", occurred_at=None) -> StageEvent:
    """Move to another stage of the same track, recording the change as an event."""
    lock_rows([application])  # two tabs moving the same application take turns
    application.refresh_from_db(fields=["stage", "stage_changed_at", "submitted_on"])
    if to_stage.owner_id != application.owner_id or to_stage.track != application.track:
        raise ValidationError({"to_stage": "Pick a stage of this application's own track."})
    if to_stage.is_archived:
        raise ValidationError({"to_stage": f"“{to_stage.name}” is archived; restore it under Stages to use it."})
    if to_stage.pk == application.stage_id:
        raise ValidationError({"to_stage": f"The application is already at “{to_stage.name}”."})
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"occurred_at": "A stage change cannot happen in the future."})
    if occurred_at < application.stage_changed_at:
        since = timezone.localtime(application.stage_changed_at).strftime("%d %b %Y %H:%M")
        raise ValidationError(
            {"occurred_at": f"The application reached its current stage on {since}; a later change cannot be earlier."}
        )
    event = StageEvent.objects.create(
        owner_id=application.owner_id,
        application=application,
        from_stage_id=application.stage_id,
        to_stage=to_stage,
        occurred_at=occurred_at,
        note=note,
    )
    application.stage = to_stage
    application.stage_changed_at = occurred_at
    _record_submission(application=application, stage=to_stage, day=timezone.localdate(occurred_at))
    application.save(update_fields=["stage", "stage_changed_at", "submitted_on", "updated_at"])
    _announce(application.pk)
    return event


def _announce(*application_ids: int) -> None:
    applications_changed.send(sender=Application, application_ids=list(application_ids))


def _record_submission(*, application: Application, stage: Stage, day) -> None:
    """Set the submitted date the first time the application reaches (or jumps past) the submission stage."""
    if application.submitted_on or stage.category not in Stage.ACTIVE_CATEGORIES | {Stage.Category.WON}:
        return
    submission = (
        Stage.objects.filter(owner_id=application.owner_id, track=application.track, marks_submission=True)
        .order_by("order")
        .first()
    )
    if submission is not None and stage.order >= submission.order:
        application.submitted_on = day


@transaction.atomic
def add_stage(*, owner, track: str, name: str, category: str, marks_submission: bool = False) -> Stage:
    last = Stage.objects.for_user(owner).filter(track=track).aggregate(m=Max("order"))["m"]
    data = {"name": name.strip(), "category": category, "marks_submission": marks_submission, "order": (last or 0) + 1}
    return model_create(model=Stage, data=data, owner=owner, track=track)


@transaction.atomic
def shift_stage(*, stage: Stage, direction: str) -> None:
    """Swap a stage with its neighbour above or below in its track."""
    siblings = list(
        Stage.objects.for_user(stage.owner).filter(track=stage.track).select_for_update().order_by("order", "id")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == stage.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings):
        if sibling.order != order:
            Stage.objects.filter(pk=sibling.pk).update(order=order)


@transaction.atomic
def set_stage_archived(*, stage: Stage, archived: bool) -> None:
    lock_rows([stage])
    if archived:
        holding = stage.applications.count()
        if holding:
            raise ValidationError(
                f"{holding} application{'s' if holding != 1 else ''} still sit in “{stage.name}”; "
                "move them to another stage before archiving it."
            )
        if (
            not Stage.objects.filter(owner_id=stage.owner_id, track=stage.track, is_archived=False)
            .exclude(pk=stage.pk)
            .exists()
        ):
            raise ValidationError("A track needs at least one active stage.")
    stage.is_archived = archived
    stage.save(update_fields=["is_archived", "updated_at"])


# Several at once (ticked rows on the lists)


@dataclass
class BulkResult:
    done: int = 0
    skipped: list[str] = field(default_factory=list)


def _ticked(owner, ids: list[int]):
    rows = Application.objects.for_user(owner).filter(pk__in=ids).select_related("stage", "position__institution")
    return rows.order_by("pk")


def move_applications(*, owner, ids: list[int], to_stage: Stage) -> BulkResult:
    """Each ticked application of the stage's track moves there, recorded as if moved one by one."""
    result = BulkResult()
    for application in _ticked(owner, ids):
        try:
            with transaction.atomic():
                move_application(application=application, to_stage=to_stage)
            result.done += 1
        except ValidationError as error:
            result.skipped.append(f"{application.position.institution.name}: {' '.join(error.messages)}")
    return result


def withdrawn_stage(*, owner, track: str) -> Stage | None:
    """The track's stage for withdrawing: named "Withdrawn" if there is one, else its last withdrawn-category stage."""
    stages = list(
        Stage.objects.for_user(owner).filter(track=track, category=Stage.Category.WITHDRAWN, is_archived=False)
    )
    named = [stage for stage in stages if stage.name.lower() == "withdrawn"]
    return (named or sorted(stages, key=lambda stage: stage.order)[-1:] or [None])[0]


def withdraw_applications(*, owner, ids: list[int]) -> BulkResult:
    result, stages = BulkResult(), {}
    for application in _ticked(owner, ids):
        if application.track not in stages:
            stages[application.track] = withdrawn_stage(owner=owner, track=application.track)
        stage = stages[application.track]
        if stage is None:
            result.skipped.append(f"{application.position.institution.name}: its track has no withdrawn stage.")
            continue
        try:
            with transaction.atomic():
                move_application(application=application, to_stage=stage)
            result.done += 1
        except ValidationError as error:
            result.skipped.append(f"{application.position.institution.name}: {' '.join(error.messages)}")
    return result


def tag_institutions(*, owner, ids: list[int], add: list[str], remove: list[str]) -> int:
    """Add and remove tags on each ticked institution, keeping its other tags."""
    institutions = Institution.objects.for_user(owner).filter(pk__in=ids).prefetch_related("tags").order_by("pk")
    count = 0
    for institution in institutions:
        current = {tag.name.lower(): tag.name for tag in institution.tags.all()}
        for name in add:
            current.setdefault(name.lower(), name)
        for name in remove:
            current.pop(name.lower(), None)
        set_tags(owner=owner, obj=institution, names=list(current.values()))
        count += 1
    return count
