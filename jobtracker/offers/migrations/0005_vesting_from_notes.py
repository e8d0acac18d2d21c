"""Offers recorded while vesting was free text get structured vesting read from that text, which stays as notes.

"4 years, vesting monthly after a 1-year cliff" becomes 4 years with a 12-month cliff; "5/15/40/40" names the
back-loaded schedule. What cannot be read keeps the defaults (4 years, 12-month cliff, even), and the offer pages
print those assumptions next to every figure, so a wrong guess is visible and one edit away.
"""

import re

from django.db import migrations

NUMBER = r"(\d+(?:\.\d+)?)"
UNIT = r"(years?|yrs?|y|months?|mos?|m)\b"
SCHEDULES = {
    "5_15_40_40": re.compile(r"\b5\s*/\s*15\s*/\s*40\s*/\s*40\b"),
    "33_33_22_12": re.compile(r"\b33\s*/\s*33\s*/\s*22\s*/\s*12\b"),
}
NO_CLIFF = re.compile(r"\bno\s+cliff\b", re.I)
CLIFF_FIRST = re.compile(rf"{NUMBER}[\s-]*{UNIT}[\s-]*cliff", re.I)  # "1-year cliff", "6 month cliff"
CLIFF_LAST = re.compile(rf"cliff\s*(?:of|:|after|at)?\s*{NUMBER}[\s-]*{UNIT}", re.I)  # "cliff of 6 months"
DURATION = re.compile(rf"{NUMBER}[\s-]*{UNIT}", re.I)  # "4 years", "4-year", "48 months"
DEFAULT_YEARS, DEFAULT_CLIFF = 4, 12


def _months(number: str, unit: str) -> float:
    return float(number) * (12 if unit.lower().startswith("y") else 1)


def read_vesting(text: str) -> dict:
    """The structured vesting a free-text description states; only what it states, and only if it is sane."""
    found = {}
    for schedule, pattern in SCHEDULES.items():
        if pattern.search(text):
            found.update(equity_schedule=schedule, equity_vesting_years=4)
    rest = text
    if NO_CLIFF.search(text):
        found["equity_cliff_months"] = 0
    elif match := CLIFF_FIRST.search(text) or CLIFF_LAST.search(text):
        months = _months(*match.groups())
        if months.is_integer():
            found["equity_cliff_months"] = int(months)
        rest = text[: match.start()] + " " + text[match.end() :]
    if "equity_vesting_years" not in found:
        for match in DURATION.finditer(rest):
            months = _months(*match.groups())
            if months % 12 == 0 and months > 0:
                found["equity_vesting_years"] = int(months // 12)
                break
    years = found.get("equity_vesting_years", DEFAULT_YEARS)
    if not 1 <= years <= 10:
        found.pop("equity_vesting_years")
        years = DEFAULT_YEARS
    cliff = found.get("equity_cliff_months")
    if cliff is not None and not 0 <= cliff <= min(48, 12 * years):
        del found["equity_cliff_months"]
    return found


def structure_vesting(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    for offer in Offer.objects.exclude(equity_vesting="").only("pk", "equity_vesting").iterator():
        found = read_vesting(offer.equity_vesting)
        if found:
            Offer.objects.filter(pk=offer.pk).update(**found)


class Migration(migrations.Migration):
    dependencies = [("offers", "0004_total_compensation")]

    # Backwards there is nothing to undo: the text was kept.
    operations = [migrations.RunPython(structure_vesting, migrations.RunPython.noop)]
