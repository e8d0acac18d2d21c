import datetime as dt

import pytest
from django.utils import timezone

from jobtracker.materials.models import LetterRequest
from jobtracker.network.models import ApplicationContact, Contact, Interaction
from tests.factories import InstitutionFactory, make_application, make_writer
from tests.interviews.factories import make_visit_with_person
from tests.queries import assert_flat_queries


def contact_post(**changes):
    data = {"name": "Prof. Ada Lovelace", "tags": ["letter_writer", "advisor"], "email": "ada@example.edu"}
    data.update(changes)
    return data


def test_a_contact_is_saved_with_its_tags(owner_client, owner):
    response = owner_client.post("/contacts/new/", contact_post())
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == contact.get_absolute_url()
    assert contact.writes_letters and contact.is_advisor and not contact.is_recruiter
    assert contact.tags == ["Letter writer", "Advisor"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "This field is required"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"homepage": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"tags": ["wizard"]}, "Select a valid choice"),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
    ],
)
def test_bad_contact_input_is_a_field_error_and_saves_nothing(owner_client, changes, message):
    response = owner_client.post("/contacts/new/", contact_post(**changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Contact.objects.exists()


def test_another_users_institution_cannot_be_chosen(owner_client, outsider):
    foreign = InstitutionFactory(owner=outsider)
    response = owner_client.post("/contacts/new/", contact_post(institution=foreign.pk))
    assert "Select a valid choice" in response.content.decode()


def test_search_finds_contacts_by_name_other_spelling_institution_and_tag(owner_client, owner):
    cmu = InstitutionFactory(owner=owner, name="Carnegie Mellon University")
    Contact.objects.create(owner=owner, name="Zhen Ming Jiang", other_names="Zhen Ming (Jack) Jiang", institution=cmu)
    Contact.objects.create(owner=owner, name="Grace Hopper", is_recruiter=True, affiliation="Yale")
    listing = lambda query: owner_client.get("/contacts/" + query).content.decode()  # noqa: E731
    assert "Zhen Ming Jiang" in listing("?q=jack") and "Grace Hopper" not in listing("?q=jack")
    assert "Zhen Ming Jiang" in listing("?q=carnegie")
    assert "Grace Hopper" in listing("?tag=recruiter") and "Zhen Ming Jiang" not in listing("?tag=recruiter")
    assert "Zhen Ming Jiang" in listing(f"?institution={cmu.pk}")


def test_the_contact_page_shows_interactions_applications_and_letters(owner_client, owner):
    writer = make_writer(owner, name="Prof. Barbara Liskov")
    application = make_application(owner, institution=InstitutionFactory(owner=owner, name="MIT"))
    LetterRequest.objects.create(owner=owner, application=application, writer=writer, status="agreed")
    ApplicationContact.objects.create(owner=owner, application=application, contact=writer, role="chair")
    Interaction.objects.create(owner=owner, contact=writer, happened_on="2026-11-01", summary="Talked at NeurIPS")
    body = owner_client.get(writer.get_absolute_url()).content.decode()
    assert "Talked at NeurIPS" in body and "Search committee chair" in body and "Agreed" in body


def test_logging_an_interaction_with_a_follow_up_puts_it_on_the_dashboard_when_due(owner_client, owner):
    contact = Contact.objects.create(owner=owner, name="Dr. Hana Sato")
    today = timezone.localdate()
    owner_client.post(
        f"/contacts/{contact.pk}/interactions/new/",
        {
            "happened_on": today - dt.timedelta(days=10),
            "channel": "email",
            "summary": "Asked about the lab",
            "follow_up_on": today - dt.timedelta(days=1),
        },
    )
    interaction = Interaction.objects.get()
    dashboard = owner_client.get("/").content.decode()
    assert "Follow-ups due" in dashboard and "Dr. Hana Sato" in dashboard
    owner_client.post(f"/contacts/interactions/{interaction.pk}/done/", {"next": "/"})
    interaction.refresh_from_db()
    assert interaction.follow_up_done
    assert "Follow-ups due" not in owner_client.get("/").content.decode()


def test_a_follow_up_in_the_future_is_not_overdue(owner_client, owner):
    contact = Contact.objects.create(owner=owner, name="Dr. Hana Sato")
    Interaction.objects.create(
        owner=owner,
        contact=contact,
        happened_on=timezone.localdate(),
        summary="x",
        follow_up_on=timezone.localdate() + dt.timedelta(days=3),
    )
    assert "Follow-ups due" not in owner_client.get("/").content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"follow_up_on": "2026-10-01"}, "cannot come before the interaction"),
        ({"happened_on": "1066-10-14"}, "between 1 Jan 2000 and 31 Dec 2100"),
        ({"summary": ""}, "This field is required"),
        ({"channel": "pigeon"}, "Select a valid choice"),
    ],
)
def test_bad_interaction_input_saves_nothing(owner_client, owner, changes, message):
    contact = Contact.objects.create(owner=owner, name="Dr. Hana Sato")
    data = {"happened_on": "2026-11-01", "channel": "email", "summary": "Coffee"}
    data.update(changes)
    response = owner_client.post(f"/contacts/{contact.pk}/interactions/new/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Interaction.objects.exists()


def test_a_contact_links_to_an_application_with_a_role(owner_client, owner, outsider):
    contact = Contact.objects.create(owner=owner, name="Prof. Lukas Brandt")
    mine = make_application(owner)
    foreign = make_application(outsider)
    owner_client.post(f"/contacts/{contact.pk}/links/new/", {"application": mine.pk, "role": "referred"})
    response = owner_client.post(f"/contacts/{contact.pk}/links/new/", {"application": foreign.pk, "role": "referred"})
    assert response.status_code == 400
    assert list(ApplicationContact.objects.values_list("application_id", "role")) == [(mine.pk, "referred")]


def test_a_letter_writer_with_requests_cannot_be_deleted(owner_client, owner):
    writer = make_writer(owner)
    LetterRequest.objects.create(owner=owner, application=make_application(owner), writer=writer)
    owner_client.post(f"/contacts/{writer.pk}/delete/")
    assert Contact.objects.filter(pk=writer.pk).exists()


def test_html_in_a_contact_and_an_interaction_comes_back_escaped(owner_client, owner):
    contact = Contact.objects.create(owner=owner, name="<b>Bold</b>", notes="<script>x()</script>")
    Interaction.objects.create(owner=owner, contact=contact, happened_on="2026-11-01", summary="<img src=x onerror=y>")
    body = owner_client.get(contact.get_absolute_url()).content.decode()
    assert "<script>x()" not in body and "<img src=x" not in body and "&lt;b&gt;Bold&lt;/b&gt;" in body


def big_network(owner, contacts=2000, interactions=400):
    institution = InstitutionFactory(owner=owner)
    people = Contact.objects.bulk_create(
        [
            Contact(
                owner=owner, name=f"Person {i:04d}", institution=institution if i % 2 else None, is_peer=bool(i % 3)
            )
            for i in range(contacts)
        ]
    )
    Interaction.objects.bulk_create(
        [
            Interaction(
                owner=owner, contact=people[i % 50], happened_on="2026-11-01", summary="chat", follow_up_on="2026-11-02"
            )
            for i in range(interactions)
        ]
    )
    return people[0]


@pytest.mark.parametrize("page", ["list", "detail", "search"])
def test_contact_pages_cost_the_same_queries_with_2000_contacts(client, django_user_model, page):
    urls = {
        "list": lambda first: "/contacts/",
        "detail": lambda first: first.get_absolute_url(),
        "search": lambda first: "/contacts/?q=Person&tag=peer",
    }
    sizes = {3: 2, 2000: 400}  # contacts: interactions
    fill = lambda user, contacts: big_network(user, contacts, sizes[contacts])  # noqa: E731
    assert_flat_queries(client, django_user_model, fill=fill, url=urls[page], sizes=(3, 2000))


def test_the_contact_page_shows_the_visits_where_they_were_met(owner_client, owner):
    application = make_application(owner, institution=InstitutionFactory(owner=owner, name="Brown University"))
    _visit, _item, person = make_visit_with_person(owner, application)
    body = owner_client.get(person.contact.get_absolute_url()).content.decode()
    assert "Met during the visit to Brown University" in body and "thank-you: to send" in body


def test_deleting_a_contact_says_it_also_removes_their_campus_visit_meetings(owner_client, owner):
    _visit, _item, person = make_visit_with_person(owner)
    page = owner_client.get(f"/contacts/{person.contact_id}/delete/").content.decode()
    assert "1 record of someone met" in page
