"""The applications board: columns per stage and track, its cards, and moves posted from it."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from jobtracker.materials import services as materials_services
from jobtracker.materials.models import Requirement
from jobtracker.pipeline import services
from jobtracker.pipeline.models import Application, Institution, Stage, StageEvent
from tests.factories import InstitutionFactory, make_application, make_document, season_for
from tests.interviews.factories import make_interview
from tests.queries import assert_flat_queries

BOARD = reverse("front:application_board")
HTMX = {"HTTP_HX_REQUEST": "true"}


def stage(owner, name, track="faculty"):
    return Stage.objects.get(owner=owner, track=track, name=name)


def industry_application(owner, stage_name=None, name="Google DeepMind"):
    institution = InstitutionFactory(owner=owner, name=name, kind=Institution.Kind.INDUSTRY_LAB)
    return make_application(owner, stage_name, institution=institution, title="Research Scientist")


def faculty_application(owner, stage_name=None, name="ETH Zurich", **fields):
    return make_application(owner, stage_name, institution=InstitutionFactory(owner=owner, name=name), **fields)


def layout(response) -> dict:
    """{track: {column: [institution names]}} as the board shows it; closed stages under "Closed: <stage>"."""
    shown = {}
    for track in response.context["board"].tracks:
        columns = {c.stage.name: c for c in track.columns} | {f"Closed: {c.stage.name}": c for c in track.closed}
        shown[track.value] = {
            name: [card.application.position.institution.name for card in column.cards]
            for name, column in columns.items()
        }
    return shown


def move_url(application, season=None):
    url = reverse("front:application_board_move", args=[application.pk])
    return f"{url}?season={season.pk}" if season else url


# The board


def test_each_application_sits_in_its_stage_column_of_its_track(owner_client, owner):
    faculty_application(owner, "Submitted", name="ETH Zurich")
    faculty_application(owner, "Rejected", name="University of Toronto")
    industry_application(owner, "Interviews", name="Google DeepMind")

    response = owner_client.get(BOARD)

    assert response.status_code == 200
    shown = layout(response)
    assert shown["faculty"]["Submitted"] == ["ETH Zurich"]
    assert shown["faculty"]["Closed: Rejected"] == ["University of Toronto"]
    assert shown["industry"]["Interviews"] == ["Google DeepMind"]
    assert list(shown["faculty"])[:7] == [
        "Interested",
        "Preparing",
        "Submitted",
        "First-round interview",
        "Campus visit",
        "Offer",
        "Negotiating",
    ]
    assert 'id="board-messages" aria-live="polite"' in response.content.decode()


def test_a_track_without_applications_this_season_is_left_out(owner_client, owner):
    faculty_application(owner)

    assert list(layout(owner_client.get(BOARD))) == ["faculty"]


def test_an_empty_season_says_so(owner_client, owner):
    assert "No applications in season" in owner_client.get(BOARD).content.decode()


def test_an_archived_stage_has_no_column_and_is_no_choice(owner_client, owner):
    faculty_application(owner, "Submitted")
    services.set_stage_archived(stage=stage(owner, "Preparing"), archived=True)
    services.set_stage_archived(stage=stage(owner, "No response"), archived=True)

    response = owner_client.get(BOARD)

    columns = layout(response)["faculty"]
    assert "Preparing" not in columns and "Closed: No response" not in columns
    html = response.content.decode()
    assert ">Preparing<" not in html and ">No response<" not in html


def test_another_users_applications_are_absent(owner_client, owner, outsider):
    faculty_application(owner, name="ETH Zurich")
    faculty_application(outsider, name="Outsider University")

    response = owner_client.get(BOARD)

    assert "Outsider University" not in response.content.decode()
    assert layout(response)["faculty"]["Interested"] == ["ETH Zurich"]


def test_the_season_picker_chooses_the_season_shown(owner_client, owner):
    current = season_for(owner)
    last = season_for(owner, current.start_year - 1)
    faculty_application(owner, name="This Season University")
    faculty_application(owner, name="Last Season University", season=last)

    default = owner_client.get(BOARD)
    chosen = owner_client.get(BOARD, {"season": last.pk})
    nonsense = owner_client.get(BOARD, {"season": "not-a-season"})

    assert layout(default)["faculty"]["Interested"] == ["This Season University"]
    assert layout(chosen)["faculty"]["Interested"] == ["Last Season University"]
    assert chosen.context["season"] == last
    assert f'<option value="{last.pk}" selected>' in chosen.content.decode()
    assert layout(nonsense)["faculty"]["Interested"] == ["This Season University"]
    assert f'action="{move_url(Application.objects.get(position__season=last), last)}"' in chosen.content.decode()


def test_a_card_shows_the_countdown_the_checklist_and_the_next_interview(owner_client, owner):
    application = faculty_application(  # still being prepared: the deadline counts (not once submitted)
        owner, "Preparing", deadline_date=timezone.localdate() + dt.timedelta(days=5), deadline_tz="Europe/Berlin"
    )
    requirement = Requirement.objects.create(owner=owner, position=application.position, kind="research_statement")
    version = make_document(owner).versions.get()
    materials_services.attach(application=application, requirement=requirement, version=version)
    soon = timezone.localdate() + dt.timedelta(days=10)
    make_interview(owner, application, start_date=timezone.localdate() - dt.timedelta(days=20))  # over
    make_interview(owner, application, kind="phone", start_date=soon + dt.timedelta(days=7))
    make_interview(owner, application, kind="video", start_date=soon)

    html = owner_client.get(BOARD).content.decode()

    assert "5 days" in html
    assert "1 of 4" in html  # the statement is in; none of the three letters yet
    assert "Next: " in html and "Video first round" in html and "Phone screen" not in html
    assert f'href="{application.get_absolute_url()}"' in html


def test_the_move_menu_offers_the_tracks_other_stages_starting_at_the_next_one(owner_client, owner):
    application = faculty_application(owner, "Submitted")

    html = owner_client.get(BOARD).content.decode()

    menu = html[html.index(f'id="move-{application.pk}"') :]
    menu = menu[: menu.index("</select>")]
    assert f'value="{stage(owner, "First-round interview").pk}" selected' in menu
    assert f'value="{stage(owner, "Submitted").pk}"' not in menu
    assert f'value="{stage(owner, "Interviews", "industry").pk}"' not in menu
    assert '<optgroup label="Closed">' in menu


def test_the_board_costs_the_same_queries_for_2_and_30_applications(client, django_user_model):
    def fill(user, size):
        for n in range(size):
            application = faculty_application(user, "Submitted", name=f"University {n}")
            Requirement.objects.create(owner=user, position=application.position, kind="cv")
            make_interview(user, application, start_date=timezone.localdate() + dt.timedelta(days=3 + n))
        industry_application(user, "Rejected", name="Closed Lab")

    assert_flat_queries(client, django_user_model, fill=fill, url=BOARD, sizes=(2, 30))


# Moving from the board


def test_a_move_records_one_stage_event_exactly_as_the_move_form_does(owner_client, owner):
    by_board = faculty_application(owner, "Submitted", name="ETH Zurich")
    by_form = faculty_application(owner, "Submitted", name="University of Toronto")
    target = stage(owner, "First-round interview")
    before = StageEvent.objects.count()

    response = owner_client.post(move_url(by_board), {"to_stage": target.pk}, **HTMX)
    owner_client.post(reverse("front:application_move", args=[by_form.pk]), {"to_stage": target.pk})

    assert response.status_code == 200
    assert StageEvent.objects.count() == before + 2
    board_event = by_board.events.order_by("-pk").first()
    form_event = by_form.events.order_by("-pk").first()
    as_recorded = ("from_stage_id", "to_stage_id", "note", "owner_id")
    assert [getattr(board_event, f) for f in as_recorded] == [getattr(form_event, f) for f in as_recorded]
    assert abs(board_event.occurred_at - form_event.occurred_at) < dt.timedelta(minutes=1)
    by_board.refresh_from_db()
    assert by_board.stage == target and by_board.stage_changed_at == board_event.occurred_at
    assert layout(response)["faculty"]["First-round interview"] == ["ETH Zurich"]
    html = response.content.decode()
    assert 'id="board"' in html and 'hx-swap-oob="innerHTML"' in html
    assert "Moved ETH Zurich to First-round interview." in html
    assert "<html" not in html  # the board and its notice, not a whole page


def test_a_move_to_a_closed_stage_lands_in_the_closed_column(owner_client, owner):
    application = faculty_application(owner, "Submitted")

    response = owner_client.post(move_url(application), {"to_stage": stage(owner, "Rejected").pk}, **HTMX)

    assert layout(response)["faculty"]["Closed: Rejected"] == ["ETH Zurich"]


def test_the_no_javascript_move_redirects_back_to_the_board_keeping_the_season(owner_client, owner):
    current = season_for(owner)
    last = season_for(owner, current.start_year - 1)
    application = faculty_application(owner, "Submitted", season=last)

    response = owner_client.post(move_url(application, last), {"to_stage": stage(owner, "Campus visit").pk})

    assert response.status_code == 302
    assert response["Location"] == f"{BOARD}?season={last.pk}#card-{application.pk}"
    page = owner_client.get(response["Location"])
    assert "Moved ETH Zurich to Campus visit." in page.content.decode()
    assert layout(page)["faculty"]["Campus visit"] == ["ETH Zurich"]
    application.refresh_from_db()
    assert application.stage.name == "Campus visit"


REFUSALS = {
    "archived": ("archived", "is archived; restore it under Stages"),
    "other_track": ("other_track", "Pick a stage of this application's own track."),
    "other_user": ("other_user", "That stage no longer exists"),
    "deleted": ("deleted", "That stage no longer exists"),
    "same": ("same", "The application is already at"),
    "empty": ("empty", "Pick a stage to move the application to."),
    "garbage": ("garbage", "That stage no longer exists"),
}


def refused_stage(kind, owner, outsider):
    if kind == "archived":
        campus = stage(owner, "Campus visit")
        services.set_stage_archived(stage=campus, archived=True)
        return campus.pk
    return {
        "other_track": lambda: stage(owner, "Interviews", "industry").pk,
        "other_user": lambda: stage(outsider, "First-round interview").pk,
        "deleted": lambda: Stage.objects.order_by("-pk").first().pk + 1000,
        "same": lambda: stage(owner, "Submitted").pk,
        "empty": lambda: "",
        "garbage": lambda: "9" * 40,
    }[kind]()


@pytest.mark.parametrize("kind", sorted(REFUSALS))
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_a_refused_move_says_why_and_changes_nothing(owner_client, owner, outsider, kind, htmx):
    application = faculty_application(owner, "Submitted")
    to_stage = refused_stage(kind, owner, outsider)
    events = StageEvent.objects.count()

    response = owner_client.post(move_url(application), {"to_stage": to_stage}, **(HTMX if htmx else {}))

    said = REFUSALS[kind][1]
    if htmx:
        assert response.status_code == 400
        assert said in unescape(response.content.decode())
        assert layout(response)["faculty"]["Submitted"] == ["ETH Zurich"]  # the card is back in its column
    else:
        assert response.status_code == 302 and response["Location"].startswith(BOARD)
        assert said in unescape(owner_client.get(response["Location"]).content.decode())
    assert StageEvent.objects.count() == events
    application.refresh_from_db()
    assert application.stage.name == "Submitted"


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_moving_an_application_deleted_meanwhile_answers_404_with_the_board_and_a_message(owner_client, owner, htmx):
    application = faculty_application(owner, "Submitted", name="Deleted University")
    faculty_application(owner, "Submitted", name="ETH Zurich")
    url = move_url(application)
    Application.objects.filter(pk=application.pk).delete()  # in another tab

    response = owner_client.post(url, {"to_stage": stage(owner, "Campus visit").pk}, **(HTMX if htmx else {}))

    assert response.status_code == 404
    html = response.content.decode()
    assert "That application no longer exists" in html
    assert layout(response)["faculty"]["Submitted"] == ["ETH Zurich"]
    assert ("<html" in html) is not htmx


def test_another_users_application_cannot_be_moved(client, owner, outsider):
    application = faculty_application(owner, "Submitted")
    client.force_login(outsider)

    response = client.post(move_url(application), {"to_stage": stage(owner, "Campus visit").pk}, **HTMX)

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.stage.name == "Submitted"
    assert "ETH Zurich" not in response.content.decode()


def test_the_move_endpoint_refuses_a_get(owner_client, owner):
    application = faculty_application(owner)

    assert owner_client.get(move_url(application)).status_code == 405
