"""The contact filter's places: only institutions where the owner has contacts, read without walking the owner's
contacts once per institution (SQLite did, as a correlated EXISTS: 1.7 s with 23,566 contacts)."""

from django.db import connection

from jobtracker.network.filters import ContactFilter
from jobtracker.network.models import Contact
from tests.factories import InstitutionFactory, UserFactory


def test_only_places_with_the_owners_contacts(owner):
    with_contact, without = InstitutionFactory(owner=owner, name="Brown"), InstitutionFactory(owner=owner, name="Yale")
    other = UserFactory(email="other@example.edu")
    Contact.objects.create(owner=owner, name="Ada", institution=with_contact)
    Contact.objects.create(owner=other, name="Bob", institution=InstitutionFactory(owner=other, name="Yale"))
    places = ContactFilter({}, queryset=Contact.objects.for_user(owner), owner=owner).filters["institution"].queryset
    assert list(places) == [with_contact]
    assert without not in places


def test_the_owners_contacts_are_read_once_not_per_place(owner):
    places = ContactFilter({}, queryset=Contact.objects.for_user(owner), owner=owner).filters["institution"].queryset
    sql, params = places.query.sql_with_params()
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "CORRELATED" not in plan.upper()
