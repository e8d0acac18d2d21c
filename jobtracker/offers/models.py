"""Offers with academic and industry terms, their negotiation, and the user's decision matrix."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from jobtracker.accounts.timezones import timezone_choices
from jobtracker.core.models import OwnedModel
from jobtracker.core.validators import SANE_DATE, is_sane_date
from jobtracker.core.zoned import Zoned, ZonedFields, ZonedInstantsModel
from jobtracker.pipeline.models import Application

CURRENCY_CODE = RegexValidator(r"^[A-Z]{3}\Z", "Use a three-letter ISO currency code such as USD, EUR, GBP or CHF.")
MAX_WEIGHT = Decimal(100)
MAX_RATE = Decimal(10) ** 10  # ExchangeRate.rate holds 18 digits, 8 of them decimals


def money_field(verbose_name: str, help_text: str = ""):
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=help_text,
    )


class Offer(ZonedInstantsModel, OwnedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        NEGOTIATING = "negotiating", "Negotiating"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired"
        RESCINDED = "rescinded", "Rescinded"

    class SalaryPeriod(models.TextChoices):
        NINE_MONTH = "nine_month", "9-month academic year"
        TWELVE_MONTH = "twelve_month", "12-month year"

    OPEN_STATUSES = (Status.PENDING, Status.NEGOTIATING)
    # A date without a time means the end of that day where the offer was made.
    zoned_fields = {
        "response_deadline": ZonedFields(
            date="response_deadline_date",
            time="response_deadline_time",
            zone="response_deadline_tz",
            instant="response_deadline_at",
            end_of_day=True,
        )
    }
    # The offers the comparison shows unless asked for all of them.
    LIVE_STATUSES = (Status.PENDING, Status.NEGOTIATING, Status.ACCEPTED)

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="offer")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    received_on = models.DateField("offer received on", validators=SANE_DATE)
    response_deadline_date = models.DateField("respond by (date)", null=True, blank=True, validators=SANE_DATE)
    response_deadline_time = models.TimeField(
        "respond by (time)", null=True, blank=True, help_text="Leave empty if the offer gives only a date."
    )
    response_deadline_tz = models.CharField(
        "response deadline time zone",
        max_length=64,
        choices=timezone_choices,
        default="UTC",
        help_text="The zone the offer letter states the deadline in.",
    )
    # Derived from the three fields above (derive_instants); the reminders read it.
    response_deadline_at = models.DateTimeField(null=True, blank=True, editable=False)

    currency = models.CharField(max_length=3, default="USD", validators=[CURRENCY_CODE], help_text="e.g. USD, CHF")
    base_salary = money_field("base salary")
    salary_period = models.CharField(
        max_length=12,
        choices=SalaryPeriod.choices,
        default=SalaryPeriod.TWELVE_MONTH,
        help_text="Academic or full year.",
    )
    summer_months = models.DecimalField(
        "summer salary (months)",
        max_digits=3,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(3)],
        help_text="Months of summer salary a 9-month position pays, 0 to 3 (e.g. 2).",
    )
    startup_package = money_field("start-up package")
    lab_space = models.CharField(max_length=200, blank=True, help_text="e.g. 800 sq ft dry lab, 6 desks")
    teaching_load = models.DecimalField(
        "teaching load (courses per year)",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    course_releases = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(20)])
    tenure_clock_years = models.PositiveSmallIntegerField(
        "tenure clock (years)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    start_date = models.DateField(null=True, blank=True, validators=SANE_DATE)
    relocation = money_field("relocation allowance")
    partner_hire = models.CharField(
        "partner or spousal hire", max_length=300, blank=True, help_text="What the offer says, if anything."
    )
    bonus = money_field("first-year bonus", "Target bonus for the first year; shown apart from the annual figure.")
    sign_on = money_field("sign-on bonus", "Paid once; shown apart from the annual figure.")
    equity_amount = money_field("equity (amount)", "Total grant value in the offer's currency.")
    equity_vesting = models.CharField(max_length=200, blank=True, help_text="e.g. 4 years, 1-year cliff, monthly")
    compute_budget = models.CharField(
        "compute or GPU budget", max_length=200, blank=True, help_text="e.g. 8 H100s shared by the group"
    )
    juniors_to_mentor = models.PositiveSmallIntegerField(
        "juniors to mentor", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    city = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["response_deadline_at", "pk"]
        indexes = [
            # The reminder planner reads changed rows in order: WHERE updated_at > ? ORDER BY updated_at, id
            models.Index(fields=["updated_at", "id"], name="offer_updated_idx"),
            # Reminders and "respond soon": WHERE owner_id = ? AND response_deadline_at BETWEEN ? AND ?
            models.Index(fields=["owner", "response_deadline_at"], name="offer_owner_response_idx"),
        ]

    def __str__(self):
        return f"Offer from {self.application.position.institution.name}"

    def get_absolute_url(self):
        return reverse("offers:offer_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def institution_name(self) -> str:
        return self.application.position.institution.name

    @property
    def response_deadline(self) -> Zoned:
        return self.zoned("response_deadline")

    def clean(self):
        super().clean()
        errors = self.derive_instants()
        if self.response_deadline_time is not None and self.response_deadline_date is None:
            errors["response_deadline_date"] = "Give the response deadline's date as well as its time."
        if (
            self.response_deadline_date
            and self.received_on
            and is_sane_date(self.received_on)
            and self.response_deadline_date < self.received_on
        ):
            errors["response_deadline_date"] = (
                f"The response deadline cannot come before the offer was received ({self.received_on:%d %b %Y})."
            )
        if errors:
            raise ValidationError(errors)


class NegotiationEntry(OwnedModel):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="negotiations")
    occurred_on = models.DateField("date", validators=SANE_DATE)
    asked = models.TextField("what was asked")
    answer = models.TextField("what was answered", blank=True)

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name_plural = "negotiation entries"

    def __str__(self):
        return f"{self.occurred_on:%d %b %Y}: {self.asked[:60]}"


class Criterion(OwnedModel):
    """One reason that matters to the user, with how much it matters."""

    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    weight = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_WEIGHT)],
        help_text="How much it matters, 0 to 100; only the ratios between weights count.",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                name="criterion_owner_name_ci_unique",
                violation_error_message="You already have a criterion with this name.",
            )
        ]

    def __str__(self):
        return self.name


class Score(OwnedModel):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["criterion__order", "criterion__pk"]
        constraints = [models.UniqueConstraint("offer", "criterion", name="score_offer_criterion_unique")]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class OfferSettings(OwnedModel):
    """The currency offers are compared in; one row per user, created when first saved."""

    base_currency = models.CharField(
        "comparison currency", max_length=3, default="USD", validators=[CURRENCY_CODE], help_text="e.g. USD"
    )
    criteria_seeded = models.BooleanField(
        default=False, help_text="Default criteria were given once; deleting them all does not bring them back."
    )

    class Meta:
        verbose_name_plural = "offer settings"
        constraints = [models.UniqueConstraint("owner", name="offersettings_owner_unique")]

    def __str__(self):
        return f"Compare in {self.base_currency}"


class ExchangeRate(OwnedModel):
    """How many units of the user's comparison currency one unit of `currency` is worth, as the user entered it."""

    currency = models.CharField(max_length=3, validators=[CURRENCY_CODE])
    rate = models.DecimalField(
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"), "A rate must be greater than zero.")],
    )

    class Meta:
        ordering = ["currency"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                "currency",
                name="exchangerate_owner_currency_unique",
                violation_error_message="You already have a rate for this currency; edit that one.",
            )
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.rate.normalize():f}"
