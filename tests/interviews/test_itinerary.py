import datetime as dt

import pytest
from django.utils import timezone

from jobtracker.interviews import selectors
from jobtracker.interviews.models import ItineraryItem, ItineraryPerson
from jobtracker.network.models import ApplicationContact, Contact
from tests.factories import make_writer
from tests.interviews.factories import make_interview, make_item, make_visit, make_visit_with_person


def item_post(**changes):
    data = {
        "date": "2026-02-09",
        "start_time": "10:00",
        "end_time": "10:30",
        "kind": "one_on_one",
        "place": "Gates 310",
        "people": "",
        "notes_after": "",
    }
    data.update(changes)
    return data


def add_item(client, visit, **changes):
    return client.post(f"/interviews/{visit.pk}/", item_post(**changes))


def test_an_item_is_added_to_its_day_of_the_visit(owner_client, owner):
    visit = make_visit(owner)
    response = add_item(owner_client, visit, date="2026-02-10", place="Dean's office")
    # Back to the form for the next item: the same day, starting when this one ends, the cursor in the time.
    assert response.status_code == 302 and response["Location"].endswith("?day=2026-02-10&after=10%3A30#add-item")
    form = owner_client.get(response["Location"]).context["form"]
    assert form.initial == {"date": dt.date(2026, 2, 10), "start_time": dt.time(10, 30)}
    assert form.fields["start_time"].widget.attrs.get("autofocus")
    item = ItineraryItem.objects.get()
    assert item.owner == owner and item.starts_at == dt.datetime(2026, 2, 10, 18, 0, tzinfo=dt.UTC)
    body = owner_client.get(f"/interviews/{visit.pk}/").content.decode()
    assert "Tuesday 10 February 2026" in body and "Dean&#x27;s office" in body


@pytest.mark.parametrize("query", ["day=2026-02-12&after=09:00", "day=x&after=y", "day=2026-02-09&after=25:00"])
def test_odd_or_outside_next_item_hints_fall_back_to_the_first_day(owner_client, owner, query):
    visit = make_visit(owner)
    form = owner_client.get(f"/interviews/{visit.pk}/?{query}").context["form"]
    assert form["date"].value() in (visit.start_date, dt.date(2026, 2, 9))
    assert form.initial.get("start_time") is None


def test_an_item_in_the_skipped_hour_is_a_field_error(owner_client, owner):
    visit = make_visit(owner, start_date=dt.date(2026, 3, 7), end_date=dt.date(2026, 3, 8))
    response = add_item(owner_client, visit, date="2026-03-08", start_time="02:30", end_time="")
    assert response.status_code == 400
    assert response.context["form"].errors["start_time"] == [
        "02:30 does not exist in America/Los_Angeles on Sun 8 Mar 2026: clocks jump from 02:00 to 03:00"
    ]
    assert not ItineraryItem.objects.exists()


def test_an_item_date_outside_the_visit_is_a_field_error(owner_client, owner):
    visit = make_visit(owner)
    response = add_item(owner_client, visit, date="2026-02-11", people="Prof. New Person")
    assert response.context["form"].errors["date"] == ["Pick a day of the visit (Mon 09 Feb to Tue 10 Feb 2026)."]
    assert not ItineraryItem.objects.exists() and not Contact.objects.exists()


def test_an_item_ending_before_it_starts_is_a_field_error(owner_client, owner):
    visit = make_visit(owner)
    response = add_item(owner_client, visit, start_time="11:00", end_time="10:45")
    assert "must come after the start" in response.context["form"].errors["end_time"][0]
    assert not ItineraryItem.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": ""}, "date"),
        ({"start_time": "noon"}, "start_time"),
        ({"kind": "nap"}, "kind"),
        ({"people": "A" * 201}, "people"),
        ({"people": ", ".join(f"Person {i}" for i in range(31))}, "people"),
    ],
)
def test_a_bad_item_saves_nothing(owner_client, owner, changes, field):
    visit = make_visit(owner)
    response = add_item(owner_client, visit, **changes)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not ItineraryItem.objects.exists() and not Contact.objects.exists()


def test_people_met_are_created_on_the_fly_and_reused_without_regard_to_case(owner_client, owner):
    existing = make_writer(owner, name="Prof. Ada Lovelace")
    visit = make_visit(owner)
    add_item(owner_client, visit, people="prof. ada lovelace, Dr. Tom Becker,  dr. tom   becker ,")
    add_item(owner_client, visit, start_time="11:00", end_time="", people="DR. TOM BECKER")

    assert Contact.objects.filter(owner=owner).count() == 2
    becker = Contact.objects.get(name="Dr. Tom Becker")
    assert becker.institution == visit.application.position.institution
    first, second = ItineraryItem.objects.order_by("starts_at")
    assert {p.contact for p in first.people.all()} == {existing, becker}
    assert [p.contact for p in second.people.all()] == [becker]


def test_people_met_by_another_user_are_not_reused(owner, outsider):
    theirs = make_writer(outsider, name="Prof. Helen Whitfield")
    _visit, _item, person = make_visit_with_person(owner)
    assert person.contact != theirs and person.contact.owner == owner


def test_editing_an_items_people_keeps_the_thank_you_status_of_those_who_stay(owner_client, owner):
    visit = make_visit(owner)
    item = make_item(visit, people=["Prof. Helen Whitfield", "Prof. Luis Moreno"])
    ItineraryPerson.objects.filter(contact__name="Prof. Helen Whitfield").update(thank_you_status="sent")

    page = owner_client.get(f"/interviews/items/{item.pk}/edit/").content.decode()
    assert 'value="Prof. Helen Whitfield, Prof. Luis Moreno"' in page
    data = item_post(people="Prof. Helen Whitfield, Prof. Grace Liu", notes_after="Talked about teaching.")
    assert owner_client.post(f"/interviews/items/{item.pk}/edit/", data).status_code == 302

    statuses = {p.contact.name: p.thank_you_status for p in item.people.select_related("contact")}
    assert statuses == {"Prof. Helen Whitfield": "sent", "Prof. Grace Liu": "to_send"}
    assert Contact.objects.filter(name="Prof. Luis Moreno").exists()  # the contact itself stays


def test_the_thank_you_status_changes_from_the_itinerary(owner_client, owner):
    visit, _item, person = make_visit_with_person(owner)
    body = owner_client.get(f"/interviews/{visit.pk}/").content.decode()
    assert f'action="/interviews/people/{person.pk}/thank-you/"' in body

    response = owner_client.post(f"/interviews/people/{person.pk}/thank-you/", {"thank_you_status": "sent"})
    assert response.status_code == 302 and response["Location"].startswith(f"/interviews/{visit.pk}/#day-")
    person.refresh_from_db()
    assert person.thank_you_status == "sent" and person.thank_you_sent_on == timezone.localdate()

    owner_client.post(
        f"/interviews/people/{person.pk}/thank-you/", {"thank_you_status": "sent", "thank_you_sent_on": "2026-02-11"}
    )
    person.refresh_from_db()
    assert person.thank_you_sent_on == dt.date(2026, 2, 11)

    owner_client.post(
        f"/interviews/people/{person.pk}/thank-you/", {"thank_you_status": "to_send", "thank_you_sent_on": "2026-02-11"}
    )
    person.refresh_from_db()
    assert person.thank_you_status == "to_send" and person.thank_you_sent_on is None


@pytest.mark.parametrize(
    "data",
    [
        {"thank_you_status": "maybe"},
        {"thank_you_status": "sent", "thank_you_sent_on": "2999-01-01"},
        {"thank_you_status": "sent", "thank_you_sent_on": "yesterday"},
    ],
)
def test_a_bad_thank_you_status_changes_nothing(owner_client, owner, data):
    _visit, _item, person = make_visit_with_person(owner)
    response = owner_client.post(f"/interviews/people/{person.pk}/thank-you/", data)
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.thank_you_status == "to_send" and person.thank_you_sent_on is None


def test_thank_yous_owed_are_due_the_day_after_the_visit(owner):
    visit, _item, person = make_visit_with_person(owner)
    make_item(visit, start_time=dt.time(11), people=["Jonas Albrecht"])
    ItineraryPerson.objects.filter(contact__name="Jonas Albrecht").update(thank_you_status="not_needed")

    owed = list(selectors.thank_yous_owed(user=owner))

    assert owed == [person]
    assert owed[0].owed_on == dt.date(2026, 2, 11)  # the visit ends on 10 Feb


def test_the_visit_counts_people_met_once_each(owner_client, owner):
    visit = make_visit(owner)
    make_item(visit, people=["Prof. Helen Whitfield", "Prof. Luis Moreno"])
    make_item(visit, start_time=dt.time(12), people=["prof. helen whitfield"])
    body = owner_client.get(f"/interviews/{visit.pk}/").content.decode()
    assert '<dt class="col-4">People met</dt><dd class="col-8">2 · 3 thank-you notes to send' in body


def test_the_interviews_page_counts_people_met_per_season(owner_client, owner):
    first = make_visit(owner)
    make_item(first, people=["Prof. Helen Whitfield", "Prof. Luis Moreno"])
    second = make_visit(owner)
    make_item(second, people=["Prof. Helen Whitfield", "Dean Patricia Nakamura"])
    body = owner_client.get("/interviews/").content.decode()
    assert '<span class="fs-4 fw-semibold">3</span> people met in 2 visits' in body


def test_the_print_page_has_a_print_stylesheet_and_no_navigation(owner_client, owner):
    visit, _item, _person = make_visit_with_person(owner)
    body = owner_client.get(f"/interviews/{visit.pk}/itinerary/print/").content.decode()
    assert "jobtracker/itinerary-print.css" in body and 'class="no-print' in body
    assert "<nav" not in body and "<form" not in body
    assert "Monday 9 February 2026" in body and "Tuesday 10 February 2026" in body
    assert "Prof. Helen Whitfield" in body and "To send" in body


def test_html_in_itinerary_notes_and_names_is_escaped_on_screen_and_paper(owner_client, owner):
    visit = make_visit(owner)
    make_item(visit, people=["<img src=x onerror=alert(1)>"], notes_after="<script>alert('n')</script>")
    for url in (f"/interviews/{visit.pk}/", f"/interviews/{visit.pk}/itinerary/print/"):
        body = owner_client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body and "&lt;img src=x onerror=alert(1)&gt;" in body


def test_a_non_visit_interview_shows_no_itinerary(owner_client, owner):
    interview = make_interview(owner)
    body = owner_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Itinerary" not in body and "Print itinerary" not in body


def test_deleting_an_item_asks_first_and_keeps_the_contact(owner_client, owner):
    _visit, item, _person = make_visit_with_person(owner)
    assert "1 record of someone met" in owner_client.get(f"/interviews/items/{item.pk}/delete/").content.decode()
    assert owner_client.post(f"/interviews/items/{item.pk}/delete/").status_code == 302
    assert not ItineraryItem.objects.exists() and not ItineraryPerson.objects.exists()
    assert Contact.objects.filter(name="Prof. Helen Whitfield").exists()


def test_another_users_item_and_person_answer_404(client, outsider, owner):
    _visit, item, person = make_visit_with_person(owner)
    client.force_login(outsider)
    assert client.get(f"/interviews/items/{item.pk}/edit/").status_code == 404
    assert client.post(f"/interviews/items/{item.pk}/edit/", item_post(place="Hijacked")).status_code == 404
    assert client.post(f"/interviews/items/{item.pk}/delete/").status_code == 404
    assert client.get(f"/interviews/people/{person.pk}/thank-you/").status_code == 404
    assert client.post(f"/interviews/people/{person.pk}/thank-you/", {"thank_you_status": "sent"}).status_code == 404
    item.refresh_from_db()
    person.refresh_from_db()
    assert item.place == "Gates 310" and person.thank_you_status == "to_send"


def test_meetings_for_a_contact_load_in_one_query(owner, django_assert_num_queries):
    visit, _item, person = make_visit_with_person(owner)
    make_item(visit, start_time=dt.time(15), people=["Prof. Helen Whitfield"])
    contact = person.contact
    with django_assert_num_queries(1):
        meetings = list(selectors.meetings_for_contact(contact=contact))
        places = [m.item.interview.application.position.institution.name for m in meetings]
    assert len(meetings) == 2 and len(set(places)) == 1
    assert meetings[0].item.start_time == dt.time(15)  # newest first


def test_interviews_on_applications_a_contact_is_linked_to_are_listed_for_that_contact(owner):
    visit, _item, person = make_visit_with_person(owner)
    other = make_interview(owner)
    ApplicationContact.objects.create(owner=owner, application=visit.application, contact=person.contact, role="host")
    assert list(selectors.interviews_for_contact(contact=person.contact)) == [visit]
    assert other not in selectors.interviews_for_contact(contact=person.contact)


def test_a_thank_you_saved_from_the_page_answers_with_its_row_only(owner_client, owner):
    _visit, _item, person = make_visit_with_person(owner)
    response = owner_client.post(
        f"/interviews/people/{person.pk}/thank-you/",
        {"thank_you_status": "sent", "thank_you_sent_on": "2026-02-10"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.strip().startswith('<li class="d-flex') and "<html" not in body
    assert f'id="thanks-{person.pk}"' in body and "Saved" in body  # the same ids: htmx keeps the focus there
    person.refresh_from_db()
    assert person.thank_you_status == "sent" and str(person.thank_you_sent_on) == "2026-02-10"


def test_a_thank_you_before_the_meeting_says_so_in_its_row_and_changes_nothing(owner_client, owner):
    _visit, _item, person = make_visit_with_person(owner)
    response = owner_client.post(
        f"/interviews/people/{person.pk}/thank-you/",
        {"thank_you_status": "sent", "thank_you_sent_on": "2026-01-01"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "a thank-you note is sent after it" in response.content.decode()
    person.refresh_from_db()
    assert person.thank_you_status == "to_send"


def test_every_note_of_a_visit_can_be_marked_sent_in_one_click(owner_client, owner, monkeypatch):
    from jobtracker.interviews import services as interview_services

    visit = make_visit(owner)
    make_item(visit, people=["Prof. A", "Prof. B", "Prof. C"])
    make_item(visit, people=["Dean D"], date=visit.start_date + dt.timedelta(days=1), start_time=dt.time(9, 0))
    monkeypatch.setattr(interview_services.timezone, "localdate", lambda *a, **k: visit.start_date)
    monkeypatch.setattr("jobtracker.interviews.views.itinerary.timezone.localdate", lambda *a, **k: visit.start_date)
    response = owner_client.post(f"/interviews/{visit.pk}/thank-you/sent/", follow=True)
    body = response.content.decode()
    assert "Marked 3 thank-you notes as sent today. 1 for meetings after today were left to send." in body
    statuses = dict(ItineraryPerson.objects.values_list("contact__name", "thank_you_status"))
    assert statuses == {"Prof. A": "sent", "Prof. B": "sent", "Prof. C": "sent", "Dean D": "to_send"}
