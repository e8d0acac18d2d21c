"""File sizes in messages: rounded for reading, exact where rounding would hide the difference."""

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format


def too_large_message(size: int, limit: int, *, what: str = "The file") -> str:
    """ "The file is 12.4 MB; the limit is 10.0 MB.", or in bytes when both round to the same figure."""
    shown, allowed = filesizeformat(size), filesizeformat(limit)
    if shown == allowed:
        shown = f"{shown} ({_bytes(size)})"
        allowed = f"{allowed} ({_bytes(limit)})"
    return f"{what} is {shown}; the limit is {allowed}."


def _bytes(n: int) -> str:
    return f"{number_format(n, force_grouping=True)} bytes"
