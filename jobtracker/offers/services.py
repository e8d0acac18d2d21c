"""Writes for offers, the decision matrix, currencies and accepting an offer."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from jobtracker.core.services import lock_rows, model_create, model_update
from jobtracker.offers import compensation, drafts
from jobtracker.offers.defaults import DEFAULT_CRITERIA
from jobtracker.offers.models import MAX_RATE, Criterion, ExchangeRate, NegotiationEntry, Offer, OfferSettings, Score
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Application, Stage


@transaction.atomic
def create_offer(*, application: Application, **fields) -> Offer:
    lock_rows([application])
    offer = Offer(owner_id=application.owner_id, application=application, **fields)
    offer.full_clean()
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError:  # a double-click raced past full_clean()
        raise ValidationError("This application already has an offer.") from None
    return offer


def update_offer(*, offer: Offer, data: dict) -> Offer:
    return model_update(instance=offer, data=data)


@transaction.atomic
def add_negotiation_entry(*, offer: Offer, occurred_on, asked: str, answer: str = "") -> NegotiationEntry:
    lock_rows([offer])
    entry = NegotiationEntry(owner_id=offer.owner_id, offer=offer, occurred_on=occurred_on, asked=asked, answer=answer)
    entry.full_clean()
    entry.save()
    # Conditional: an offer accepted or declined in another tab meanwhile keeps its status.
    Offer.objects.filter(pk=offer.pk, status=Offer.Status.PENDING).update(
        status=Offer.Status.NEGOTIATING, updated_at=timezone.now()
    )
    return entry


@transaction.atomic
def save_scores(*, offer: Offer, scores: dict[Criterion, tuple[int | None, str]]) -> None:
    """Set each criterion's score and note; an empty score removes it (the criterion is unscored again)."""
    existing = {s.criterion_id: s for s in offer.scores.all()}
    for criterion, (value, note) in scores.items():
        if criterion.owner_id != offer.owner_id:
            raise ValidationError("Score only your own criteria.")
        score = existing.get(criterion.pk)
        if value is None:
            if score is not None:
                score.delete()
            continue
        if score is None:
            score = Score(owner_id=offer.owner_id, offer=offer, criterion=criterion)
        elif score.value == value and score.note == note:
            continue
        score.value, score.note = value, note
        score.full_clean(exclude=["offer", "criterion"])
        score.save()


# Criteria


def ensure_default_criteria(*, user) -> bool:
    """Give an account the default criteria once; True when they were created now.

    New accounts get them at sign-up (a signal), accounts older than the matrix got them from a data
    migration. An account that later deletes every criterion keeps an empty matrix.
    """
    if OfferSettings.objects.filter(owner=user, criteria_seeded=True).exists():
        return False  # the usual case: one query
    with transaction.atomic():
        settings, _ = OfferSettings.objects.select_for_update().get_or_create(owner=user)
        if settings.criteria_seeded:
            return False
        created = not Criterion.objects.for_user(user).exists()
        if created:
            Criterion.objects.bulk_create(
                [
                    Criterion(owner=user, name=name, description=description, weight=weight, order=index)
                    for index, (name, description, weight) in enumerate(DEFAULT_CRITERIA)
                ]
            )
        settings.criteria_seeded = True
        settings.save(update_fields=["criteria_seeded", "updated_at"])
    return created


def update_criterion(*, criterion: Criterion, data: dict) -> Criterion:
    return model_update(instance=criterion, data=data)


@transaction.atomic
def add_criterion(*, owner, name: str, weight: Decimal, description: str = "") -> Criterion:
    last = Criterion.objects.for_user(owner).aggregate(m=Max("order"))["m"]
    data = {"name": name.strip(), "weight": weight, "description": description, "order": (last or 0) + 1}
    return model_create(model=Criterion, data=data, owner=owner)


# Currencies


def save_base_currency(*, user, base_currency: str) -> str:
    """Change the comparison currency, restating the user's rates in it; returns what happened to the rates."""
    with transaction.atomic():
        settings, _ = OfferSettings.objects.select_for_update().get_or_create(owner=user)
        old = settings.base_currency
        if old == base_currency:
            return "unchanged"
        settings.base_currency = base_currency
        settings.full_clean()
        settings.save(update_fields=["base_currency", "updated_at"])
        rows = list(ExchangeRate.objects.for_user(user))
        if not rows:
            return "no rates"
        restated = compensation.rebase({r.currency: r.rate for r in rows}, old_base=old, new_base=base_currency)
        ExchangeRate.objects.for_user(user).delete()
        if restated is None:
            return "cleared"
        ExchangeRate.objects.bulk_create(
            [
                ExchangeRate(owner=user, currency=code, rate=rate)
                for code, rate in sorted(restated.items())
                if 0 < rate < MAX_RATE  # an absurd ratio that no longer fits the column is dropped, not stored
            ]
        )
        return "restated"


def set_rate(*, user, currency: str, rate: Decimal) -> ExchangeRate:
    """Add or replace the rate for one currency (units of the comparison currency per 1 unit)."""
    settings = OfferSettings.objects.filter(owner=user).first()
    base = settings.base_currency if settings else OfferSettings._meta.get_field("base_currency").default
    if currency == base:
        raise ValidationError({"currency": f"{base} is your comparison currency; it needs no rate."})
    row = ExchangeRate.objects.for_user(user).filter(currency=currency).first() or ExchangeRate(
        owner=user, currency=currency
    )
    row.rate = rate
    row.full_clean(validate_constraints=False)
    row.save()
    return row


# Accepting


@dataclass
class Acceptance:
    accepted: Offer
    withdrawn: list[Application]
    declined: list[Offer]


def _first_stage(stages: list[Stage], track: str, category: str, name: str | None = None) -> Stage | None:
    candidates = [s for s in stages if s.track == track and s.category == category and not s.is_archived]
    if name:
        named = [s for s in candidates if s.name.lower() == name.lower()]
        candidates = named or candidates
    return candidates[0] if candidates else None


def accept_offer(*, offer: Offer, withdraw: list[Application], user) -> Acceptance:
    """Accept one offer and, in the same transaction, withdraw or decline each chosen application.

    The accepted application moves to its track's first "won" stage; each chosen application moves to the
    track's Declined stage when it has an offer, to Withdrawn otherwise (falling back to the first stage
    of the withdrawn category), with the drafted polite note recorded on the stage change. Applications
    not chosen are left exactly as they are.
    """
    stages = list(Stage.objects.for_user(user).order_by("order", "id"))
    application = offer.application
    won = _first_stage(stages, application.track, Stage.Category.WON)
    if won is None and application.stage.category != Stage.Category.WON:
        raise ValidationError(f"Your {application.get_track_display().lower()} track has no stage for accepted offers.")
    plan = []
    for other in withdraw:
        if other.owner_id != offer.owner_id or other.pk == application.pk:
            raise ValidationError("Pick only your other applications.")
        other_offer = getattr(other, "offer", None)
        name = "Declined" if other_offer else "Withdrawn"
        target = _first_stage(stages, other.track, Stage.Category.WITHDRAWN, name)
        if target is None:
            raise ValidationError(f"Your {other.get_track_display().lower()} track has no withdrawn stage.")
        note = drafts.withdrawal_note(application=other, has_offer=other_offer is not None, user=user)
        plan.append((other, other_offer, target, note))

    declined = []
    with transaction.atomic():
        lock_rows([offer, application, *(p[0] for p in plan)])  # a second click waits, then finds it done
        offer.refresh_from_db(fields=["status"])
        if offer.status == Offer.Status.ACCEPTED:
            raise ValidationError("This offer was accepted already (perhaps in another tab).")
        if application.stage.category != Stage.Category.WON:
            pipeline_services.move_application(
                application=application, to_stage=won, note=drafts.acceptance_note(offer=offer)
            )
        offer.status = Offer.Status.ACCEPTED
        offer.save(update_fields=["status", "updated_at"])
        for other, other_offer, target, note in plan:
            if other.stage_id != target.pk:
                pipeline_services.move_application(application=other, to_stage=target, note=note)
            if other_offer is not None and other_offer.status != Offer.Status.DECLINED:
                other_offer.status = Offer.Status.DECLINED
                other_offer.save(update_fields=["status", "updated_at"])
                declined.append(other_offer)
    return Acceptance(offer, [p[0] for p in plan], declined)
