"""An offer's terms as labelled text, in one order for the detail page and the side-by-side comparison."""

from decimal import Decimal


def _money(offer, name):
    value = getattr(offer, name)
    return "" if value is None else f"{offer.currency} {value:,.0f}"


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


def _equity(offer):
    amount = _money(offer, "equity_amount")
    return ", ".join(part for part in (amount, offer.equity_vesting) if part)


TERMS = [
    ("Base salary", _salary),
    ("Summer salary", _summer),
    ("First-year bonus", lambda o: _money(o, "bonus")),
    ("Sign-on bonus", lambda o: _money(o, "sign_on")),
    ("Equity", _equity),
    ("Start-up package", lambda o: _money(o, "startup_package")),
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
