"""The season report as plain data: what the page, the PDF and a share link all show.

Built in a fixed number of queries whatever the season's size; nothing here formats HTML or PDF. Dates are
the user's own (their zone), and what is private (notes, compensation, contact details) is left out unless
the options ask for it.

The applications listed are the season's, in the chosen tracks, that existed by the period's end and were
still open at its start: a report for the last two weeks lists everything in play then, not only what moved.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone

from jobtracker.interviews.models import Interview
from jobtracker.materials.models import LetterRequest, Submission
from jobtracker.offers.compensation import summarise
from jobtracker.offers.models import Offer
from jobtracker.pipeline.models import Application, Stage, StageEvent
from jobtracker.reminders.calendar import agenda
from jobtracker.reports import funnel
from jobtracker.reports.options import TRACKS, ReportOptions

UPCOMING_DAYS = 30
UPCOMING_KINDS = {"deadline": "Deadline", "interview": "Interview", "letter": "Letter due", "offer": "Offer answer due"}
MAX_WEEKS = 53


@dataclass
class ApplicationRow:
    pk: int
    institution: str
    department: str
    position: str
    track: str
    track_label: str
    stage: str
    category: str
    submitted_on: dt.date | None
    history: str  # "Submitted 3 Dec → First round 12 Jan → Campus visit 10 Feb"
    deadline: str
    closed: bool
    notes: str = ""  # private

    @property
    def label(self) -> str:
        return f"{self.position}, {self.institution}"


@dataclass
class StaleRow:
    application: ApplicationRow
    weeks: int


@dataclass
class TrackSummary:
    track: str
    label: str
    total: int
    stage_counts: list[tuple[str, int]]
    funnel: list[funnel.FunnelStep]
    median_days_to_response: float | None
    responses: int
    stale: list[StaleRow]


@dataclass
class UpcomingRow:
    day: dt.date
    kind: str
    title: str
    when: str  # in the reader's zone, with the posting's own wall-clock time when it differs


@dataclass
class WriterLetters:
    writer: str
    email: str  # private
    letters: list[tuple[str, dt.date | None, str]]  # (application, due date, status)


@dataclass
class OfferRow:
    institution: str
    position: str
    status: str
    received_on: dt.date | None
    response_deadline: str
    annual: str = ""  # private: annual cash in the offer's currency, with its assumption
    extras: str = ""  # private: sign-on and bonus


@dataclass
class MaterialRow:
    document: str
    kind: str
    versions: list[tuple[str, list[str]]]  # (version label, applications it went to)


@dataclass
class SeasonReport:
    owner_name: str
    options: ReportOptions
    generated_at: dt.datetime
    zone: str
    summaries: list[TrackSummary] = field(default_factory=list)
    applications: list[ApplicationRow] = field(default_factory=list)
    upcoming: list[UpcomingRow] = field(default_factory=list)
    upcoming_note: str = ""
    letters: list[WriterLetters] = field(default_factory=list)
    offers: list[OfferRow] = field(default_factory=list)
    materials: list[MaterialRow] = field(default_factory=list)
    weekly_changes: list[tuple[dt.date, int]] = field(default_factory=list)

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return self.options.period

    @property
    def title(self) -> str:
        return f"Season {self.options.season.name}"

    @property
    def track_labels(self) -> str:
        return " and ".join(TRACKS[t] for t in self.options.tracks)


def _day(value: dt.datetime, zone: ZoneInfo) -> dt.date:
    return value.astimezone(zone).date()


def _short(day: dt.date) -> str:
    return f"{day:%-d %b}"


def build(*, user, options: ReportOptions, now: dt.datetime | None = None) -> SeasonReport:
    now = now or timezone.now()
    zone = ZoneInfo(user.time_zone)
    report = SeasonReport(
        owner_name=user.full_name or user.email,
        options=options,
        generated_at=now.astimezone(zone),
        zone=user.time_zone,
    )
    if options.season.pk is None:  # an account without a season yet: an empty report
        return report
    stages = {s.pk: s for s in Stage.objects.for_user(user).order_by("track", "order", "pk")}
    applications = _applications(user, options, stages, zone)
    by_pk = {a.pk: a for a in applications}
    entered = _stages_entered(by_pk, stages, zone)
    interviews = _interview_kinds(by_pk)
    offers = list(Offer.objects.for_user(user).filter(application_id__in=by_pk).select_related(*_AT_POSITION))
    report.applications = [_row(a, entered[a.pk], options, zone) for a in applications]
    rows = {row.pk: row for row in report.applications}
    if options.shows("summary"):
        report.summaries = _summaries(applications, rows, stages, entered, interviews, offers, options, zone, now)
        report.weekly_changes = _weekly_changes(user, by_pk, options, zone)
    if options.shows("upcoming"):
        _upcoming(report, user, options, zone, now)
    if options.shows("letters"):
        report.letters = _letters(user, by_pk, options)
    if options.shows("offers"):
        report.offers = [_offer(o, options, zone) for o in offers]
    if options.shows("materials"):
        report.materials = _materials(user, by_pk)
    return report


_AT_POSITION = ("application__position__institution",)


def _applications(user, options: ReportOptions, stages: dict, zone: ZoneInfo) -> list[Application]:
    start, end = options.period
    end_instant = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    start_instant = dt.datetime.combine(start, dt.time(0), tzinfo=zone)
    rows = (
        Application.objects.for_user(user)
        .filter(position__season=options.season, track__in=options.tracks, created_at__lt=end_instant)
        .select_related("position__institution", "stage")
        .order_by("position__institution__name", "position__title", "pk")
    )
    closed_before = {Stage.Category.WON, Stage.Category.LOST, Stage.Category.WITHDRAWN}
    return [a for a in rows if not (a.stage.category in closed_before and a.stage_changed_at < start_instant)]


def _stages_entered(by_pk: dict, stages: dict, zone: ZoneInfo) -> dict[int, list[tuple[Stage, dt.date]]]:
    entered: dict[int, list[tuple[Stage, dt.date]]] = defaultdict(list)
    events = StageEvent.objects.filter(application_id__in=list(by_pk)).order_by("application_id", "occurred_at", "pk")
    for application_id, stage_id, at in events.values_list("application_id", "to_stage_id", "occurred_at"):
        entered[application_id].append((stages[stage_id], _day(at, zone)))
    for pk, application in by_pk.items():  # rows from before stage history was kept still show where they are
        if not entered[pk]:
            entered[pk].append((stages[application.stage_id], _day(application.stage_changed_at, zone)))
    return entered


def _interview_kinds(by_pk: dict) -> dict[int, set[str]]:
    kinds: dict[int, set[str]] = defaultdict(set)
    for application_id, kind in Interview.objects.filter(application_id__in=list(by_pk)).values_list(
        "application_id", "kind"
    ):
        kinds[application_id].add(kind)
    return kinds


def _history(entered: list[tuple[Stage, dt.date]], submitted_on: dt.date | None) -> str:
    """From submission on, every stage with its day; before it, where the application stands and since when."""
    if submitted_on is None:
        stage, day = entered[-1]
        return f"{stage.name} since {_short(day)}"
    shown, seen_submission = [], False
    for stage, day in entered:
        seen_submission = seen_submission or stage.marks_submission or day >= submitted_on
        if seen_submission:
            shown.append(f"{stage.name} {_short(day)}")
    return " → ".join(shown) or f"Submitted {_short(submitted_on)}"


def _row(application: Application, entered, options: ReportOptions, zone: ZoneInfo) -> ApplicationRow:
    position = application.position
    deadline = position.deadline_at.astimezone(zone) if position.deadline_at else None
    return ApplicationRow(
        pk=application.pk,
        institution=position.institution.name,
        department=position.institution.department,
        position=position.title,
        track=application.track,
        track_label=TRACKS[application.track],
        stage=application.stage.name,
        category=application.stage.category,
        submitted_on=application.submitted_on,
        history=_history(entered, application.submitted_on),
        deadline=f"{deadline:%-d %b %Y, %H:%M}" if deadline else "",
        closed=application.is_closed,
        notes=application.notes if options.private else "",
    )


def _path(application, entered, interview_kinds, has_offer) -> funnel.Path:
    return funnel.Path(
        submitted_on=application.submitted_on,
        stages=[(funnel.StageInfo(s.order, s.category, s.name), day) for s, day in entered],
        interview_kinds=interview_kinds,
        has_offer=has_offer,
    )


def _summaries(applications, rows, stages, entered, interviews, offers, options, zone, now) -> list[TrackSummary]:
    offered = {o.application_id for o in offers}
    today = now.astimezone(zone).date()
    summaries = []
    for track in options.tracks:
        track_stages = [s for s in stages.values() if s.track == track]
        info = funnel.TrackStages.of(track, track_stages)
        mine = [a for a in applications if a.track == track]
        paths = [(_path(a, entered[a.pk], interviews[a.pk], a.pk in offered), info) for a in mine]
        counts = defaultdict(int)
        for a in mine:
            counts[a.stage_id] += 1
        stage_counts = [(s.name, counts[s.pk]) for s in track_stages if not s.is_archived or counts[s.pk]]
        median, answered = funnel.median_days_to_response(paths)
        stale = []
        for a, (path, _info) in zip(mine, paths, strict=True):
            waited = (today - a.submitted_on).days // 7 if a.submitted_on else 0
            waiting = not a.is_closed and a.submitted_on and waited >= options.stale_weeks
            if waiting and funnel.first_response(path, info) is None:
                stale.append(StaleRow(rows[a.pk], waited))
        summaries.append(
            TrackSummary(
                track=track,
                label=TRACKS[track],
                total=len(mine),
                stage_counts=stage_counts,
                funnel=funnel.funnel(paths),
                median_days_to_response=median,
                responses=answered,
                stale=sorted(stale, key=lambda s: -s.weeks),
            )
        )
    return summaries


def _weekly_changes(user, by_pk: dict, options: ReportOptions, zone: ZoneInfo) -> list[tuple[dt.date, int]]:
    """Stage changes per week (Monday to Sunday, the user's zone) over the period, at most a year of weeks."""
    start, end = options.period
    first_monday = start - dt.timedelta(days=start.weekday())
    weeks = {
        first_monday + dt.timedelta(weeks=n): 0 for n in range(MAX_WEEKS) if first_monday + dt.timedelta(weeks=n) <= end
    }
    low = dt.datetime.combine(first_monday, dt.time(0), tzinfo=zone)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    changes = StageEvent.objects.filter(
        application_id__in=list(by_pk), from_stage__isnull=False, occurred_at__gte=low, occurred_at__lt=high
    )
    for at in changes.values_list("occurred_at", flat=True):
        day = _day(at, zone)
        monday = day - dt.timedelta(days=day.weekday())
        if monday in weeks:
            weeks[monday] += 1
    return list(weeks.items())


def _upcoming(report: SeasonReport, user, options: ReportOptions, zone: ZoneInfo, now: dt.datetime) -> None:
    today = now.astimezone(zone).date()
    if not options.season_start <= today <= options.season_end:
        report.upcoming_note = "Upcoming dates are shown for the current season only."
        return
    for day, entries in agenda(user=user, start=today, days=UPCOMING_DAYS):
        for entry in entries:
            if entry.item.kind in UPCOMING_KINDS and not entry.item.done:
                report.upcoming.append(UpcomingRow(day, UPCOMING_KINDS[entry.item.kind], entry.item.title, entry.when))


def _letters(user, by_pk: dict, options: ReportOptions) -> list[WriterLetters]:
    open_statuses = [LetterRequest.Status.TO_ASK, LetterRequest.Status.ASKED, LetterRequest.Status.AGREED]
    letters = (
        LetterRequest.objects.for_user(user)
        .filter(application_id__in=list(by_pk), status__in=open_statuses)
        .select_related("writer")
        .order_by("writer__name", "writer_id", "due_date", "pk")
    )
    by_writer: dict[int, WriterLetters] = {}
    for letter in letters:
        application = by_pk[letter.application_id]
        if application.is_closed:
            continue
        group = by_writer.setdefault(
            letter.writer_id,
            WriterLetters(letter.writer.name, letter.writer.email if options.private else "", []),
        )
        label = f"{application.position.title}, {application.position.institution.name}"
        group.letters.append((label, letter.due_date, letter.get_status_display()))
    return list(by_writer.values())


def _offer(offer: Offer, options: ReportOptions, zone: ZoneInfo) -> OfferRow:
    position = offer.application.position
    deadline = offer.response_deadline_at.astimezone(zone) if offer.response_deadline_at else None
    row = OfferRow(
        institution=position.institution.name,
        position=position.title,
        status=offer.get_status_display(),
        received_on=offer.received_on,
        response_deadline=f"{deadline:%-d %b %Y, %H:%M %Z}" if deadline else "",
    )
    if options.private:
        cash = summarise(offer, base=offer.currency, rates={})
        if cash.annual is not None:
            row.annual = f"{offer.currency} {cash.annual:,.0f} a year ({cash.assumption})"
        extras = [f"sign-on {offer.currency} {offer.sign_on:,.0f}"] if offer.sign_on else []
        extras += [f"bonus {offer.currency} {offer.bonus:,.0f}"] if offer.bonus else []
        row.extras = ", ".join(extras)
    return row


def _materials(user, by_pk: dict) -> list[MaterialRow]:
    submissions = (
        Submission.objects.for_user(user)
        .filter(application_id__in=list(by_pk), version__isnull=False)
        .select_related("version__document")
        .order_by("version__document__title", "version__document_id", "version__created_at", "version_id")
    )
    documents: dict[int, MaterialRow] = {}
    versions: dict[int, tuple[str, list[str]]] = {}
    for submission in submissions:
        version = submission.version
        document = version.document
        row = documents.setdefault(document.pk, MaterialRow(document.title, document.get_kind_display(), []))
        if version.pk not in versions:
            versions[version.pk] = (version.label, [])
            row.versions.append(versions[version.pk])
        institution = by_pk[submission.application_id].position.institution.name
        if institution not in versions[version.pk][1]:
            versions[version.pk][1].append(institution)
    return list(documents.values())
