"""Recording and editing offers, scores, criteria and rates: bad input is a field error and saves nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jobtracker.offers import services
from jobtracker.offers.models import Criterion, ExchangeRate, NegotiationEntry, Offer, Score
from tests.factories import make_application
from tests.offers.factories import make_offer


def offer_data(application=None, **changes):
    data = {
        "status": "pending",
        "received_on": "2027-02-01",
        "response_deadline_date": "2027-02-15",
        "response_deadline_time": "17:00",
        "response_deadline_tz": "America/New_York",
        "currency": "USD",
        "base_salary": "120000",
        "salary_period": "nine_month",
        "summer_months": "2",
    }
    if application is not None:
        data["application"] = application.pk
    data.update(changes)
    return data


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_an_offer_is_recorded_with_its_deadline_instant_in_utc(owner_client, owner):
    application = make_application(owner, stage_name="Offer")
    response = owner_client.post("/offers/new/", offer_data(application, currency="chf"))
    offer = Offer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/offers/{offer.pk}/"
    assert offer.currency == "CHF"
    assert offer.response_deadline_at == dt.datetime(2027, 2, 15, 22, 0, tzinfo=dt.UTC)


def test_a_response_deadline_without_a_time_means_the_end_of_that_day_in_its_zone(owner):
    offer = make_offer(owner, response_deadline_date=dt.date(2027, 3, 1), response_deadline_tz="Europe/Zurich")
    assert offer.response_deadline_at == dt.datetime(2027, 3, 1, 22, 59, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"base_salary": "-1"}, "base_salary", "cannot be negative"),
        ({"sign_on": "-5000"}, "sign_on", "cannot be negative"),
        ({"equity_amount": "-0.01"}, "equity_amount", "cannot be negative"),
        (
            {"response_deadline_date": "2027-01-31"},
            "response_deadline_date",
            "cannot come before the offer was received",
        ),
        ({"response_deadline_date": "", "response_deadline_time": "17:00"}, "response_deadline_date", "date as well"),
        ({"summer_months": "4"}, "summer_months", "less than or equal to 3"),
        ({"currency": "US$"}, "currency", "three-letter ISO currency code"),
        ({"received_on": "3000-01-01"}, "received_on", "between 1 Jan 2000 and 31 Dec 2100"),
        ({"base_salary": "lots"}, "base_salary", "Enter a number"),
        ({"status": "maybe"}, "status", "Select a valid choice"),
    ],
)
def test_bad_offer_terms_are_a_field_error_and_save_nothing(owner_client, owner, changes, field, message):
    application = make_application(owner, stage_name="Offer")
    response = owner_client.post("/offers/new/", offer_data(application, **changes))
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, field)), field_errors(response, field)
    assert "Nothing was saved" in response.content.decode()
    assert not Offer.objects.exists()


def test_a_bad_edit_changes_nothing(owner_client, owner):
    offer = make_offer(owner)
    response = owner_client.post(
        f"/offers/{offer.pk}/edit/", offer_data(base_salary="-1", response_deadline_date="2027-01-01")
    )
    assert field_errors(response, "base_salary") and field_errors(response, "response_deadline_date")
    offer.refresh_from_db()
    assert offer.base_salary == Decimal(120000) and offer.response_deadline_date is None


def test_an_edit_saves_new_terms(owner_client, owner):
    offer = make_offer(owner)
    response = owner_client.post(f"/offers/{offer.pk}/edit/", offer_data(base_salary="125000", sign_on="10000"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.base_salary, offer.sign_on) == (Decimal(125000), Decimal(10000))


def test_an_application_takes_only_one_offer(owner_client, owner):
    offer = make_offer(owner)
    response = owner_client.get(f"/offers/new/?application={offer.application_id}")
    assert response.status_code == 302 and response["Location"] == f"/offers/{offer.pk}/"
    response = owner_client.post("/offers/new/", offer_data(offer.application))
    assert "Select a valid choice" in str(field_errors(response, "application"))
    assert Offer.objects.count() == 1


def test_an_offer_cannot_be_recorded_for_another_users_application(owner_client, outsider):
    foreign = make_application(outsider)
    assert owner_client.get(f"/offers/new/?application={foreign.pk}").status_code == 404
    response = owner_client.post("/offers/new/", offer_data(foreign))
    assert "Select a valid choice" in str(field_errors(response, "application"))
    assert not Offer.objects.exists()


def score_data(owner, **values):
    return {f"score_{c.pk}": values.get(c.name, "") for c in Criterion.objects.for_user(owner)}


@pytest.mark.parametrize("bad", ["6", "0", "-1", "five", "3.5"])
def test_a_score_outside_one_to_five_is_a_field_error_and_saves_nothing(owner_client, owner, bad):
    offer = make_offer(owner)
    research = Criterion.objects.get(owner=owner, name="Research fit and freedom")
    data = score_data(owner, **{"Research fit and freedom": bad, "Compensation": "4"})
    response = owner_client.post(f"/offers/{offer.pk}/scores/", data)
    assert response.status_code == 200
    assert "Give a score from 1 to 5" in str(response.context["form"].errors[f"score_{research.pk}"])
    assert not Score.objects.exists()


def test_scores_and_notes_are_saved_and_an_empty_score_unscores(owner_client, owner):
    offer = make_offer(owner)
    research = Criterion.objects.get(owner=owner, name="Research fit and freedom")
    data = score_data(owner, **{"Research fit and freedom": "5", "Compensation": "2"})
    data[f"note_{research.pk}"] = "  Full freedom, two students a year  "
    assert owner_client.post(f"/offers/{offer.pk}/scores/", data).status_code == 302
    assert {(s.criterion.name, s.value, s.note) for s in Score.objects.select_related("criterion")} == {
        ("Research fit and freedom", 5, "Full freedom, two students a year"),
        ("Compensation", 2, ""),
    }
    owner_client.post(f"/offers/{offer.pk}/scores/", score_data(owner, **{"Research fit and freedom": "4"}))
    assert list(Score.objects.values_list("value", flat=True)) == [4]


def test_the_score_service_refuses_a_value_outside_one_to_five(owner):
    offer = make_offer(owner)
    criterion = Criterion.objects.for_user(owner).first()
    with pytest.raises(ValidationError):
        services.save_scores(offer=offer, scores={criterion: (6, "")})
    assert not Score.objects.exists()


def test_a_score_for_another_users_criterion_is_ignored(owner_client, owner, outsider):
    offer = make_offer(owner)
    foreign = Criterion.objects.for_user(outsider).first()
    owner_client.post(f"/offers/{offer.pk}/scores/", {f"score_{foreign.pk}": "5"})
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("weight", "message"),
    [("heavy", "Enter a number"), ("-1", "greater than or equal to 0"), ("101", "less than or equal to 100")],
)
def test_a_weight_that_is_not_a_number_in_range_is_a_field_error_and_saves_nothing(
    owner_client, owner, weight, message
):
    before = Criterion.objects.for_user(owner).count()
    response = owner_client.post("/offers/criteria/", {"name": "Two-body problem", "weight": weight})
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors["weight"])
    assert Criterion.objects.for_user(owner).count() == before


def test_reweighting_with_a_bad_weight_keeps_the_old_one(owner_client, owner):
    criterion = Criterion.objects.for_user(owner).first()
    prefix = f"c{criterion.pk}"
    response = owner_client.post(
        f"/offers/criteria/{criterion.pk}/edit/", {f"{prefix}-name": criterion.name, f"{prefix}-weight": "lots"}
    )
    assert "Enter a number" in str(response.context["form"].errors["weight"])
    criterion.refresh_from_db()
    assert criterion.weight == Decimal(3)
    owner_client.post(
        f"/offers/criteria/{criterion.pk}/edit/", {f"{prefix}-name": "Research freedom", f"{prefix}-weight": "4.5"}
    )
    criterion.refresh_from_db()
    assert (criterion.name, criterion.weight) == ("Research freedom", Decimal("4.5"))


def test_a_criterion_name_is_unique_regardless_of_case(owner_client, owner):
    response = owner_client.post("/offers/criteria/", {"name": "COMPENSATION", "weight": "1"})
    assert "already have a criterion with this name" in response.content.decode()


def test_deleting_a_criterion_asks_first_and_takes_its_scores(owner_client, owner):
    offer = make_offer(owner)
    criterion = Criterion.objects.for_user(owner).first()
    Score.objects.create(owner=owner, offer=offer, criterion=criterion, value=4)
    page = owner_client.get(f"/offers/criteria/{criterion.pk}/delete/").content.decode()
    assert "1 score" in page
    owner_client.post(f"/offers/criteria/{criterion.pk}/delete/")
    assert not Criterion.objects.filter(pk=criterion.pk).exists() and not Score.objects.exists()


def test_a_negotiation_entry_needs_what_was_asked_and_saves_nothing_without_it(owner_client, owner):
    offer = make_offer(owner)
    response = owner_client.post(f"/offers/{offer.pk}/negotiation/", {"occurred_on": "2027-02-03", "asked": ""})
    assert "This field is required" in str(response.context["form"].errors["asked"])
    assert not NegotiationEntry.objects.exists()
    data = {"occurred_on": "2027-02-03", "asked": "A second summer month", "answer": "Yes"}
    owner_client.post(f"/offers/{offer.pk}/negotiation/", data)
    offer.refresh_from_db()
    assert NegotiationEntry.objects.get().asked == "A second summer month"
    assert offer.status == "negotiating"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"rate-currency": "CHF", "rate-rate": "0"}, "rate", "greater than zero"),
        ({"rate-currency": "CHF", "rate-rate": "-1.1"}, "rate", "greater than zero"),
        ({"rate-currency": "CHF", "rate-rate": "abc"}, "rate", "Enter a number"),
        ({"rate-currency": "usd", "rate-rate": "1"}, "currency", "is your comparison currency"),
        ({"rate-currency": "Swiss", "rate-rate": "1.1"}, "currency", "three-letter ISO currency code"),
    ],
)
def test_a_bad_rate_is_a_field_error_and_saves_nothing(owner_client, data, field, message):
    response = owner_client.post("/offers/settings/", {"form": "rate", **data})
    assert response.status_code == 400
    assert any(message in error for error in response.context["rate_form"].errors[field])
    assert not ExchangeRate.objects.exists()


def test_entering_a_currency_again_replaces_its_rate(owner_client, owner):
    owner_client.post("/offers/settings/", {"form": "rate", "rate-currency": "chf", "rate-rate": "1.10"})
    owner_client.post("/offers/settings/", {"form": "rate", "rate-currency": "CHF", "rate-rate": "1.12"})
    assert list(ExchangeRate.objects.values_list("currency", "rate")) == [("CHF", Decimal("1.12"))]


def test_changing_the_comparison_currency_restates_the_rates(owner_client, owner):
    ExchangeRate.objects.create(owner=owner, currency="CHF", rate=Decimal("1.10"))
    ExchangeRate.objects.create(owner=owner, currency="GBP", rate=Decimal("1.27"))
    response = owner_client.post("/offers/settings/", {"form": "base", "base-base_currency": "chf"}, follow=True)
    assert "restated in CHF" in response.content.decode()
    assert dict(ExchangeRate.objects.values_list("currency", "rate")) == {
        "GBP": Decimal("1.15454545"),
        "USD": Decimal("0.90909091"),
    }


def test_a_restated_rate_too_large_to_store_is_dropped_rather_than_failing(owner):
    ExchangeRate.objects.create(owner=owner, currency="JPY", rate=Decimal("0.0067"))
    ExchangeRate.objects.create(owner=owner, currency="XAU", rate=Decimal("9999999999"))
    assert services.save_base_currency(user=owner, base_currency="JPY") == "restated"
    assert set(ExchangeRate.objects.values_list("currency", flat=True)) == {"USD"}
