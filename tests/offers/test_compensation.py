"""Annualised cash and currency conversion on known numbers."""

from decimal import Decimal
from types import SimpleNamespace

from jobtracker.offers.compensation import annualise, convert, rebase, summarise

D = Decimal


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
    offer = SimpleNamespace(
        currency="GBP",
        base_salary=D(165000),
        salary_period="twelve_month",
        summer_months=D(0),
        sign_on=D(40000),
        bonus=D(24750),
    )
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
