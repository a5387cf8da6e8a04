"""Reads of plans, goals, actions, reviews, sessions and mentor assignments, always through
the access policy.

`case_plan`, `plan_version_read`, `case_sessions`, `session_read` and `dashboard_panel`
show personal data and are audited (the dashboard's panel through the dashboard's own
row); `*_list` and `*_get` serve forms and services and do not write an audit row.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.models import User
from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.models import Assessment, ItemRating
from reintegra.assessments.selectors import (
    WaveScores,
    assessment_list,
    latest_wave,
    rated_domains,
    template_structure,
)
from reintegra.cases.models import Case
from reintegra.cases.selectors import ON_MY_TEAM, case_get, case_list, seen_case
from reintegra.core.actors import Actor
from reintegra.core.audit import Subject, audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.selectors import Listing, Seen, get_or_404
from reintegra.people.models import HouseholdMember, Person
from reintegra.plans.choices import OPEN_ACTION_STATUSES, PlanStatus
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

GOAL_CATEGORIES = tuple(sorted(set(GOAL_DIMENSION_CATEGORIES.values())))
SESSION_CATEGORIES = tuple(sorted(set(SESSION_TYPE_CATEGORIES.values())))
MENTOR_CATEGORIES = tuple(sorted(set(MENTEE_CATEGORIES.values())))


def _role(case: Case) -> str | None:
    return getattr(case, "actor_role", None)


# --- plans, goals and actions -----------------------------------------------------------


def plan_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[Plan]:
    """Plans the actor may see (or change): the case-notes category of their case."""
    return Plan.objects.filter(policy.plan_scope(actor, action)).select_related("case")


def plan_get(*, actor: Actor, plan_id: UUID | str, action: Action = Action.VIEW) -> Plan:
    """One plan, or 404 for missing and not allowed alike."""
    return get_or_404(plan_list(actor=actor, action=action), pk=plan_id)


def goal_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[Goal]:
    """Goals whose life area's category the actor may see (or change) on their case."""
    return Goal.objects.filter(
        policy.categorised_scope(actor, action, GOAL_CATEGORIES, case_field="plan__case")
    ).select_related("plan", "plan__case")


def goal_get(*, actor: Actor, goal_id: UUID | str, action: Action = Action.VIEW) -> Goal:
    """One goal, or 404."""
    return get_or_404(goal_list(actor=actor, action=action), pk=goal_id)


def plan_action_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[PlanAction]:
    """Actions of the goals the actor may see (or change)."""
    scope = policy.categorised_scope(
        actor, action, GOAL_CATEGORIES, case_field="goal__plan__case", category_field="goal__category"
    )
    return PlanAction.objects.filter(scope).select_related("goal", "goal__plan", "responsible_user")


def plan_action_get(*, actor: Actor, action_id: UUID | str, action: Action = Action.VIEW) -> PlanAction:
    """One plan action, or 404."""
    return get_or_404(plan_action_list(actor=actor, action=action), pk=action_id)


def plan_action_progress_get(*, actor: Actor, action_id: UUID | str) -> PlanAction:
    """A plan action whose progress the actor may report: they may change the plan, or
    they are the colleague responsible for it and see its goal."""
    scope = policy.progress_scope(
        actor,
        GOAL_CATEGORIES,
        case_field="goal__plan__case",
        user_field="responsible_user_id",
        category_field="goal__category",
    )
    return get_or_404(PlanAction.objects.filter(scope).select_related("goal", "goal__plan"), pk=action_id)


def review_get(*, actor: Actor, review_id: UUID | str, action: Action = Action.VIEW) -> PlanReview:
    """One plan review (a case note of its plan's case), or 404."""
    reviews = PlanReview.objects.filter(policy.plan_scope(actor, action, case_field="plan__case"))
    return get_or_404(reviews.select_related("plan", "plan__case"), pk=review_id)


@dataclass(frozen=True)
class NeedRow:
    """One item of the latest assessment, offered to become a goal."""

    item_code: str
    label: str
    ratings: list[str]
    suggested_dimension: str
    already_goal: bool


@dataclass(frozen=True)
class PlanPage:
    """The plan tab of a case, cut to the goals the actor may see."""

    case: Seen[Case]
    plan: Plan | None
    goals: list[Goal]
    versions: list[PlanVersion]
    reviews: list[PlanReview]
    latest_version: PlanVersion | None
    unaccepted: int
    can_change: bool
    can_create: bool
    survey: WaveScores | None
    sees_assessments: bool
    older_plans: list[Plan] = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)


def _goals(actor: Actor, plan: Plan) -> list[Goal]:
    actions = PlanAction.objects.select_related("responsible_user", "responsible_agency").order_by(
        "target_date", "created_at"
    )
    return list(
        goal_list(actor=actor)
        .filter(plan=plan)
        .select_related("accepted_in", "from_assessment")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("dimension", "position", "created_at")
    )


def case_plan(*, actor: Actor, case_id: UUID | str) -> PlanPage:
    """The case's current plan (the open one, else the latest), audited as a read of the
    plan and of the goal categories shown."""
    case = case_get(actor=actor, case_id=case_id)
    if not seen_case(actor, case).sees[PLAN_CATEGORY]:
        raise Http404(_("Not found."))  # the plan is case notes of the case
    plans = list(plan_list(actor=actor).filter(case=case).order_by("-started_on", "-created_at"))
    current = next((p for p in plans if p.status != PlanStatus.CLOSED), plans[0] if plans else None)
    return _plan_page(actor, case, current, [p for p in plans if p is not current])


def plan_read(*, actor: Actor, plan_id: UUID | str) -> PlanPage:
    """One plan (audited like the plan page)."""
    plan = plan_get(actor=actor, plan_id=plan_id)
    return _plan_page(actor, case_get(actor=actor, case_id=plan.case_id), plan, [])


def _plan_page(actor: Actor, case: Case, current: Plan | None, older: list[Plan]) -> PlanPage:
    seen = seen_case(actor, case)
    can_change = policy.case_allows(actor, case, _role(case), Action.CHANGE) and not case.is_closed
    goals = _goals(actor, current) if current else []
    versions = list(current.versions.select_related("recorded_by")) if current else []
    reviews = list(current.reviews.select_related("reviewed_by").order_by("-due_on")[:20]) if current else []
    survey = (
        latest_wave(actor=actor, case=case, categories=seen.categories)
        if seen.sees[DataCategory.OUTCOMES]
        else None
    )
    categories = {PLAN_CATEGORY, *(g.category for g in goals)} if current else set()
    if survey is not None:
        categories.add(DataCategory.OUTCOMES)
    audit_record(
        actor=actor,
        action="plan.viewed",
        target=current,
        person_id=case.person_id,
        case_id=case.pk,
        categories=categories,
        changes={"goals_shown": len(goals)},
    )
    return PlanPage(
        case=seen,
        plan=current,
        goals=goals,
        versions=versions,
        reviews=reviews,
        latest_version=versions[0] if versions else None,
        unaccepted=sum(1 for g in goals if not g.is_accepted and g.status in ("proposed", "in_progress")),
        can_change=can_change and current is not None and current.status != PlanStatus.CLOSED,
        can_create=can_change and (current is None or current.status == PlanStatus.CLOSED),
        survey=survey,
        sees_assessments=DataCategory.RISK_ASSESSMENT in seen.categories,
        older_plans=older,
    )


def plan_listing(*, actor: Actor, case_id: UUID | str | None = None) -> Listing[Plan]:
    """Plans for the API's list; the page returned is audited."""
    plans = plan_list(actor=actor).select_related("case")
    if case_id:
        plans = plans.filter(case_id=case_id)
    return Listing(
        actor=actor,
        action="plan.listed",
        queryset=plans.order_by("-started_on", "-created_at"),
        subject=lambda p: (p.case.person_id, p.case_id),
        details={"case": str(case_id or "")},
        categories_of=lambda p: (PLAN_CATEGORY,),
    )


def goal_read(*, actor: Actor, goal_id: UUID | str) -> Goal:
    """One goal with its actions (audited as a read of its plan in the goal's category)."""
    goal = get_or_404(
        goal_list(actor=actor).select_related("accepted_in").prefetch_related("actions"), pk=goal_id
    )
    audit_record(
        actor=actor,
        action="plan.viewed",
        target=goal.plan,
        person_id=goal.plan.case.person_id,
        case_id=goal.plan.case_id,
        categories=[goal.category],
    )
    return goal


def plan_version_read(
    *, actor: Actor, version_id: UUID | str
) -> tuple[PlanVersion, Seen[Case], list[dict[str, Any]]]:
    """A frozen plan version with only the goals whose category the actor may see (audited)."""
    versions = PlanVersion.objects.filter(policy.plan_scope(actor, case_field="plan__case"))
    version = get_or_404(versions.select_related("plan", "recorded_by"), pk=version_id)
    case = case_get(actor=actor, case_id=version.plan.case_id)
    seen = seen_case(actor, case)
    goals = [g for g in version.snapshot.get("goals", []) if g.get("category") in seen.categories]
    audit_record(
        actor=actor,
        action="plan.version_viewed",
        target=version.plan,
        person_id=case.person_id,
        case_id=case.pk,
        categories={PLAN_CATEGORY, *(g["category"] for g in goals)},
        changes={"version": version.number},
    )
    return version, seen, goals


#: A suggestion of the life area for the open template's items (any other item: economic).
NEED_DIMENSIONS = {
    "accommodation": "social",
    "education_livelihood": "economic",
    "finance_documents": "legal",
    "legal_status": "legal",
    "physical_health": "health",
    "mental_health_substances": "psychosocial",
    "family": "family",
    "social_network": "social",
    "identity_belonging": "psychosocial",
    "community_acceptance": "social",
    "violence_former_group": "spiritual",
    "own_goals": "psychosocial",
}


def latest_signed_assessment(*, actor: Actor, case: Case) -> Assessment | None:
    """The newest signed or countersigned assessment of the case the actor may see."""
    return (
        assessment_list(actor=actor)
        .filter(case=case, status__in=(AssessmentStatus.SIGNED, AssessmentStatus.COUNTERSIGNED))
        .order_by("-assessed_on", "-created_at")
        .first()
    )


def needs_from_assessment(*, actor: Actor, plan: Plan, assessment: Assessment) -> list[NeedRow]:
    """The rated items of an assessment, to choose which become goals (audited as a read
    of the assessment)."""
    structure = template_structure(assessment.template_version)
    domains = rated_domains(structure, list(ItemRating.objects.filter(assessment=assessment)))
    existing = set(
        Goal.objects.filter(plan=plan, from_assessment=assessment).values_list("from_item_code", flat=True)
    )
    rows = []
    for domain in domains:
        for item in domain.items:
            if item.rating is None:
                continue
            labels = [
                "{d}: {v}".format(d=d.spec.dimension.text, v=d.label or "?")
                for d in item.dimensions
                if d.code
            ]
            code = item.spec.item.code
            rows.append(
                NeedRow(
                    code, item.spec.item.text, labels, NEED_DIMENSIONS.get(code, "economic"), code in existing
                )
            )
    audit_record(
        actor=actor,
        action="assessment.viewed",
        target=assessment,
        person_id=plan.case.person_id,
        case_id=plan.case_id,
        categories=[assessment.category],
        purpose="plan_goals",
    )
    return rows


# --- sessions and mentoring ------------------------------------------------------------


def session_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[Session]:
    """Sessions whose type's category the actor may see (or change) on their case."""
    return Session.objects.filter(policy.categorised_scope(actor, action, SESSION_CATEGORIES)).select_related(
        "case", "facilitator"
    )


def session_get(*, actor: Actor, session_id: UUID | str, action: Action = Action.VIEW) -> Session:
    """One session, or 404."""
    return get_or_404(session_list(actor=actor, action=action), pk=session_id)


def session_editable_get(*, actor: Actor, session_id: UUID | str) -> Session:
    """A session the actor may correct: they may change the case, or they held it."""
    scope = policy.progress_scope(actor, SESSION_CATEGORIES, case_field="case", user_field="facilitator_id")
    return get_or_404(Session.objects.filter(scope).select_related("case"), pk=session_id)


def session_note_list(*, actor: Actor) -> QuerySet[SessionNote]:
    """Session notes whose category the actor may see, on sessions they may see."""
    note_scope = policy.categorised_scope(
        actor, Action.VIEW, tuple(DataCategory.values), case_field="session__case"
    )
    session_scope = policy.categorised_scope(
        actor, Action.VIEW, SESSION_CATEGORIES, case_field="session__case", category_field="session__category"
    )
    return SessionNote.objects.filter(note_scope & session_scope).select_related("author")


@dataclass(frozen=True)
class SessionFilters:
    """What the contact log can be narrowed by."""

    session_type: str = ""
    attendance: str = ""
    concerns_only: bool = False
    date_from: date | None = None
    date_to: date | None = None

    def as_audit(self) -> dict[str, Any]:
        return {
            k: (v.isoformat() if isinstance(v, date) else v)
            for k, v in self.__dict__.items()
            if v not in ("", None, False)
        }


def mentor_assignment_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[MentorAssignment]:
    """Mentor assignments the actor may see (or change): the participant's are case notes,
    a family member's are family data."""
    return MentorAssignment.objects.filter(
        policy.categorised_scope(actor, action, MENTOR_CATEGORIES)
    ).select_related("mentor", "mentee_person", "case")


def mentor_assignment_get(
    *, actor: Actor, assignment_id: UUID | str, action: Action = Action.VIEW
) -> MentorAssignment:
    """One mentor assignment, or 404."""
    return get_or_404(mentor_assignment_list(actor=actor, action=action), pk=assignment_id)


def session_listing(
    *, actor: Actor, case_id: UUID | str | None = None, filters: SessionFilters | None = None
) -> Listing[Session]:
    """Sessions for a list (the API's, or one case's); the page shown is audited."""
    sessions = session_list(actor=actor)
    if case_id:
        sessions = sessions.filter(case_id=case_id)
    filters = filters or SessionFilters()
    if filters.session_type:
        sessions = sessions.filter(session_type=filters.session_type)
    if filters.attendance:
        sessions = sessions.filter(attendance=filters.attendance)
    if filters.concerns_only:
        sessions = sessions.filter(concern=True)
    if filters.date_from:
        sessions = sessions.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        sessions = sessions.filter(occurred_on__lte=filters.date_to)
    return Listing(
        actor=actor,
        action="session.listed",
        queryset=sessions.order_by("-occurred_on", "-created_at"),
        subject=lambda s: (s.case.person_id, s.case_id),
        details={"case": str(case_id or ""), **filters.as_audit()},
        categories_of=lambda s: (s.category,),
    )


def mentor_listing(*, actor: Actor, case_id: UUID | str | None = None) -> Listing[MentorAssignment]:
    """Mentor assignments for the API's list; the page returned is audited."""
    rows = mentor_assignment_list(actor=actor)
    if case_id:
        rows = rows.filter(case_id=case_id)
    return Listing(
        actor=actor,
        action="mentor.listed",
        queryset=rows.order_by("ended_on", "-started_on"),
        subject=lambda m: (m.case.person_id, m.case_id),
        details={"case": str(case_id or "")},
        categories_of=lambda m: (m.category,),
    )


@dataclass(frozen=True)
class SessionsPage:
    """The sessions and mentoring tab of a case."""

    case: Seen[Case]
    page: Any
    filters: SessionFilters
    loggable_types: list[str]
    mentors: list[MentorAssignment]
    can_assign_mentors: bool
    open_concerns: int


def case_sessions(
    *, actor: Actor, case_id: UUID | str, filters: SessionFilters, page: str | int | None = None
) -> SessionsPage:
    """The contact log of a case, filtered, a page at a time, with its mentor assignments
    (the page shown is audited with the categories of the sessions on it)."""
    case = case_get(actor=actor, case_id=case_id)
    if not seen_case(actor, case).categories & set(SESSION_CATEGORIES):
        raise Http404(_("Not found."))
    listing = session_listing(actor=actor, case_id=case.pk, filters=filters)
    shown = listing.page(page)
    mentors = list(mentor_assignment_list(actor=actor).filter(case=case).order_by("ended_on", "-started_on"))
    if mentors:
        audit_record(
            actor=actor,
            action="mentor.listed",
            person_id=case.person_id,
            case_id=case.pk,
            categories={m.category for m in mentors},
            changes={"shown": len(mentors)},
            subjects=[(m.mentee_person_id, None) for m in mentors if m.mentee_person_id],
        )
    role = _role(case)
    return SessionsPage(
        case=seen_case(actor, case),
        page=shown,
        filters=filters,
        loggable_types=[]
        if case.is_closed
        else policy.session_types_loggable(actor, case, role, SESSION_TYPE_CATEGORIES),
        mentors=mentors,
        can_assign_mentors=policy.case_allows(actor, case, role, Action.CHANGE) and not case.is_closed,
        open_concerns=session_list(actor=actor)
        .filter(case=case, concern=True, concern_resolved_at__isnull=True)
        .count(),
    )


@dataclass(frozen=True)
class SessionDetail:
    """One session with the notes the actor may read."""

    seen: Seen[Session]
    case: Seen[Case]
    notes: list[SessionNote]
    can_edit: bool
    can_resolve: bool
    note_categories: frozenset[str]


def session_read(*, actor: Actor, session_id: UUID | str) -> SessionDetail:
    """A session page (audited with the categories of the session and notes shown)."""
    session = session_get(actor=actor, session_id=session_id)
    case = case_get(actor=actor, case_id=session.case_id)
    role = _role(case)
    notes = list(session_note_list(actor=actor).filter(session=session).order_by("created_at"))
    editable = Session.objects.filter(
        policy.progress_scope(actor, SESSION_CATEGORIES, case_field="case", user_field="facilitator_id"),
        pk=session.pk,
    ).exists()
    categories = {session.category, *(n.category for n in notes)}
    audit_record(
        actor=actor,
        action="session.viewed",
        target=session,
        person_id=case.person_id,
        case_id=case.pk,
        categories=categories,
    )
    writable = frozenset() if case.is_closed else policy.note_categories_writable(actor, case, role)
    return SessionDetail(
        seen=Seen(session, frozenset(categories)),
        case=seen_case(actor, case),
        notes=notes,
        can_edit=editable and not case.is_closed,
        can_resolve=session.concern_open and policy.case_allows(actor, case, role, Action.CHANGE),
        note_categories=writable,
    )


def mentor_choices(*, case: Case) -> QuerySet[User]:
    """Who can be a mentor on this case: active members of its team."""
    return (
        User.objects.filter(case_roles__case=case, case_roles__ended_at__isnull=True, is_active=True)
        .distinct()
        .order_by("display_name", "username")
    )


def mentee_choices(*, actor: Actor, case: Case) -> QuerySet[Person]:
    """Family members of the participant the actor may see with the family category."""
    relatives = Person.objects.filter(policy.person_scope(actor, Action.VIEW, DataCategory.FAMILY_CHILDREN))
    households = HouseholdMember.objects.filter(person_id=case.person_id).values("household_id")
    return (
        relatives.filter(household_memberships__household_id__in=households)
        .exclude(pk=case.person_id)
        .distinct()
        .order_by("given_name_latin")
    )


# --- dashboard -------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardPanel:
    """Overdue plan actions and open session concerns on the actor's cases."""

    overdue_actions: list[PlanAction]
    overdue_count: int
    concerns: list[Session]
    concern_count: int

    @property
    def subjects(self) -> list[Subject]:
        shown: list[Subject] = [
            (a.goal.plan.case.person_id, a.goal.plan.case_id) for a in self.overdue_actions
        ]
        return shown + [(s.case.person_id, s.case_id) for s in self.concerns]

    @property
    def categories(self) -> set[str]:
        return {a.goal.category for a in self.overdue_actions} | {s.category for s in self.concerns}


PANEL_SIZE = 5


def overdue_actions(*, actor: Actor) -> QuerySet[PlanAction]:
    """Open plan actions past their date, on the actor's cases or in their own name."""
    my_cases = case_list(actor=actor).filter(**ON_MY_TEAM).values("pk")
    return (
        plan_action_list(actor=actor)
        .filter(status__in=OPEN_ACTION_STATUSES, target_date__lt=timezone.localdate())
        .filter(Q(goal__plan__case__in=my_cases) | Q(responsible_user_id=actor.user_id))
        .exclude(goal__plan__status=PlanStatus.CLOSED)
        .select_related("goal__plan__case")
        .order_by("target_date")
    )


def action_listing(*, actor: Actor, overdue: bool = False) -> Listing[PlanAction]:
    """Plan actions for the API's list (all the actor may see, or their overdue ones)."""
    rows = (
        overdue_actions(actor=actor)
        if overdue
        else plan_action_list(actor=actor).select_related("goal__plan__case").order_by("target_date")
    )
    return Listing(
        actor=actor,
        action="plan.actions_listed",
        queryset=rows,
        subject=lambda a: (a.goal.plan.case.person_id, a.goal.plan.case_id),
        details={"overdue": overdue},
        categories_of=lambda a: (a.goal.category,),
    )


def dashboard_panel(*, actor: Actor) -> DashboardPanel:
    """Four bounded queries whatever the caseload. Not audited by itself: the dashboard's
    audit row names the people and cases shown here (`subjects`)."""
    my_cases = case_list(actor=actor).filter(**ON_MY_TEAM).values("pk")
    actions = overdue_actions(actor=actor)
    concerns = (
        session_list(actor=actor)
        .filter(concern=True, concern_resolved_at__isnull=True, case__in=my_cases)
        .select_related("case")
    )
    shown_actions = list(actions[:PANEL_SIZE])
    shown_concerns = list(concerns.order_by("-occurred_on")[:PANEL_SIZE])
    return DashboardPanel(
        overdue_actions=shown_actions,
        overdue_count=actions.count() if len(shown_actions) == PANEL_SIZE else len(shown_actions),
        concerns=shown_concerns,
        concern_count=concerns.count() if len(shown_concerns) == PANEL_SIZE else len(shown_concerns),
    )
