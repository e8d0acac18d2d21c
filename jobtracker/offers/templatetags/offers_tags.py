"""Display helpers for offers: money with its assumptions, scores and weights."""

from decimal import Decimal
from fractions import Fraction

from django import template
from django.urls import reverse
from django.utils.html import format_html

from jobtracker.offers import compensation
from jobtracker.offers.compensation import Converted

register = template.Library()


@register.filter
def money(amount, currency=""):
    if amount is None or amount == "":
        return "—"
    return compensation.money(Decimal(amount), currency)


@register.simple_tag
def converted(value: Converted):
    """A converted figure with how it was converted, or a plain "no rate" with a link to add one."""
    if value.amount is not None:
        if not value.note:
            return money(value.amount, value.currency)
        return format_html(
            '{} <span class="small text-body-secondary">({})</span>', money(value.amount, value.currency), value.note
        )
    if value.missing_rate_for:
        return format_html(
            '<span class="text-warning-emphasis">no rate for {} — <a href="{}">add one</a></span>',
            value.missing_rate_for,
            reverse("offers:offer_settings"),
        )
    return "—"


@register.filter
def score(value):
    """A weighted total on the 1-5 scale, two decimals."""
    if value is None:
        return "—"
    return f"{float(value):.2f}"


@register.filter
def weight(value):
    """A weight without trailing zeros: 2, 1.5, 1.33."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def signed_weight(value):
    text = weight(abs(value))
    return f"+{text}" if value > 0 else f"−{text}"
