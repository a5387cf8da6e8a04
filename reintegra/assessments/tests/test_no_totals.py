"""Structured professional judgement: no total, score or computed level exists for an
assessment anywhere (model, service, API, page), and nothing is triggered by ratings.

This is the test the issue asks for. It fails if anyone adds a sum or a score to the
assessment side; the sustainability survey (an outcome measure with published weights)
is the only thing in this app that scores, and it is kept apart.
"""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from reintegra.assessments import models
from reintegra.assessments.api import serializers
from reintegra.assessments.tests.factories import signed_assessment
from reintegra.cases.models import Task

APP = Path(models.__file__).resolve().parent
SCORING_WORDS = {
    "total",
    "totals",
    "score",
    "scores",
    "sum",
    "points",
    "weight",
    "weights",
    "cutoff",
    "band",
    "bands",
}


def scoring(name: str) -> bool:
    """A name that says it scores or adds up: `total_score`, `risk_level`, `weight`..."""
    parts = name.lower().split("_")
    return (
        bool(SCORING_WORDS.intersection(parts))
        or "risk_level" in name.lower()
        or "level_of_risk" in name.lower()
    )


ASSESSMENT_MODELS = (
    models.InstrumentTemplate, models.TemplateVersion, models.Scale, models.ScaleOption,
    models.RatingDimension, models.Domain, models.Item, models.Assessment, models.ItemRating,
)  # fmt: skip
ASSESSMENT_SERIALIZERS = (
    serializers.AssessmentSerializer, serializers.AssessmentDetailSerializer, serializers.RatingSerializer,
    serializers.GridSerializer, serializers.TemplateVersionSerializer,
)  # fmt: skip


@pytest.mark.parametrize("model", ASSESSMENT_MODELS, ids=lambda m: m.__name__)
def test_no_model_of_an_assessment_has_a_score_or_total(model):
    # no field, property or method whose name says it scores or adds up
    names = {f.name for f in model._meta.get_fields()} | {n for n in vars(model) if not n.startswith("_")}
    assert not [n for n in names if scoring(n)]
    # and no numeric field that could hold one (positions order options, they are not values)
    numeric = [
        f.name for f in model._meta.concrete_fields if f.get_internal_type() in {"DecimalField", "FloatField"}
    ]
    assert numeric == []


@pytest.mark.parametrize("serializer", ASSESSMENT_SERIALIZERS, ids=lambda s: s.__name__)
def test_no_api_shape_of_an_assessment_has_a_score_or_total(serializer):
    assert not [name for name in serializer().fields if scoring(name)]


def test_the_scoring_guard_catches_scores():
    assert scoring("total_score")
    assert scoring("risk_level")
    assert scoring("weight")
    assert not scoring("sources_summary")
    assert not scoring("position")


def test_the_assessment_code_never_adds_ratings_up():
    # services, selectors and views of assessments contain no sum(), Sum() or Avg over ratings
    offenders = []
    for name in ("services.py", "selectors.py", "views.py", "api/views.py", "forms.py"):
        tree = ast.parse((APP / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = (
                    func.id
                    if isinstance(func, ast.Name)
                    else func.attr
                    if isinstance(func, ast.Attribute)
                    else ""
                )
                if called in {"sum", "Sum", "Avg", "mean", "fsum"}:
                    offenders.append("{f}:{line}".format(f=name, line=node.lineno))
    assert offenders == []


def test_instrument_files_cannot_bring_numbers_in():
    # a licensed instrument with weights or cut-offs is refused at import (see test_importer)
    from reintegra.assessments.importer import NUMERIC_KEYS

    assert {"weight", "score", "total", "cutoff", "band"} <= NUMERIC_KEYS


@pytest.mark.django_db
def test_ratings_trigger_nothing_and_the_page_and_api_show_no_number(world, login):
    # given a risk-type reading of the open template: every item at the top of its scales
    actor = world.actor("case_manager")
    tasks_before = Task.objects.count()
    assessment = signed_assessment(actor, world.case, position=2, judgement="light")
    # then signing created exactly the one reassessment task a person asked for, whatever the ratings
    assert Task.objects.count() == tasks_before + 1
    assert assessment.judgement == "light"  # the judgement is the assessor's, not derived from ratings
    # and neither the page nor the API shows a total or score
    client = login(world.users["case_manager"])
    page = client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).content.decode().lower()
    for word in ("total", "score", "points"):
        assert word not in page
    data = client.get("/api/v1/assessments/{id}/".format(id=assessment.pk)).json()
    assert not [k for k in _keys(data) if scoring(k)]
    assert all(isinstance(cell["value"], str) for item in data["items"] for cell in item["ratings"].values())


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)
