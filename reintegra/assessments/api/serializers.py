"""API shapes of instruments, assessments and surveys.

Assessment output has no score, total or any number derived from ratings: ratings are
option codes with their labels, "insufficient information" is its own value
(`reintegra/assessments/tests/test_no_totals.py` checks these serializers).
"""

from typing import Any

from rest_framework import serializers

from reintegra.assessments.choices import AssessmentContext, AssessmentStatus, EvidenceSource, SurveyWave
from reintegra.assessments.models import SURVEY_FIELD_CATEGORIES
from reintegra.core.api.serializers import CategorisedSerializer, VersionedInput


class TemplateVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(source="template.code")
    name = serializers.CharField(source="template.label")
    number = serializers.IntegerField()
    kind = serializers.CharField(source="template.kind")
    category = serializers.CharField(source="template.category")
    status = serializers.CharField()
    private = serializers.SerializerMethodField()
    licence_expires_on = serializers.DateField(allow_null=True)
    usable = serializers.BooleanField()

    def get_private(self, version: Any) -> bool:
        """Loaded privately by your agency (a licensed instrument)."""
        return version.template.owner_agency_id is not None


class RatingSerializer(serializers.Serializer):
    item = serializers.CharField(source="spec.item.code")
    label = serializers.CharField(source="spec.item.text")  # type: ignore[assignment]  # a JSON key
    ratings = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()
    person_view = serializers.SerializerMethodField()

    def get_ratings(self, item: Any) -> dict[str, dict[str, str]]:
        """Per dimension: the option code (or `insufficient_information`, or "") and its label."""
        return {d.spec.dimension.code: {"value": d.code, "label": d.label} for d in item.dimensions}

    def get_evidence(self, item: Any) -> str:
        return item.rating.evidence if item.rating else ""

    def get_sources(self, item: Any) -> list[str]:
        return item.rating.sources if item.rating else []

    def get_person_view(self, item: Any) -> str:
        return item.rating.person_view if item.rating else ""


class AssessmentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    instrument = serializers.CharField(source="template_version.template.code")
    instrument_version = serializers.IntegerField(source="template_version.number")
    instrument_version_id = serializers.IntegerField(source="template_version_id")
    category = serializers.CharField()
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    revision = serializers.IntegerField()
    corrects = serializers.UUIDField(source="supersedes_id", allow_null=True)
    correction_reason = serializers.CharField()
    assessor = serializers.CharField(source="assessor.label")
    assessed_on = serializers.DateField()
    assessment_context = serializers.ChoiceField(source="context", choices=AssessmentContext.choices)
    reassessment_due = serializers.DateField(allow_null=True)
    signed_at = serializers.DateTimeField(allow_null=True)
    countersigned_by = serializers.CharField(source="countersigned_by.label", allow_null=True, default=None)
    countersigned_at = serializers.DateTimeField(allow_null=True)
    countersigner_dissents = serializers.BooleanField()


class AssessmentDetailSerializer(AssessmentSerializer):
    sources_summary = serializers.CharField()
    formulation = serializers.CharField()
    judgement = serializers.CharField()
    judgement_label = serializers.SerializerMethodField()
    judgement_rationale = serializers.CharField()
    countersign_comment = serializers.CharField()
    returned_reason = serializers.CharField()
    items = serializers.SerializerMethodField()

    def get_judgement_label(self, assessment: Any) -> str:
        return self.context.get("judgement_text", "")

    def get_items(self, assessment: Any) -> list[dict[str, Any]]:
        """Every item of the instrument with its ratings and evidence."""
        return [
            dict(RatingSerializer(item).data)
            for domain in self.context.get("domains", [])
            for item in domain.items
        ]


class AssessmentCreateSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    instrument_version_id = serializers.IntegerField()
    assessment_context = serializers.ChoiceField(choices=AssessmentContext.choices)
    assessed_on = serializers.DateField(required=False)


class RatingInputSerializer(serializers.Serializer):
    ratings = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text='Dimension code → option code, `insufficient_information`, or "" to clear.',
    )
    evidence = serializers.CharField(allow_blank=True, required=False, default="")
    sources = serializers.ListField(
        child=serializers.ChoiceField(choices=EvidenceSource.choices), required=False, default=list
    )
    person_view = serializers.CharField(allow_blank=True, required=False, default="")


class AssessmentUpdateSerializer(VersionedInput):
    assessed_on = serializers.DateField(required=False)
    assessment_context = serializers.ChoiceField(choices=AssessmentContext.choices, required=False)
    sources_summary = serializers.CharField(allow_blank=True, required=False)
    formulation = serializers.CharField(allow_blank=True, required=False)
    judgement = serializers.CharField(allow_blank=True, required=False)
    judgement_rationale = serializers.CharField(allow_blank=True, required=False)
    reassessment_due = serializers.DateField(required=False)
    items = serializers.DictField(
        child=RatingInputSerializer(), required=False, help_text="Item code → its ratings."
    )


class CountersignSerializer(VersionedInput):
    comment = serializers.CharField(allow_blank=True, required=False, default="")
    dissent = serializers.BooleanField(required=False, default=False)


class ReasonSerializer(VersionedInput):
    reason = serializers.CharField()


class CorrectSerializer(serializers.Serializer):
    reason = serializers.CharField()


class GridSerializer(serializers.Serializer):
    """The change-over-time grid: columns are assessments, rows items; no numbers."""

    template = serializers.CharField(source="template.code")
    columns = serializers.SerializerMethodField()
    rows = serializers.SerializerMethodField()

    def get_columns(self, grid: Any) -> list[dict[str, Any]]:
        return [
            {
                "id": str(a.pk),
                "code": a.code,
                "assessed_on": a.assessed_on.isoformat(),
                "status": a.status,
                "instrument_version": a.template_version.number,
                "judgement": judgement,
            }
            for a, judgement in zip(grid.columns, grid.judgements, strict=True)
        ]

    def get_rows(self, grid: Any) -> list[dict[str, Any]]:
        return [
            {
                "domain": row.domain,
                "item": row.item_code,
                "label": row.item_label,
                "cells": [
                    {
                        mark.dimension: {
                            "label": mark.label,
                            "insufficient_information": mark.insufficient,
                            "moved": mark.moved,
                        }
                        for mark in cell
                    }
                    for cell in row.cells
                ],
            }
            for row in grid.rows
        ]


class QuestionSetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    number = serializers.IntegerField()
    name = serializers.CharField(source="label")
    status = serializers.CharField()
    reintegra_default = serializers.BooleanField(source="is_reintegra_default")
    completeness_threshold = serializers.DecimalField(max_digits=3, decimal_places=2)
    source_note = serializers.CharField()


class SurveySerializer(CategorisedSerializer):
    """A survey wave; psychosocial answers and scores (and the composite) only where you may
    see health and psychosocial data."""

    field_categories = SURVEY_FIELD_CATEGORIES

    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    question_set = serializers.CharField(source="question_set.code")
    question_set_version = serializers.IntegerField(source="question_set.number")
    wave = serializers.ChoiceField(choices=SurveyWave.choices)
    conducted_on = serializers.DateField()
    interviewer = serializers.CharField(source="interviewer.label")
    economic_score = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    social_score = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    psychosocial_score = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    composite_score = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    complete = serializers.BooleanField()
    answers = serializers.SerializerMethodField()

    def get_answers(self, survey: Any) -> dict[str, str]:
        """Question code → answer code, for the dimensions you may see."""
        dimensions = self.context.get("dimensions_of", lambda _s: ())(survey)
        codes = self.context.get("question_dimensions", {}).get(survey.question_set_id, {})
        return {q: a for q, a in survey.answers.items() if codes.get(q) in dimensions}


class SurveyInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    question_set_id = serializers.IntegerField()
    wave = serializers.ChoiceField(choices=SurveyWave.choices)
    conducted_on = serializers.DateField()
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True))


class SurveyUpdateSerializer(VersionedInput):
    wave = serializers.ChoiceField(choices=SurveyWave.choices)
    conducted_on = serializers.DateField()
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True))


class InstrumentDocumentSerializer(serializers.Serializer):
    """An instrument's JSON document (see docs/assessments.md for the schema)."""

    format = serializers.CharField()
    format_version = serializers.IntegerField()
    code = serializers.CharField()
    version = serializers.IntegerField()
