"""An offer's terms as labelled text, in one order for the detail page and the side-by-side comparison."""

from decimal import Decimal

from jobtracker.offers.compensation import grant_of, money


def _money(offer, name):
    value = getattr(offer, name)
    return "" if value is None else money(value, offer.currency)


def _number(value, unit=""):
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}" if isinstance(value, Decimal) else str(value)
    return f"{text} {unit}".strip()


def _salary(offer):
    if offer.base_salary is None:
        return ""
    return f"{_money(offer, 'base_salary')} ({offer.get_salary_period_display()})"


def _summer(offer):
    if offer.salary_period != offer.SalaryPeriod.NINE_MONTH:
        return ""
    return _number(offer.summer_months, "months")


def _bonus(offer):
    if offer.bonus is not None:
        return f"{_money(offer, 'bonus')} a year"
    if offer.bonus_percent is not None:
        return f"{_number(offer.bonus_percent)}% of base salary a year"
    return ""


def _equity(offer):
    grant = grant_of(offer)
    stated = f"{money(grant.amount, grant.currency)} {grant.vesting}" if grant else ""
    return "; ".join(part for part in (stated, offer.equity_vesting) if part)


TERMS = [
    ("Base salary", _salary),
    ("Summer salary", _summer),
    ("Target bonus", _bonus),
    ("Sign-on bonus", lambda o: _money(o, "sign_on")),
    ("Equity", _equity),
    ("Start-up package (not pay)", lambda o: _money(o, "startup_package")),
    ("Compute or GPU budget", lambda o: o.compute_budget),
    ("Lab space", lambda o: o.lab_space),
    ("Teaching load", lambda o: _number(o.teaching_load, "courses a year")),
    ("Course releases", lambda o: _number(o.course_releases)),
    ("Tenure clock", lambda o: _number(o.tenure_clock_years, "years")),
    ("Juniors to mentor", lambda o: _number(o.juniors_to_mentor)),
    ("Start date", lambda o: f"{o.start_date.day} {o.start_date:%b %Y}" if o.start_date else ""),
    ("Relocation", lambda o: _money(o, "relocation")),
    ("Partner or spousal hire", lambda o: o.partner_hire),
    ("City", lambda o: o.city),
]


def term_rows(offer) -> list[tuple[str, str]]:
    """(label, text) for every term the offer states."""
    return [(label, text) for label, get in TERMS if (text := get(offer))]


def side_by_side(offers) -> list[tuple[str, list[str]]]:
    """(label, [text per offer]) for every term at least one offer states."""
    table = [(label, [get(offer) for offer in offers]) for label, get in TERMS]
    return [(label, texts) for label, texts in table if any(texts)]
