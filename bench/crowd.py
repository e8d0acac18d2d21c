"""Many other users, in bulk: the rows a page must leave out, so that its plans are tested against a crowd.

``crowd(count)`` adds `count` users (other<n>@crowd.test, unusable passwords), each with the default stages, this
season and the last, about 100 applications on their own institutions and postings, and around them what every
page reads: a few stage events per application, contacts (some of them letter writers) with interactions and
follow-ups, letter requests, the postings' required materials, documents with versions and what was sent where,
interviews (two of them campus visits with an itinerary and the people met), offers with scores on three
criteria. Dates fall around today, as the heavy account's do, so date-ranged queries meet them too.

Everything is written with bulk_create (no signals, no services), a batch of users per transaction: 1,000 users
are about a million rows. Run it in a process set up against the database (Django configured), e.g. from
bench/pages.py's --prepare step; analyse afterwards on PostgreSQL, as autovacuum would.
"""

import datetime as dt
import random
import sys
import time

PER_USER = {
    "institutions": 40,
    "postings": 110,  # ten of them without an application
    "applications": 100,  # 80 in this season, 20 in the last
    "events_each": 3,
    "contacts": 25,  # the first 4 write letters
    "interactions": 40,  # a quarter with a follow-up date
    "letter_apps": 15,  # applications with a letter from each writer
    "requirements_each": 2,
    "documents": 5,
    "versions_each": 2,
    "submitted_apps": 30,  # applications with a version sent for each requirement
    "interviews": 10,  # the first 2 are campus visits
    "visit_items": 4,
    "offers": 2,
    "criteria": 3,
}
WRITERS = 4
USER_BATCH = 100
FIRST = ["Ada", "Ben", "Chen", "Dana", "Emeka", "Farah", "Gita", "Hiro", "Ines", "Jonas", "Kemal", "Lena"]
LAST = ["Okafor", "Schmidt", "Wang", "Garcia", "Kowalski", "Nakamura", "Haddad", "Silva", "Novak", "Larsen"]


def crowd(count: int, *, seed: int = 13, log=sys.stderr) -> dict[str, int]:
    """Add `count` other users with their rows (see the module's docstring); returns how many rows of each kind."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from jobtracker.accounts.models import User
    from jobtracker.pipeline.models import Season

    rng = random.Random(seed)
    password = make_password(None)  # unusable, hashed once
    this_year = Season.start_year_for(dt.date.today())
    first_number = User.objects.filter(email__endswith="@crowd.test").count()
    totals: dict[str, int] = {}
    started = time.monotonic()
    for batch_start in range(0, count, USER_BATCH):
        numbers = range(first_number + batch_start, first_number + min(batch_start + USER_BATCH, count))
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(email=f"other{n}@crowd.test", full_name=f"Other {n}", password=password, time_zone="UTC")
                for n in numbers
            )
            for kind, rows in _fill(users, this_year, rng).items():
                totals[kind] = totals.get(kind, 0) + rows
        totals["users"] = totals.get("users", 0) + len(users)
        print(f"  crowd: {totals['users']} of {count} users, {time.monotonic() - started:.0f} s", file=log)
    return totals


def _fill(users, this_year: int, rng: random.Random) -> dict[str, int]:
    from django.utils import timezone

    from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson
    from jobtracker.materials.models import (
        Document,
        DocumentKind,
        DocumentVersion,
        LetterRequest,
        Requirement,
        Submission,
    )
    from jobtracker.network.models import Contact, Interaction
    from jobtracker.offers.models import Criterion, Offer, Score
    from jobtracker.pipeline.demo_data import DEPARTMENTS, LABS, MORE_NAMES, UNIVERSITIES
    from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage, StageEvent
    from jobtracker.pipeline.stages import DEFAULT_STAGES

    now = timezone.now()
    today = now.date()
    n = PER_USER
    names = [row[0] for row in UNIVERSITIES + LABS] + MORE_NAMES
    places = [(name, department) for name in names for department in DEPARTMENTS]

    def bulk(model, rows):
        return model.objects.bulk_create(rows, batch_size=2000)

    # Seasons and stages, as an account's set-up makes them.
    seasons = bulk(Season, [Season(owner=u, start_year=y) for u in users for y in (this_year - 1, this_year)])
    season_of = {(s.owner_id, s.start_year): s for s in seasons}
    stages = bulk(
        Stage,
        [
            Stage(owner=u, track=track, name=name, order=i, category=category, marks_submission=marks)
            for u in users
            for track, template in DEFAULT_STAGES.items()
            for i, (name, category, marks) in enumerate(template)
        ],
    )
    faculty_stages = {}
    for stage in stages:
        if stage.track == Stage.Track.FACULTY:
            faculty_stages.setdefault(stage.owner_id, []).append(stage)

    # Institutions, postings (deadlines 60 days around today), applications.
    institutions = bulk(
        Institution,
        [
            Institution(owner=u, name=name, department=department, priority=rng.randint(1, 5), country="Elsewhere")
            for u in users
            for name, department in rng.sample(places, n["institutions"])
        ],
    )
    by_owner = _group(institutions)
    positions = []
    for u in users:
        for i in range(n["postings"]):
            season = season_of[(u.pk, this_year if i % 5 else this_year - 1)]
            position = Position(
                owner=u,
                institution=by_owner[u.pk][i % n["institutions"]],
                season=season,
                title=f"Assistant Professor ({i})",
                deadline_date=today + dt.timedelta(days=rng.randint(-60, 60)),
                deadline_tz="America/New_York",
                review_begins=today + dt.timedelta(days=rng.randint(-30, 60)) if i % 3 == 0 else None,
            )
            position.derive_instants()
            positions.append(position)
    positions = bulk(Position, positions)
    postings = _group(positions)
    applications = bulk(
        Application,
        [
            Application(
                owner=u,
                position=p,
                track=Stage.Track.FACULTY,
                stage=rng.choice(faculty_stages[u.pk]),
                stage_changed_at=now - dt.timedelta(hours=rng.randint(1, 2000)),
                submitted_on=today - dt.timedelta(days=rng.randint(1, 90)) if k % 2 else None,
            )
            for u in users
            for k, p in enumerate(postings[u.pk][: n["applications"]])
        ],
    )
    apps = _group(applications)
    events = bulk(
        StageEvent,
        [
            StageEvent(
                owner_id=a.owner_id,
                application=a,
                from_stage=rng.choice(faculty_stages[a.owner_id]),
                to_stage=rng.choice(faculty_stages[a.owner_id]),
                occurred_at=now - dt.timedelta(hours=rng.randint(1, 4000)),
            )
            for a in applications
            for _ in range(n["events_each"])
        ],
    )

    # Contacts, their interactions and follow-ups.
    contacts = bulk(
        Contact,
        [
            Contact(
                owner=u,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {k}",
                institution=by_owner[u.pk][k] if k % 2 else None,
                affiliation="" if k % 2 else "Somewhere Institute",
                writes_letters=k < WRITERS,
                is_advisor=k == 0,
                is_target_faculty=k % 3 == 0,
            )
            for u in users
            for k in range(n["contacts"])
        ],
    )
    people = _group(contacts)
    interactions = bulk(
        Interaction,
        [
            Interaction(
                owner=u,
                contact=people[u.pk][k % n["contacts"]],
                happened_on=today - dt.timedelta(days=rng.randint(1, 300)),
                summary=f"Talked about the search ({k})",
                follow_up_on=today + dt.timedelta(days=rng.randint(-20, 40)) if k % 4 == 0 else None,
                follow_up_done=k % 8 == 0,
            )
            for u in users
            for k in range(n["interactions"])
        ],
    )

    # Letters: each writer for the first applications.
    statuses = LetterRequest.Status.values
    letters = bulk(
        LetterRequest,
        [
            LetterRequest(
                owner_id=a.owner_id,
                application=a,
                writer=people[a.owner_id][w],
                status=rng.choice(statuses),
                due_date=a.position.deadline_date,
            )
            for u in users
            for a in apps[u.pk][: n["letter_apps"]]
            for w in range(WRITERS)
        ],
    )

    # Materials: what each posting asks for, documents with versions, what was sent.
    kinds = [DocumentKind.CV, DocumentKind.RESEARCH_STATEMENT, DocumentKind.TEACHING_STATEMENT]
    requirements = bulk(
        Requirement,
        [
            Requirement(owner_id=p.owner_id, position=p, kind=kinds[k], page_limit=k + 2 if k else None)
            for p in positions
            for k in range(n["requirements_each"])
        ],
    )
    documents = bulk(
        Document,
        [
            Document(owner=u, kind=DocumentKind.values[k], title=f"{DocumentKind.labels[k]} (general)")
            for u in users
            for k in range(n["documents"])
        ],
    )
    versions = bulk(
        DocumentVersion,
        [
            DocumentVersion(
                owner_id=d.owner_id,
                document=d,
                original_name=f"version-{v}.pdf",
                content_type="application/pdf",
                size=100_000 + v,
                sha256=f"{d.pk:032x}{v:032x}",
                label=f"v{v + 1}",
            )
            for d in documents
            for v in range(n["versions_each"])
        ],
    )
    version_of = {(v.owner_id, v.document.kind): v for v in versions}  # the newest of each kind
    needs = _group(requirements, key=lambda r: r.position_id)
    submissions = bulk(
        Submission,
        [
            Submission(owner_id=a.owner_id, application=a, requirement=r, version=version_of[(a.owner_id, r.kind)])
            for u in users
            for a in apps[u.pk][: n["submitted_apps"]]
            for r in needs[a.position_id]
        ],
    )

    # Interviews 30 days around today; the first two are visits with an itinerary and the people met.
    interviews = []
    for u in users:
        for k, a in enumerate(apps[u.pk][n["letter_apps"] : n["letter_apps"] + n["interviews"]]):
            day = today + dt.timedelta(days=rng.randint(-30, 30))
            interview = Interview(
                owner=u,
                application=a,
                kind=Interview.Kind.CAMPUS_VISIT if k < 2 else Interview.Kind.VIDEO,
                start_date=day,
                start_time=dt.time(9 + k % 6, 0),
                end_date=day + dt.timedelta(days=1) if k < 2 else None,
                end_time=dt.time(17, 0) if k < 2 else None,
                time_zone="America/New_York",
            )
            interview.derive_instants()
            interviews.append(interview)
    interviews = bulk(Interview, interviews)
    items = []
    for visit in (i for i in interviews if i.kind == Interview.Kind.CAMPUS_VISIT):
        for k in range(n["visit_items"]):
            item = ItineraryItem(
                owner_id=visit.owner_id,
                interview=visit,
                date=visit.start_date + dt.timedelta(days=k // 2),
                start_time=dt.time(10 + 2 * (k % 2), 0),
                end_time=dt.time(11 + 2 * (k % 2), 0),
            )
            item.derive_instants()
            items.append(item)
    items = bulk(ItineraryItem, items)
    met = bulk(
        ItineraryPerson,
        [
            # A different contact (not a writer) at each meeting of the owner's visits.
            ItineraryPerson(owner_id=item.owner_id, item=item, contact=people[item.owner_id][WRITERS + k])
            for owned in _group(items).values()
            for k, item in enumerate(owned)
        ],
    )

    # Offers on two applications, scored on three criteria.
    offers = []
    for u in users:
        for k, a in enumerate(apps[u.pk][-n["offers"] :]):
            offer = Offer(
                owner=u,
                application=a,
                received_on=today - dt.timedelta(days=10 + k),
                response_deadline_date=today + dt.timedelta(days=rng.randint(1, 30)),
                response_deadline_tz="America/New_York",
                base_salary=120_000 + 5_000 * k,
            )
            offer.derive_instants()
            offers.append(offer)
    offers = bulk(Offer, offers)
    criteria = bulk(
        Criterion,
        [Criterion(owner=u, name=name, order=k) for u in users for k, name in enumerate(("Pay", "Place", "People"))],
    )
    criteria_of = _group(criteria)
    scores = bulk(
        Score,
        [
            Score(owner_id=o.owner_id, offer=o, criterion=c, value=rng.randint(1, 5))
            for o in offers
            for c in criteria_of[o.owner_id]
        ],
    )
    rows = {
        "seasons": seasons,
        "stages": stages,
        "institutions": institutions,
        "postings": positions,
        "applications": applications,
        "stage events": events,
        "contacts": contacts,
        "interactions": interactions,
        "letter requests": letters,
        "requirements": requirements,
        "documents": documents,
        "versions": versions,
        "submissions": submissions,
        "interviews": interviews,
        "itinerary items": items,
        "people met": met,
        "offers": offers,
        "criteria": criteria,
        "scores": scores,
    }
    return {kind: len(found) for kind, found in rows.items()}


def _group(rows, key=lambda row: row.owner_id) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return grouped
