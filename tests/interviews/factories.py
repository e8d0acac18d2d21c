"""Interviews, visits and the people met, built through the real services."""

import datetime as dt

from jobtracker.interviews import services
from jobtracker.interviews.models import Interview
from tests.factories import make_application

VISIT_DAY = dt.date(2026, 2, 9)


def make_interview(owner, application=None, **fields):
    application = application or make_application(owner)
    values = {
        "kind": Interview.Kind.VIDEO,
        "start_date": VISIT_DAY,
        "start_time": dt.time(9, 0),
        "end_time": dt.time(10, 0),
        "time_zone": "America/Los_Angeles",
    }
    values.update(fields)
    return services.schedule_interview(application=application, **values)


def make_visit(owner, application=None, days: int = 2, **fields):
    """A campus visit over `days` days starting on VISIT_DAY."""
    fields.setdefault("end_date", VISIT_DAY + dt.timedelta(days=days - 1))
    fields.setdefault("end_time", dt.time(17, 0))
    return make_interview(owner, application, kind=Interview.Kind.CAMPUS_VISIT, **fields)


def make_item(visit, people=(), **fields):
    values = {
        "date": visit.start_date,
        "start_time": dt.time(10, 0),
        "end_time": None if "start_time" in fields else dt.time(10, 30),
        "kind": "one_on_one",
        "place": "Gates 310",
        "notes_after": "",
    }
    values.update(fields)
    return services.save_item(interview=visit, data={"people": list(people), **values})


def make_visit_with_person(owner, application=None):
    """A visit, one itinerary item and one person met in it: the objects the URL tests need."""
    visit = make_visit(owner, application)
    item = make_item(visit, people=["Prof. Helen Whitfield"])
    return visit, item, item.people.get()


def interview_objects(owner, application) -> dict:
    """For tests/url_helpers.owned_objects: keyed by the first word of the interview URL names."""
    visit, item, person = make_visit_with_person(owner, application)
    return {"interview": visit, "item": item, "person": person}
