"""HTML5 date and time inputs that always render ISO values.

The browser's <input type="date"> only understands YYYY-MM-DD; Django would otherwise render the
locale's first input format (e.g. 28/11/2025 in en-gb), the field would look empty on an edit page,
and saving would silently clear the date.
"""

from django import forms


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
