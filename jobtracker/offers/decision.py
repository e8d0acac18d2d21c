"""The weighted decision matrix: totals, ranking and a one-weight sensitivity check. Pure arithmetic, no I/O.

Options (offers) and criteria are any hashable ids. Scores run 1 to 5; a criterion an option has not been
scored on counts as 3, the neutral midpoint, so leaving a cell empty neither helps nor hurts much and the
page says "(unscored, counted as 3)". Arithmetic is exact (fractions), so ties are real ties.

Weighted total = Σ w·s / Σ w, a score on the same 1-5 scale. Every option shares Σ w, so ranking by the
total is ranking by Σ w·s, and the sensitivity rule works on Σ w·s:

For the top option T and a rival O, D = Σ_c w_c (s_Tc - s_Oc) ≥ 0. Changing the single weight w_k by Δ
changes D by Δ·(s_Tk - s_Ok), so O ties T when Δ = -D / (s_Tk - s_Ok), and any further change makes O win.
A change is possible only if the new weight stays ≥ 0 (and ≤ the largest allowed weight, if given) and
some weight remains. The report is the smallest |Δ| over all rivals and criteria.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

NEUTRAL = 3

Weights = Mapping[Hashable, Decimal | Fraction | int]
Scores = Mapping[Hashable, int | None]


def score_or_neutral(scores: Scores, criterion) -> int:
    value = scores.get(criterion)
    return NEUTRAL if value is None else value


def weighted_sum(weights: Weights, scores: Scores) -> Fraction:
    return sum((Fraction(w) * score_or_neutral(scores, c) for c, w in weights.items()), Fraction(0))


def weighted_total(weights: Weights, scores: Scores) -> Fraction | None:
    """Σ w·s / Σ w on the 1-5 scale; None when every weight is zero."""
    total_weight = sum((Fraction(w) for w in weights.values()), Fraction(0))
    if total_weight == 0:
        return None
    return weighted_sum(weights, scores) / total_weight


@dataclass(frozen=True)
class Ranked:
    option: Hashable
    weighted_sum: Fraction
    total: Fraction | None
    rank: int  # options with equal sums share a rank ("1, 1, 3")


def rank(weights: Weights, options: Mapping[Hashable, Scores]) -> list[Ranked]:
    """Options from best to worst; ties keep the order the options were given in."""
    sums = {option: weighted_sum(weights, scores) for option, scores in options.items()}
    ordered = sorted(options, key=lambda option: -sums[option])
    ranked, previous, place = [], None, 0
    for index, option in enumerate(ordered, start=1):
        if sums[option] != previous:
            place, previous = index, sums[option]
        ranked.append(Ranked(option, sums[option], weighted_total(weights, options[option]), place))
    return ranked


@dataclass(frozen=True)
class Flip:
    """Changing `criterion`'s weight from `from_weight` to `to_weight` makes `rival` tie the top option."""

    rival: Hashable
    criterion: Hashable
    from_weight: Fraction
    to_weight: Fraction

    @property
    def delta(self) -> Fraction:
        return self.to_weight - self.from_weight

    @property
    def size(self) -> Fraction:
        return abs(self.delta)


@dataclass(frozen=True)
class Sensitivity:
    outcome: str  # "flip", "tied", "none" (no single change can do it) or "alone" (fewer than two options)
    top: tuple  # the option ranked first, or every option tied for first
    flip: Flip | None = None  # the smallest change over all rivals and criteria
    closest: Mapping[Hashable, Flip | None] | None = None  # the smallest change per rival


def _flip_for(weights, top_scores, rival, rival_scores, margin, total_weight, max_weight) -> Flip | None:
    best = None
    for criterion, weight in weights.items():
        weight = Fraction(weight)
        gap = score_or_neutral(top_scores, criterion) - score_or_neutral(rival_scores, criterion)
        if gap == 0:
            continue  # this weight moves both options alike
        delta = -margin / gap
        new_weight = weight + delta
        if new_weight < 0 or (max_weight is not None and new_weight > max_weight):
            continue
        if total_weight + delta <= 0:
            continue  # no weight left, nothing is ranked
        flip = Flip(rival, criterion, weight, new_weight)
        if best is None or flip.size < best.size:
            best = flip
    return best


def sensitivity(weights: Weights, options: Mapping[Hashable, Scores], *, max_weight=None) -> Sensitivity:
    """Which single weight change would make another option tie the top one, and by how much."""
    ranking = rank(weights, options)
    if len(ranking) < 2:
        return Sensitivity("alone", tuple(r.option for r in ranking))
    leaders = tuple(r.option for r in ranking if r.rank == 1)
    if len(leaders) > 1:
        return Sensitivity("tied", leaders)
    top = ranking[0]
    total_weight = sum((Fraction(w) for w in weights.values()), Fraction(0))
    limit = None if max_weight is None else Fraction(max_weight)
    closest = {}
    for rival in ranking[1:]:
        margin = top.weighted_sum - rival.weighted_sum
        closest[rival.option] = _flip_for(
            weights, options[top.option], rival.option, options[rival.option], margin, total_weight, limit
        )
    candidates = [flip for flip in closest.values() if flip is not None]
    if not candidates:
        return Sensitivity("none", leaders, None, closest)
    best = min(candidates, key=lambda flip: flip.size)  # min keeps the first of equal sizes: the closest rival
    return Sensitivity("flip", leaders, best, closest)
