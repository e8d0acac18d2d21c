"""How far each application got, and how long answers took: pure rules over rows already loaded.

Stages can be renamed, reordered and extended, so the funnel reads what happened rather than stage names:

- **Submitted**: the application has a submitted date.
- **First round**: an interview of any kind was scheduled, or the application reached a stage after its
  track's submission stage other than a rejection or "no response".
- **Campus visit or onsite**: a campus visit, job talk, chalk talk or teaching demonstration was scheduled,
  or the application reached its track's visit stage (by the default names "Campus visit" and "Onsite and
  job talk") or anything later that is not a loss.
- **Offer**: an offer was recorded, or the application reached an offer or accepted stage.

Each step counts applications that reached it, whatever happened after; rates are shares of those submitted.
A first response is the first stage change after submission that is an invitation or a rejection; "No
response" is not an answer, so it never counts as one.
"""

import datetime as dt
import statistics
from dataclasses import dataclass, field

from jobtracker.interviews.models import Interview
from jobtracker.interviews.selectors import STAGE_FOR_KIND
from jobtracker.pipeline.models import Stage

C = Stage.Category
K = Interview.Kind
VISIT_KINDS = {K.CAMPUS_VISIT, K.JOB_TALK, K.CHALK_TALK, K.TEACHING_DEMO}
NO_RESPONSE = "no response"
STEPS = ("Submitted", "First round", "Campus visit or onsite", "Offer")


@dataclass(frozen=True)
class StageInfo:
    order: int
    category: str
    name: str

    @property
    def is_silence(self) -> bool:
        return self.category == C.LOST and self.name.strip().lower() == NO_RESPONSE

    @property
    def is_answer(self) -> bool:
        return not self.is_silence


@dataclass(frozen=True)
class TrackStages:
    submission_order: int | None
    visit_order: int | None

    @classmethod
    def of(cls, track: str, stages: list[Stage]) -> "TrackStages":
        submission = next((s.order for s in stages if s.marks_submission), None)
        visit_name = STAGE_FOR_KIND.get(track, {}).get(K.CAMPUS_VISIT, "").lower()
        visit = next((s.order for s in stages if s.name.lower() == visit_name), None)
        return cls(submission, visit)


@dataclass
class Path:
    """One application's journey, as the funnel reads it."""

    submitted_on: dt.date | None
    stages: list[tuple[StageInfo, dt.date]]  # every stage it entered (current included), oldest first
    interview_kinds: set[str] = field(default_factory=set)
    has_offer: bool = False

    def after_submission(self, track: TrackStages) -> list[tuple[StageInfo, dt.date]]:
        if self.submitted_on is None:
            return []
        if track.submission_order is None:
            return [(s, day) for s, day in self.stages if day >= self.submitted_on]
        return [(s, day) for s, day in self.stages if s.order > track.submission_order]


def reached(path: Path, track: TrackStages) -> tuple[bool, bool, bool, bool]:
    """(submitted, first round, visit, offer) for one application."""
    later = path.after_submission(track)
    submitted = path.submitted_on is not None
    offer = path.has_offer or any(s.category in {C.OFFER, C.WON} for s, _ in path.stages)
    visit = bool(path.interview_kinds & VISIT_KINDS) or any(
        track.visit_order is not None and s.order >= track.visit_order and s.category != C.LOST for s, _ in later
    )
    first_round = bool(path.interview_kinds) or visit or offer or any(s.category != C.LOST for s, _ in later)
    return submitted, first_round, visit, offer


def first_response(path: Path, track: TrackStages) -> dt.date | None:
    answers = [day for stage, day in path.after_submission(track) if stage.is_answer]
    return min(answers) if answers else None


@dataclass(frozen=True)
class FunnelStep:
    label: str
    count: int
    rate: float | None  # share of the submitted, None when nothing was submitted

    @property
    def percent(self) -> str:
        return "" if self.rate is None else f"{self.rate:.0%}"


def funnel(paths: list[tuple[Path, TrackStages]]) -> list[FunnelStep]:
    counts = [0, 0, 0, 0]
    for path, track in paths:
        for index, hit in enumerate(reached(path, track)):
            counts[index] += hit
    submitted = counts[0]
    return [
        FunnelStep(label, n, (n / submitted) if submitted else None) for label, n in zip(STEPS, counts, strict=True)
    ]


def median_days_to_response(paths: list[tuple[Path, TrackStages]]) -> tuple[float | None, int]:
    """The median number of days from submission to a first answer, and how many answers it is taken over."""
    waits = []
    for path, track in paths:
        answered = first_response(path, track)
        if answered is not None:
            waits.append(max((answered - path.submitted_on).days, 0))
    return (statistics.median(waits) if waits else None), len(waits)
