"""The contacts page's search box finds contacts as the search page does (core/text_search.py): every word somewhere
in the contact's text or its institution's name; on PostgreSQL ignoring accents, through the trigram indexes."""

import pytest
from django.db import connection
from django.urls import reverse

from jobtracker.network.filters import ContactFilter
from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Institution
from tests.factories import InstitutionFactory, UserFactory
from tests.front.test_search import analyze, plan_of

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL")


@pytest.fixture
def people(owner):
    cmu = InstitutionFactory(owner=owner, name="Carnegie Mellon University")
    Contact.objects.create(owner=owner, name="Zhen Ming Jiang", institution=cmu, notes="met at ICSE")
    Contact.objects.create(owner=owner, name="Grace Hopper", email="grace@navy.mil", department="Mathematics")
    Contact.objects.create(owner=owner, name="José Núñez", affiliation="Universidad de Chile")
    other = UserFactory(email="other@example.edu")
    Contact.objects.create(owner=other, name="Zhen Other", notes="met at ICSE")


def _names(client, query: str) -> list[str]:
    response = client.get(reverse("network:contact_list"), {"q": query})
    assert response.status_code == 200
    return sorted(contact.name for contact in response.context["page"].object_list)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("zhen icse", ["Zhen Ming Jiang"]),  # every word, in different columns
        ("zhen hopper", []),  # not one word in one contact and another in another
        ("carnegie", ["Zhen Ming Jiang"]),  # by the institution's name
        ("navy.mil", ["Grace Hopper"]),
        ("MATHEMATICS", ["Grace Hopper"]),
        ("100%", []),  # taken literally, not as a wildcard
    ],
)
def test_every_word_somewhere_in_the_owners_contacts(client, owner, people, query, found):
    client.force_login(owner)
    assert _names(client, query) == found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="accents are ignored on PostgreSQL only")
def test_accents_are_ignored_on_postgresql(client, owner, people):
    client.force_login(owner)
    assert _names(client, "jose nunez") == ["José Núñez"]


@postgresql_only
def test_a_search_of_thousands_of_contacts_uses_the_trigram_indexes(owner):
    institutions = Institution.objects.bulk_create(
        Institution(owner=owner, name=f"Institute {n}", department=f"Dept {n}") for n in range(5_000)
    )
    Contact.objects.bulk_create(
        Contact(owner=owner, name=f"Person {n}", institution=institutions[n % 5_000]) for n in range(10_000)
    )
    analyze("pipeline_institution", "network_contact")
    found = ContactFilter({"q": "xylophone"}, queryset=Contact.objects.for_user(owner), owner=owner).qs
    plan = plan_of(found)
    assert "Bitmap Index Scan on contact_search_trgm" in plan, plan
    assert "Seq Scan on network_contact" not in plan, plan


def test_a_capital_beyond_ascii_is_found_as_typed(client, owner):
    Contact.objects.create(owner=owner, name="Åsa Ödegaard")
    client.force_login(owner)
    assert _names(client, "Ödegaard") == ["Åsa Ödegaard"]


def test_a_query_of_one_letter_words_shows_nobody_rather_than_everybody(client, owner, people):
    client.force_login(owner)
    assert _names(client, "x y") == []
    assert len(_names(client, "")) == 3
