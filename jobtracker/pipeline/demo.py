"""Believable demo and benchmark accounts. Real institution names; invented people."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from jobtracker.accounts.models import User
from jobtracker.pipeline import services
from jobtracker.pipeline.demo_data import DEPARTMENTS, LABS, MORE_NAMES, UNIVERSITIES
from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage, StageEvent

DEMO_EMAIL = "demo@jobtracker.test"
DEMO_PASSWORD = "demo-season-2026"
HEAVY_EMAIL = "heavy@jobtracker.test"

# Where each demo application stands today, by index into UNIVERSITIES / LABS.
FACULTY_TARGETS = [
    "Offer",
    "Negotiating",
    "Campus visit",
    "Campus visit",
    "First-round interview",
    "First-round interview",
    "Submitted",
    "Submitted",
    "Submitted",
    "Submitted",
    "Rejected",
    "No response",
    "Withdrawn",
    "Declined",
    "Preparing",
    "Preparing",
    "Preparing",
    "Preparing",
    "Preparing",
    "Interested",
    "Interested",
    "Interested",
    "Submitted",
    "Accepted",
    None,
    None,
]
INDUSTRY_TARGETS = [
    "Onsite and job talk",
    "Recruiter screen",
    "Team match",
    "Interviews",
    "Referred or applied",
    "Interested",
    "Offer",
]
FACULTY_TITLES = ["Assistant Professor", "Assistant Professor of Computer Science", "Tenure-track faculty, AI"]


def _user(email: str, password: str, full_name: str, zone: str) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user:
        return user, False
    return User.objects.create_user(email, password, full_name=full_name, time_zone=zone), True


def _walk(stages: list[Stage], target: Stage) -> list[Stage]:
    """The stages an application passes through on its way to the target stage."""
    happy = [s for s in stages if s.category in (Stage.Category.OPEN, Stage.Category.OFFER, Stage.Category.WON)]
    if target in happy:
        return happy[: happy.index(target) + 1]
    submitted = next(i for i, s in enumerate(happy) if s.marks_submission)
    return [*happy[: submitted + 1], target]


def _apply(user, position, track, target_name, stages_by_name, stages, rng, now):
    """Create an application and walk it to its target stage with plausible dates around the deadline."""
    target = stages_by_name[target_name]
    path = _walk(stages, target)
    deadline = min(position.deadline_at or now, now)
    submit_index = next((i for i, s in enumerate(path) if s.marks_submission), len(path))
    start = deadline - dt.timedelta(days=rng.randint(30, 45))
    before = [
        start + (deadline - dt.timedelta(days=2) - start) * i / max(submit_index, 1) for i in range(submit_index + 1)
    ]
    after_count = len(path) - len(before)
    after_start, after_end = deadline + dt.timedelta(days=5), now - dt.timedelta(hours=rng.randint(6, 72))
    after = [after_start + (after_end - after_start) * (i + 1) / (after_count + 1) for i in range(after_count)]
    times = (before + after)[: len(path)]
    app = services.create_application(owner=user, position=position, track=track, stage=path[0], started_at=times[0])
    for stage, when in zip(path[1:], times[1:], strict=True):
        services.move_application(application=app, to_stage=stage, occurred_at=when)
    return app


@transaction.atomic
def seed_demo(*, now: dt.datetime | None = None, seed: int = 7) -> tuple[User, bool]:
    now = now or timezone.now()
    rng = random.Random(seed)
    user, created = _user(DEMO_EMAIL, DEMO_PASSWORD, "Priya Raman", "America/New_York")
    if not created:
        return user, False
    season = services.open_current_season(user=user)
    earlier, _ = Season.objects.get_or_create(owner=user, start_year=season.start_year - 1)
    stages = {track: list(Stage.objects.for_user(user).filter(track=track)) for track in Stage.Track.values}
    by_name = {track: {s.name: s for s in rows} for track, rows in stages.items()}
    today = timezone.localdate(now, ZoneInfo(user.time_zone))

    institutions = {}
    for name, kind, dept, city, country, region, zone, priority in UNIVERSITIES + LABS:
        institutions[name] = Institution.objects.create(
            owner=user,
            name=name,
            kind=kind,
            department=dept,
            city=city,
            country=country,
            region=region,
            priority=priority,
            website="",
            fit_notes=f"Multimodal learning fit: {'strong' if priority <= 2 else 'good'}.",
        )
        institutions[name].zone = zone
    services.set_tags(owner=user, obj=institutions["Stanford University"], names=["dream job", "West Coast"])
    services.set_tags(owner=user, obj=institutions["Carnegie Mellon University"], names=["dream job", "vision group"])
    services.set_tags(owner=user, obj=institutions["Williams College"], names=["teaching focus"])

    for index, (row, target) in enumerate(zip(UNIVERSITIES, FACULTY_TARGETS, strict=True)):
        inst = institutions[row[0]]
        upcoming = target in (None, "Interested", "Preparing")
        offset = rng.randint(2, 40) if upcoming else -rng.randint(15, 70)
        if target is None and index % 2:
            offset = -rng.randint(3, 12)  # a posting that slipped by without an application
        position = Position.objects.create(
            owner=user,
            institution=inst,
            season=season,
            title=FACULTY_TITLES[index % len(FACULTY_TITLES)],
            kind=Position.Kind.TEACHING_TRACK
            if inst.kind == Institution.Kind.TEACHING_COLLEGE
            else Position.Kind.TENURE_TRACK,
            field="Machine learning; computer vision; multimodal AI",
            portal=Position.Portal.ACADEMIC_JOBS_ONLINE if index % 3 else Position.Portal.INTERFOLIO,
            posting_url=f"https://academicjobsonline.org/ajo/jobs/{27000 + index}",
            deadline_date=today + dt.timedelta(days=offset),
            deadline_time=dt.time(23, 59) if index % 4 else None,
            deadline_tz=inst.zone,
            letters_required=3 if index % 5 else 4,
            review_begins=today + dt.timedelta(days=offset - 14) if index % 2 else None,
        )
        if target:
            _apply(user, position, Stage.Track.FACULTY, target, by_name["faculty"], stages["faculty"], rng, now)

    for row, target in zip(LABS, INDUSTRY_TARGETS, strict=True):
        inst = institutions[row[0]]
        offset = rng.randint(5, 30) if target == "Interested" else -rng.randint(10, 40)
        position = Position.objects.create(
            owner=user,
            institution=inst,
            season=season,
            title="Research Scientist, Multimodal",
            kind=Position.Kind.RESEARCH_SCIENTIST,
            field="Vision-language models",
            portal=Position.Portal.CAREERS_SITE,
            deadline_date=today + dt.timedelta(days=offset),
            deadline_time=dt.time(17, 0),
            deadline_tz=inst.zone,
            letters_required=0 if inst.kind == Institution.Kind.INDUSTRY_LAB else 2,
        )
        _apply(user, position, Stage.Track.INDUSTRY, target, by_name["industry"], stages["industry"], rng, now)

    # Last season's attempts, so applying to these places again shows what happened then.
    for name, title, track, target in [
        ("Carnegie Mellon University", "Postdoctoral Fellow", "faculty", "Rejected"),
        ("Stanford University", "Postdoctoral Scholar", "faculty", "Accepted"),
        ("Google DeepMind", "Research Scientist", "industry", "Declined"),
    ]:
        position = Position.objects.create(
            owner=user,
            institution=institutions[name],
            season=earlier,
            title=title,
            kind=Position.Kind.POSTDOC if track == "faculty" else Position.Kind.RESEARCH_SCIENTIST,
            deadline_date=today - dt.timedelta(days=365),
            deadline_tz=institutions[name].zone,
        )
        _apply(user, position, track, target, by_name[track], stages[track], rng, now - dt.timedelta(days=300))
    return user, True


@transaction.atomic
def seed_heavy(*, institutions: int = 500, applications: int = 300, events: int = 5000, seed: int = 11) -> User:
    """A large account for benchmarks, written with bulk inserts."""
    rng = random.Random(seed)
    User.objects.filter(email=HEAVY_EMAIL).delete()
    user, _ = _user(HEAVY_EMAIL, DEMO_PASSWORD, "Heavy Benchmark", "Europe/Berlin")
    season = services.open_current_season(user=user)
    now = timezone.now()
    names = [row[0] for row in UNIVERSITIES + LABS] + MORE_NAMES
    rows = [
        Institution(
            owner=user,
            name=names[i % len(names)],
            department=DEPARTMENTS[i // len(names) % len(DEPARTMENTS)],
            kind=Institution.Kind.RESEARCH_UNIVERSITY,
            priority=rng.randint(1, 5),
            country="United States",
            region=Institution.Region.NORTH_AMERICA,
        )
        for i in range(institutions)
    ]
    insts = Institution.objects.bulk_create(rows)
    positions = Position.objects.bulk_create(
        [
            Position(
                owner=user,
                institution=insts[i % len(insts)],
                season=season,
                title=f"Assistant Professor ({i})",
                deadline_date=(now + dt.timedelta(days=rng.randint(-60, 60))).date(),
                deadline_tz="America/New_York",
            )
            for i in range(applications)
        ]
    )
    for position in positions:  # bulk_create skips save(), so derive deadline_at here
        position.derive_instants()
    Position.objects.bulk_update(positions, ["deadline_at"])
    stages = list(Stage.objects.for_user(user).filter(track=Stage.Track.FACULTY))
    apps = Application.objects.bulk_create(
        [
            Application(
                owner=user,
                position=p,
                track=Stage.Track.FACULTY,
                stage=rng.choice(stages),
                stage_changed_at=now - dt.timedelta(hours=rng.randint(1, 2000)),
            )
            for p in positions
        ]
    )
    StageEvent.objects.bulk_create(
        [
            StageEvent(
                owner=user,
                application=apps[i % len(apps)],
                from_stage=rng.choice(stages),
                to_stage=rng.choice(stages),
                occurred_at=now - dt.timedelta(hours=rng.randint(1, 4000)),
            )
            for i in range(events)
        ],
        batch_size=1000,
    )
    return user
