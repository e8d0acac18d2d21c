"""Offer pages: ownership, the comparison and its chart, query counts, default criteria, demo data."""

import datetime as dt
import importlib
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobtracker.accounts.models import User
from jobtracker.offers.defaults import DEFAULT_CRITERIA
from jobtracker.offers.models import Criterion, ExchangeRate, NegotiationEntry, Offer, OfferSettings, Score
from jobtracker.pipeline import demo
from tests.factories import InstitutionFactory, make_application
from tests.offers.factories import make_offer, offer_objects, score
from tests.queries import assert_flat_queries


@pytest.fixture
def foreign(outsider):
    """Another user's offer, criterion, score, negotiation entry and rate."""
    return offer_objects(outsider, make_application(outsider))


@pytest.mark.parametrize(
    "url",
    [
        "/offers/{offer}/",
        "/offers/{offer}/edit/",
        "/offers/{offer}/delete/",
        "/offers/{offer}/scores/",
        "/offers/{offer}/negotiation/",
        "/offers/{offer}/accept/",
        "/offers/criteria/{criterion}/edit/",
        "/offers/criteria/{criterion}/delete/",
        "/offers/scores/{score}/edit/",
    ],
)
def test_another_users_offer_criterion_or_score_answers_404(owner_client, foreign, url):
    address = url.format(**{key: obj.pk for key, obj in foreign.items()})
    assert owner_client.get(address).status_code == 404
    assert owner_client.post(address, {"value": "1", "name": "Mine", "weight": "1"}).status_code == 404


def test_posts_to_another_users_rows_change_nothing(owner_client, foreign):
    owner_client.post(f"/offers/negotiation/{foreign['negotiation'].pk}/delete/")
    owner_client.post(f"/offers/rates/{foreign['rate'].pk}/delete/")
    owner_client.post(f"/offers/scores/{foreign['score'].pk}/edit/", {"value": "1"})
    assert NegotiationEntry.objects.filter(pk=foreign["negotiation"].pk).exists()
    assert ExchangeRate.objects.filter(pk=foreign["rate"].pk).exists()
    assert Score.objects.get(pk=foreign["score"].pk).value == 4


def test_new_users_start_with_the_default_criteria(db):
    user = User.objects.create_user("new@example.edu", "pw-long-enough-1")
    names = list(Criterion.objects.for_user(user).values_list("name", flat=True))
    assert names == [name for name, _description, _weight in DEFAULT_CRITERIA]
    assert "Focus (few hats rather than many)" in names


def test_accounts_older_than_the_matrix_get_the_defaults_from_a_migration_not_a_page_view(owner_client, owner):
    from django.apps import apps

    seed = importlib.import_module("jobtracker.offers.migrations.0002_default_criteria_for_older_accounts").seed
    Criterion.objects.filter(owner=owner).delete()
    OfferSettings.objects.filter(owner=owner).delete()
    owner_client.get("/offers/compare/")
    assert not Criterion.objects.for_user(owner).exists(), "a GET wrote rows"
    seed(apps, None)
    assert Criterion.objects.for_user(owner).count() == len(DEFAULT_CRITERIA)
    seed(apps, None)  # once only
    assert Criterion.objects.for_user(owner).count() == len(DEFAULT_CRITERIA)


def test_deleting_every_criterion_does_not_bring_the_defaults_back(owner_client, owner):
    Criterion.objects.filter(owner=owner).delete()
    owner_client.get("/offers/criteria/")
    assert not Criterion.objects.for_user(owner).exists()


def test_the_list_shows_status_deadline_and_annual_cash_with_its_assumption(owner_client, owner):
    make_offer(
        owner,
        institution_name="Carnegie Mellon University",
        response_deadline_date=dt.date(2027, 2, 15),
        response_deadline_time=dt.time(17, 0),
    )
    make_offer(
        owner,
        institution_name="ETH Zurich",
        currency="CHF",
        salary_period="twelve_month",
        base_salary=Decimal(150000),
        sign_on=Decimal(20000),
    )
    body = owner_client.get("/offers/").content.decode()
    assert "USD 146,667" in body and "9-month salary × (9 + 2 summer months) / 9" in body
    assert "Mon 15 Feb 2027, 23:00 CET" in body and "17:00 EST in America/New_York" in body
    assert "CHF 150,000" in body and "no rate for CHF — <a" in body
    assert "Year 1 total" in body and "CHF 170,000" in body and "sign-on CHF 20,000 (year 1 only)" in body
    ExchangeRate.objects.create(owner=owner, currency="CHF", rate=Decimal("1.1"))
    body = owner_client.get("/offers/").content.decode()
    assert "USD 165,000 <span" in body and "(at 1 CHF = 1.1 USD)" in body


def ranked_pair(owner):
    """Two scored offers on the default weights (research 3, location 2, the rest 2, 2, 1, 1, 1, 1, 1; sum 14).

    MIT: research 5, the rest unscored (3): 3·5 + 11·3 = 48, total 48/14 = 3.43.
    CMU: research 4, location 4, the rest 3: 3·4 + 2·4 + 9·3 = 47, total 47/14 = 3.36.
    D = 1; research 3 → 2 (gap 1) or location 2 → 3 (gap -1) each make CMU tie; the first criterion is kept.
    """
    cmu = make_offer(owner, institution_name="Carnegie Mellon University")
    mit = make_offer(owner, institution_name="Massachusetts Institute of Technology")
    criteria = {c.name: c for c in Criterion.objects.for_user(owner)}
    score(mit, criteria["Research fit and freedom"], 5, "complete freedom")
    score(cmu, criteria["Research fit and freedom"], 4)
    score(cmu, criteria["Location and city"], 4)
    return cmu, mit


def test_the_comparison_ranks_offers_and_says_which_weight_change_would_flip_it(owner_client, owner):
    ranked_pair(owner)
    body = owner_client.get("/offers/compare/").content.decode()
    section = body.split('id="sensitivity"')[1].split("</section>")[0]
    assert "Massachusetts Institute of Technology is first" in section
    assert "lower the weight of “Research fit and freedom” from 3 to 2</strong> (−1)" in section
    assert "Carnegie Mellon University then ties with Massachusetts Institute of Technology" in section
    assert body.index("<strong>3.43</strong>") < body.index("<strong>3.36</strong>")
    assert "(unscored, counted as 3)" in body and "complete freedom" in body


def test_the_comparison_says_already_tied_for_a_tie_at_the_top(owner_client, owner):
    cmu = make_offer(owner, institution_name="Carnegie Mellon University")
    make_offer(owner, institution_name="Massachusetts Institute of Technology")
    score(cmu, Criterion.objects.for_user(owner).get(name="Compensation"), 3)
    body = owner_client.get("/offers/compare/").content.decode()
    assert "Already tied: Carnegie Mellon University and Massachusetts Institute of Technology" in body


def test_the_chart_is_inline_svg_with_no_external_url(owner_client, owner):
    ranked_pair(owner)
    body = owner_client.get("/offers/compare/").content.decode()
    charts = re.findall(r"<svg\b.*?</svg>", body, re.S)
    assert len([c for c in charts if "<rect" in c and "<title>" in c]) == 2
    for chart in charts:
        assert "http" not in chart and "href" not in chart and "url(" not in chart and "<script" not in chart
    assert "Weighted totals (1 to 5)" in body and "Scores per criterion" in body
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', body)
    assert scripts and all(src.startswith("/static/") for src in scripts), scripts


def fill(owner, size):
    """`size` offers with scores, a negotiation entry each and mixed currencies (one without a rate)."""
    criteria = list(Criterion.objects.for_user(owner))
    ExchangeRate.objects.create(owner=owner, currency="GBP", rate=Decimal("1.27"))
    for i in range(size):
        currency = ["USD", "GBP", "EUR"][i % 3]
        offer = make_offer(
            owner,
            application=make_application(owner, institution=InstitutionFactory(owner=owner, name=f"University {i}")),
            currency=currency,
            sign_on=Decimal(10000),
            bonus=Decimal(5000),
            response_deadline_date=dt.date(2027, 3, 1 + i),
        )
        for j, criterion in enumerate(criteria[: 3 + i % 5]):
            score(offer, criterion, 1 + (i + j) % 5, "note")
        NegotiationEntry.objects.create(owner=owner, offer=offer, occurred_on=dt.date(2027, 2, 2), asked="More")


@pytest.mark.parametrize("path", ["/offers/compare/", "/offers/compare/?all=1", "/offers/", "/offers/criteria/"])
def test_offer_pages_cost_the_same_queries_with_2_and_12_offers(client, django_user_model, path):
    assert_flat_queries(client, django_user_model, fill=fill, url=path, sizes=(2, 12))


def test_an_offer_page_costs_the_same_with_many_negotiation_entries(owner_client, owner):
    counts = []
    for size in (2, 12):
        offer = make_offer(owner, application=make_application(owner))
        for i in range(size):
            NegotiationEntry.objects.create(owner=owner, offer=offer, occurred_on=dt.date(2027, 2, 2), asked=str(i))
        with CaptureQueriesContext(connection) as context:
            owner_client.get(f"/offers/{offer.pk}/")
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_the_application_page_links_to_its_offer_or_offers_to_record_one(owner_client, owner):
    open_application = make_application(owner)
    assert "Record an offer" not in owner_client.get(f"/applications/{open_application.pk}/").content.decode()
    at_offer = make_application(owner, stage_name="Offer")
    body = owner_client.get(f"/applications/{at_offer.pk}/").content.decode()
    assert f"/offers/new/?application={at_offer.pk}" in body
    offer = make_offer(owner, application=at_offer)
    assert f"/offers/{offer.pk}/" in owner_client.get(f"/applications/{at_offer.pk}/").content.decode()


def test_deleting_an_offer_asks_first_and_keeps_the_application(owner_client, owner):
    offer = make_offer(owner)
    page = owner_client.get(f"/offers/{offer.pk}/delete/").content.decode()
    assert "The application and its stage history are kept" in page
    owner_client.post(f"/offers/{offer.pk}/delete/")
    assert not Offer.objects.exists()
    assert offer.application.__class__.objects.filter(pk=offer.application_id).exists()


def test_the_demo_account_has_offers_to_compare(db):
    call_command("seed_demo")
    user = User.objects.get(email=demo.DEMO_EMAIL)
    offers = Offer.objects.for_user(user).select_related("application__position__institution")
    by_place = {o.application.position.institution.name: o for o in offers}
    cmu = by_place["Carnegie Mellon University"]
    assert (cmu.salary_period, cmu.summer_months, cmu.currency) == ("nine_month", 2, "USD")
    deepmind = by_place["Google DeepMind"]
    assert deepmind.currency == "GBP" and deepmind.sign_on and deepmind.bonus_percent and deepmind.equity_amount
    assert (deepmind.equity_vesting_years, deepmind.equity_cliff_months) == (4, 12)
    assert ExchangeRate.objects.for_user(user).filter(currency="GBP").exists()
    assert NegotiationEntry.objects.for_user(user).exists() and Score.objects.for_user(user).count() > 20
    assert {o.status for o in offers} >= {"pending", "negotiating", "accepted"}


def test_the_criteria_legend_follows_the_ranking_and_each_offer_keeps_its_colour(owner):
    from jobtracker.offers.selectors import comparison

    cmu, mit = ranked_pair(owner)  # CMU is first in the list, MIT first in the ranking
    compared = comparison(user=owner)
    legend = compared.criteria_chart.legend
    assert next(label for _colour, label in legend).startswith("Massachusetts")
    colours = {column.offer.pk: column.colour for column in compared.columns}
    assert [colour for colour, _label in legend] == [colours[mit.pk], colours[cmu.pk]]
    assert colours[cmu.pk] != colours[mit.pk]
