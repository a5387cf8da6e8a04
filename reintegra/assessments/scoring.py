"""Scores of the reintegration-sustainability survey: the only scores in this app.

Structured assessments are never scored (see models.py). The survey is an outcome measure
with published, versioned weights, scored like this (docs/assessments.md):

    answer k of the K options that count  → s = (k − 1) / (K − 1)   (reversed when "reverse")
    "don't know", "prefer not to say", …  → missing, never 0
    dimension d:  D = Σ w_d·s / Σ w_d   over the *answered* questions of d only
    composite:    C = Σ w_c·s / Σ w_c   over all answered questions
    answered share of d = Σ w_d (answered) / Σ w_d (all questions of d)
    complete  ⇔  every dimension's answered share ≥ the set's threshold

A dimension with no answered question has no score (None), not zero.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from reintegra.assessments.choices import SurveyDimension

FOUR_PLACES = Decimal("0.0001")


class QuestionLike(Protocol):
    """What scoring needs of a question (a SurveyQuestion, or a plain object in tests)."""

    code: str
    dimension: str
    options: list[dict[str, Any]]
    reverse: bool
    weight_dimension: Decimal
    weight_composite: Decimal


def answer_value(question: QuestionLike, option_code: str | None) -> Decimal | None:
    """0 to 1 for an answer that counts; None when unanswered or marked missing."""
    if not option_code:
        return None
    counted = [o["code"] for o in question.options if not o.get("missing")]
    if option_code not in counted or len(counted) < 2:
        return None
    position = Decimal(counted.index(option_code)) / Decimal(len(counted) - 1)
    return Decimal(1) - position if question.reverse else position


@dataclass(frozen=True)
class Scores:
    """Dimension and composite scores (0–1, None when nothing was answered), the share of
    each dimension's weight that was answered, and whether the survey is complete enough."""

    dimensions: dict[str, Decimal | None]
    answered_share: dict[str, Decimal]
    composite: Decimal | None
    complete: bool
    missing: list[str] = field(default_factory=list)

    def lowest(self, dimensions: Iterable[str] | None = None) -> str | None:
        """The dimension with the lowest score among `dimensions` (all by default)."""
        scored = [
            (score, d)
            for d, score in self.dimensions.items()
            if score is not None and (dimensions is None or d in dimensions)
        ]
        return min(scored)[1] if scored else None


def _q(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def score(questions: Iterable[QuestionLike], answers: Mapping[str, str], threshold: Decimal) -> Scores:
    """Score one survey response (answers: question code → option code)."""
    sums = {
        d: [Decimal(0), Decimal(0), Decimal(0)] for d in SurveyDimension.values
    }  # Σws, Σw answered, Σw all
    composite_sum = composite_weight = Decimal(0)
    missing = []
    for question in questions:
        bucket = sums[question.dimension]
        bucket[2] += question.weight_dimension
        value = answer_value(question, answers.get(question.code))
        if value is None:
            missing.append(question.code)
            continue
        bucket[0] += question.weight_dimension * value
        bucket[1] += question.weight_dimension
        composite_sum += question.weight_composite * value
        composite_weight += question.weight_composite
    dimensions: dict[str, Decimal | None] = {}
    shares: dict[str, Decimal] = {}
    for dimension, (weighted, answered, total) in sums.items():
        dimensions[dimension] = _q(weighted / answered) if answered > 0 else None
        shares[dimension] = _q(answered / total) if total > 0 else Decimal(0)
    composite = _q(composite_sum / composite_weight) if composite_weight > 0 else None
    complete = all(shares[d] >= threshold for d, (_w, _a, total) in sums.items() if total > 0) and any(
        total > 0 for _w, _a, total in sums.values()
    )
    return Scores(dimensions, shares, composite, complete, missing)
