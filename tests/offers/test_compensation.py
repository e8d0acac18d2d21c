"""Annualised cash, total compensation and currency conversion on known numbers."""

from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest

from jobtracker.offers.compensation import (
    Grant,
    annualise,
    convert,
    rebase,
    summarise,
    target_bonus,
    vesting_shares,
)

D = Decimal


def terms(**changes):
    """An offer's money attributes: a plain 12-month USD offer unless changed."""
    values = {
        "currency": "USD",
        "base_salary": D(200000),
        "salary_period": "twelve_month",
        "summer_months": D(0),
        "bonus": None,
        "bonus_percent": None,
        "sign_on": None,
        "equity_amount": None,
        "equity_vesting_years": 4,
        "equity_cliff_months": 12,
        "equity_schedule": "even",
        "startup_package": None,
    }
    values.update(changes)
    return SimpleNamespace(**values)


def test_a_nine_month_salary_with_two_summer_months_is_eleven_ninths_of_it():
    amount, assumption = annualise(base_salary=D(120000), period="nine_month", summer_months=D(2))
    assert amount == D("146666.67")
    assert assumption == "9-month salary × (9 + 2 summer months) / 9"


def test_summer_months_may_be_fractional_or_none():
    assert annualise(base_salary=D(90000), period="nine_month", summer_months=D("1.5"))[0] == D(105000)
    assert annualise(base_salary=D(90000), period="nine_month", summer_months=D(3))[0] == D(120000)
    amount, assumption = annualise(base_salary=D(90000), period="nine_month", summer_months=D(0))
    assert amount == D(90000)
    assert assumption == "9-month salary × (9 + 0 summer months) / 9"
    assert annualise(base_salary=D(90000), period="nine_month", summer_months=D(1))[1].endswith("1 summer month) / 9")


def test_a_twelve_month_salary_is_taken_as_is_and_ignores_summer_months():
    assert annualise(base_salary=D(200000), period="twelve_month", summer_months=D(2)) == (
        D(200000),
        "12-month salary, as is",
    )


def test_no_salary_gives_no_figure_and_says_so():
    assert annualise(base_salary=None, period="nine_month", summer_months=D(2)) == (None, "no base salary recorded")


def test_conversion_multiplies_by_the_users_rate_and_names_it():
    result = convert(D("146666.67"), currency="GBP", base="USD", rates={"GBP": D("1.27")})
    assert result.amount == D("186266.67")
    assert result.note == "at 1 GBP = 1.27 USD"


def test_an_amount_already_in_the_comparison_currency_is_unchanged():
    result = convert(D("1234.5"), currency="USD", base="USD", rates={})
    assert (result.amount, result.note) == (D("1234.50"), "")


def test_a_currency_without_a_rate_is_not_guessed():
    result = convert(D(100), currency="EUR", base="USD", rates={"GBP": D("1.27")})
    assert result.amount is None
    assert result.note == "no rate for EUR — add one"
    assert result.missing_rate_for == "EUR"


def test_sign_on_and_bonus_are_converted_but_kept_out_of_the_annual_figure():
    offer = terms(currency="GBP", base_salary=D(165000), sign_on=D(40000), bonus=D(24750))
    cash = summarise(offer, base="USD", rates={"GBP": D("1.25")})
    assert cash.annual == D(165000)
    assert cash.annual_converted.amount == D("206250.00")
    assert cash.sign_on_converted.amount == D(50000)
    assert cash.bonus_converted.amount == D("30937.50")
    assert cash.base == "USD"


def test_rates_are_restated_when_the_comparison_currency_changes():
    restated = rebase({"GBP": D("1.27"), "CHF": D("1.10")}, old_base="USD", new_base="CHF")
    assert restated == {"GBP": D("1.15454545"), "USD": D("0.90909091")}


def test_rates_cannot_be_restated_without_a_rate_for_the_new_currency():
    assert rebase({"GBP": D("1.27")}, old_base="USD", new_base="EUR") is None


# Equity vesting


def test_a_four_year_grant_with_a_one_year_cliff_vests_a_quarter_a_year():
    grant = Grant(D(400000), "USD", years=4, cliff_months=12, schedule="even")
    assert grant.yearly == [D(100000)] * 4
    assert grant.in_words == "grant of USD 400,000 over 4 years, 1-year cliff: USD 100,000 a year"


@pytest.mark.parametrize("cliff", [0, 6, 12])
def test_a_cliff_of_at_most_a_year_changes_no_years_share(cliff):
    assert vesting_shares(years=4, cliff_months=cliff, schedule="even") == [Fraction(1, 4)] * 4


def test_a_cliff_longer_than_a_year_moves_what_accrued_into_the_year_it_ends():
    grant = Grant(D(400000), "USD", years=4, cliff_months=18, schedule="even")
    assert grant.yearly == [D(0), D(200000), D(100000), D(100000)]
    assert grant.in_words == (
        "grant of USD 400,000 over 4 years, 18-month cliff: USD 0, 200,000, 100,000, 100,000 in years 1–4"
    )


def test_the_back_loaded_schedule_vests_5_15_40_40():
    grant = Grant(D(400000), "USD", years=4, cliff_months=12, schedule="5_15_40_40")
    assert grant.yearly == [D(20000), D(60000), D(160000), D(160000)]
    assert grant.terms == "grant of USD 400,000 over 4 years (5/15/40/40), 1-year cliff"


def test_the_front_loaded_schedule_vests_33_33_22_12_and_no_cliff_says_so():
    grant = Grant(D(100000), "EUR", years=4, cliff_months=0, schedule="33_33_22_12")
    assert grant.yearly == [D(33000), D(33000), D(22000), D(12000)]
    assert grant.vesting == "over 4 years (33/33/22/12), no cliff"


def test_a_named_schedule_spans_four_years_only():
    with pytest.raises(ValueError, match="spans 4 years, not 3"):
        vesting_shares(years=3, cliff_months=12, schedule="5_15_40_40")


def test_an_uneven_number_of_years_still_adds_up_to_the_grant():
    shares = vesting_shares(years=3, cliff_months=12, schedule="even")
    assert sum(shares) == 1
    assert Grant(D(100000), "USD", years=3, cliff_months=12, schedule="even").yearly == [D("33333.33")] * 3


# Bonus


def test_a_target_bonus_is_an_amount_or_a_percentage_of_base_salary():
    assert target_bonus(bonus=D(30000), percent=None, base_salary=D(200000)) == (D(30000), "")
    assert target_bonus(bonus=None, percent=D("12.5"), base_salary=D(200000)) == (D(25000), "12.5% of base salary")
    assert target_bonus(bonus=None, percent=D(15), base_salary=None) == (None, "")
    assert target_bonus(bonus=None, percent=None, base_salary=D(200000)) == (None, "")


# Total compensation


def test_year_one_adds_salary_bonus_a_years_vesting_and_the_sign_on():
    offer = terms(bonus_percent=D(15), equity_amount=D(400000), sign_on=D(50000))
    cash = summarise(offer, base="USD", rates={})
    assert cash.year_one.label == "Year 1 total"
    assert cash.year_one.amount == D(380000)  # 200,000 + 30,000 + 100,000 + 50,000
    assert cash.year_one.in_words == (
        "salary USD 200,000 (12-month salary, as is) + target bonus USD 30,000 (15% of base salary)"
        " + equity USD 100,000 (year 1 of a grant of USD 400,000 over 4 years, 1-year cliff: USD 100,000 a year)"
        " + sign-on USD 50,000 (year 1 only)"
    )
    assert cash.year_one_converted.amount == D(380000)


def test_after_year_one_the_sign_on_is_gone_and_no_refresh_grant_is_assumed():
    offer = terms(bonus=D(30000), equity_amount=D(400000), sign_on=D(50000))
    later = summarise(offer, base="USD", rates={}).later
    assert (later.label, later.amount, later.averaged) == ("Yearly total after year 1", D(330000), False)
    assert later.in_words == (
        "salary USD 200,000 (12-month salary, as is) + target bonus USD 30,000 + equity USD 100,000 (years 2–4)"
    )
    assert later.note == "from year 5 no equity: no refresh grants assumed"


def test_uneven_vesting_after_year_one_is_shown_as_an_average_with_each_years_amount():
    offer = terms(equity_amount=D(300000), equity_schedule="5_15_40_40")
    cash = summarise(offer, base="USD", rates={})
    assert cash.year_one.amount == D(215000)  # 200,000 + 5% of 300,000
    later = cash.later
    assert (later.label, later.amount, later.averaged) == ("Average yearly total, years 2–4", D(295000), True)
    assert "equity USD 95,000 (average of USD 45,000, 120,000, 120,000 in years 2–4)" in later.in_words


def test_a_grant_vesting_in_one_year_adds_nothing_after_it():
    offer = terms(equity_amount=D(50000), equity_vesting_years=1)
    cash = summarise(offer, base="USD", rates={})
    assert (cash.year_one.amount, cash.later.amount) == (D(250000), D(200000))
    assert cash.later.note == "the grant is fully vested in year 1; no refresh grants assumed"


def test_an_academic_offer_totals_its_annual_cash_and_keeps_the_start_up_package_apart():
    offer = terms(base_salary=D(120000), salary_period="nine_month", summer_months=D(2), startup_package=D(850000))
    cash = summarise(offer, base="USD", rates={})
    assert cash.year_one.amount == cash.later.amount == cash.annual == D("146666.67")
    assert cash.year_one.in_words == "salary USD 146,667 (9-month salary × (9 + 2 summer months) / 9)"
    assert cash.startup == D(850000) and cash.startup_converted.amount == D(850000)


def test_totals_are_converted_at_the_users_rate_or_say_which_rate_is_missing():
    offer = terms(currency="GBP", base_salary=D(165000), equity_amount=D(320000), sign_on=D(40000))
    cash = summarise(offer, base="USD", rates={"GBP": D("1.25")})
    assert cash.year_one.amount == D(285000)
    assert (cash.year_one_converted.amount, cash.year_one_converted.note) == (D("356250.00"), "at 1 GBP = 1.25 USD")
    assert cash.later_converted.amount == D("306250.00")
    missing = summarise(offer, base="CHF", rates={}).year_one_converted
    assert missing.amount is None and missing.missing_rate_for == "GBP"


def test_no_base_salary_gives_no_total_and_says_why():
    cash = summarise(terms(base_salary=None, equity_amount=D(400000)), base="USD", rates={})
    assert cash.year_one.amount is None and cash.later.amount is None
    assert cash.year_one.note == "no base salary recorded"
