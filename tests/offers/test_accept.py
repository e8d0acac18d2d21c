"""Accepting one offer walks through the rest: the ticked applications are withdrawn or declined, the others kept."""

import pytest

from jobtracker.offers.models import Offer
from jobtracker.pipeline.models import Application, Stage, StageEvent
from tests.factories import InstitutionFactory, make_application, season_for
from tests.offers.factories import make_offer


def place(owner, name, stage_name, **kwargs):
    stage_name = None if stage_name == "Interested" else stage_name  # the first stage needs no move
    return make_application(owner, stage_name, institution=InstitutionFactory(owner=owner, name=name), **kwargs)


@pytest.fixture
def season(owner):
    """Two offers, two open applications, one closed and one from last season."""
    chosen = make_offer(owner, application=place(owner, "Carnegie Mellon University", "Offer"))
    rival = make_offer(
        owner,
        application=place(owner, "Google DeepMind", "Negotiating", kind="research_scientist"),
        currency="GBP",
        salary_period="twelve_month",
        status="negotiating",
    )
    submitted = place(owner, "Cornell University", "Submitted")
    interested = place(owner, "ETH Zurich", "Interested")
    rejected = place(owner, "Princeton University", "Rejected")
    earlier = place(
        owner, "University of Oxford", "Submitted", season=season_for(owner, season_for(owner).start_year - 1)
    )
    return {
        "chosen": chosen,
        "rival": rival,
        "submitted": submitted,
        "interested": interested,
        "rejected": rejected,
        "earlier": earlier,
    }


def stage_of(application):
    return Application.objects.select_related("stage").get(pk=application.pk).stage.name


def test_the_page_lists_this_seasons_open_applications_and_offers_pre_ticked(owner_client, season):
    response = owner_client.get(f"/offers/{season['chosen'].pk}/accept/")
    body = response.content.decode()
    listed = [application for application, _note in response.context["rows"]]
    assert set(listed) == {season["rival"].application, season["submitted"], season["interested"]}
    assert body.count('name="withdraw"') == 3 and body.count(" checked>") == 3
    assert "<strong>Decline</strong> the offer from" in body and "<strong>Withdraw</strong> from" in body
    assert "Nothing is sent to anyone" in body
    assert "Princeton University" not in body and "University of Oxford" not in body


def test_accepting_records_stage_changes_only_for_the_ticked_applications(owner_client, owner, season):
    untouched = StageEvent.objects.filter(application=season["interested"]).count()
    response = owner_client.post(
        f"/offers/{season['chosen'].pk}/accept/",
        {"withdraw": [season["rival"].application_id, season["submitted"].pk]},
    )
    assert response.status_code == 302
    assert stage_of(season["chosen"].application) == "Accepted"
    assert stage_of(season["rival"].application) == "Declined"
    assert stage_of(season["submitted"]) == "Withdrawn"
    assert stage_of(season["interested"]) == "Interested"
    assert StageEvent.objects.filter(application=season["interested"]).count() == untouched
    assert stage_of(season["rejected"]) == "Rejected" and stage_of(season["earlier"]) == "Submitted"
    statuses = dict(Offer.objects.values_list("pk", "status"))
    assert statuses == {season["chosen"].pk: "accepted", season["rival"].pk: "declined"}
    accepted_event = StageEvent.objects.filter(application=season["chosen"].application).first()
    assert accepted_event.note == "Accepted the offer from Carnegie Mellon University."


def test_a_post_with_nothing_ticked_changes_only_the_accepted_application(owner_client, owner, season):
    before = {a.pk: (a.stage_id, a.events.count()) for a in Application.objects.for_user(owner)}
    owner_client.post(f"/offers/{season['chosen'].pk}/accept/", {})
    after = {a.pk: (a.stage_id, a.events.count()) for a in Application.objects.for_user(owner)}
    changed = {pk for pk in before if before[pk] != after[pk]}
    assert changed == {season["chosen"].application_id}
    assert stage_of(season["chosen"].application) == "Accepted"
    assert Offer.objects.get(pk=season["rival"].pk).status == "negotiating"


def test_the_drafted_notes_are_polite_and_recorded_on_the_stage_change(owner_client, owner, season):
    owner.full_name = "Priya Raman"
    owner.save()
    page = owner_client.get(f"/offers/{season['chosen'].pk}/accept/")
    notes = {application.pk: note for application, note in page.context["rows"]}
    withdraw = notes[season["submitted"].pk]
    assert withdraw == (
        "Dear members of the search committee,\n\n"
        "I am writing to withdraw my application for the Assistant Professor position at Cornell University. "
        "I have accepted another position and do not want to take up more of your time.\n\n"
        "Thank you for considering my application; I hope our paths cross again.\n\n"
        "With best wishes,\nPriya Raman"
    )
    decline = notes[season["rival"].application_id]
    assert decline.startswith("Dear hiring team,\n\nThank you very much for your offer for the Assistant Professor")
    assert "at Google DeepMind" in decline and "respectfully decline your offer" in decline
    assert decline.endswith("With best wishes,\nPriya Raman")
    assert f">{withdraw.replace(chr(39), '&#x27;')}</textarea>" in page.content.decode()

    owner_client.post(f"/offers/{season['chosen'].pk}/accept/", {"withdraw": [season["submitted"].pk]})
    event = StageEvent.objects.filter(application=season["submitted"]).first()
    assert event.to_stage.name == "Withdrawn" and event.note == withdraw


def test_without_a_declined_stage_the_first_withdrawn_stage_is_used(owner_client, owner, season):
    Stage.objects.filter(owner=owner, name="Declined").update(is_archived=True)
    owner_client.post(f"/offers/{season['chosen'].pk}/accept/", {"withdraw": [season["rival"].application_id]})
    assert stage_of(season["rival"].application) == "Withdrawn"


def test_applications_outside_the_list_cannot_be_withdrawn(owner_client, owner, outsider, season):
    foreign = make_application(outsider)
    for pk in (foreign.pk, season["earlier"].pk, season["rejected"].pk):
        response = owner_client.post(f"/offers/{season['chosen'].pk}/accept/", {"withdraw": [pk]})
        assert response.status_code == 400
        assert "Nothing was changed" in response.content.decode()
    assert stage_of(season["chosen"].application) == "Offer"
    assert stage_of(foreign) == "Interested"


def test_nothing_changes_when_a_track_has_no_accepted_stage(owner_client, owner, season):
    Stage.objects.filter(owner=owner, track="faculty", category="won").update(category="offer")
    response = owner_client.post(f"/offers/{season['chosen'].pk}/accept/", {"withdraw": [season["submitted"].pk]})
    assert response.status_code == 400
    assert "has no stage for accepted offers" in response.content.decode()
    assert stage_of(season["submitted"]) == "Submitted"
    assert Offer.objects.get(pk=season["chosen"].pk).status == "pending"


def test_a_declined_offer_cannot_be_accepted_without_changing_its_status(owner_client, owner, season):
    Offer.objects.filter(pk=season["chosen"].pk).update(status="declined")
    response = owner_client.post(f"/offers/{season['chosen'].pk}/accept/", {})
    assert response.status_code == 302
    assert stage_of(season["chosen"].application) == "Offer"


def test_another_users_offer_cannot_be_accepted(client, outsider, season):
    client.force_login(outsider)
    assert client.post(f"/offers/{season['chosen'].pk}/accept/", {}).status_code == 404
    assert stage_of(season["chosen"].application) == "Offer"
