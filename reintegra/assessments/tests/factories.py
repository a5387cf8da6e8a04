"""Test data for assessments and surveys, built through the services where the rules matter."""

from datetime import date

from reintegra.assessments import services
from reintegra.assessments.choices import AssessmentContext
from reintegra.assessments.models import Assessment, SurveyQuestionSet, TemplateVersion
from reintegra.assessments.selectors import template_structure
from reintegra.assessments.services import RatingInput
from reintegra.cases.models import Case
from reintegra.core.actors import Actor

OPEN_TEMPLATE = "reintegration-needs-strengths"
DEFAULT_SURVEY = "reintegration-sustainability"


def open_template() -> TemplateVersion:
    """The open template shipped by migration 0002."""
    return TemplateVersion.objects.select_related("template").get(template__code=OPEN_TEMPLATE, number=1)


def default_survey() -> SurveyQuestionSet:
    """The default question set shipped by migration 0002."""
    return SurveyQuestionSet.objects.get(code=DEFAULT_SURVEY, number=1)


def full_ratings(
    version: TemplateVersion, position: int = 1, insufficient: tuple[str, ...] = ()
) -> dict[str, RatingInput]:
    """Every item rated at option `position` of each scale (or "insufficient information"
    for the items named), with evidence and a source."""
    ratings = {}
    for spec in template_structure(version).items():
        code = spec.item.code
        values = {
            d.dimension.code: "insufficient_information"
            if code in insufficient
            else d.options[min(position, len(d.options) - 1)].code
            for d in spec.dimensions
        }
        ratings[code] = RatingInput(values=values, evidence="Seen in interview.", sources=["interview"])
    return ratings


def signed_assessment(
    actor: Actor,
    case: Case,
    team_role: str = "case_manager",
    *,
    position: int = 1,
    assessed_on: date | None = None,
    judgement: str = "moderate",
) -> Assessment:
    """A complete assessment, signed by `actor` (not countersigned)."""
    version = open_template()
    assessment = services.assessment_start(
        actor=actor,
        case=case,
        version=version,
        team_role=team_role,
        context=AssessmentContext.COMMUNITY,
        assessed_on=assessed_on,
    )
    assessment = services.assessment_save(
        actor=actor,
        assessment=assessment,
        team_role=team_role,
        values={
            "formulation": "Needs support with documents; family is a strength.",
            "judgement": judgement,
            "judgement_rationale": "Several practical needs, strong family support.",
        },
        ratings=full_ratings(version, position),
        expected_version=assessment.version,
    )
    return services.assessment_sign(
        actor=actor, assessment=assessment, team_role=team_role, expected_version=assessment.version
    )
