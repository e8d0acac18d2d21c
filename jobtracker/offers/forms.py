from decimal import Decimal

from django import forms
from django.utils import timezone

from jobtracker.core.forms import OwnerFormMixin
from jobtracker.core.widgets import DateInput, TimeInput
from jobtracker.offers.models import (
    CLIFF_MONTHS,
    CURRENCY_CODE,
    MAX_CLIFF_MONTHS,
    MAX_VESTING_YEARS,
    VESTING_YEARS,
    Criterion,
    NegotiationEntry,
    Offer,
)
from jobtracker.pipeline.models import Application

MONEY = forms.NumberInput(attrs={"min": 0, "step": "0.01"})
SCORE_CHOICES = [("", "— unscored —")] + [(str(v), str(v)) for v in range(1, 6)]


class CurrencyField(forms.CharField):
    """Three letters, upper-cased for the user ("chf" is CHF); the model validator checks the shape."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 4, "autocapitalize": "characters"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value).upper()


class OfferForm(OwnerFormMixin, forms.ModelForm):
    owned_fields = {"application": Application}
    # An offer without equity need not state its vesting: left empty, these keep their defaults.
    defaulted_fields = ("equity_vesting_years", "equity_cliff_months", "equity_schedule")

    currency = CurrencyField(initial="USD", help_text="Three letters, e.g. USD, EUR, GBP, CHF.")

    class Meta:
        model = Offer
        fields = [
            "application",
            "status",
            "received_on",
            "response_deadline_date",
            "response_deadline_time",
            "response_deadline_tz",
            "currency",
            "base_salary",
            "salary_period",
            "summer_months",
            "bonus",
            "bonus_percent",
            "sign_on",
            "equity_amount",
            "equity_vesting_years",
            "equity_cliff_months",
            "equity_schedule",
            "equity_vesting",
            "startup_package",
            "relocation",
            "compute_budget",
            "lab_space",
            "teaching_load",
            "course_releases",
            "tenure_clock_years",
            "juniors_to_mentor",
            "start_date",
            "partner_hire",
            "city",
            "notes",
        ]
        widgets = {
            "received_on": DateInput(),
            "response_deadline_date": DateInput(),
            "response_deadline_time": TimeInput(),
            "start_date": DateInput(),
            "base_salary": MONEY,
            "bonus": MONEY,
            "sign_on": MONEY,
            "equity_amount": MONEY,
            "startup_package": MONEY,
            "relocation": MONEY,
            "summer_months": forms.NumberInput(attrs={"min": 0, "max": 3, "step": "0.5"}),
            "bonus_percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.5"}),
            "equity_vesting_years": forms.NumberInput(attrs={"min": 1, "max": MAX_VESTING_YEARS}),
            "equity_cliff_months": forms.NumberInput(attrs={"min": 0, "max": MAX_CLIFF_MONTHS}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        # The form's own "greater than or equal to 0" would come before the model's clearer range message.
        error_messages = {
            "equity_vesting_years": {"min_value": VESTING_YEARS},
            "equity_cliff_months": {"min_value": CLIFF_MONTHS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.defaulted_fields:
            self.fields[name].required = False
        if self.instance.pk:
            del self.fields["application"]
            return
        field = self.fields["application"]
        field.queryset = field.queryset.filter(offer__isnull=True).select_related("position__institution")
        field.empty_label = "Choose an application without an offer"
        field.label_from_instance = lambda a: f"{a.position.institution.name}: {a.position.title}"
        self.fields["received_on"].initial = timezone.localdate
        self.fields["response_deadline_tz"].initial = self.owner.time_zone

    def clean(self):
        data = super().clean()
        for name in self.defaulted_fields:
            if data.get(name) in (None, "") and name not in self.errors:
                data[name] = Offer._meta.get_field(name).default
        return data


class NegotiationForm(forms.ModelForm):
    class Meta:
        model = NegotiationEntry
        fields = ["occurred_on", "asked", "answer"]
        widgets = {
            "occurred_on": DateInput(),
            "asked": forms.Textarea(
                attrs={"rows": 2, "placeholder": "e.g. Asked for two summer months instead of one"}
            ),
            "answer": forms.Textarea(
                attrs={"rows": 2, "placeholder": "e.g. Chair agreed to 1.5; will confirm in writing"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate


class ScoresForm(forms.Form):
    """A 1-5 score and a note per criterion; an empty score leaves the criterion unscored."""

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            current = scores.get(criterion.pk)
            self.fields[self.score_name(criterion)] = forms.TypedChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.value if current else "",
                error_messages={"invalid_choice": "Give a score from 1 to 5, or leave it unscored."},
            )
            self.fields[self.note_name(criterion)] = forms.CharField(
                label=f"Note on {criterion.name}",
                max_length=300,
                required=False,
                initial=current.note if current else "",
            )

    @staticmethod
    def score_name(criterion) -> str:
        return f"score_{criterion.pk}"

    @staticmethod
    def note_name(criterion) -> str:
        return f"note_{criterion.pk}"

    def rows(self):
        return [(c, self[self.score_name(c)], self[self.note_name(c)]) for c in self.criteria]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {c: (data[self.score_name(c)], data[self.note_name(c)].strip()) for c in self.criteria}


class ScoreForm(forms.Form):
    value = forms.TypedChoiceField(
        label="Score",
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="1 = poor, 5 = excellent; leave unscored to count it as the neutral 3.",
        error_messages={"invalid_choice": "Give a score from 1 to 5, or leave it unscored."},
    )
    note = forms.CharField(max_length=300, required=False)


class CriterionForm(OwnerFormMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "weight", "description"]
        widgets = {"weight": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.5"})}

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the criterion a name.")
        return name


class BaseCurrencyForm(forms.Form):
    base_currency = CurrencyField(
        label="Comparison currency",
        validators=[CURRENCY_CODE],
        help_text="Every offer is also shown in this currency; your rates are restated in it when you change it.",
    )


class RateForm(forms.Form):
    """Add a currency's rate, or replace it when the currency already has one."""

    currency = CurrencyField(validators=[CURRENCY_CODE], help_text="e.g. CHF")
    rate = forms.DecimalField(
        max_digits=18,
        decimal_places=8,
        min_value=Decimal("0.00000001"),
        widget=forms.NumberInput(attrs={"min": 0, "step": "any"}),
        error_messages={"min_value": "A rate must be greater than zero."},
    )

    def __init__(self, *args, base: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = base
        self.fields["rate"].label = f"Worth in {base}"
        self.fields["rate"].help_text = f"How many {base} one unit of that currency is worth, e.g. 1.12."

    def clean_currency(self):
        currency = self.cleaned_data["currency"]
        if currency == self.base:
            raise forms.ValidationError(f"{self.base} is your comparison currency; it needs no rate.")
        return currency
