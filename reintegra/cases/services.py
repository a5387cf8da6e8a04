"""Writes to cases: opening, editing, stage transitions, closure, team, notes and tasks.

Services trust their caller for access (the case comes from a selector called with the
right `Action`) but re-check what only they can know: the stage guard, the version the
form was opened with, and which note categories and assignees this case allows.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.accounts.models import Membership, User
from reintegra.cases.choices import ALLOWED_TRANSITIONS, CaseRole, CaseStage, TaskStatus
from reintegra.cases.models import Case, CaseNote, CaseStageChange, CaseTeamMember, Task
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.codes import new_code
from reintegra.core.models import Label
from reintegra.core.services import lock_current, versioned_update
from reintegra.people.models import Person
from reintegra.programmes.models import Programme

CASE_EDITABLE_FIELDS = ("beneficiary_type", "referral_source", "opened_on")
REVEALED_CASE_FIELDS = ("beneficiary_type", "opened_on", "stage", "outcome", "closed_on")


def _case_code() -> str:
    while True:
        code = new_code("C")
        if not Case.objects.filter(code=code).exists():
            return code


def _audit_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Foreign keys as stable codes/ids, so the audit diff is readable without joins."""
    return {
        name: (value.code if isinstance(value, Label) else value.pk if hasattr(value, "pk") else value)
        for name, value in values.items()
    }


def _refuse_if_closed(case: Case, message: str) -> None:
    """Closed cases are a record: only reopening changes them."""
    if case.is_closed:
        raise ValidationError(message, code="case_closed")


def _record_stage(case: Case, actor: Actor, from_stage: str, reason: str) -> None:
    CaseStageChange.objects.create(
        case=case,
        from_stage=from_stage,
        to_stage=case.stage,
        reason=reason,
        changed_by_id=actor.user_pk,
    )


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    person: Person,
    programme: Programme,
    beneficiary_type: Label,
    referral_source: str = "",
    opened_on: date | None = None,
) -> Case:
    """Enrol a person: a new case at the referral stage, led by the actor's agency, with the
    actor as its case manager."""
    if not policy.may_open_cases(actor):
        raise PermissionDenied(_("Your role does not allow opening cases."))
    if not programme.is_active:
        raise ValidationError({"programme": _("This programme is not accepting enrolments.")})
    case = Case(
        code=_case_code(),
        person=person,
        programme=programme,
        lead_agency_id=actor.agency_pk,
        beneficiary_type=beneficiary_type,
        referral_source=referral_source,
        opened_on=opened_on or timezone.localdate(),
        created_by_id=actor.user_pk,
    )
    case.full_clean()
    case.save(force_insert=True)
    CaseTeamMember.objects.create(
        case=case,
        user_id=actor.user_pk,
        agency_id=actor.agency_pk,
        role=CaseRole.CASE_MANAGER,
        added_by_id=actor.user_pk,
    )
    _record_stage(case, actor, "", "")
    audit_record(
        actor=actor,
        action="case.opened",
        target=case,
        person_id=person.pk,
        case_id=case.pk,
        changes=_audit_values({"programme": programme, "beneficiary_type": beneficiary_type}),
    )
    return case


@transaction.atomic
def case_update(*, actor: Actor, case: Case, values: Mapping[str, Any], expected_version: int | None) -> Case:
    """Edit a case's details (not its stage); refused on a stale version or when closed."""
    _refuse_if_closed(case, _("A closed case cannot be edited. Reopen it first."))
    current, changes = versioned_update(
        case,
        {k: v for k, v in values.items() if k in CASE_EDITABLE_FIELDS},
        expected_version=expected_version,
        audit_values=_audit_values,
        reveal=REVEALED_CASE_FIELDS,
    )
    if not changes:
        return current
    audit_record(
        actor=actor,
        action="case.updated",
        target=current,
        person_id=current.person_id,
        case_id=current.pk,
        changes=changes,
    )
    return current


def _move(current: Case, actor: Actor, to_stage: str, reason: str, action: str, **extra: Any) -> Case:
    from_stage = current.stage
    current.stage = to_stage
    current.stage_changed_at = timezone.now()
    for name, value in extra.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean()
    current.save()
    _record_stage(current, actor, from_stage, reason)
    audit_record(
        actor=actor,
        action=action,
        target=current,
        person_id=current.person_id,
        case_id=current.pk,
        categories=[DataCategory.OUTCOMES] if "outcome" in extra else [],
        changes={"stage": [from_stage, to_stage], **{k: str(v or "") for k, v in extra.items()}},
    )
    return current


@transaction.atomic
def case_transition(
    *, actor: Actor, case: Case, to_stage: str, reason: str = "", expected_version: int | None
) -> Case:
    """Move a case to another stage along an allowed transition. Closing needs case_close."""
    current = lock_current(case, expected_version)
    if to_stage == CaseStage.CLOSED:
        raise ValidationError(_("Use “Close case” to close a case: an outcome is required."))
    if to_stage not in ALLOWED_TRANSITIONS[current.stage]:
        raise ValidationError(
            _("A case cannot move from “{current}” to “{target}”.").format(
                current=CaseStage(current.stage).label, target=CaseStage(to_stage).label
            ),
            code="invalid_transition",
        )
    return _move(current, actor, to_stage, reason, "case.stage_changed")


@transaction.atomic
def case_close(
    *, actor: Actor, case: Case, outcome: str, note: str = "", expected_version: int | None
) -> Case:
    """Close an open case with a required outcome."""
    current = lock_current(case, expected_version)
    if current.is_closed:
        raise ValidationError(_("This case is already closed."), code="invalid_transition")
    if not outcome:
        raise ValidationError({"outcome": _("Choose the outcome of the case.")})
    return _move(
        current,
        actor,
        CaseStage.CLOSED,
        note,
        "case.closed",
        outcome=outcome,
        closed_on=timezone.localdate(),
    )


@transaction.atomic
def case_reopen(*, actor: Actor, case: Case, reason: str, expected_version: int | None) -> Case:
    """Reopen a closed case at the stage it was closed from; a reason is required."""
    current = lock_current(case, expected_version)
    if not current.is_closed:
        raise ValidationError(_("Only a closed case can be reopened."), code="invalid_transition")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    last_close = current.stage_changes.filter(to_stage=CaseStage.CLOSED).first()
    back_to = last_close.from_stage if last_close and last_close.from_stage else CaseStage.INTAKE
    conflict = (
        Case.objects.filter(person_id=current.person_id, programme_id=current.programme_id)
        .exclude(stage=CaseStage.CLOSED)
        .exclude(pk=current.pk)
    )
    if conflict.exists():
        raise ValidationError(_("This person already has another open case in this programme."))
    return _move(current, actor, back_to, reason, "case.reopened", outcome="", closed_on=None)


@transaction.atomic
def case_team_add(*, actor: Actor, case: Case, user: User, role: str) -> CaseTeamMember:
    """Put a colleague of the lead agency on the case team in a role."""
    _refuse_if_closed(case, _("The team of a closed case cannot change. Reopen it first."))
    if not Membership.objects.filter(user=user, agency_id=case.lead_agency_id, is_active=True).exists():
        raise ValidationError({"user": _("Only staff of the lead agency can join this case team.")})
    member = CaseTeamMember(
        case=case, user=user, agency_id=case.lead_agency_id, role=role, added_by_id=actor.user_pk
    )
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="case.team_added",
        target=case,
        person_id=case.person_id,
        case_id=case.pk,
        changes={"user": user.pk, "role": role},
    )
    return member


@transaction.atomic
def case_team_add_partner(
    *, actor: Actor, case: Case, user: User, agency_id: int, role: str = CaseRole.SERVICE_PROVIDER
) -> CaseTeamMember:
    """Put a member of another agency on the team (a referral accepted and assigned, or an
    assignment by the lead agency). What they may then see is the sharing policy's
    decision: the protocol with the lead agency and the person's consent.
    """
    _refuse_if_closed(case, _("The team of a closed case cannot change. Reopen it first."))
    if not Membership.objects.filter(user=user, agency_id=agency_id, is_active=True).exists():
        raise ValidationError({"user": _("This person does not work for that agency.")})
    if case.team.filter(user=user, ended_at__isnull=True).exists():
        return case.team.get(user=user, ended_at__isnull=True)
    member = CaseTeamMember(case=case, user=user, agency_id=agency_id, role=role, added_by_id=actor.user_pk)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="case.team_added",
        target=case,
        person_id=case.person_id,
        case_id=case.pk,
        changes={"user": user.pk, "role": role, "agency": agency_id},
    )
    return member


@transaction.atomic
def case_team_end(*, actor: Actor, member: CaseTeamMember) -> None:
    """End a team membership (kept for history). The last case manager cannot leave."""
    case = member.case
    _refuse_if_closed(case, _("The team of a closed case cannot change. Reopen it first."))
    if (
        member.role == CaseRole.CASE_MANAGER
        and not case.team.filter(role=CaseRole.CASE_MANAGER, ended_at__isnull=True)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise ValidationError(_("A case needs a case manager: appoint another one first."))
    member.ended_at = timezone.now()
    member.save(update_fields=["ended_at", "updated_at"])
    audit_record(
        actor=actor,
        action="case.team_ended",
        target=case,
        person_id=case.person_id,
        case_id=case.pk,
        changes={"user": member.user_id, "role": member.role},
    )


@transaction.atomic
def case_note_add(*, actor: Actor, case: Case, category: str, body: str, team_role: str | None) -> CaseNote:
    """Add a note in a category the author may read on this case."""
    if category not in policy.note_categories_writable(actor, case, team_role):
        raise ValidationError({"category": _("You cannot write notes in this category on this case.")})
    _refuse_if_closed(case, _("A closed case cannot receive new notes. Reopen it first."))
    note = CaseNote(case=case, category=category, body=body.strip(), author_id=actor.user_pk)
    note.full_clean()
    note.save()
    audit_record(
        actor=actor,
        action="case.note_added",
        target=case,
        person_id=case.person_id,
        case_id=case.pk,
        categories=[category],
    )
    return note


@transaction.atomic
def task_create(
    *,
    actor: Actor,
    case: Case | None,
    title: str,
    due_on: date,
    assignee: User,
    description: str = "",
) -> Task:
    """Create a task for someone on the case team (or for oneself or a colleague)."""
    if case is not None:
        _refuse_if_closed(case, _("A closed case cannot receive new tasks. Reopen it first."))
    if case is not None and not case.team.filter(user=assignee, ended_at__isnull=True).exists():
        raise ValidationError({"assignee": _("Tasks on a case go to members of its team.")})
    task = Task(
        case=case,
        title=title.strip(),
        description=description,
        due_on=due_on,
        assignee=assignee,
        created_by_id=actor.user_pk,
    )
    task.full_clean()
    task.save()
    audit_record(
        actor=actor,
        action="task.created",
        target=task,
        target_repr="task {id}".format(id=str(task.pk)[:8]),
        person_id=case.person_id if case else None,
        case_id=case.pk if case else None,
        changes={"assignee": assignee.pk, "due_on": due_on.isoformat()},
    )
    return task


@transaction.atomic
def task_set_status(*, actor: Actor, task: Task, status: str) -> Task:
    """Mark a task done, cancelled, or open again."""
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Unknown task status.")})
    old = task.status
    task.status = status
    task.completed_at = timezone.now() if status == TaskStatus.DONE else None
    task.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="task.status_changed",
        target=task,
        target_repr="task {id}".format(id=str(task.pk)[:8]),
        case_id=task.case_id,
        person_id=task.case.person_id if task.case else None,
        changes={"status": [old, status]},
    )
    return task
