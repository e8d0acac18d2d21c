"""Demo offers for the demo account: the applications at the Offer, Negotiating and Accepted stages get terms,
scores and a negotiation entry; Google DeepMind's onsite turns into a London offer in GBP."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jobtracker.offers import services
from jobtracker.offers.models import Criterion, ExchangeRate, Offer, OfferSettings
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Application, Stage

# Terms by institution; anything not named here gets a plain 12-month offer.
TERMS = {
    "Carnegie Mellon University": {
        "salary_period": "nine_month",
        "base_salary": Decimal(142000),
        "summer_months": Decimal(2),
        "startup_package": Decimal(850000),
        "lab_space": "Shared lab in the Gates Center, 6 desks",
        "teaching_load": Decimal("1.5"),
        "course_releases": 2,
        "tenure_clock_years": 7,
        "compute_budget": "$150k of GPU credits over three years",
        "juniors_to_mentor": 4,
        "relocation": Decimal(10000),
        "partner_hire": "Dean will help place a partner at Pitt or CMU",
        "city": "Pittsburgh",
    },
    "Massachusetts Institute of Technology": {
        "salary_period": "nine_month",
        "base_salary": Decimal(150000),
        "summer_months": Decimal(1),
        "startup_package": Decimal(1000000),
        "teaching_load": Decimal(2),
        "course_releases": 1,
        "tenure_clock_years": 8,
        "city": "Cambridge, MA",
    },
    "Harvey Mudd College": {
        "salary_period": "nine_month",
        "base_salary": Decimal(112000),
        "summer_months": Decimal("1.5"),
        "startup_package": Decimal(120000),
        "teaching_load": Decimal(4),
        "tenure_clock_years": 6,
        "juniors_to_mentor": 6,
        "city": "Claremont",
    },
    "Allen Institute for AI": {
        "salary_period": "twelve_month",
        "base_salary": Decimal(215000),
        "bonus": Decimal(25000),
        "sign_on": Decimal(30000),
        "compute_budget": "Dedicated share of the PRIOR cluster",
        "juniors_to_mentor": 2,
        "city": "Seattle",
    },
    "Google DeepMind": {
        "currency": "GBP",
        "salary_period": "twelve_month",
        "base_salary": Decimal(165000),
        "bonus_percent": Decimal(15),
        "sign_on": Decimal(40000),
        "equity_amount": Decimal(320000),
        "equity_vesting_years": 4,
        "equity_cliff_months": 12,
        "equity_vesting": "Vests monthly after the cliff",
        "compute_budget": "TPU quota on the team's allocation",
        "juniors_to_mentor": 1,
        "relocation": Decimal(15000),
        "city": "London",
    },
}

# Scores 1-5 by criterion position in the default list (research, resources, focus, mentoring, location,
# compensation, security, colleagues, speed); None leaves a criterion unscored.
SCORES = {
    "Carnegie Mellon University": [5, 4, 3, 5, 3, 3, 4, 5, 3],
    "Massachusetts Institute of Technology": [5, 5, 2, 5, 4, 3, 3, 5, None],
    "Google DeepMind": [3, 5, 4, 2, 4, 5, 3, 4, 5],
    "Allen Institute for AI": [4, 4, 4, 3, 3, 4, None, 4, 4],
}


def _offer_stage_application(user) -> Application | None:
    """Google DeepMind's industry application, moved on to Offer so the demo has an offer in pounds."""
    application = (
        Application.objects.for_user(user)
        .filter(position__institution__name="Google DeepMind", stage__category=Stage.Category.OPEN)
        .select_related("stage")
        .first()
    )
    stage = Stage.objects.for_user(user).filter(track=application.track, name="Offer").first() if application else None
    if application is None or stage is None:
        return None
    pipeline_services.move_application(application=application, to_stage=stage, note="Offer call from the team lead.")
    return application


def seed_offers(*, user) -> None:
    services.ensure_default_criteria(user=user)
    _offer_stage_application(user)
    today = timezone.localdate()
    season = pipeline_services.open_current_season(user=user)
    applications = (
        Application.objects.for_user(user)
        .filter(position__season=season, stage__name__in=["Offer", "Negotiating", "Accepted"])
        .select_related("position__institution", "stage")
        .order_by("pk")
    )
    criteria = list(Criterion.objects.for_user(user).order_by("order", "pk"))
    for index, application in enumerate(applications):
        name = application.position.institution.name
        status = {"Negotiating": Offer.Status.NEGOTIATING, "Accepted": Offer.Status.ACCEPTED}.get(
            application.stage.name, Offer.Status.PENDING
        )
        terms = {"salary_period": "twelve_month", "base_salary": Decimal(180000), **TERMS.get(name, {})}
        offer = services.create_offer(
            application=application,
            status=status,
            received_on=today - dt.timedelta(days=12 + 3 * index),
            response_deadline_date=today + dt.timedelta(days=9 + 5 * index),
            response_deadline_time=dt.time(17, 0),
            response_deadline_tz=application.position.deadline_tz,
            start_date=dt.date(season.start_year + 1, 8, 15),
            **terms,
        )
        scores = SCORES.get(name, [])
        services.save_scores(
            offer=offer,
            scores={criterion: (value, "") for criterion, value in zip(criteria, scores, strict=False)},
        )
        if status == Offer.Status.NEGOTIATING:
            services.add_negotiation_entry(
                offer=offer,
                occurred_on=today - dt.timedelta(days=4),
                asked="Two months of summer salary instead of one, and the start-up spread over four years.",
                answer="The chair agreed to 1.5 summer months in years one and two; start-up as asked.",
            )
    OfferSettings.objects.filter(owner=user).update(base_currency="USD")
    ExchangeRate.objects.update_or_create(owner=user, currency="GBP", defaults={"rate": Decimal("1.27")})
