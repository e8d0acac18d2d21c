import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator

EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
_MESSAGE = "Enter a date between 1 Jan 2000 and 31 Dec 2100."

# Every date a user types goes through these, so a stray year like 9999 is a field error
# rather than an overflow when the date is converted between time zones.
SANE_DATE = [MinValueValidator(EARLIEST_DATE, _MESSAGE), MaxValueValidator(LATEST_DATE, _MESSAGE)]


def is_sane_date(value) -> bool:
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE
