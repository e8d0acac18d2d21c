"""Comparable cash numbers: annualised salary and conversion at the user's own rates. Pure arithmetic, no I/O.

The assumptions behind every figure travel with it as text, so a page can print them next to the number.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NINE_MONTH = "nine_month"
TWELVE_MONTH = "twelve_month"
CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.00000001")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _plain(value: Decimal) -> str:
    """2.0 -> "2", 1.5 -> "1.5"."""
    return f"{Decimal(value).normalize():f}"


def annualise(*, base_salary: Decimal | None, period: str, summer_months: Decimal | None) -> tuple[Decimal | None, str]:
    """Annual cash from the base salary, with the assumption in words.

    A 9-month academic salary is paid for nine months; summer salary adds the stated months at the same
    monthly rate, so the year is salary * (9 + summer months) / 9. A 12-month salary is already annual.
    """
    if base_salary is None:
        return None, "no base salary recorded"
    if period == TWELVE_MONTH:
        return _cents(base_salary), "12-month salary, as is"
    months = Decimal(summer_months or 0)
    amount = _cents(base_salary * (9 + months) / 9)
    unit = "month" if months == 1 else "months"
    return amount, f"9-month salary × (9 + {_plain(months)} summer {unit}) / 9"


@dataclass(frozen=True)
class Converted:
    amount: Decimal | None  # in the comparison currency; None when no rate is known
    currency: str  # the comparison currency
    note: str  # how it was converted, or why it could not be
    missing_rate_for: str = ""  # the currency that needs a rate before this can be shown


def convert(amount: Decimal | None, *, currency: str, base: str, rates: Mapping[str, Decimal]) -> Converted:
    """An amount in `currency` as `base`, at rates meaning "units of base per 1 unit of currency". Never guesses."""
    if amount is None:
        return Converted(None, base, "")
    if currency == base:
        return Converted(_cents(amount), base, "")
    rate = rates.get(currency)
    if rate is None:
        return Converted(None, base, f"no rate for {currency} — add one", missing_rate_for=currency)
    return Converted(_cents(amount * rate), base, f"at 1 {currency} = {_plain(rate)} {base}")


@dataclass(frozen=True)
class CashSummary:
    currency: str
    annual: Decimal | None
    assumption: str
    annual_converted: Converted
    sign_on: Decimal | None
    sign_on_converted: Converted
    bonus: Decimal | None
    bonus_converted: Converted

    @property
    def base(self) -> str:
        return self.annual_converted.currency


def summarise(offer, *, base: str, rates: Mapping[str, Decimal]) -> CashSummary:
    """The comparable numbers for an offer (any object with the offer's money attributes).

    Sign-on and the first-year bonus are one-off or uncertain, so they are shown apart and never folded
    into the annual figure.
    """
    annual, assumption = annualise(
        base_salary=offer.base_salary, period=offer.salary_period, summer_months=offer.summer_months
    )

    def to_base(amount):
        return convert(amount, currency=offer.currency, base=base, rates=rates)

    return CashSummary(
        currency=offer.currency,
        annual=annual,
        assumption=assumption,
        annual_converted=to_base(annual),
        sign_on=offer.sign_on,
        sign_on_converted=to_base(offer.sign_on),
        bonus=offer.bonus,
        bonus_converted=to_base(offer.bonus),
    )


def rebase(rates: Mapping[str, Decimal], *, old_base: str, new_base: str) -> dict[str, Decimal] | None:
    """The same rates restated in a new comparison currency, or None when the new base has no rate to go by.

    With 1 X = r_X old and 1 NEW = r_NEW old, 1 X = r_X / r_NEW new, and 1 old = 1 / r_NEW new.
    """
    if new_base == old_base:
        return dict(rates)
    pivot = rates.get(new_base)
    if not pivot:
        return None
    restated = {code: (rate / pivot).quantize(RATE_PLACES) for code, rate in rates.items() if code != new_base}
    restated[old_base] = (Decimal(1) / pivot).quantize(RATE_PLACES)
    return restated
