"""Offers with academic and industry terms, their negotiation, and the user's decision matrix."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower

from jobtracker.accounts.timezones import timezone_choices
from jobtracker.core.links import object_url
from jobtracker.core.models import OwnedModel
from jobtracker.core.validators import SANE_DATE, is_sane_date
from jobtracker.core.zoned import Zoned, ZonedFields, ZonedInstantsModel
from jobtracker.offers import compensation
from jobtracker.pipeline.models import Application

CURRENCY_CODE = RegexValidator(r"^[A-Z]{3}\Z", "Use a three-letter ISO currency code such as USD, EUR, GBP or CHF.")
MAX_WEIGHT = Decimal(100)
MAX_RATE = Decimal(10) ** 10  # ExchangeRate.rate holds 18 digits, 8 of them decimals


NOT_NEGATIVE = MinValueValidator(0, "An amount cannot be negative.")
MAX_VESTING_YEARS, MAX_CLIFF_MONTHS = 10, 48
VESTING_YEARS = f"Vesting runs from 1 to {MAX_VESTING_YEARS} years."
CLIFF_MONTHS = f"A cliff runs from 0 to {MAX_CLIFF_MONTHS} months."
PERCENT = "A percentage runs from 0 to 100."


def money_field(verbose_name: str, help_text: str = ""):
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE],
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

    class VestingSchedule(models.TextChoices):
        EVEN = compensation.EVEN, "Even: the same share every year"
        BACK_LOADED = "5_15_40_40", "5/15/40/40 (back-loaded)"
        FRONT_LOADED = "33_33_22_12", "33/33/22/12 (front-loaded)"

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
    startup_package = money_field(
        "start-up package", "Research funds for the lab, not pay: shown apart and never added to compensation."
    )
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
    # Total compensation counts the bonus every year, equity as it vests and the sign-on in year 1 only.
    bonus = money_field(
        "target bonus (amount a year)",
        "The yearly target bonus in the offer's currency; or give it as a percentage of base salary below.",
    )
    bonus_percent = models.DecimalField(
        "target bonus (% of base salary)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, PERCENT), MaxValueValidator(100, PERCENT)],
        help_text="e.g. 15 for a 15% target bonus; leave empty when you gave the bonus as an amount.",
    )
    sign_on = money_field("sign-on bonus", "Paid once; counted in year 1 only.")
    equity_amount = money_field(
        "equity grant (total value)", "The whole grant in the offer's currency, e.g. 400000 for a four-year grant."
    )
    equity_vesting_years = models.PositiveSmallIntegerField(
        "vesting period (years)",
        default=4,
        validators=[MinValueValidator(1, VESTING_YEARS), MaxValueValidator(MAX_VESTING_YEARS, VESTING_YEARS)],
        help_text="Over how many years the grant vests, 1 to 10 (4 if left empty).",
    )
    equity_cliff_months = models.PositiveSmallIntegerField(
        "cliff (months)",
        default=12,
        validators=[MaxValueValidator(MAX_CLIFF_MONTHS, CLIFF_MONTHS)],
        help_text="Months before anything vests, 0 to 48: a 1-year cliff is 12, no cliff is 0 (12 if left empty).",
    )
    equity_schedule = models.CharField(
        "vesting schedule",
        max_length=12,
        choices=VestingSchedule.choices,
        default=VestingSchedule.EVEN,
        help_text="How the grant is split across the years; the uneven schedules span 4 years.",
    )
    equity_vesting = models.CharField(
        "vesting notes",
        max_length=200,
        blank=True,
        help_text="Anything else about the grant, e.g. vests monthly after the cliff, refreshers expected.",
    )
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
        return object_url("offers:offer_detail", self.pk)

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
        errors.update(self._pay_errors())
        if errors:
            raise ValidationError(errors)

    def _pay_errors(self) -> dict[str, str]:
        errors = {}
        if self.bonus_percent is not None:
            if self.bonus is not None:
                errors["bonus_percent"] = "Give the target bonus as an amount or as a percentage of base, not both."
            elif self.base_salary is None:
                errors["bonus_percent"] = "A bonus given as a percentage of base salary needs the base salary."
        years, cliff = self.equity_vesting_years, self.equity_cliff_months
        if years not in range(1, MAX_VESTING_YEARS + 1) or cliff not in range(MAX_CLIFF_MONTHS + 1):
            return errors  # their own field errors say why
        if self.equity_schedule != self.VestingSchedule.EVEN and years != compensation.SCHEDULE_YEARS:
            label = compensation.schedule_label(self.equity_schedule)
            errors["equity_schedule"] = (
                f"The {label} schedule vests over {compensation.SCHEDULE_YEARS} years: "
                f"set the vesting period to {compensation.SCHEDULE_YEARS} years, or choose even vesting."
            )
        if cliff > 12 * years:
            errors["equity_cliff_months"] = f"A {cliff}-month cliff is longer than the {years}-year vesting period."
        return errors


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
