from django import forms
from django.utils import timezone

from jobtracker.core.forms import CommaListField, OwnerFormMixin
from jobtracker.core.validators import is_sane_date
from jobtracker.core.widgets import DateInput, DateTimeInput, TimeInput
from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage

MAX_TAGS = 20
TAGS_HELP = "Comma-separated, e.g. dream job, West Coast, two-body"


class InstitutionForm(OwnerFormMixin, forms.ModelForm):
    tag_names = CommaListField(label="Tags", noun="tag", max_items=MAX_TAGS, max_length_each=40, help_text=TAGS_HELP)

    class Meta:
        model = Institution
        fields = ["name", "kind", "department", "city", "country", "region", "website", "priority", "fit_notes"]
        widgets = {
            "fit_notes": forms.Textarea(attrs={"rows": 4}),
            "priority": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())


class PositionForm(OwnerFormMixin, forms.ModelForm):
    owned_fields = {"institution": Institution, "season": Season}

    start_application = forms.BooleanField(
        required=False, initial=True, label="Track an application for this posting now"
    )

    class Meta:
        model = Position
        fields = [
            "institution",
            "title",
            "kind",
            "field",
            "season",
            "posting_url",
            "portal",
            "deadline_date",
            "deadline_time",
            "deadline_tz",
            "review_begins",
            "letters_required",
            "notes",
            "withdrawn",
        ]
        widgets = {
            "deadline_date": DateInput(),
            "deadline_time": TimeInput(),
            "review_begins": DateInput(),
            "letters_required": forms.NumberInput(attrs={"min": 0, "max": 10}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    new_institution = forms.CharField(
        required=False,
        max_length=200,
        label="…or a new institution",
        help_text="Not in your list yet? Type its name and it is added with this posting.",
    )
    new_department = forms.CharField(required=False, max_length=200, label="Its department or team")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("start_application", "new_institution", "new_department"):
                del self.fields[name]
        else:
            del self.fields["withdrawn"]
            self.fields["deadline_tz"].initial = self.owner.time_zone
            self.fields["institution"].required = False
            self.fields["institution"].empty_label = "Choose one of your institutions"
            self.order_fields(["institution", "new_institution", "new_department"])

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            return data
        chosen, named = data.get("institution"), (data.get("new_institution") or "").strip()
        if chosen and named:
            self.add_error("new_institution", "Choose an institution or name a new one, not both.")
        elif not chosen and not named and "institution" not in self.errors:
            self.add_error("institution", "Choose an institution, or name a new one below.")
        data["new_institution"] = named
        return data


class ApplicationCreateForm(OwnerFormMixin, forms.Form):
    position = forms.ModelChoiceField(queryset=Position.objects.none())
    track = forms.ChoiceField(choices=Application.Track.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = (
            Position.objects.for_user(self.owner).filter(application__isnull=True).select_related("institution")
        )
        self.fields["position"].empty_label = "Choose a posting without an application"

    def clean_position(self):
        position = self.cleaned_data["position"]
        if Application.objects.filter(position=position).exists():
            raise forms.ValidationError("This posting already has an application.")
        return position


class ApplicationEditForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["submitted_on", "notes"]
        widgets = {"submitted_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 5})}

    def clean_submitted_on(self):
        day = self.cleaned_data["submitted_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("The submitted date cannot be in the future.")
        return day


class MoveForm(forms.Form):
    to_stage = forms.ModelChoiceField(queryset=Stage.objects.none(), label="Move to", empty_label=None)
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.TextInput(attrs={"placeholder": "Optional note"})
    )
    occurred_at = forms.DateTimeField(required=False, label="When (leave empty for now)", widget=DateTimeInput())

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        choices = (
            Stage.objects.for_user(application.owner)
            .filter(track=application.track, is_archived=False)
            .exclude(pk=application.stage_id)
            .order_by("order", "id")
        )
        self.fields["to_stage"].queryset = choices
        if not self.is_bound:
            # Most moves go one step forward, so offer the next stage first.
            following = [s for s in choices if s.order > application.stage.order]
            self.fields["to_stage"].initial = following[0].pk if following else None

    def clean_occurred_at(self):
        when = self.cleaned_data["occurred_at"]
        if when and not is_sane_date(when):
            raise forms.ValidationError("Enter a date between 1 Jan 2000 and 31 Dec 2100.")
        if when and when > timezone.now():
            raise forms.ValidationError("A stage change cannot happen in the future.")
        return when


class StageForm(OwnerFormMixin, forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["name", "category", "marks_submission"]

    def __init__(self, *args, track=None, **kwargs):
        super().__init__(*args, **kwargs)
        if track:
            self.instance.track = track

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the stage a name.")
        return name


class SeasonForm(OwnerFormMixin, forms.ModelForm):
    class Meta:
        model = Season
        fields = ["start_year"]
        labels = {"start_year": "Season starting in (year)"}
        help_texts = {"start_year": "2026 creates the 2026-27 season (August to July)."}
