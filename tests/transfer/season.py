"""A season that uses every model a backup holds: the demo account, plus the few kinds the demo leaves out."""

import datetime as dt
from decimal import Decimal

from jobtracker.interviews.demo import seed_interviews
from jobtracker.materials.demo import seed_materials
from jobtracker.network.demo import seed_network
from jobtracker.offers.demo import seed_offers
from jobtracker.offers.models import ExchangeRate, NegotiationEntry, Offer, OfferSettings
from jobtracker.pipeline import demo
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Institution
from jobtracker.reminders.models import ReminderSettings
from jobtracker.transfer import catalogue


def build_full_season():
    user, _created = demo.seed_demo()
    seed_materials(user=user)
    seed_offers(user=user)
    seed_network(user=user)
    seed_interviews(user=user)
    institution = Institution.objects.filter(owner=user).order_by("pk").first()
    pipeline_services.set_tags(owner=user, obj=institution, names=["dream job", "Bay Area"])
    offer = Offer.objects.filter(owner=user).first()
    if not NegotiationEntry.objects.filter(owner=user).exists():
        NegotiationEntry.objects.create(owner=user, offer=offer, occurred_on=dt.date(2027, 3, 2), asked="More start-up")
    OfferSettings.objects.get_or_create(owner=user, defaults={"base_currency": "EUR"})
    if not ExchangeRate.objects.filter(owner=user).exists():
        ExchangeRate.objects.create(owner=user, currency="CHF", rate=Decimal("1.05123456"))
    ReminderSettings.objects.update_or_create(owner=user, defaults={"leads": "10, 3, 0", "digest": True})
    return user


def empty_models(user) -> list[str]:
    return [e.label for e in catalogue.entries() if not e.model._default_manager.filter(owner=user).exists()]
