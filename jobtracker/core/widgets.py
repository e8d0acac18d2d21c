"""Widgets: HTML5 date and time inputs that always render ISO values; a select for long lists.

The browser's <input type="date"> only understands YYYY-MM-DD; Django would otherwise render the
locale's first input format (e.g. 28/11/2025 in en-gb), the field would look empty on an edit page,
and saving would silently clear the date.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them: in order, True as a bare name, False left out."""
    shown = [(name, value) for name, value in attrs.items() if value is not False]
    return format_html_join(
        "", "{}{}", ((f" {name}", "" if value is True else format_html('="{}"', value)) for name, value in shown)
    )


class LongSelect(forms.Select):
    """A <select> for a long list (hundreds of places), its <option>s built in Python.

    Django renders every option through two templates, about 50 us each: a list of 650 institutions was most of
    the contacts page's time. Same HTML as forms.Select, apart from whitespace between the tags.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>', option["value"], _attrs(option["attrs"]), option["label"]
                )
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every part built by format_html)
