"""Writes of plans, goals, actions, acceptance, reviews, sessions and mentor assignments.

Services trust their caller for access (records come from selectors called with the right
`Action`), and re-check what only they can know: that the case is open, that the
participant's acceptance covers goals of this plan, that a session's type and a note's
category are ones the author may write on this case, that a mentor is on the case team.
Tasks (plan reviews, concerns) go through `cases.services.task_create`.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.accounts.models import Agency, User
from reintegra.assessments.models import Assessment
from reintegra.cases import services as case_services
from reintegra.cases.choices import CaseRole, TaskStatus
from reintegra.cases.models import Case, Task
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record, diff
from reintegra.core.codes import new_code
from reintegra.core.services import lock_current
from reintegra.people.models import Person
from reintegra.plans.choices import (
    ActionStatus,
    GoalStatus,
    PlanStatus,
    ResponsibleKind,
    ReviewStatus,
)
from reintegra.plans.models import (
    GOAL_DIMENSION_CATEGORIES,
    MENTEE_CATEGORIES,
    PLAN_CATEGORY,
    SESSION_TYPE_CATEGORIES,
    Goal,
    MentorAssignment,
    Plan,
    PlanAction,
    PlanReview,
    PlanVersion,
    Session,
    SessionNote,
)

PLAN_FIELDS = ("summary", "review_every_weeks", "started_on")
GOAL_FIELDS = ("dimension", "title", "participant_words", "target_date")
ACCEPTANCE_FIELDS = ("dimension", "title", "participant_words")  # changing these asks for acceptance again
ACTION_FIELDS = (
    "description",
    "responsible_kind",
    "responsible_user",
    "responsible_agency",
    "responsible_name",
    "target_date",
)
SESSION_FIELDS = (
    "session_type",
    "occurred_on",
    "duration_minutes",
    "attendance",
    "non_attendance_reason",
    "with_family",
)
REVEALED = (
    "status",
    "dimension",
    "target_date",
    "review_every_weeks",
    "started_on",
    "session_type",
    "occurred_on",
    "duration_minutes",
    "attendance",
    "non_attendance_reason",
    "responsible_kind",
    "responsible_user",
    "responsible_agency",
)


def _refuse_if_closed(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed. Reopen it first."), code="case_closed")


def _refuse_if_plan_closed(plan: Plan) -> None:
    _refuse_if_closed(plan.case)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("This plan is closed. Start a new plan instead."), code="plan_closed")


def _ids(values: Mapping[str, Any]) -> dict[str, Any]:
    """Objects as ids, so audit diffs are readable without joins."""
    return {k: (v.pk if hasattr(v, "pk") else v) for k, v in values.items()}


def _audit(
    actor: Actor,
    action: str,
    case: Case,
    target: Any,
    categories: Iterable[str],
    changes: Mapping[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target,
        person_id=case.person_id,
        case_id=case.pk,
        categories=categories,
        changes=changes,
    )


def _case_manager(case: Case) -> User:
    member = (
        case.team.filter(ended_at__isnull=True, role=CaseRole.CASE_MANAGER)
        .select_related("user")
        .order_by("created_at")
        .first()
    )
    if member is None:
        raise ValidationError(_("The case has no case manager to give the task to."))
    return member.user


def _close_task(actor: Actor, task: Task | None, status: str = TaskStatus.DONE) -> None:
    if task is not None and task.status == TaskStatus.OPEN:
        case_services.task_set_status(actor=actor, task=task, status=status)


# --- plans ------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    case: Case,
    summary: str = "",
    review_every_weeks: int = 12,
    started_on: date | None = None,
) -> Plan:
    """Start an individual reintegration plan (a draft until the participant accepts
    goals) and schedule its first review, which creates a task for the case manager."""
    _refuse_if_closed(case)
    plan = Plan(
        code=_plan_code(),
        case=case,
        summary=summary.strip(),
        review_every_weeks=review_every_weeks,
        started_on=started_on or timezone.localdate(),
        created_by_id=actor.user_pk,
    )
    plan.full_clean()
    plan.save(force_insert=True)
    _audit(actor, "plan.created", case, plan, [PLAN_CATEGORY], {"review_every_weeks": review_every_weeks})
    first_review = max(plan.started_on + timedelta(weeks=review_every_weeks), timezone.localdate())
    review_schedule(actor=actor, plan=plan, due_on=first_review)
    return plan


def _plan_code() -> str:
    while True:
        code = new_code("IP")
        if not Plan.objects.filter(code=code).exists():
            return code


@transaction.atomic
def plan_update(*, actor: Actor, plan: Plan, values: Mapping[str, Any], expected_version: int | None) -> Plan:
    """Change a plan's aim, start date or review interval."""
    current = lock_current(plan, expected_version)
    _refuse_if_plan_closed(current)
    updates = {k: v for k, v in values.items() if k in PLAN_FIELDS}
    changes = diff(_ids({k: getattr(current, k) for k in updates}), _ids(updates), reveal=REVEALED)
    if not changes:
        return current
    for name, value in updates.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean()
    current.save()
    _audit(actor, "plan.updated", current.case, current, [PLAN_CATEGORY], changes)
    return current


@transaction.atomic
def plan_close(*, actor: Actor, plan: Plan, expected_version: int | None) -> Plan:
    """Close a plan (kept as a record); open reviews are cancelled."""
    current = lock_current(plan, expected_version)
    _refuse_if_plan_closed(current)
    for review in current.reviews.filter(status=ReviewStatus.SCHEDULED).select_related("task"):
        review.status = ReviewStatus.CANCELLED
        review.save(update_fields=["status", "updated_at"])
        _close_task(actor, review.task, TaskStatus.CANCELLED)
    current.status = PlanStatus.CLOSED
    current.closed_on = timezone.localdate()
    current.version += 1
    current.save()
    _audit(actor, "plan.closed", current.case, current, [PLAN_CATEGORY])
    return current


# --- goals and actions ------------------------------------------------------------------


@transaction.atomic
def goal_add(
    *,
    actor: Actor,
    plan: Plan,
    values: Mapping[str, Any],
    from_assessment: Assessment | None = None,
    from_item_code: str = "",
) -> Goal:
    """Add a proposed goal; it counts as the participant's once they accept it."""
    _refuse_if_plan_closed(plan)
    if from_assessment is not None and from_assessment.case_id != plan.case_id:
        raise ValidationError(_("The assessment is about another case."))
    goal = Goal(
        plan=plan,
        created_by_id=actor.user_pk,
        from_assessment=from_assessment,
        from_item_code=from_item_code,
        position=plan.goals.count(),
        **{k: v for k, v in values.items() if k in GOAL_FIELDS},
    )
    if isinstance(goal.title, str):
        goal.title = goal.title.strip()
    goal.category = GOAL_DIMENSION_CATEGORIES.get(goal.dimension, "")
    goal.full_clean()
    goal.save(force_insert=True)
    _audit(
        actor,
        "plan.goal_added",
        plan.case,
        plan,
        [goal.category],
        {"dimension": goal.dimension, "from_assessment": from_assessment.code if from_assessment else ""},
    )
    return goal


@transaction.atomic
def goal_update(*, actor: Actor, goal: Goal, values: Mapping[str, Any], expected_version: int | None) -> Goal:
    """Change a goal. Rewording it (or moving it to another life area) means the
    participant has not accepted this goal yet: acceptance is asked for again."""
    current = lock_current(goal, expected_version)
    _refuse_if_plan_closed(current.plan)
    updates = {k: v for k, v in values.items() if k in GOAL_FIELDS}
    before = {k: getattr(current, k) for k in updates}
    changes = diff(before, updates, reveal=REVEALED)
    if not changes:
        return current
    old_category = current.category
    for name, value in updates.items():
        setattr(current, name, value)
    current.category = GOAL_DIMENSION_CATEGORIES[current.dimension]
    if current.accepted_in_id and any(name in changes for name in ACCEPTANCE_FIELDS):
        current.accepted_in = None
        changes["acceptance"] = "asked again"
    current.version += 1
    current.full_clean()
    current.save()
    _audit(
        actor, "plan.goal_updated", current.plan.case, current.plan, {old_category, current.category}, changes
    )
    return current


@transaction.atomic
def goal_set_status(*, actor: Actor, goal: Goal, status: str, expected_version: int | None) -> Goal:
    """Mark a goal in progress, achieved (fully or partly), not achieved or dropped."""
    current = lock_current(goal, expected_version)
    _refuse_if_plan_closed(current.plan)
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    old = current.status
    if old == status:
        return current
    current.status = status
    current.version += 1
    current.save()
    _audit(
        actor,
        "plan.goal_status_changed",
        current.plan.case,
        current.plan,
        [current.category],
        {"status": [old, status]},
    )
    return current


def _action_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only the responsible party that matches the kind chosen."""
    clean = {k: v for k, v in values.items() if k in ACTION_FIELDS}
    kind = clean.get("responsible_kind")
    if kind is not None:
        if kind != ResponsibleKind.USER:
            clean["responsible_user"] = None
        if kind != ResponsibleKind.AGENCY:
            clean["responsible_agency"] = None
        if kind != ResponsibleKind.SERVICE:
            clean["responsible_name"] = ""
    return clean


def _check_responsible(case: Case, user: User | None, agency: Agency | None) -> None:
    if user is not None and not case.team.filter(user=user, ended_at__isnull=True).exists():
        raise ValidationError({"responsible_user": _("The colleague responsible must be on the case team.")})
    if agency is not None and not agency.is_active:
        raise ValidationError({"responsible_agency": _("This agency is not active.")})


@transaction.atomic
def action_add(*, actor: Actor, goal: Goal, values: Mapping[str, Any]) -> PlanAction:
    """Add an action to a goal: what, who is responsible, by when."""
    _refuse_if_plan_closed(goal.plan)
    clean = _action_values(values)
    _check_responsible(goal.plan.case, clean.get("responsible_user"), clean.get("responsible_agency"))
    action = PlanAction(goal=goal, created_by_id=actor.user_pk, **clean)
    action.full_clean()
    action.save(force_insert=True)
    _audit(
        actor,
        "plan.action_added",
        goal.plan.case,
        goal.plan,
        [goal.category],
        {"target_date": action.target_date.isoformat(), "responsible_kind": action.responsible_kind},
    )
    return action


@transaction.atomic
def action_update(
    *, actor: Actor, action: PlanAction, values: Mapping[str, Any], expected_version: int | None
) -> PlanAction:
    """Change what an action is, who does it or by when."""
    current = lock_current(action, expected_version)
    goal = current.goal
    _refuse_if_plan_closed(goal.plan)
    clean = _action_values(values)
    _check_responsible(goal.plan.case, clean.get("responsible_user"), clean.get("responsible_agency"))
    changes = diff(_ids({k: getattr(current, k) for k in clean}), _ids(clean), reveal=REVEALED)
    if not changes:
        return current
    for name, value in clean.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean()
    current.save()
    _audit(actor, "plan.action_updated", goal.plan.case, goal.plan, [goal.category], changes)
    return current


@transaction.atomic
def action_set_status(*, actor: Actor, action: PlanAction, status: str) -> PlanAction:
    """Report an action's progress (also by the colleague responsible for it)."""
    current = lock_current(action, None)
    goal = current.goal
    _refuse_if_plan_closed(goal.plan)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    old = current.status
    if old == status:
        return current
    current.status = status
    current.done_on = timezone.localdate() if status == ActionStatus.DONE else None
    current.version += 1
    current.save()
    _audit(
        actor,
        "plan.action_status_changed",
        goal.plan.case,
        goal.plan,
        [goal.category],
        {"status": [old, status]},
    )
    return current


# --- the participant's acceptance ---------------------------------------------------------


def _snapshot(plan: Plan, accepted: set[Any]) -> dict[str, Any]:
    goals = plan.goals.prefetch_related("actions").order_by("dimension", "position", "created_at")
    return {
        "summary": plan.summary,
        "goals": [
            {
                "id": str(goal.pk),
                "dimension": goal.dimension,
                "category": goal.category,
                "title": goal.title,
                "participant_words": goal.participant_words,
                "target_date": goal.target_date.isoformat() if goal.target_date else None,
                "status": goal.status,
                "accepted": goal.pk in accepted,
                "actions": [
                    {
                        "description": a.description,
                        "responsible_kind": a.responsible_kind,
                        "responsible": _responsible_label(a),
                        "target_date": a.target_date.isoformat(),
                        "status": a.status,
                    }
                    for a in goal.actions.all()
                ],
            }
            for goal in goals
        ],
    }


def _responsible_label(action: PlanAction) -> str:
    if action.responsible_kind == ResponsibleKind.USER and action.responsible_user_id:
        return action.responsible_user.label  # type: ignore[union-attr]
    if action.responsible_kind == ResponsibleKind.AGENCY and action.responsible_agency_id:
        return action.responsible_agency.name  # type: ignore[union-attr]
    if action.responsible_kind == ResponsibleKind.SERVICE:
        return action.responsible_name
    return str(ResponsibleKind(action.responsible_kind).label)


@transaction.atomic
def plan_accept(
    *,
    actor: Actor,
    plan: Plan,
    goals: Iterable[Goal],
    accepted_on: date,
    method: str,
    participant_words: str,
    expected_version: int | None,
) -> PlanVersion:
    """Record that the participant accepts these goals: when, how and in their own words.

    The plan as it stands is frozen as a new version; the goals accepted are marked as
    accepted in it, the others stay proposed. The plan becomes active.
    """
    current = lock_current(plan, expected_version)
    _refuse_if_plan_closed(current)
    chosen = {g.pk for g in goals}
    if not chosen:
        raise ValidationError({"goals": _("Tick the goals the participant accepts.")})
    if Goal.objects.filter(pk__in=chosen).exclude(plan=current).exists():
        raise ValidationError({"goals": _("Only goals of this plan can be accepted.")})
    if not participant_words.strip():
        raise ValidationError(
            {"participant_words": _("Write down what the participant said, in their words.")}
        )
    if accepted_on > timezone.localdate():
        raise ValidationError({"accepted_on": _("The date cannot be in the future.")})
    number = (current.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion(
        plan=current,
        number=number,
        accepted_on=accepted_on,
        method=method,
        participant_words=participant_words.strip(),
        recorded_by_id=actor.user_pk,
    )
    version.snapshot = _snapshot(current, chosen)
    version.full_clean()
    version.save(force_insert=True)
    for goal in Goal.objects.filter(pk__in=chosen):
        goal.accepted_in = version
        if goal.status == GoalStatus.PROPOSED:
            goal.status = GoalStatus.IN_PROGRESS
        goal.version += 1
        goal.save()
    if current.status == PlanStatus.DRAFT:
        current.status = PlanStatus.ACTIVE
    current.version += 1
    current.save()
    categories = {PLAN_CATEGORY, *(g["category"] for g in version.snapshot["goals"])}
    _audit(
        actor,
        "plan.accepted",
        current.case,
        current,
        categories,
        {"version": number, "accepted_on": accepted_on.isoformat(), "method": method, "goals": len(chosen)},
    )
    return version


# --- reviews ------------------------------------------------------------------------------


@transaction.atomic
def review_schedule(*, actor: Actor, plan: Plan, due_on: date) -> PlanReview:
    """Schedule a review of the plan with the participant: a task for the case manager."""
    _refuse_if_plan_closed(plan)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("A review is scheduled for today or later.")})
    task = case_services.task_create(
        actor=actor,
        case=plan.case,
        title=_("Review the reintegration plan with the participant ({code})").format(code=plan.code),
        due_on=due_on,
        assignee=_case_manager(plan.case),
    )
    review = PlanReview(plan=plan, due_on=due_on, task=task, created_by_id=actor.user_pk)
    review.full_clean()
    review.save(force_insert=True)
    _audit(actor, "plan.review_scheduled", plan.case, plan, [PLAN_CATEGORY], {"due_on": due_on.isoformat()})
    return review


@transaction.atomic
def review_record(
    *, actor: Actor, review: PlanReview, held_on: date, notes: str, schedule_next: bool = True
) -> PlanReview:
    """Record that a review was held; its task is done and, by default, the next review
    is scheduled after the plan's interval."""
    plan = review.plan
    _refuse_if_plan_closed(plan)
    if review.status != ReviewStatus.SCHEDULED:
        raise ValidationError(_("This review has been recorded already."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    if not notes.strip():
        raise ValidationError({"notes": _("Write what was reviewed and agreed.")})
    review.status = ReviewStatus.HELD
    review.held_on = held_on
    review.notes = notes.strip()
    review.reviewed_by_id = actor.user_pk
    review.full_clean()
    review.save()
    _close_task(actor, review.task)
    _audit(actor, "plan.review_recorded", plan.case, plan, [PLAN_CATEGORY], {"held_on": held_on.isoformat()})
    if schedule_next:
        due = max(held_on + timedelta(weeks=plan.review_every_weeks), timezone.localdate())
        review_schedule(actor=actor, plan=plan, due_on=due)
    return review


# --- sessions -----------------------------------------------------------------------------


def _session_code() -> str:
    while True:
        code = new_code("SE")
        if not Session.objects.filter(code=code).exists():
            return code


def _raise_concern(actor: Actor, session: Session) -> None:
    """The concern flag alerts the case manager with a task due today."""
    session.concern_task = case_services.task_create(
        actor=actor,
        case=session.case,
        title=_("Concern raised in session {code}").format(code=session.code),
        due_on=timezone.localdate(),
        assignee=_case_manager(session.case),
        description=_("Read the session and its notes, then record what was done about the concern."),
    )
    session.save(update_fields=["concern_task", "updated_at"])
    _audit(actor, "session.concern_raised", session.case, session, [session.category])


@transaction.atomic
def session_log(
    *,
    actor: Actor,
    case: Case,
    team_role: str | None,
    values: Mapping[str, Any],
    concern: bool = False,
    note: str = "",
    note_category: str = "",
) -> Session:
    """Log a contact held by the actor, optionally with a first note and a concern."""
    _refuse_if_closed(case)
    allowed = policy.session_types_loggable(actor, case, team_role, SESSION_TYPE_CATEGORIES)
    if values.get("session_type") not in allowed:
        raise ValidationError({"session_type": _("You cannot log sessions of this type on this case.")})
    if concern and not note.strip():
        raise ValidationError(
            {"note": _("Describe the concern in a note, so the case manager knows what it is.")}
        )
    session = Session(
        code=_session_code(),
        case=case,
        facilitator_id=actor.user_pk,
        created_by_id=actor.user_pk,
        concern=concern,
        **{k: v for k, v in values.items() if k in SESSION_FIELDS},
    )
    session.category = SESSION_TYPE_CATEGORIES[session.session_type]
    session.full_clean()
    session.save(force_insert=True)
    _audit(
        actor,
        "session.logged",
        case,
        session,
        [session.category],
        {"type": session.session_type, "attendance": session.attendance, "concern": concern},
    )
    if note.strip():
        session_note_add(
            actor=actor,
            session=session,
            team_role=team_role,
            category=note_category,
            body=note,
            is_concern=concern,
        )
    if concern:
        _raise_concern(actor, session)
    return session


@transaction.atomic
def session_update(
    *, actor: Actor, session: Session, values: Mapping[str, Any], expected_version: int | None
) -> Session:
    """Correct a session's type, date, duration or attendance (notes are never edited)."""
    current = lock_current(session, expected_version)
    _refuse_if_closed(current.case)
    updates = {k: v for k, v in values.items() if k in SESSION_FIELDS}
    role = (
        current.case.team.filter(user_id=actor.user_pk, ended_at__isnull=True)
        .values_list("role", flat=True)
        .first()
    )
    if "session_type" in updates and updates["session_type"] != current.session_type:
        allowed = policy.session_types_loggable(actor, current.case, role, SESSION_TYPE_CATEGORIES)
        if updates["session_type"] not in allowed:
            raise ValidationError({"session_type": _("You cannot log sessions of this type on this case.")})
    changes = diff({k: getattr(current, k) for k in updates}, updates, reveal=REVEALED)
    if not changes:
        return current
    old_category = current.category
    for name, value in updates.items():
        setattr(current, name, value)
    current.category = SESSION_TYPE_CATEGORIES[current.session_type]
    current.version += 1
    current.full_clean()
    current.save()
    _audit(actor, "session.updated", current.case, current, {old_category, current.category}, changes)
    return current


@transaction.atomic
def session_note_add(
    *,
    actor: Actor,
    session: Session,
    team_role: str | None,
    category: str,
    body: str,
    is_concern: bool = False,
) -> SessionNote:
    """Add a note to a session, in a category the author may write on this case."""
    _refuse_if_closed(session.case)
    if category not in policy.note_categories_writable(actor, session.case, team_role):
        raise ValidationError({"note_category": _("You cannot write notes in this category on this case.")})
    if not body.strip():
        raise ValidationError({"note": _("The note is empty.")})
    note = SessionNote(
        session=session, category=category, body=body.strip(), author_id=actor.user_pk, is_concern=is_concern
    )
    note.full_clean()
    note.save(force_insert=True)
    _audit(actor, "session.note_added", session.case, session, [category])
    return note


@transaction.atomic
def session_raise_concern(
    *, actor: Actor, session: Session, team_role: str | None, category: str, body: str
) -> Session:
    """Raise a concern on a session logged earlier (a note describes it)."""
    current = lock_current(session, None)
    if current.concern_open:
        raise ValidationError(_("A concern is already open on this session."))
    session_note_add(
        actor=actor, session=current, team_role=team_role, category=category, body=body, is_concern=True
    )
    current.concern = True
    current.concern_resolved_at = None
    current.concern_resolved_by = None
    current.concern_resolution = ""
    current.version += 1
    current.save()
    _raise_concern(actor, current)
    return current


@transaction.atomic
def session_concern_resolve(*, actor: Actor, session: Session, resolution: str) -> Session:
    """Record what was done about a session's concern; its task is done."""
    current = lock_current(session, None)
    if not current.concern_open:
        raise ValidationError(_("There is no open concern on this session."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say what was done about the concern.")})
    current.concern_resolved_at = timezone.now()
    current.concern_resolved_by_id = actor.user_pk
    current.concern_resolution = resolution.strip()
    current.version += 1
    current.save()
    _close_task(actor, current.concern_task)
    _audit(actor, "session.concern_resolved", current.case, current, [current.category])
    return current


# --- mentoring ----------------------------------------------------------------------------


@transaction.atomic
def mentor_assign(
    *,
    actor: Actor,
    case: Case,
    mentor: User,
    mentee_kind: str,
    mentee_person: Person | None = None,
    mentee_description: str = "",
    focus: str = "",
    started_on: date | None = None,
) -> MentorAssignment:
    """Assign a mentor (a member of the case team) to the participant, or to a family
    member or significant other of theirs."""
    _refuse_if_closed(case)
    if not case.team.filter(user=mentor, ended_at__isnull=True).exists():
        raise ValidationError({"mentor": _("Put the mentor on the case team first.")})
    if mentee_person is not None and mentee_person.pk == case.person_id:
        raise ValidationError({"mentee_person": _("For the participant, choose “the participant”.")})
    assignment = MentorAssignment(
        case=case,
        mentor=mentor,
        mentee_kind=mentee_kind,
        mentee_person=mentee_person,
        mentee_description=mentee_description.strip(),
        focus=focus.strip(),
        started_on=started_on or timezone.localdate(),
        created_by_id=actor.user_pk,
    )
    assignment.category = MENTEE_CATEGORIES.get(mentee_kind, "")
    assignment.full_clean()
    assignment.save(force_insert=True)
    duplicate = MentorAssignment.objects.filter(
        case=case,
        mentor=mentor,
        mentee_kind=mentee_kind,
        mentee_person=assignment.mentee_person,
        mentee_description=assignment.mentee_description,
        ended_on__isnull=True,
    ).exclude(pk=assignment.pk)
    if duplicate.exists():
        raise ValidationError(_("This mentor is already assigned to this person."))
    _audit(
        actor,
        "mentor.assigned",
        case,
        assignment,
        [assignment.category],
        {
            "mentor": mentor.pk,
            "mentee_kind": mentee_kind,
            "mentee_person": str(mentee_person.pk) if mentee_person else "",
        },
    )
    return assignment


@transaction.atomic
def mentor_end(
    *, actor: Actor, assignment: MentorAssignment, ended_on: date, end_reason: str
) -> MentorAssignment:
    """End a mentor assignment (kept for history)."""
    if assignment.ended_on is not None:
        raise ValidationError(_("This mentor assignment has ended already."))
    assignment.ended_on = ended_on
    assignment.end_reason = end_reason.strip()
    assignment.full_clean()
    assignment.save()
    _audit(
        actor,
        "mentor.ended",
        assignment.case,
        assignment,
        [assignment.category],
        {"ended_on": ended_on.isoformat()},
    )
    return assignment
