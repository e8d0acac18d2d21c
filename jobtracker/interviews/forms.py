import json

from django import forms
from django.utils import timezone

from jobtracker.core import wallclock
from jobtracker.core.forms import CommaListField, OwnerFormMixin
from jobtracker.core.widgets import DateInput, TimeInput
from jobtracker.interviews import selectors
from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson

MAX_PEOPLE = 30
PEOPLE_HELP = "Comma-separated names, e.g. Prof. Ana Ruiz, Dr. Tom Becker. New names become contacts."


class InterviewForm(OwnerFormMixin, forms.ModelForm):
    class Meta:
        model = Interview
        fields = [
            "kind",
            "start_date",
            "start_time",
            "end_date",
            "end_time",
            "time_zone",
            "location",
            "video_link",
            "prep_notes",
            "outcome",
            "notes_after",
        ]
        widgets = {
            "start_date": DateInput(),
            "start_time": TimeInput(),
            "end_date": DateInput(),
            "end_time": TimeInput(),
            "prep_notes": forms.Textarea(attrs={"rows": 4}),
            "notes_after": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"end_time": "Optional."}

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.application = application
        self.suggestions = {}
        if self.instance.pk:
            return
        self.fields["time_zone"].initial = self.owner.time_zone
        # Scheduling can move the application on, when a stage matching the kind lies ahead in its track.
        self.suggestions = selectors.stage_suggestions(application=application)
        if self.suggestions:
            kind = self.data.get("kind") if self.is_bound else self.initial.get("kind", self.fields["kind"].initial)
            stage = self.suggestions.get(kind)
            self.fields["move_stage"] = forms.BooleanField(
                required=False,
                initial=stage is not None,  # most interviews do move the application on
                label=f"Also move the application to {stage.name}" if stage else "Also move the application",
                help_text=f"It is at {application.stage.name} now. {_stage_help(self.suggestions)}",
                widget=forms.CheckboxInput(
                    attrs={"data-stages": json.dumps({k: s.name for k, s in self.suggestions.items()})}
                ),
            )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if cleaned.get("move_stage") and kind and kind not in self.suggestions:
            label = Interview.Kind(kind).label
            self.add_error("move_stage", f"No later stage matches “{label}”; untick this box or pick another kind.")
        return cleaned


def _stage_help(suggestions: dict) -> str:
    """e.g. "Campus visit for a campus visit or onsite, job talk, chalk talk or teaching demonstration." """
    kinds_by_stage: dict[str, list[str]] = {}
    for kind, stage in suggestions.items():
        kinds_by_stage.setdefault(stage.name, []).append(Interview.Kind(kind).label.lower())
    parts = [
        f"{stage} for a {', '.join(kinds[:-1]) + ' or ' + kinds[-1] if len(kinds) > 1 else kinds[0]}"
        for stage, kinds in kinds_by_stage.items()
    ]
    return "; ".join(parts) + "."


class ItineraryItemForm(OwnerFormMixin, forms.ModelForm):
    people = CommaListField(
        label="People met", noun="name", max_items=MAX_PEOPLE, max_length_each=200, help_text=PEOPLE_HELP
    )

    class Meta:
        model = ItineraryItem
        fields = ["date", "start_time", "end_time", "kind", "place", "people", "notes_after"]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "notes_after": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"end_time": "Optional."}

    def __init__(self, *args, interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.interview = interview
        self.fields["date"].widget.attrs.update(
            min=interview.start_date.isoformat(), max=interview.last_day.isoformat()
        )
        self.fields["start_time"].help_text = f"In {interview.time_zone}, the visit's zone. {wallclock.AMBIGUOUS_HELP}"
        if self.instance.pk:
            self.fields["people"].initial = ", ".join(
                p.contact.name for p in self.instance.people.select_related("contact").order_by("pk")
            )
        else:
            self.fields["date"].initial = interview.start_date


class ThankYouForm(forms.ModelForm):
    class Meta:
        model = ItineraryPerson
        fields = ["thank_you_status", "thank_you_sent_on"]
        widgets = {"thank_you_sent_on": DateInput()}
        labels = {"thank_you_status": "Thank-you note"}
        help_texts = {"thank_you_sent_on": "Empty means today when the note is marked sent."}

    def clean_thank_you_sent_on(self):
        day = self.cleaned_data["thank_you_sent_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("A note cannot have been sent in the future.")
        return day

    def _post_clean(self):
        # The service sets the date (today when sent, none otherwise); validate what it will store.
        if self.cleaned_data.get("thank_you_status") != ItineraryPerson.ThankYou.SENT:
            self.cleaned_data["thank_you_sent_on"] = None
        super()._post_clean()
