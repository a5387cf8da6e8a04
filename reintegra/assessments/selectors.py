"""Reads of instruments, assessments and surveys, always through the access policy.

`*_read`, `case_assessments`, `change_over_time` and `case_surveys` show personal data and
write an audit row; `*_list` and `*_get` serve forms and services and do not. Instruments
are reference data (no personal data): reading them is not audited, exporting them is.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.assessments.choices import AssessmentStatus, SurveyDimension, SurveyWave, VersionStatus
from reintegra.assessments.models import (
    ASSESSMENT_CATEGORIES,
    INSUFFICIENT,
    SURVEY_DIMENSION_CATEGORIES,
    Assessment,
    Domain,
    InstrumentTemplate,
    Item,
    ItemRating,
    RatingDimension,
    ScaleOption,
    SurveyQuestion,
    SurveyQuestionSet,
    SurveyResponse,
    TemplateVersion,
)
from reintegra.assessments.scoring import Scores, score
from reintegra.cases.models import Case
from reintegra.cases.selectors import case_get, case_list, seen_case
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.selectors import Listing, Seen, get_or_404

# --- instruments ----------------------------------------------------------------------


def template_list(*, actor: Actor) -> QuerySet[InstrumentTemplate]:
    """Instruments the actor may read: open ones and their agency's private ones."""
    return InstrumentTemplate.objects.filter(policy.instrument_scope(actor)).prefetch_related(
        Prefetch("versions", queryset=TemplateVersion.objects.order_by("-number"))
    )


def template_version_list(*, actor: Actor, usable_only: bool = False) -> QuerySet[TemplateVersion]:
    """Versions of the instruments the actor may read (only those usable for new
    assessments: published and in licence, when asked)."""
    versions = TemplateVersion.objects.filter(
        policy.instrument_scope(actor, owner_field="template__owner_agency_id")
    ).select_related("template", "judgement_scale")
    if usable_only:
        versions = versions.filter(status=VersionStatus.PUBLISHED)
        return versions.exclude(licence_expires_on__lt=timezone.localdate())
    return versions


def template_version_get(*, actor: Actor, version_id: int | str) -> TemplateVersion:
    """One instrument version, or 404."""
    return get_or_404(template_version_list(actor=actor), pk=version_id)


@dataclass(frozen=True)
class DimensionSpec:
    """A rating dimension with its scale's options in order."""

    dimension: RatingDimension
    options: list[ScaleOption]

    def label_of(self, code: str) -> str:
        for option in self.options:
            if option.code == code:
                return option.text
        return code

    def position_of(self, code: str) -> int | None:
        for option in self.options:
            if option.code == code:
                return option.position
        return None


@dataclass(frozen=True)
class ItemSpec:
    """An item with the dimensions it is rated on."""

    item: Item
    dimensions: list[DimensionSpec]


@dataclass(frozen=True)
class DomainSpec:
    """A domain with its items in order."""

    domain: Domain
    items: list[ItemSpec]


@dataclass(frozen=True)
class Structure:
    """A template version's domains, items, dimensions and options, loaded in five queries."""

    version: TemplateVersion
    domains: list[DomainSpec]
    judgement_options: list[ScaleOption]

    def items(self) -> list[ItemSpec]:
        return [spec for domain in self.domains for spec in domain.items]

    def judgement_label(self, code: str) -> str:
        for option in self.judgement_options:
            if option.code == code:
                return option.text
        return code


def template_structure(version: TemplateVersion) -> Structure:
    """Everything needed to show or fill in an assessment of `version`."""
    options: dict[int, list[ScaleOption]] = defaultdict(list)
    for option in ScaleOption.objects.filter(scale__version=version).order_by("position"):
        options[option.scale_id].append(option)
    dimensions = {
        d.pk: DimensionSpec(d, options[d.scale_id])
        for d in RatingDimension.objects.filter(version=version).order_by("position", "pk")
    }
    order = list(dimensions)
    items_by_domain: dict[int, list[ItemSpec]] = defaultdict(list)
    items = (
        Item.objects.filter(domain__version=version).prefetch_related("dimensions").order_by("position", "pk")
    )
    for item in items:
        own = sorted((d.pk for d in item.dimensions.all()), key=order.index)
        items_by_domain[item.domain_id].append(ItemSpec(item, [dimensions[pk] for pk in own]))
    domains = [
        DomainSpec(domain, items_by_domain[domain.pk])
        for domain in Domain.objects.filter(version=version).order_by("position", "pk")
    ]
    return Structure(version, domains, options.get(version.judgement_scale_id or 0, []))


# --- assessments ------------------------------------------------------------------------


def assessment_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[Assessment]:
    """Assessments the actor may see (VIEW) or work on as a qualified assessor (CHANGE)."""
    return Assessment.objects.filter(
        policy.assessment_scope(actor, action, ASSESSMENT_CATEGORIES)
    ).select_related("case", "template_version__template", "assessor", "countersigned_by")


def assessment_get(*, actor: Actor, assessment_id: UUID | str, action: Action = Action.VIEW) -> Assessment:
    """One assessment, or 404 for missing and not allowed alike."""
    return get_or_404(assessment_list(actor=actor, action=action), pk=assessment_id)


@dataclass(frozen=True)
class Permissions:
    """What the actor may do with one assessment (the services check the same rules)."""

    edit: bool = False
    countersign: bool = False
    correct: bool = False


def assessment_permissions(actor: Actor, assessment: Assessment, case: Case) -> Permissions:
    """Drafts are written and signed by their assessor; a second qualified user countersigns
    or returns a signed one; a qualified user corrects a countersigned one."""
    qualified = policy.is_qualified_assessor(
        actor, case, getattr(case, "actor_role", None), assessment.category
    )
    if case.is_closed or not qualified:
        return Permissions()
    status = assessment.status
    return Permissions(
        edit=status == AssessmentStatus.DRAFT and assessment.assessor_id == actor.user_id,
        countersign=status == AssessmentStatus.SIGNED
        and policy.may_countersign(actor, assessment.assessor_id, qualified),
        correct=status == AssessmentStatus.COUNTERSIGNED and not _has_correction(assessment),
    )


def _has_correction(assessment: Assessment) -> bool:
    return Assessment.objects.filter(supersedes=assessment).exists()


@dataclass(frozen=True)
class RatedDimension:
    """One dimension of one item as rated (or not yet) in an assessment."""

    spec: DimensionSpec
    code: str  # option code, INSUFFICIENT, or "" when not rated

    @property
    def label(self) -> str:
        return self.spec.label_of(self.code) if self.code and self.code != INSUFFICIENT else ""

    @property
    def insufficient(self) -> bool:
        return self.code == INSUFFICIENT


@dataclass(frozen=True)
class RatedItem:
    """One item with its rating row (None when not rated yet)."""

    spec: ItemSpec
    rating: ItemRating | None
    dimensions: list[RatedDimension]


@dataclass(frozen=True)
class RatedDomain:
    """One domain with its rated items."""

    spec: DomainSpec
    items: list[RatedItem]


def rated_domains(structure: Structure, ratings: list[ItemRating]) -> list[RatedDomain]:
    """The template's domains and items with this assessment's ratings (or none yet)."""
    by_item = {r.item_id: r for r in ratings}
    domains = []
    for domain in structure.domains:
        items = []
        for spec in domain.items:
            rating = by_item.get(spec.item.pk)
            values = rating.values if rating else {}
            items.append(
                RatedItem(
                    spec,
                    rating,
                    [RatedDimension(d, values.get(d.dimension.code, "")) for d in spec.dimensions],
                )
            )
        domains.append(RatedDomain(domain, items))
    return domains


@dataclass(frozen=True)
class AssessmentDetail:
    """The assessment page, cut to what the actor may see and do."""

    seen: Seen[Assessment]
    case: Seen[Case]
    structure: Structure
    domains: list[RatedDomain]
    permissions: Permissions
    revisions: list[Assessment]
    judgement_text: str


def _audit_read(actor: Actor, assessment: Assessment, action: str = "assessment.viewed") -> None:
    audit_record(
        actor=actor,
        action=action,
        target=assessment,
        person_id=assessment.case.person_id,
        case_id=assessment.case_id,
        categories=[assessment.category],
    )


def assessment_read(*, actor: Actor, assessment_id: UUID | str) -> AssessmentDetail:
    """One assessment with its ratings, as shown to the actor (audited)."""
    assessment = assessment_get(actor=actor, assessment_id=assessment_id)
    case = case_get(actor=actor, case_id=assessment.case_id)
    structure = template_structure(assessment.template_version)
    ratings = list(ItemRating.objects.filter(assessment=assessment))
    revisions = _revisions(actor, assessment)
    _audit_read(actor, assessment)
    return AssessmentDetail(
        seen=Seen(assessment, frozenset({assessment.category})),
        case=seen_case(actor, case),
        structure=structure,
        domains=rated_domains(structure, ratings),
        permissions=assessment_permissions(actor, assessment, case),
        revisions=revisions,
        judgement_text=structure.judgement_label(assessment.judgement) if assessment.judgement else "",
    )


def _revisions(actor: Actor, assessment: Assessment) -> list[Assessment]:
    """Every revision of the same assessment (the corrections chain), oldest first."""
    chain: list[Assessment] = []
    visible = assessment_list(actor=actor).filter(case_id=assessment.case_id)
    by_id = {
        a.pk: a for a in visible.filter(template_version__template_id=assessment.template_version.template_id)
    }
    first = assessment
    while first.supersedes_id and first.supersedes_id in by_id:
        first = by_id[first.supersedes_id]
    successors = {a.supersedes_id: a for a in by_id.values() if a.supersedes_id}
    current: Assessment | None = first
    while current is not None:
        chain.append(current)
        current = successors.get(current.pk)
    return chain


def assessment_ratings(assessment: Assessment) -> list[ItemRating]:
    """The ratings of an assessment already read through a selector (for its edit form)."""
    return list(ItemRating.objects.filter(assessment=assessment).select_related("item"))


@dataclass(frozen=True)
class CaseAssessments:
    """The assessments tab of a case."""

    case: Seen[Case]
    page: Any
    startable: list[TemplateVersion]
    templates: list[InstrumentTemplate]
    may_start: bool


def case_assessments(*, actor: Actor, case_id: UUID | str, page: str | int | None = None) -> CaseAssessments:
    """A case's assessments the actor may see, newest first, a page at a time (audited)."""
    case = case_get(actor=actor, case_id=case_id)
    if not seen_case(actor, case).categories & set(ASSESSMENT_CATEGORIES):
        raise Http404(_("Not found."))  # no assessment of this case could ever be shown
    rows = assessment_list(actor=actor).filter(case=case).order_by("-assessed_on", "-created_at")
    listing = Listing(
        actor=actor,
        action="assessment.listed",
        queryset=rows,
        subject=lambda a: (case.person_id, case.pk),
        details={"case": str(case.pk)},
        categories_of=lambda a: (a.category,),
    )
    shown = listing.page(page)
    startable = startable_versions(actor=actor, case=case)
    template_ids = set(rows.values_list("template_version__template_id", flat=True))
    return CaseAssessments(
        case=seen_case(actor, case),
        page=shown,
        startable=startable,
        templates=list(InstrumentTemplate.objects.filter(pk__in=template_ids).order_by("code")),
        may_start=bool(startable) and not case.is_closed,
    )


def startable_versions(*, actor: Actor, case: Case) -> list[TemplateVersion]:
    """Usable instrument versions the actor is qualified to use on this case."""
    role = getattr(case, "actor_role", None)
    return [
        version
        for version in template_version_list(actor=actor, usable_only=True).order_by(
            "template__code", "-number"
        )
        if policy.is_qualified_assessor(actor, case, role, version.template.category)
    ]


# --- change over time ------------------------------------------------------------------


@dataclass(frozen=True)
class GridMark:
    """One dimension's rating in one column: its label, its place on the scale (dots),
    and a neutral marker when it moved up or down the same scale since the last column."""

    dimension: str
    label: str
    dots: list[tuple[int, bool]]  # (x position, chosen)
    insufficient: bool = False
    moved: str = ""  # "up" | "down" | ""

    @property
    def width(self) -> int:
        return len(self.dots) * DOT_GAP


@dataclass(frozen=True)
class GridRow:
    """One item of the change-over-time grid: a list of marks per column."""

    domain: str
    item_code: str
    item_label: str
    cells: list[list[GridMark]]


@dataclass(frozen=True)
class ChangeGrid:
    """All signed assessments of one instrument on one case, item by item, oldest first."""

    case: Seen[Case]
    template: InstrumentTemplate
    columns: list[Assessment]
    rows: list[GridRow]
    judgements: list[str]
    versions_differ: bool


DOT_GAP = 14


def _mark(spec: DimensionSpec, code: str, previous: tuple[int, str] | None) -> GridMark:
    """A cell mark; `previous` is (scale id, option code) of the same dimension before."""
    dots = [(7 + i * DOT_GAP, option.code == code) for i, option in enumerate(spec.options)]
    if code == INSUFFICIENT:
        return GridMark(spec.dimension.code, "", [(x, False) for x, _chosen in dots], insufficient=True)
    moved = ""
    position = spec.position_of(code)
    if previous and previous[0] == spec.dimension.scale_id and position is not None:
        before = spec.position_of(previous[1])
        if before is not None and before != position:
            moved = "up" if position > before else "down"
    return GridMark(spec.dimension.code, spec.label_of(code) if code else "", dots, moved=moved)


def change_over_time(*, actor: Actor, case_id: UUID | str, template_id: int | str) -> ChangeGrid:
    """The change-over-time grid (audited once, naming every assessment shown).

    Columns are the signed and countersigned assessments (drafts and superseded revisions
    are left out). "Moved" markers compare neighbouring columns on the same scale only:
    they say a rating is higher or lower on the scale, never better or worse.
    """
    case = case_get(actor=actor, case_id=case_id)
    visible = assessment_list(actor=actor).filter(case=case)
    template = get_or_404(
        InstrumentTemplate.objects.filter(versions__assessments__in=visible).distinct(), pk=template_id
    )
    columns = list(
        assessment_list(actor=actor)
        .filter(
            case=case,
            template_version__template=template,
            status__in=(AssessmentStatus.SIGNED, AssessmentStatus.COUNTERSIGNED),
        )
        .order_by("assessed_on", "created_at")
    )
    structures = {v.pk: template_structure(v) for v in {a.template_version for a in columns}}
    ratings: dict[UUID, dict[str, dict[str, str]]] = defaultdict(dict)
    for rating in ItemRating.objects.filter(assessment__in=columns).select_related("item"):
        ratings[rating.assessment_id][rating.item.code] = rating.values
    rows: dict[str, GridRow] = {}
    order: list[str] = []
    for structure in sorted(structures.values(), key=lambda s: -s.version.number):
        for domain in structure.domains:
            for spec in domain.items:
                if spec.item.code not in rows:
                    rows[spec.item.code] = GridRow(domain.domain.text, spec.item.code, spec.item.text, [])
                    order.append(spec.item.code)
    previous: dict[tuple[str, str], tuple[int, str]] = {}
    for assessment in columns:
        structure = structures[assessment.template_version_id]
        specs = {spec.item.code: spec for spec in structure.items()}
        for code in order:
            item_spec = specs.get(code)
            marks = []
            if item_spec is not None:
                values = ratings[assessment.pk].get(code, {})
                for dimension in item_spec.dimensions:
                    value = values.get(dimension.dimension.code, "")
                    key = (code, dimension.dimension.code)
                    marks.append(_mark(dimension, value, previous.get(key)))
                    if value and value != INSUFFICIENT:
                        previous[key] = (dimension.dimension.scale_id, value)
            rows[code].cells.append(marks)
    audit_record(
        actor=actor,
        action="assessment.change_viewed",
        target=template,
        person_id=case.person_id,
        case_id=case.pk,
        categories={a.category for a in columns},
        changes={"assessments": [a.code for a in columns]},
    )
    return ChangeGrid(
        case=seen_case(actor, case),
        template=template,
        columns=columns,
        rows=[rows[code] for code in order],
        judgements=[structures[a.template_version_id].judgement_label(a.judgement) for a in columns],
        versions_differ=len(structures) > 1,
    )


# --- sustainability survey ---------------------------------------------------------


SURVEY_CATEGORIES = (DataCategory.OUTCOMES, DataCategory.HEALTH_PSYCHOSOCIAL)
WAVE_FIELDS = ("pk", "wave", "conducted_on", "created_at")


def question_set_list(*, actor: Actor, usable_only: bool = False) -> QuerySet[SurveyQuestionSet]:
    """Question sets the actor may read (only published ones, when asked)."""
    sets = SurveyQuestionSet.objects.filter(policy.instrument_scope(actor))
    return sets.filter(status=VersionStatus.PUBLISHED) if usable_only else sets


def question_set_get(*, actor: Actor, set_id: int | str) -> SurveyQuestionSet:
    """One question set the actor may read, or 404."""
    return get_or_404(question_set_list(actor=actor), pk=set_id)


def questions_of(question_set: SurveyQuestionSet) -> list[SurveyQuestion]:
    """A question set's questions in order."""
    return list(question_set.questions.order_by("position", "pk"))


def survey_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[SurveyResponse]:
    """Surveys the actor may see (an outcome of the case), or record and correct (CHANGE:
    a qualified user, who must see the psychosocial answers too)."""
    if action is Action.VIEW:
        cases = Case.objects.filter(policy.case_scope(actor, Action.VIEW, DataCategory.OUTCOMES))
    else:
        cases = Case.objects.filter(policy.qualified_case_scope(actor, DataCategory.HEALTH_PSYCHOSOCIAL))
    return SurveyResponse.objects.filter(case__in=cases.values("pk")).select_related(
        "case", "question_set", "interviewer"
    )


def survey_get(*, actor: Actor, survey_id: UUID | str, action: Action = Action.VIEW) -> SurveyResponse:
    """One survey, or 404 for missing and not allowed alike."""
    return get_or_404(survey_list(actor=actor, action=action), pk=survey_id)


def survey_dimensions_seen(categories: frozenset[str]) -> list[str]:
    """The survey dimensions whose answers and scores the actor may see on the case."""
    return [d for d in SurveyDimension.values if SURVEY_DIMENSION_CATEGORIES[d] in categories]


def survey_categories(categories: frozenset[str]) -> frozenset[str]:
    """What of a survey is shown: outcomes, and health and psychosocial when allowed."""
    return categories & frozenset(SURVEY_CATEGORIES)


@dataclass(frozen=True)
class WaveScores:
    """One survey as a point in time: its scores for the dimensions the actor may see."""

    survey: SurveyResponse
    label: str
    scores: dict[str, Decimal | None]
    answered: dict[str, Decimal]
    composite: Decimal | None
    lowest: str | None


def wave_labels(surveys: list[SurveyResponse]) -> dict[UUID, str]:
    """ "Intake", "Follow-up 1", "Follow-up 2", ... in date order."""
    labels: dict[UUID, str] = {}
    follow_ups = 0
    for survey in sorted(surveys, key=lambda s: (s.conducted_on, s.created_at)):
        if survey.wave == SurveyWave.FOLLOW_UP:
            follow_ups += 1
            labels[survey.pk] = str(_("Follow-up {n}")).format(n=follow_ups)
        else:
            labels[survey.pk] = str(SurveyWave(survey.wave).label)
    return labels


def _wave(survey: SurveyResponse, label: str, dimensions: list[str]) -> WaveScores:
    scores: dict[str, Decimal | None] = {
        SurveyDimension.ECONOMIC: survey.economic_score,
        SurveyDimension.SOCIAL: survey.social_score,
        SurveyDimension.PSYCHOSOCIAL: survey.psychosocial_score,
    }
    answered: dict[str, Decimal] = {
        SurveyDimension.ECONOMIC: survey.economic_answered,
        SurveyDimension.SOCIAL: survey.social_answered,
        SurveyDimension.PSYCHOSOCIAL: survey.psychosocial_answered,
    }
    shown = {d: scores[d] for d in dimensions}
    scored = [(value, d) for d, value in shown.items() if value is not None]
    composite = survey.composite_score if SurveyDimension.PSYCHOSOCIAL in dimensions else None
    return WaveScores(
        survey,
        label,
        shown,
        {d: answered[d] for d in dimensions},
        composite,
        min(scored)[1] if scored else None,
    )


@dataclass(frozen=True)
class ChartLine:
    """One dimension's line on the survey chart."""

    dimension: str
    points: str  # SVG polyline points
    dots: list[tuple[int, int, str]]  # x, y, value shown


@dataclass(frozen=True)
class SurveyChart:
    """A small server-drawn SVG line chart of the dimension scores across waves."""

    width: int
    height: int
    lines: list[ChartLine]
    ticks: list[tuple[int, str]]  # x, wave label
    gridlines: list[tuple[int, str]]  # y, value label


CHART_W, CHART_H, CHART_PAD = 560, 200, 32


def survey_chart(waves: list[WaveScores], dimensions: list[str]) -> SurveyChart | None:
    """The chart, oldest wave first; None with fewer than one wave."""
    if not waves:
        return None
    ordered = sorted(waves, key=lambda w: (w.survey.conducted_on, w.survey.created_at))
    span = max(len(ordered) - 1, 1)
    inner_w, inner_h = CHART_W - 2 * CHART_PAD, CHART_H - 2 * CHART_PAD

    def x(i: int) -> int:
        return CHART_PAD + (inner_w * i // span if len(ordered) > 1 else inner_w // 2)

    def y(value: Decimal) -> int:
        return CHART_PAD + int(inner_h * (1 - float(value)))

    lines = []
    for dimension in dimensions:
        dots = [
            (x(i), y(w.scores[dimension]), "{v:.0f}".format(v=float(w.scores[dimension]) * 100))  # type: ignore[arg-type]
            for i, w in enumerate(ordered)
            if w.scores.get(dimension) is not None
        ]
        lines.append(ChartLine(dimension, " ".join("{a},{b}".format(a=a, b=b) for a, b, _v in dots), dots))
    return SurveyChart(
        CHART_W,
        CHART_H,
        lines,
        [(x(i), w.label) for i, w in enumerate(ordered)],
        [(y(Decimal(v) / 100), str(v)) for v in (0, 25, 50, 75, 100)],
    )


@dataclass(frozen=True)
class CaseSurveys:
    """The surveys tab of a case."""

    case: Seen[Case]
    waves: list[WaveScores]
    dimensions: list[str]
    chart: SurveyChart | None
    question_sets: list[SurveyQuestionSet]
    may_record: bool


def case_surveys(*, actor: Actor, case_id: UUID | str) -> CaseSurveys:
    """Every survey wave of a case the actor may see, with their scores (audited)."""
    case = case_get(actor=actor, case_id=case_id)
    seen = seen_case(actor, case)
    if not seen.sees[DataCategory.OUTCOMES]:
        raise Http404(_("Not found."))  # surveys are outcomes of the case
    dimensions = survey_dimensions_seen(seen.categories)
    surveys = list(survey_list(actor=actor).filter(case=case).order_by("-conducted_on", "-created_at")[:100])
    labels = wave_labels(surveys)
    waves = [_wave(s, labels[s.pk], dimensions) for s in surveys]
    may_record = not case.is_closed and policy.is_qualified_assessor(
        actor, case, getattr(case, "actor_role", None), DataCategory.HEALTH_PSYCHOSOCIAL
    )
    audit_record(
        actor=actor,
        action="survey.listed",
        person_id=case.person_id,
        case_id=case.pk,
        categories=survey_categories(seen.categories) if surveys else (),
        changes={"shown": len(surveys)},
    )
    return CaseSurveys(
        case=seen,
        waves=waves,
        dimensions=dimensions,
        chart=survey_chart(waves, dimensions),
        question_sets=list(question_set_list(actor=actor, usable_only=True)) if may_record else [],
        may_record=may_record,
    )


@dataclass(frozen=True)
class AnsweredQuestion:
    """A question with the answer given (`counted` is False for missing answers)."""

    question: SurveyQuestion
    code: str
    label: str
    counted: bool


@dataclass(frozen=True)
class SurveyDetail:
    """The survey page, cut to the dimensions the actor may see."""

    seen: Seen[SurveyResponse]
    case: Seen[Case]
    wave: WaveScores
    answers: dict[str, list[AnsweredQuestion]]
    dimensions: list[str]
    may_change: bool
    scores: Scores


def survey_read(*, actor: Actor, survey_id: UUID | str) -> SurveyDetail:
    """One survey with its answers, the psychosocial ones only where allowed (audited)."""
    survey = survey_get(actor=actor, survey_id=survey_id)
    case = case_get(actor=actor, case_id=survey.case_id)
    seen = seen_case(actor, case)
    dimensions = survey_dimensions_seen(seen.categories)
    questions = questions_of(survey.question_set)
    answers: dict[str, list[AnsweredQuestion]] = {d: [] for d in dimensions}
    for question in questions:
        if question.dimension in answers:
            code = survey.answers.get(question.code, "")
            answers[question.dimension].append(
                AnsweredQuestion(
                    question,
                    code,
                    question.option_label(code) if code else "",
                    code in question.scored_options(),
                )
            )
    siblings = list(survey_list(actor=actor).filter(case=case).select_related(None).only(*WAVE_FIELDS))
    label = wave_labels(siblings).get(survey.pk, str(SurveyWave(survey.wave).label))
    categories = survey_categories(seen.categories)
    audit_record(
        actor=actor,
        action="survey.viewed",
        target=survey,
        person_id=case.person_id,
        case_id=case.pk,
        categories=categories,
    )
    return SurveyDetail(
        seen=Seen(survey, categories),
        case=seen,
        wave=_wave(survey, label, dimensions),
        answers=answers,
        dimensions=dimensions,
        may_change=not case.is_closed
        and policy.is_qualified_assessor(
            actor, case, getattr(case, "actor_role", None), DataCategory.HEALTH_PSYCHOSOCIAL
        ),
        scores=score(questions, survey.answers, survey.question_set.completeness_threshold),
    )


def latest_wave(*, actor: Actor, case: Case, categories: frozenset[str]) -> WaveScores | None:
    """The newest survey of a case with its lowest visible dimension (for the plan page).
    Not audited by itself: the page that shows it records the read."""
    survey = survey_list(actor=actor).filter(case=case).order_by("-conducted_on", "-created_at").first()
    if survey is None:
        return None
    siblings = list(survey_list(actor=actor).filter(case=case).select_related(None).only(*WAVE_FIELDS))
    return _wave(survey, wave_labels(siblings)[survey.pk], survey_dimensions_seen(categories))


def instrument_export(*, actor: Actor, instrument: TemplateVersion | SurveyQuestionSet) -> dict[str, Any]:
    """An instrument as its JSON document. Audited: a licensed instrument's text leaves
    the system through this."""
    from reintegra.assessments import importer

    if isinstance(instrument, TemplateVersion):
        data = importer.export_template(instrument)
    else:
        data = importer.export_question_set(instrument)
    audit_record(
        actor=actor,
        action="instrument.exported",
        target=instrument,
        changes={"code": data["code"], "version": data["version"]},
    )
    return data


def assessment_listing(*, actor: Actor, case_id: UUID | str | None = None) -> Listing[Assessment]:
    """Assessments for the API's list (all the actor may see, or one case's); the page
    returned is audited with its people and cases."""
    rows = assessment_list(actor=actor).select_related("case")
    if case_id:
        rows = rows.filter(case_id=case_id)
    return Listing(
        actor=actor,
        action="assessment.listed",
        queryset=rows.order_by("-assessed_on", "-created_at"),
        subject=lambda a: (a.case.person_id, a.case_id),
        details={"case": str(case_id or "")},
        categories_of=lambda a: (a.category,),
    )


def survey_listing(*, actor: Actor, case_id: UUID | str | None = None) -> Listing[SurveyResponse]:
    """Surveys for the API's list; the page returned is audited."""
    rows = survey_list(actor=actor)
    if case_id:
        rows = rows.filter(case_id=case_id)
    return Listing(
        actor=actor,
        action="survey.listed",
        queryset=rows.order_by("-conducted_on", "-created_at"),
        subject=lambda s: (s.case.person_id, s.case_id),
        details={"case": str(case_id or "")},
        categories_of=lambda s: (DataCategory.OUTCOMES,),
    )


def survey_case_categories(*, actor: Actor, surveys: list[SurveyResponse]) -> dict[UUID, frozenset[str]]:
    """What the actor sees of each survey's case (one query for all)."""
    cases = {c.pk: c for c in case_list(actor=actor).filter(pk__in={s.case_id for s in surveys})}
    return {
        s.pk: survey_categories(seen_case(actor, cases[s.case_id]).categories)
        if s.case_id in cases
        else frozenset()
        for s in surveys
    }
