"""Comparable pay: annualised salary, total compensation and conversion at the user's own rates. Pure arithmetic.

The assumptions behind every figure travel with it as text, so a page can print them next to the number.

Total compensation counts, per year: the annual cash (the annualised salary), the target bonus, the part of the
equity grant that vests that year and, in year 1 only, the sign-on bonus. A start-up package pays for research,
not for the person, so it is never added to pay. Nothing assumes refresh grants: after the vesting period the
grant adds nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

NINE_MONTH = "nine_month"
TWELVE_MONTH = "twelve_month"
CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.00000001")

EVEN = "even"
# Yearly percentages of a four-year grant, by schedule.
SCHEDULES = {"5_15_40_40": (5, 15, 40, 40), "33_33_22_12": (33, 33, 22, 12)}
SCHEDULE_YEARS = 4


def _cents(value: Decimal | Fraction) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _plain(value: Decimal) -> str:
    """2.0 -> "2", 1.5 -> "1.5"."""
    return f"{Decimal(value).normalize():f}"


def money(amount: Decimal, currency: str = "") -> str:
    """USD 146,667: whole units, as every page shows money."""
    return f"{currency} {Decimal(amount):,.0f}".strip()


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


def target_bonus(
    *, bonus: Decimal | None, percent: Decimal | None, base_salary: Decimal | None
) -> tuple[Decimal | None, str]:
    """The yearly target bonus as an amount, and how it was stated when not as one ("15% of base salary")."""
    if bonus is not None:
        return _cents(bonus), ""
    if percent is not None and base_salary is not None:
        return _cents(base_salary * percent / 100), f"{_plain(percent)}% of base salary"
    return None, ""


def vesting_shares(*, years: int, cliff_months: int, schedule: str) -> list[Fraction]:
    """The share of the grant that vests in each year 1..years.

    Vesting accrues month by month along the schedule; nothing vests before the cliff and everything accrued
    vests at it. A cliff of up to 12 months therefore changes no year's share; a longer one moves year 1's
    (and more) into the year the cliff ends in.
    """
    if schedule == EVEN:
        percents = [Fraction(100, years)] * years
    else:
        percents = [Fraction(p) for p in SCHEDULES[schedule]]
        if len(percents) != years:
            raise ValueError(f"the {schedule} schedule spans {len(percents)} years, not {years}")
    cliff = min(cliff_months, 12 * years)
    shares, accrued, vested = [], Fraction(0), Fraction(0)
    for year, percent in enumerate(percents, start=1):
        accrued += percent / 100
        now_vested = accrued if 12 * year >= cliff else Fraction(0)
        shares.append(now_vested - vested)
        vested = now_vested
    return shares


def schedule_label(schedule: str) -> str:
    """ "5/15/40/40" for a named schedule, "" for even vesting."""
    return "/".join(str(p) for p in SCHEDULES[schedule]) if schedule in SCHEDULES else ""


def cliff_words(months: int) -> str:
    if months == 0:
        return "no cliff"
    if months % 12 == 0:
        return f"{months // 12}-year cliff"
    return f"{months}-month cliff"


@dataclass(frozen=True)
class Grant:
    """An equity grant and its vesting: what vests in each year, and the terms in words."""

    amount: Decimal
    currency: str
    years: int
    cliff_months: int
    schedule: str

    @property
    def shares(self) -> list[Fraction]:
        return vesting_shares(years=self.years, cliff_months=self.cliff_months, schedule=self.schedule)

    @property
    def yearly(self) -> list[Decimal]:
        return [_cents(Fraction(self.amount) * share) for share in self.shares]

    @property
    def vesting(self) -> str:
        """e.g. "over 4 years (5/15/40/40), 1-year cliff"."""
        unit = "year" if self.years == 1 else "years"
        label = schedule_label(self.schedule)
        kind = f" ({label})" if label else ""
        return f"over {self.years} {unit}{kind}, {cliff_words(self.cliff_months)}"

    @property
    def terms(self) -> str:
        return f"grant of {money(self.amount, self.currency)} {self.vesting}"

    @property
    def in_words(self) -> str:
        """The terms and what they give: "...: USD 100,000 a year", or the amount per year when they differ."""
        if len(set(self.shares)) == 1:
            return f"{self.terms}: {money(self.yearly[0], self.currency)} a year"
        amounts = ", ".join(money(amount) for amount in self.yearly)
        return f"{self.terms}: {self.currency} {amounts} in years 1–{self.years}"


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
class Part:
    label: str  # "salary", "target bonus", "equity", "sign-on"
    amount: Decimal
    note: str = ""  # the assumption behind this part, in words


@dataclass(frozen=True)
class Total:
    """One total-compensation figure, the parts it adds up and what they assume."""

    label: str
    amount: Decimal | None
    currency: str
    parts: tuple[Part, ...] = ()
    note: str = ""  # what the figure leaves out, or why there is none
    averaged: bool = False  # an average over years that differ, not what each of them pays

    @property
    def in_words(self) -> str:
        """e.g. "salary USD 200,000 (12-month salary, as is) + equity USD 100,000 (grant of ...)"."""
        return " + ".join(
            f"{part.label} {money(part.amount, self.currency)}" + (f" ({part.note})" if part.note else "")
            for part in self.parts
        )


def _total(label: str, parts: list[Part], currency: str, note: str = "", averaged: bool = False) -> Total:
    return Total(label, sum((part.amount for part in parts), Decimal(0)), currency, tuple(parts), note, averaged)


def totals(
    *,
    annual: Decimal | None,
    assumption: str,
    currency: str,
    bonus: Part | None = None,
    grant: Grant | None = None,
    sign_on: Decimal | None = None,
) -> tuple[Total, Total]:
    """Year 1 total, and the yearly total after year 1 (its average over the vesting years when those differ)."""
    later_label = "Yearly total after year 1"
    if annual is None:
        first, later = (Total(label, None, currency, note=assumption) for label in ("Year 1 total", later_label))
        return first, later
    first = [Part("salary", annual, assumption)] + ([bonus] if bonus else [])
    later, later_note, averaged = list(first), "", False
    if grant is not None:
        yearly, years = grant.yearly, grant.years
        first.append(Part("equity", yearly[0], f"year 1 of a {grant.in_words}"))
        rest = grant.shares[1:]
        if rest:
            span = f"years 2–{years}" if years > 2 else "year 2"
            average = _cents(Fraction(grant.amount) * sum(rest) / len(rest))
            if len(set(rest)) == 1:
                later.append(Part("equity", average, span))
            else:
                later_label, averaged = f"Average yearly total, {span}", True
                amounts = ", ".join(money(amount) for amount in yearly[1:])
                later.append(Part("equity", average, f"average of {currency} {amounts} in {span}"))
            later_note = f"from year {years + 1} no equity: no refresh grants assumed"
        else:
            later_note = "the grant is fully vested in year 1; no refresh grants assumed"
    if sign_on:
        first.append(Part("sign-on", _cents(sign_on), "year 1 only"))
    return _total("Year 1 total", first, currency), _total(later_label, later, currency, later_note, averaged)


@dataclass(frozen=True)
class CashSummary:
    currency: str
    annual: Decimal | None
    assumption: str
    annual_converted: Converted
    sign_on: Decimal | None
    sign_on_converted: Converted
    bonus: Decimal | None  # the yearly target bonus as an amount, however it was stated
    bonus_converted: Converted
    startup: Decimal | None
    startup_converted: Converted
    year_one: Total
    year_one_converted: Converted
    later: Total
    later_converted: Converted

    @property
    def base(self) -> str:
        return self.annual_converted.currency


def grant_of(offer) -> Grant | None:
    if not offer.equity_amount:
        return None
    return Grant(
        offer.equity_amount,
        offer.currency,
        offer.equity_vesting_years,
        offer.equity_cliff_months,
        offer.equity_schedule,
    )


def summarise(offer, *, base: str, rates: Mapping[str, Decimal]) -> CashSummary:
    """The comparable numbers for an offer (any object with the offer's money attributes).

    The annual figure is the salary alone, as before; the totals add the target bonus, the equity vesting
    each year and, in year 1, the sign-on bonus. The start-up package is shown apart and never added.
    """
    annual, assumption = annualise(
        base_salary=offer.base_salary, period=offer.salary_period, summer_months=offer.summer_months
    )
    bonus, stated_as = target_bonus(bonus=offer.bonus, percent=offer.bonus_percent, base_salary=offer.base_salary)

    def to_base(amount):
        return convert(amount, currency=offer.currency, base=base, rates=rates)

    year_one, later = totals(
        annual=annual,
        assumption=assumption,
        currency=offer.currency,
        bonus=Part("target bonus", bonus, stated_as) if bonus else None,
        grant=grant_of(offer),
        sign_on=offer.sign_on,
    )
    return CashSummary(
        currency=offer.currency,
        annual=annual,
        assumption=assumption,
        annual_converted=to_base(annual),
        sign_on=offer.sign_on,
        sign_on_converted=to_base(offer.sign_on),
        bonus=bonus,
        bonus_converted=to_base(bonus),
        startup=offer.startup_package,
        startup_converted=to_base(offer.startup_package),
        year_one=year_one,
        year_one_converted=to_base(year_one.amount),
        later=later,
        later_converted=to_base(later.amount),
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
