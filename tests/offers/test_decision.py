"""The weighted decision matrix on hand-computed examples.

The main example, with weights research 2, pay 1, city 0 (a zero weight):

    offer      research  pay  city      Σ w·s               total (Σ w = 3)
    X          5         2    1         2·5 + 1·2 + 0·1 = 12   4
    Y          3         5    5         2·3 + 1·5 + 0·5 = 11   11/3
    Z          4         3    (none→3)  2·4 + 1·3 + 0·3 = 11   11/3

X is first; Y and Z tie for second. D(X, Y) = 1 and D(X, Z) = 1.
Single changes that make Y tie X: research 2 → 1.5 (gap 2, Δ -1/2), pay 1 → 4/3 (gap -3, Δ +1/3),
city 0 → 1/4 (gap -4, Δ +1/4). For Z: research 2 → 1, pay 1 → 2, city 0 → 1/2.
Smallest overall: raise the zero-weighted city to 1/4, and Y ties X (12.25 each).
"""

from decimal import Decimal
from fractions import Fraction

from jobtracker.offers.decision import rank, sensitivity, weighted_sum, weighted_total

WEIGHTS = {"research": Decimal(2), "pay": Decimal(1), "city": Decimal(0)}
OPTIONS = {
    "X": {"research": 5, "pay": 2, "city": 1},
    "Y": {"research": 3, "pay": 5, "city": 5},
    "Z": {"research": 4, "pay": 3, "city": None},
}


def test_weighted_totals_are_on_the_one_to_five_scale_and_ignore_a_zero_weight():
    assert weighted_sum(WEIGHTS, OPTIONS["X"]) == 12
    assert weighted_total(WEIGHTS, OPTIONS["X"]) == 4
    assert weighted_total(WEIGHTS, OPTIONS["Y"]) == Fraction(11, 3)


def test_an_unscored_criterion_counts_as_the_neutral_three():
    assert weighted_sum(WEIGHTS, OPTIONS["Z"]) == 11
    assert weighted_sum({"a": 1}, {}) == 3


def test_with_every_weight_zero_there_is_no_total():
    assert weighted_total({"a": 0, "b": 0}, {"a": 5}) is None


def test_ranking_orders_by_weighted_sum_and_ties_share_a_rank():
    ranking = rank(WEIGHTS, OPTIONS)
    assert [(r.option, r.rank) for r in ranking] == [("X", 1), ("Y", 2), ("Z", 2)]
    assert ranking[0].total == 4


def test_the_smallest_single_change_can_be_raising_a_zero_weight():
    result = sensitivity(WEIGHTS, OPTIONS)
    assert result.outcome == "flip"
    assert result.top == ("X",)
    assert (result.flip.rival, result.flip.criterion) == ("Y", "city")
    assert (result.flip.from_weight, result.flip.to_weight, result.flip.delta) == (0, Fraction(1, 4), Fraction(1, 4))
    changed = {**WEIGHTS, "city": Fraction(1, 4)}
    assert weighted_sum(changed, OPTIONS["Y"]) == weighted_sum(changed, OPTIONS["X"]) == Fraction(49, 4)


def test_each_rival_gets_its_own_closest_change():
    result = sensitivity(WEIGHTS, OPTIONS)
    z = result.closest["Z"]
    assert (z.criterion, z.from_weight, z.to_weight) == ("city", 0, Fraction(1, 2))


def test_without_the_zero_weight_the_best_change_is_the_smallest_of_the_rest():
    weights = {"research": Decimal(2), "pay": Decimal(1)}
    result = sensitivity(weights, OPTIONS)
    # Y: pay +1/3 beats research -1/2; Z: research -1 and pay +1 tie at size 1, the first criterion is kept.
    assert (result.flip.rival, result.flip.criterion, result.flip.delta) == ("Y", "pay", Fraction(1, 3))
    assert (result.closest["Z"].criterion, result.closest["Z"].delta) == ("research", -1)


def test_a_top_tie_is_reported_as_already_tied():
    options = {**OPTIONS, "Z": {"research": 4, "pay": 4, "city": None}}  # 2·4 + 1·4 = 12, like X
    result = sensitivity(WEIGHTS, options)
    assert result.outcome == "tied"
    assert result.top == ("X", "Z")
    assert result.flip is None


def test_a_decrease_that_needs_a_negative_weight_is_impossible():
    # P beats Q on both criteria: only lowering a weight could help Q, and below zero is not allowed.
    result = sensitivity({"a": 1, "b": 1}, {"P": {"a": 5, "b": 5}, "Q": {"a": 1, "b": 1}})
    assert result.outcome == "none"
    assert result.closest == {"Q": None}


def test_lowering_a_weight_exactly_to_zero_is_allowed():
    # D = 1·(5-4) + 1·(3-3) = 1; only a separates them, and a 1 → 0 makes it a tie (3 each).
    result = sensitivity({"a": 1, "b": 1}, {"P": {"a": 5, "b": 3}, "Q": {"a": 4, "b": 3}})
    assert result.outcome == "flip"
    assert (result.flip.criterion, result.flip.from_weight, result.flip.to_weight) == ("a", 1, 0)


def test_no_change_may_leave_every_weight_at_zero():
    # The only fix would set a's weight to 0 with b already 0: nothing would be ranked any more.
    result = sensitivity({"a": 1, "b": 0}, {"P": {"a": 5, "b": 1}, "Q": {"a": 1, "b": 1}})
    assert result.outcome == "none"


def test_the_largest_allowed_weight_bounds_an_increase():
    # P leads on a and b by 4 each, so lowering one of them alone cannot close the gap; only raising c can.
    options = {"P": {"a": 5, "b": 5, "c": 4}, "Q": {"a": 1, "b": 1, "c": 5}}
    assert sensitivity({"a": 10, "b": 10, "c": 1}, options, max_weight=100).flip.to_weight == 80  # D = 79
    assert sensitivity({"a": 30, "b": 30, "c": 1}, options, max_weight=100).outcome == "none"  # would need 240
    assert sensitivity({"a": 30, "b": 30, "c": 1}, options).flip.to_weight == 240


def test_a_single_offer_has_nothing_to_compare():
    assert sensitivity(WEIGHTS, {"X": OPTIONS["X"]}).outcome == "alone"
    assert sensitivity(WEIGHTS, {}).outcome == "alone"
