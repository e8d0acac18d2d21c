from django.core.management import call_command

from jobtracker.accounts.models import User
from jobtracker.interviews.models import Interview, ItineraryPerson
from jobtracker.pipeline import demo


def test_the_demo_account_has_a_first_round_and_a_two_day_campus_visit_with_people_met(client, db):
    call_command("seed_demo")
    user = User.objects.get(email=demo.DEMO_EMAIL)
    interviews = Interview.objects.for_user(user).select_related("application__position__institution")
    assert {"video", "campus_visit"} <= {i.kind for i in interviews}

    visit = interviews.get(kind="campus_visit")
    assert visit.application.position.institution.name == "Stanford University"
    assert len(visit.days) == 2 and visit.items.count() >= 12
    people = ItineraryPerson.objects.filter(item__interview=visit)
    assert people.filter(thank_you_status="sent").exists() and people.filter(thank_you_status="to_send").exists()

    client.force_login(user)
    for url in ("/interviews/", visit.get_absolute_url(), f"/interviews/{visit.pk}/itinerary/print/"):
        assert client.get(url).status_code == 200
    assert "Prof. Helen Whitfield" in client.get(visit.get_absolute_url()).content.decode()
