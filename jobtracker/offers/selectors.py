"""Reads for offer pages; each runs a fixed number of queries whatever the number of offers."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, F, Prefetch, QuerySet

from jobtracker.offers import chart, compensation, decision, terms
from jobtracker.offers.models import MAX_WEIGHT, Criterion, ExchangeRate, Offer, OfferSettings, Score
from jobtracker.pipeline.models import Application, Stage

DEFAULT_BASE = "USD"


@dataclass
class CurrencySettings:
    base: str
    rates: dict[str, Decimal]


def currency_settings(*, user) -> CurrencySettings:
    settings = OfferSettings.objects.for_user(user).first()
    rates = {r.currency: r.rate for r in ExchangeRate.objects.for_user(user)}
    return CurrencySettings(settings.base_currency if settings else DEFAULT_BASE, rates)


def offers_for_list(*, user) -> QuerySet[Offer]:
    return (
        Offer.objects.for_user(user)
        .select_related("application__position__institution", "application__position__season", "application__stage")
        .order_by(F("response_deadline_at").asc(nulls_last=True), "pk")
    )


def with_cash(offers, *, currencies: CurrencySettings) -> list[Offer]:
    """The offers with `cash` (a compensation.CashSummary) attached; no queries."""
    offers = list(offers)
    for offer in offers:
        offer.cash = compensation.summarise(offer, base=currencies.base, rates=currencies.rates)
    return offers


def criteria(*, user) -> QuerySet[Criterion]:
    return Criterion.objects.for_user(user).order_by("order", "pk")


def criteria_with_use(*, user) -> QuerySet[Criterion]:
    return criteria(user=user).annotate(score_count=Count("scores"))


def offer_scores(*, offer: Offer) -> dict[int, Score]:
    return {s.criterion_id: s for s in offer.scores.all()}


@dataclass
class Cell:
    criterion: Criterion
    score: Score | None

    @property
    def counted(self) -> int:
        return self.score.value if self.score else decision.NEUTRAL


@dataclass
class Column:
    offer: Offer
    cells: list[Cell]
    total: Fraction | None
    rank: int
    colour: str


@dataclass
class FlipView:
    """A decision.Flip with its offer and criterion rows."""

    rival: Offer
    criterion: Criterion
    from_weight: Fraction
    to_weight: Fraction

    @property
    def delta(self) -> Fraction:
        return self.to_weight - self.from_weight


@dataclass
class Comparison:
    columns: list[Column]  # in ranking order
    criteria: list[Criterion]
    currencies: CurrencySettings
    sensitivity: decision.Sensitivity
    totals_chart: chart.Chart
    criteria_chart: chart.Chart
    show_all: bool

    @property
    def term_rows(self) -> list[tuple[str, list[str]]]:
        return terms.side_by_side([column.offer for column in self.columns])

    @property
    def leaders(self) -> list[Offer]:
        return [column.offer for column in self.columns if column.offer.pk in self.sensitivity.top]

    def _view(self, flip: decision.Flip | None) -> FlipView | None:
        if flip is None:
            return None
        offers = {column.offer.pk: column.offer for column in self.columns}
        criteria = {criterion.pk: criterion for criterion in self.criteria}
        return FlipView(offers[flip.rival], criteria[flip.criterion], flip.from_weight, flip.to_weight)

    @property
    def flip(self) -> FlipView | None:
        return self._view(self.sensitivity.flip)

    @property
    def closest(self) -> list[tuple[Offer, FlipView | None]]:
        """Per other offer, in ranking order, the smallest single weight change that makes it tie the top."""
        found = self.sensitivity.closest or {}
        return [(c.offer, self._view(found.get(c.offer.pk))) for c in self.columns if c.offer.pk in found]

    def rows(self):
        """(criterion, [cell per column]) for the side-by-side table."""
        return [(c, [col.cells[i] for col in self.columns]) for i, c in enumerate(self.criteria)]


def comparison(*, user, show_all: bool = False) -> Comparison:
    offers = offers_for_list(user=user).prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("pk")))
    if not show_all:
        offers = offers.filter(status__in=Offer.LIVE_STATUSES)
    currencies = currency_settings(user=user)
    offers = with_cash(offers, currencies=currencies)
    rows = list(criteria(user=user))
    weights = {c.pk: c.weight for c in rows}
    matrix = {o.pk: {s.criterion_id: s.value for s in o.scores.all()} for o in offers}
    by_pk = {o.pk: o for o in offers}
    colours = {o.pk: chart.colour(i) for i, o in enumerate(offers)}
    columns = []
    for ranked in decision.rank(weights, matrix):
        offer = by_pk[ranked.option]
        scored = {s.criterion_id: s for s in offer.scores.all()}
        cells = [Cell(c, scored.get(c.pk)) for c in rows]
        columns.append(Column(offer, cells, ranked.total, ranked.rank, colours[offer.pk]))
    # Colours follow the offers' list order, so an offer keeps its colour when the ranking changes; the bars and
    # the legend follow the ranking, as the table does.
    totals = chart.totals_chart([(c.offer.institution_name, _float(c.total)) for c in columns])
    for bar, column in zip(totals.bars, columns, strict=True):
        bar.colour = column.colour
    per_criterion = chart.criteria_chart(
        [col.offer.institution_name for col in columns],
        [(c.name, [matrix[col.offer.pk].get(c.pk) for col in columns]) for c in rows],
        colours=[col.colour for col in columns],
    )
    return Comparison(
        columns=columns,
        criteria=rows,
        currencies=currencies,
        sensitivity=decision.sensitivity(weights, matrix, max_weight=MAX_WEIGHT),
        totals_chart=totals,
        criteria_chart=per_criterion,
        show_all=show_all,
    )


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def accept_candidates(*, offer: Offer) -> QuerySet[Application]:
    """The user's other applications of the same season that are still open or hold an offer."""
    application = offer.application
    return (
        Application.objects.filter(
            owner_id=offer.owner_id,
            position__season_id=application.position.season_id,
            stage__category__in=[Stage.Category.OPEN, Stage.Category.OFFER],
        )
        .exclude(pk=application.pk)
        .select_related("position__institution", "stage", "offer")
        .order_by("stage__category", "position__institution__name", "pk")  # "offer" sorts before "open"
    )


def exchange_rates(*, user) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.for_user(user).order_by("currency")


def offers_to_record(*, user) -> QuerySet[Application]:
    """Applications at an offer stage with no offer recorded yet."""
    return (
        Application.objects.for_user(user)
        .filter(stage__category=Stage.Category.OFFER, offer__isnull=True)
        .select_related("position__institution")
        .order_by("position__institution__name", "pk")
    )


def offer_currencies(*, user) -> list[str]:
    """The currencies the user's offers are stated in, for the settings page."""
    return sorted(set(Offer.objects.for_user(user).values_list("currency", flat=True)))
