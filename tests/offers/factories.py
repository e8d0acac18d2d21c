"""Offer helpers for tests: offers through the real service, and one object of each kind for the URL tests."""

import datetime as dt
from decimal import Decimal

from jobtracker.offers import services
from jobtracker.offers.models import Criterion, ExchangeRate, NegotiationEntry, Score
from tests.factories import InstitutionFactory, make_application


def make_offer(owner, application=None, institution_name=None, stage_name="Offer", **terms):
    """An offer for an application (made at the Offer stage unless given), through services.create_offer."""
    if application is None:
        kwargs = {"institution": InstitutionFactory(owner=owner, name=institution_name)} if institution_name else {}
        application = make_application(owner, stage_name=stage_name, **kwargs)
    fields = {
        "received_on": dt.date(2027, 2, 1),
        "currency": "USD",
        "base_salary": Decimal("120000"),
        "salary_period": "nine_month",
        "summer_months": Decimal(2),
        "response_deadline_tz": "America/New_York",
    }
    fields.update(terms)
    return services.create_offer(application=application, **fields)


def score(offer, criterion, value, note=""):
    return Score.objects.create(owner_id=offer.owner_id, offer=offer, criterion=criterion, value=value, note=note)


def offer_objects(owner, application) -> dict:
    """One offer, criterion, score, negotiation entry and rate, keyed by the first word of their URL names."""
    offer = make_offer(owner, application=application)
    services.ensure_default_criteria(user=owner)
    criterion = Criterion.objects.for_user(owner).first()
    negotiation = NegotiationEntry.objects.create(
        owner=owner, offer=offer, occurred_on=dt.date(2027, 2, 3), asked="Two summer months", answer="Agreed"
    )
    return {
        "offer": offer,
        "criterion": criterion,
        "score": score(offer, criterion, 4, "strong group"),
        "negotiation": negotiation,
        "rate": ExchangeRate.objects.create(owner=owner, currency="CHF", rate=Decimal("1.12")),
    }
