"""Writes of assessments, surveys and instruments.

Services trust their caller for access (the case or assessment comes from a selector)
but re-check what only they can know: that the actor is qualified on this case for the
instrument's category, that drafts are written and signed by their own assessor, that the
countersigner is a second qualified user, that a signed assessment is never edited, and
that ratings are options of the instrument's own scales.

Nothing here adds ratings up or acts on them: signing an assessment creates one task, for
the reassessment date a person chose, whatever the ratings say.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.accounts.models import User
from reintegra.assessments import importer
from reintegra.assessments.choices import AssessmentStatus, EvidenceSource, VersionStatus
from reintegra.assessments.models import (
    INSUFFICIENT,
    Assessment,
    ItemRating,
    SurveyQuestionSet,
    SurveyResponse,
    TemplateVersion,
)
from reintegra.assessments.scoring import score
from reintegra.assessments.selectors import Structure, questions_of, template_structure
from reintegra.cases import services as case_services
from reintegra.cases.choices import CaseRole, TaskStatus
from reintegra.cases.models import Case, Task
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record, diff
from reintegra.core.choices import DataCategory
from reintegra.core.codes import new_code
from reintegra.core.services import lock_current

REVEALED = ("assessed_on", "context", "reassessment_due", "status")
ASSESSMENT_FIELDS = (
    "assessed_on",
    "context",
    "sources_summary",
    "formulation",
    "judgement",
    "judgement_rationale",
    "reassessment_due",
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def _code(prefix: str, model: type[Assessment] | type[SurveyResponse]) -> str:
    while True:
        code = new_code(prefix)
        if not model.objects.filter(code=code).exists():
            return code


def _refuse_if_closed(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed. Reopen it first."), code="case_closed")


def _require_qualified(actor: Actor, case: Case, team_role: str | None, category: str) -> None:
    if not policy.is_qualified_assessor(actor, case, team_role, category):
        raise PermissionDenied(
            _("Only qualified members of the case team may do this (see the access rules).")
        )


def _audit(
    actor: Actor, action: str, assessment: Assessment, changes: Mapping[str, Any] | None = None
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=assessment,
        person_id=assessment.case.person_id,
        case_id=assessment.case_id,
        categories=[assessment.category],
        changes=changes,
    )


# --- assessments ------------------------------------------------------------------------


@transaction.atomic
def assessment_start(
    *,
    actor: Actor,
    case: Case,
    version: TemplateVersion,
    team_role: str | None,
    context: str,
    assessed_on: date | None = None,
) -> Assessment:
    """Start a draft assessment with an instrument, the actor as its assessor. The
    reassessment date starts at the instrument's default interval (changeable)."""
    _refuse_if_closed(case)
    category = version.template.category
    _require_qualified(actor, case, team_role, category)
    if not version.usable:
        raise ValidationError(
            {
                "version": _(
                    "This instrument version cannot be used (not published, retired or licence expired)."
                )
            }
        )
    day = assessed_on or timezone.localdate()
    assessment = Assessment(
        code=_code("A", Assessment),
        case=case,
        template_version=version,
        category=category,
        assessor_id=actor.user_pk,
        assessed_on=day,
        context=context,
        reassessment_due=add_months(day, version.reassessment_months),
        created_by_id=actor.user_pk,
    )
    assessment.full_clean()
    assessment.save(force_insert=True)
    _audit(
        actor,
        "assessment.created",
        assessment,
        {"instrument": version.template.code, "version": version.number, "context": context},
    )
    return assessment


@dataclass
class RatingInput:
    """What the form or API sends for one item."""

    values: dict[str, str] = field(default_factory=dict)
    evidence: str = ""
    sources: list[str] = field(default_factory=list)
    person_view: str = ""

    @property
    def empty(self) -> bool:
        return not (any(self.values.values()) or self.evidence.strip() or self.person_view.strip())


def _check_ratings(structure: Structure, ratings: Mapping[str, RatingInput]) -> dict[str, list[str]]:
    """Errors per `<item>.<field>` (field: a dimension code, `evidence`, `sources`)."""
    errors: dict[str, list[str]] = {}
    specs = {spec.item.code: spec for spec in structure.items()}
    for code, rating in ratings.items():
        spec = specs.get(code)
        if spec is None:
            errors[code] = [_("This instrument has no item “{code}”.").format(code=code)]
            continue
        dimensions = {d.dimension.code: d for d in spec.dimensions}
        for dimension_code, value in rating.values.items():
            dimension = dimensions.get(dimension_code)
            key = "{item}.{dim}".format(item=code, dim=dimension_code)
            if dimension is None:
                errors[key] = [_("This item is not rated on “{code}”.").format(code=dimension_code)]
            elif value == INSUFFICIENT and not spec.item.insufficient_allowed:
                errors[key] = [_("This item must be rated.")]
            elif value and value != INSUFFICIENT and dimension.position_of(value) is None:
                errors[key] = [_("Choose one of the options of the scale.")]
        if any(rating.values.values()) and not rating.evidence.strip():
            errors[code + ".evidence"] = [
                _(
                    "Write the evidence: what was seen, heard or read, and from whom. "
                    "For “insufficient information”, say what is missing."
                )
            ]
        rated = [v for v in rating.values.values() if v and v != INSUFFICIENT]
        if rated and not rating.sources:
            errors[code + ".sources"] = [_("Say where the evidence comes from.")]
        unknown = [s for s in rating.sources if s not in EvidenceSource.values]
        if unknown:
            errors[code + ".sources"] = [_("Unknown source of evidence.")]
    return errors


def _save_ratings(assessment: Assessment, ratings: Mapping[str, RatingInput], structure: Structure) -> int:
    """Create, change or remove rating rows; returns how many changed."""
    items = {spec.item.code: spec.item for spec in structure.items()}
    existing = {r.item_id: r for r in ItemRating.objects.filter(assessment=assessment)}
    changed = 0
    for code, rating in ratings.items():
        item = items[code]
        row = existing.get(item.pk)
        if rating.empty:
            if row is not None:
                row.delete()
                changed += 1
            continue
        values = {k: v for k, v in rating.values.items() if v}
        new = {
            "values": values,
            "evidence": rating.evidence.strip(),
            "sources": sorted(set(rating.sources)),
            "person_view": rating.person_view.strip(),
        }
        if row is None:
            row = ItemRating(assessment=assessment, item=item, **new)
        elif all(getattr(row, k) == v for k, v in new.items()):
            continue
        else:
            for name, value in new.items():
                setattr(row, name, value)
        row.full_clean()
        row.save()
        changed += 1
    return changed


def _require_own_draft(actor: Actor, assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(
            _("A signed assessment cannot be changed. Start a correction instead."), code="locked"
        )
    if assessment.assessor_id != actor.user_id:
        raise PermissionDenied(_("Only the assessor writes and signs their draft."))


@transaction.atomic
def assessment_save(
    *,
    actor: Actor,
    assessment: Assessment,
    team_role: str | None,
    values: Mapping[str, Any],
    ratings: Mapping[str, RatingInput],
    expected_version: int | None,
) -> Assessment:
    """Save a draft: its details, formulation, judgement and any ratings given. Partial
    drafts are fine; completeness is checked when signing."""
    current = lock_current(assessment, expected_version)
    _require_own_draft(actor, current)
    _require_qualified(actor, current.case, team_role, current.category)
    _refuse_if_closed(current.case)
    structure = template_structure(current.template_version)
    errors = _check_ratings(structure, ratings)
    judgement = values.get("judgement", current.judgement)
    if judgement and judgement not in {o.code for o in structure.judgement_options}:
        errors["judgement"] = [_("Choose one of the options of the judgement scale.")]
    if errors:
        raise ValidationError(errors)
    updates = {k: v for k, v in values.items() if k in ASSESSMENT_FIELDS}
    before = {name: getattr(current, name) for name in updates}
    for name, value in updates.items():
        setattr(current, name, value)
    changes = diff(before, updates, reveal=REVEALED)
    changed_ratings = _save_ratings(current, ratings, structure)
    if changed_ratings:
        changes["ratings"] = changed_ratings
    if changes:
        current.version += 1
        current.full_clean()
        current.save()
        _audit(actor, "assessment.updated", current, changes)
    return current


def _completeness_errors(assessment: Assessment, structure: Structure) -> dict[str, list[str]]:
    ratings = {r.item_id: r for r in ItemRating.objects.filter(assessment=assessment)}
    missing = []
    for spec in structure.items():
        row = ratings.get(spec.item.pk)
        values = row.values if row else {}
        if any(not values.get(d.dimension.code) for d in spec.dimensions) or (
            row and not row.evidence.strip()
        ):
            missing.append(spec.item.text)
    errors: dict[str, list[str]] = {}
    if missing:
        errors["__all__"] = [
            _(
                "Rate every item, or mark it “insufficient information”, with its evidence before signing. "
                "Not done yet: {items}."
            ).format(items=", ".join(missing))
        ]
    if not assessment.formulation.strip():
        errors["formulation"] = [_("Write the formulation before signing.")]
    if not assessment.judgement:
        errors["judgement"] = [_("Choose the final judgement before signing.")]
    if not assessment.judgement_rationale.strip():
        errors["judgement_rationale"] = [_("Give the reasons for your judgement before signing.")]
    if not assessment.reassessment_due:
        errors["reassessment_due"] = [_("Set the reassessment date before signing.")]
    return errors


def _task_owner(case: Case, preferred: int) -> User:
    """Who gets a task on the case: `preferred` when on the team, else a case manager."""
    team = case.team.filter(ended_at__isnull=True).select_related("user")
    member = team.filter(user_id=preferred).first() or team.filter(role=CaseRole.CASE_MANAGER).first()
    if member is None:
        raise ValidationError(_("The case has no case manager to give the task to."))
    return member.user


def _cancel_task(actor: Actor, task: Task | None) -> None:
    if task is not None and task.status == TaskStatus.OPEN:
        case_services.task_set_status(actor=actor, task=task, status=TaskStatus.CANCELLED)


@transaction.atomic
def assessment_sign(
    *, actor: Actor, assessment: Assessment, team_role: str | None, expected_version: int | None
) -> Assessment:
    """The assessor signs a complete draft: it is locked, waits for countersignature, and a
    task is created for the reassessment date."""
    current = lock_current(assessment, expected_version)
    _require_own_draft(actor, current)
    _require_qualified(actor, current.case, team_role, current.category)
    _refuse_if_closed(current.case)
    errors = _completeness_errors(current, template_structure(current.template_version))
    if errors:
        raise ValidationError(errors)
    _cancel_task(actor, current.reassessment_task)
    due = current.reassessment_due
    assert due is not None  # noqa: S101 - checked above
    current.reassessment_task = case_services.task_create(
        actor=actor,
        case=current.case,
        title=_("Reassessment due ({code})").format(code=current.code),
        due_on=due,
        assignee=_task_owner(current.case, current.assessor_id),
        description=_("Reassess with the same instrument; the change-over-time grid compares the two."),
    )
    current.status = AssessmentStatus.SIGNED
    current.signed_at = timezone.now()
    current.returned_reason = ""
    current.version += 1
    current.full_clean()
    current.save()
    _audit(actor, "assessment.signed", current, {"reassessment_due": due.isoformat()})
    return current


def _require_countersigner(actor: Actor, assessment: Assessment, team_role: str | None) -> None:
    if assessment.status != AssessmentStatus.SIGNED:
        raise ValidationError(
            _("Only an assessment signed by its assessor can be countersigned or returned.")
        )
    _require_qualified(actor, assessment.case, team_role, assessment.category)
    if not policy.may_countersign(actor, assessment.assessor_id, qualified=True):
        raise PermissionDenied(_("The countersigner must be someone other than the assessor."))


@transaction.atomic
def assessment_countersign(
    *,
    actor: Actor,
    assessment: Assessment,
    team_role: str | None,
    comment: str,
    dissent: bool,
    expected_version: int | None,
) -> Assessment:
    """A second qualified user countersigns; the assessment is final. Disagreement is
    recorded with the countersignature, never by changing the assessor's work."""
    current = lock_current(assessment, expected_version)
    _require_countersigner(actor, current, team_role)
    if dissent and not comment.strip():
        raise ValidationError({"comment": _("Say what you disagree with and why.")})
    current.status = AssessmentStatus.COUNTERSIGNED
    current.countersigned_by_id = actor.user_pk
    current.countersigned_at = timezone.now()
    current.countersign_comment = comment.strip()
    current.countersigner_dissents = dissent
    current.version += 1
    current.full_clean()
    current.save()
    if current.supersedes_id:
        assert current.supersedes is not None  # noqa: S101 - supersedes_id is set
        previous = lock_current(current.supersedes, None)
        previous.status = AssessmentStatus.SUPERSEDED
        previous.version += 1
        previous.save(update_fields=["status", "version", "updated_at"])
        _cancel_task(actor, previous.reassessment_task)
        _audit(actor, "assessment.superseded", previous, {"by": current.code})
    _audit(actor, "assessment.countersigned", current, {"dissent": dissent})
    return current


@transaction.atomic
def assessment_return(
    *, actor: Actor, assessment: Assessment, team_role: str | None, reason: str, expected_version: int | None
) -> Assessment:
    """The countersigner returns a signed assessment to its assessor as a draft, with the reason."""
    current = lock_current(assessment, expected_version)
    _require_countersigner(actor, current, team_role)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the assessor should look at again.")})
    _cancel_task(actor, current.reassessment_task)
    current.reassessment_task = None
    current.status = AssessmentStatus.DRAFT
    current.signed_at = None
    current.returned_reason = reason.strip()
    current.version += 1
    current.full_clean()
    current.save()
    _audit(actor, "assessment.returned", current)
    return current


@transaction.atomic
def assessment_correct(
    *, actor: Actor, assessment: Assessment, team_role: str | None, reason: str
) -> Assessment:
    """Start a correction of a countersigned assessment: a new draft revision, copied from
    it, with the actor as assessor. The original stays as it was until the correction is
    countersigned; then it is marked superseded."""
    current = lock_current(assessment, None)
    _refuse_if_closed(current.case)
    _require_qualified(actor, current.case, team_role, current.category)
    if current.status != AssessmentStatus.COUNTERSIGNED:
        raise ValidationError(_("Only a countersigned assessment is corrected; change a draft directly."))
    if Assessment.objects.filter(supersedes=current).exists():
        raise ValidationError(_("A correction of this assessment has been started already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is being corrected and why.")})
    revision = Assessment(
        code=_code("A", Assessment),
        case=current.case,
        template_version=current.template_version,
        category=current.category,
        revision=current.revision + 1,
        supersedes=current,
        correction_reason=reason.strip(),
        assessor_id=actor.user_pk,
        assessed_on=current.assessed_on,
        context=current.context,
        sources_summary=current.sources_summary,
        formulation=current.formulation,
        judgement=current.judgement,
        judgement_rationale=current.judgement_rationale,
        reassessment_due=current.reassessment_due,
        created_by_id=actor.user_pk,
    )
    revision.full_clean()
    revision.save(force_insert=True)
    for row in ItemRating.objects.filter(assessment=current):
        ItemRating.objects.create(
            assessment=revision,
            item_id=row.item_id,
            values=row.values,
            evidence=row.evidence,
            sources=row.sources,
            person_view=row.person_view,
        )
    _audit(actor, "assessment.correction_started", revision, {"corrects": current.code})
    return revision


# --- instruments ------------------------------------------------------------------------


def _require_manager(actor: Actor) -> None:
    if not policy.may_manage_instruments(actor):
        raise PermissionDenied(_("Only programme managers and agency administrators manage instruments."))


def _problems(problems: list[importer.Problem]) -> ValidationError:
    return ValidationError([str(p) for p in problems], code="invalid_instrument")


@transaction.atomic
def instrument_import(*, actor: Actor, raw: bytes | str) -> TemplateVersion | SurveyQuestionSet:
    """Load an assessment template or survey question set from its JSON document, private
    to the actor's agency, as a draft to be checked and published. All or nothing: any
    problem refuses the whole file, with every problem listed by its row."""
    _require_manager(actor)
    data, problems = importer.parse(raw)
    if problems:
        raise _problems(problems)
    registry = importer.default_models()
    loaded: TemplateVersion | SurveyQuestionSet
    if data.get("format") == importer.QUESTION_SET_FORMAT:
        problems = importer.validate_question_set(data) or importer.question_set_conflicts(
            data, actor.agency_pk, registry
        )
        if problems:
            raise _problems(problems)
        loaded = importer.load_question_set(
            data, registry=registry, owner_agency_id=actor.agency_pk, imported_by_id=actor.user_pk
        )
        kind = "survey"
    else:
        problems = importer.validate_template(data) or importer.template_conflicts(
            data, actor.agency_pk, registry
        )
        if problems:
            raise _problems(problems)
        loaded = importer.load_template(
            data, registry=registry, owner_agency_id=actor.agency_pk, imported_by_id=actor.user_pk
        )
        kind = "template"
    audit_record(
        actor=actor,
        action="instrument.imported",
        target=loaded,
        changes={"kind": kind, "code": data["code"], "version": data["version"]},
    )
    return loaded


def _require_owner(actor: Actor, owner_agency_id: int | None) -> None:
    _require_manager(actor)
    if owner_agency_id != actor.agency_id:
        raise PermissionDenied(_("Only the agency that loaded an instrument publishes or retires it."))


@transaction.atomic
def instrument_set_status(
    *, actor: Actor, instrument: TemplateVersion | SurveyQuestionSet, status: str
) -> TemplateVersion | SurveyQuestionSet:
    """Publish a draft (the previous published version of the same instrument retires) or
    retire a published version. Assessments and surveys made with it are not affected."""
    owner = (
        instrument.template.owner_agency_id
        if isinstance(instrument, TemplateVersion)
        else instrument.owner_agency_id
    )
    _require_owner(actor, owner)
    allowed = {VersionStatus.PUBLISHED: VersionStatus.DRAFT, VersionStatus.RETIRED: VersionStatus.PUBLISHED}
    if allowed.get(status) != instrument.status:  # type: ignore[call-overload]
        raise ValidationError(_("Only a draft is published, and only a published version is retired."))
    if status == VersionStatus.PUBLISHED:
        if isinstance(instrument, TemplateVersion):
            siblings: Any = TemplateVersion.objects.filter(template=instrument.template)
        else:
            siblings = SurveyQuestionSet.objects.filter(code=instrument.code, owner_agency_id=owner)
        siblings.filter(status=VersionStatus.PUBLISHED).update(status=VersionStatus.RETIRED)
        instrument.published_at = timezone.now()
    old = instrument.status
    instrument.status = status
    instrument.save()
    audit_record(
        actor=actor, action="instrument.status_changed", target=instrument, changes={"status": [old, status]}
    )
    return instrument


# --- sustainability survey -------------------------------------------------------------


def _check_answers(questions: list[Any], answers: Mapping[str, str]) -> dict[str, str]:
    by_code = {q.code: q for q in questions}
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for code, value in answers.items():
        question = by_code.get(code)
        if question is None:
            errors[code] = [_("This question set has no question “{code}”.").format(code=code)]
        elif value and value not in {o["code"] for o in question.options}:
            errors[code] = [_("Choose one of the answers offered.")]
        elif value:
            clean[code] = value
    if errors:
        raise ValidationError(errors)
    return clean


def _apply_scores(survey: SurveyResponse, questions: list[Any]) -> None:
    result = score(questions, survey.answers, survey.question_set.completeness_threshold)
    survey.economic_score = result.dimensions["economic"]
    survey.social_score = result.dimensions["social"]
    survey.psychosocial_score = result.dimensions["psychosocial"]
    survey.composite_score = result.composite
    survey.economic_answered = result.answered_share["economic"]
    survey.social_answered = result.answered_share["social"]
    survey.psychosocial_answered = result.answered_share["psychosocial"]
    survey.complete = result.complete


SURVEY_AUDIT_CATEGORIES = (DataCategory.OUTCOMES, DataCategory.HEALTH_PSYCHOSOCIAL)


@transaction.atomic
def survey_record(
    *,
    actor: Actor,
    case: Case,
    question_set: SurveyQuestionSet,
    team_role: str | None,
    wave: str,
    conducted_on: date,
    answers: Mapping[str, str],
) -> SurveyResponse:
    """Record one wave of the sustainability survey and score it."""
    _refuse_if_closed(case)
    _require_qualified(actor, case, team_role, DataCategory.HEALTH_PSYCHOSOCIAL)
    if question_set.status != VersionStatus.PUBLISHED:
        raise ValidationError({"question_set": _("This question set is not in use.")})
    questions = questions_of(question_set)
    survey = SurveyResponse(
        code=_code("S", SurveyResponse),
        case=case,
        question_set=question_set,
        wave=wave,
        conducted_on=conducted_on,
        interviewer_id=actor.user_pk,
        answers=_check_answers(questions, answers),
        created_by_id=actor.user_pk,
    )
    _apply_scores(survey, questions)
    survey.full_clean()
    survey.save(force_insert=True)
    audit_record(
        actor=actor,
        action="survey.recorded",
        target=survey,
        person_id=case.person_id,
        case_id=case.pk,
        categories=SURVEY_AUDIT_CATEGORIES,
        changes={"wave": wave, "conducted_on": conducted_on.isoformat(), "complete": survey.complete},
    )
    return survey


@transaction.atomic
def survey_update(
    *,
    actor: Actor,
    survey: SurveyResponse,
    team_role: str | None,
    wave: str,
    conducted_on: date,
    answers: Mapping[str, str],
    expected_version: int | None,
) -> SurveyResponse:
    """Correct a survey's answers (scores are recomputed)."""
    current = lock_current(survey, expected_version)
    _refuse_if_closed(current.case)
    _require_qualified(actor, current.case, team_role, DataCategory.HEALTH_PSYCHOSOCIAL)
    questions = questions_of(current.question_set)
    clean = _check_answers(questions, answers)
    changes = diff(
        {"wave": current.wave, "conducted_on": current.conducted_on, "answers": current.answers},
        {"wave": wave, "conducted_on": conducted_on, "answers": clean},
        reveal=("wave", "conducted_on"),
    )
    if not changes:
        return current
    current.wave, current.conducted_on, current.answers = wave, conducted_on, clean
    _apply_scores(current, questions)
    current.version += 1
    current.full_clean()
    current.save()
    audit_record(
        actor=actor,
        action="survey.updated",
        target=current,
        person_id=current.case.person_id,
        case_id=current.case_id,
        categories=SURVEY_AUDIT_CATEGORIES,
        changes=changes,
    )
    return current
