"""Template helpers for assessment, survey and plan pages. No data access here."""

from decimal import Decimal
from typing import Any

from django import template

from reintegra.assessments.choices import EvidenceSource, SurveyDimension
from reintegra.plans.choices import GoalDimension

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """`{{ scores|get:dimension }}`: a dict value by a key held in a variable."""
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def percent(value: Decimal | float | None) -> str:
    """A 0–1 score as a whole number out of 100; "—" when there is no score."""
    if value is None:
        return "—"
    return "{v:.0f}".format(v=float(value) * 100)


@register.filter
def survey_dimension(code: str) -> str:
    """The translated name of a survey dimension."""
    try:
        return str(SurveyDimension(code).label)
    except ValueError:
        return code


@register.filter
def goal_dimension(code: str) -> str:
    """The translated name of a plan's life area."""
    try:
        return str(GoalDimension(code).label)
    except ValueError:
        return code


@register.filter
def evidence_sources(codes: list[str]) -> str:
    """Sources of evidence in words, e.g. "Interview with the person, Case file and records"."""
    labels = dict(EvidenceSource.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or []) or "—"
