"""The applications board in a real Chromium: drag a card to another column, then move it by keyboard only."""

import pytest
from playwright.sync_api import expect

from jobtracker.pipeline.models import Stage, StageEvent
from tests.factories import PASSWORD, InstitutionFactory, UserFactory, make_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_CARD = "document.activeElement.closest('[data-application]')?.dataset.application"


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def drag(page, card, column):
    """Press on the card's title, move in small steps (SortableJS follows real pointer moves), release."""
    start = card.locator(".board-card-link").bounding_box()
    end = column.bounding_box()
    page.mouse.move(start["x"] + 10, start["y"] + 10)
    page.mouse.down()
    page.mouse.move(start["x"] + 30, start["y"] + 30, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 20, steps=20)
    page.mouse.up()


def test_a_card_is_dragged_to_the_next_column_then_moved_on_with_the_keyboard(page):
    owner = UserFactory(email="board@example.edu")
    stages = {s.name: s for s in Stage.objects.filter(owner=owner, track="faculty")}
    eth = make_application(owner, "Submitted", institution=InstitutionFactory(owner=owner, name="ETH Zurich"))
    make_application(owner, "Submitted", institution=InstitutionFactory(owner=owner, name="University of Toronto"))
    log_in(page, owner)
    page.goto("/applications/board/")

    first_round = page.locator(f'.board-list[data-stage="{stages["First-round interview"].pk}"]')
    card = page.locator(f"#card-{eth.pk}")
    drag(page, card, first_round)

    expect(page.locator("#board-messages")).to_contain_text("Moved ETH Zurich to First-round interview.")
    expect(first_round.locator(f"#card-{eth.pk}")).to_be_visible()
    assert page.evaluate(FOCUSED_CARD) == str(eth.pk)
    page.reload()
    expect(first_round.locator(f"#card-{eth.pk}")).to_be_visible()
    submitted = page.locator(f'.board-list[data-stage="{stages["Submitted"].pk}"]')
    expect(submitted).to_contain_text("University of Toronto")
    expect(submitted).not_to_contain_text("ETH Zurich")
    event = eth.events.order_by("-pk").first()
    assert (event.from_stage.name, event.to_stage.name) == ("Submitted", "First-round interview")

    page.locator(f"#card-{eth.pk} .board-card-link").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"move-{eth.pk}"
    assert page.input_value(f"#move-{eth.pk}") == str(stages["Campus visit"].pk)  # the next stage comes first
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    expect(page.locator("#board-messages")).to_contain_text("Moved ETH Zurich to Offer.")
    offer = page.locator(f'.board-list[data-stage="{stages["Offer"].pk}"]')
    expect(offer.locator(f"#card-{eth.pk}")).to_be_visible()
    assert page.evaluate(FOCUSED_CARD) == str(eth.pk)
    eth.refresh_from_db()
    assert eth.stage.name == "Offer"
    assert StageEvent.objects.filter(application=eth).count() == 4  # started, submitted, first round, offer
