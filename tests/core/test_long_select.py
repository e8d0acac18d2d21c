"""LongSelect renders what forms.Select renders, without a template per option."""

import re

from django import forms

from jobtracker.core.widgets import LongSelect

CHOICES = [("", "Anywhere"), (1, "Brown & Co <University>"), (2, 'Tufts "University"'), ("Group", [(3, "MIT")])]


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_the_same_html_as_djangos_select_apart_from_whitespace():
    for value in (None, "", 2, "3"):
        attrs = {"id": "id_institution", "class": "form-select", "aria-describedby": "help"}
        expected = forms.Select(choices=CHOICES).render("institution", value, attrs=attrs)
        assert _same(LongSelect(choices=CHOICES).render("institution", value, attrs=attrs)) == _same(expected)


def test_labels_and_values_are_escaped():
    html = LongSelect(choices=CHOICES).render("institution", None)
    assert "Brown &amp; Co &lt;University&gt;" in html and "<University>" not in html
