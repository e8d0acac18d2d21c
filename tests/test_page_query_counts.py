import datetime as dt

import pytest
from django.utils import timezone

from jobtracker.materials.models import LetterRequest
from jobtracker.network.models import Interaction
from jobtracker.reminders import planning
from tests.factories import make_application, make_writer
from tests.interviews.factories import make_item, make_visit
from tests.offers.factories import make_offer
from tests.queries import assert_flat_queries


def fill(user, size):
    today = timezone.localdate()
    writer = make_writer(user)
    for i in range(size):
        day = today + dt.timedelta(days=1 + i % 20)
        app = make_application(user, deadline_date=day, review_begins=day)
        LetterRequest.objects.create(owner=user, application=app, writer=writer, due_date=day)
        Interaction.objects.create(owner=user, contact=writer, happened_on=today, follow_up_on=day, summary="x")
        visit = make_visit(user, application=app, start_date=day, end_date=day)
        make_item(visit, date=day, people=[f"Prof. Person {i}", "Prof. Same One"])
        make_offer(user, application=app, received_on=today, response_deadline_date=day)
    planning.plan_user(user)
    return writer


@pytest.mark.parametrize("path", ["/calendar/", "/reminders/", "/interviews/", "/contacts/", "writer"])
def test_pages_constant_queries(client, django_user_model, path):
    url = (lambda writer: writer.get_absolute_url()) if path == "writer" else path
    assert_flat_queries(client, django_user_model, fill=fill, url=url, sizes=(2, 8))
