"""Survey scores: from answered questions only, missing never counted as zero."""

from dataclasses import dataclass, field
from decimal import Decimal

from reintegra.assessments.scoring import answer_value, score

FOUR = [{"code": c} for c in ("a", "b", "c", "d")] + [{"code": "dk", "missing": True}]


@dataclass
class Q:
    code: str
    dimension: str
    options: list = field(default_factory=lambda: FOUR)
    reverse: bool = False
    weight_dimension: Decimal = Decimal(1)
    weight_composite: Decimal = Decimal(1)


QUESTIONS = [
    Q("e1", "economic"),
    Q("e2", "economic", weight_dimension=Decimal(3)),
    Q("s1", "social"),
    Q("p1", "psychosocial"),
    Q("p2", "psychosocial", reverse=True),
]


def test_an_answer_is_placed_between_zero_and_one_and_reversed_when_asked():
    assert answer_value(QUESTIONS[0], "a") == 0
    assert answer_value(QUESTIONS[0], "d") == 1
    assert answer_value(QUESTIONS[4], "a") == 1
    assert answer_value(QUESTIONS[0], "dk") is None
    assert answer_value(QUESTIONS[0], "") is None


def test_missing_answers_are_left_out_not_counted_as_zero():
    # given only the second economic question answered, at the top
    result = score(QUESTIONS, {"e2": "d", "e1": "dk"}, Decimal("0.8"))
    # then the economic score is the top, not pulled down by the missing one
    assert result.dimensions["economic"] == 1
    assert result.answered_share["economic"] == Decimal("0.75")
    # and dimensions without any answer have no score at all
    assert result.dimensions["social"] is None
    assert result.dimensions["psychosocial"] is None
    assert result.missing == ["e1", "s1", "p1", "p2"]


def test_weights_are_renormalised_over_the_answered_questions():
    result = score(QUESTIONS, {"e1": "a", "e2": "d"}, Decimal("0.8"))
    assert result.dimensions["economic"] == Decimal("0.75")  # (1×0 + 3×1) / 4
    assert result.composite == Decimal("0.5")  # composite weights are 1 and 1


def test_completeness_needs_enough_weight_answered_in_every_dimension():
    everything = {"e1": "b", "e2": "c", "s1": "d", "p1": "a", "p2": "a"}
    assert score(QUESTIONS, everything, Decimal("0.8")).complete
    assert not score(QUESTIONS, {**everything, "e2": "dk"}, Decimal("0.8")).complete
    assert score(QUESTIONS, {**everything, "e1": "dk"}, Decimal("0.7")).complete  # 3 of 4 answered


def test_the_lowest_dimension_is_found_among_the_visible_ones():
    result = score(QUESTIONS, {"e1": "d", "e2": "d", "s1": "b", "p1": "a", "p2": "d"}, Decimal("0.8"))
    assert result.lowest() == "psychosocial"
    assert result.lowest(["economic", "social"]) == "social"
