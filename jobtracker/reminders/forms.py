from django import forms

from jobtracker.core.widgets import TimeInput
from jobtracker.reminders.models import ReminderSettings, parse_leads
from jobtracker.reminders.registry import kind_choices


class ReminderSettingsForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label="Remind me about", required=False, widget=forms.CheckboxSelectMultiple, choices=kind_choices
    )

    class Meta:
        model = ReminderSettings
        fields = ["kinds", "leads", "send_hour", "digest", "skip_weekends", "weekly_status"]
        widgets = {"send_hour": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].initial = [k for k, _ in kind_choices() if k not in self.instance.disabled_kinds]

    def clean_leads(self):
        return ", ".join(str(lead) for lead in parse_leads(self.cleaned_data["leads"]))

    def settings_data(self) -> dict:
        """The cleaned data as the settings' own columns: the kinds ticked become the kinds disabled."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "kinds"}
        data["disabled_kinds"] = [k for k, _ in kind_choices() if k not in self.cleaned_data["kinds"]]
        return data
