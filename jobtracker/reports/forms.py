"""The report's choices as a form (a GET form: the report is a page you can bookmark), and the share form."""

from django import forms

from jobtracker.core.widgets import DateInput
from jobtracker.pipeline.models import Season
from jobtracker.reports import options as report_options

PAPER_CHOICES = [("A4", "A4"), ("Letter", "US Letter")]
CHECK = {"class": "form-check-input"}


class ReportForm(forms.Form):
    season = forms.ModelChoiceField(
        queryset=Season.objects.none(), empty_label=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    track = forms.MultipleChoiceField(
        label="Tracks", choices=list(report_options.TRACKS.items()), widget=forms.CheckboxSelectMultiple(CHECK)
    )
    start = forms.DateField(label="From", required=False, widget=DateInput(attrs={"class": "form-control"}))
    end = forms.DateField(label="To", required=False, widget=DateInput(attrs={"class": "form-control"}))
    section = forms.MultipleChoiceField(
        label="Sections", choices=list(report_options.SECTIONS.items()), widget=forms.CheckboxSelectMultiple(CHECK)
    )
    stale_weeks = forms.IntegerField(
        label="Waiting for an answer after (weeks)",
        min_value=1,
        max_value=report_options.MAX_STALE_WEEKS,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    private = forms.BooleanField(
        label="Include private fields (notes, compensation, contact details)",
        required=False,
        help_text="Off by default; a shared link never shows them.",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
    )

    def __init__(self, *args, owner, chosen: report_options.ReportOptions, **kwargs):
        initial = {
            "season": chosen.season.pk,
            "track": list(chosen.tracks),
            "start": chosen.start,
            "end": chosen.end,
            "section": list(chosen.sections),
            "stale_weeks": chosen.stale_weeks,
            "private": chosen.private,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["season"].queryset = Season.objects.for_user(owner).order_by("-start_year")


class ShareLinkForm(forms.Form):
    label = forms.CharField(
        label="For whom",
        max_length=120,
        required=False,
        help_text='A note for you, e.g. "Prof. Reyes".',
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    expires_in_days = forms.IntegerField(
        label="Expires after (days)",
        min_value=1,
        max_value=366,
        required=False,
        initial=30,
        help_text="Leave empty for a link that works until you revoke it.",
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
