"""Reads of cases, their notes, tasks and team, always through the access policy.

`case_search` and `case_detail` are disclosures and write an audit row; `case_list` and
`case_get` serve forms and services and do not.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import BooleanField, CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.models import User
from reintegra.cases.choices import ALLOWED_TRANSITIONS, OPEN_STAGES, CaseStage, TaskStatus
from reintegra.cases.models import Case, CaseNote, CaseStageChange, CaseTeamMember, Task
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.selectors import Listing, Seen, get_or_404
from reintegra.people.models import HouseholdMember, Person
from reintegra.people.queries import age_band_q, name_match_q
from reintegra.sharing import rules as sharing_rules
from reintegra.sharing.models import BreakGlassGrant


def _with_actor_role(cases: QuerySet[Case], actor: Actor) -> QuerySet[Case]:
    """Annotate each case with the actor's role on it (None when they are not on the team)."""
    if actor.user_id is None or actor.agency_id is None:
        return cases.annotate(
            actor_role=Value(None, output_field=CharField()),
            actor_break_glass=Value(False, output_field=BooleanField()),
        )
    role = CaseTeamMember.objects.filter(
        case_id=OuterRef("pk"), user_id=actor.user_id, agency_id=actor.agency_id, ended_at__isnull=True
    ).values("role")[:1]
    break_glass = BreakGlassGrant.objects.open_now().filter(
        case_id=OuterRef("pk"), user_id=actor.user_id, agency_id=actor.agency_id
    )
    return cases.annotate(actor_role=Subquery(role), actor_break_glass=Exists(break_glass))


ON_MY_TEAM = {"actor_role__isnull": False}  # a filter on the annotation above


def case_list(*, actor: Actor, action: Action = Action.VIEW, category: str | None = None) -> QuerySet[Case]:
    """Cases the actor may act on, each annotated with `actor_role` (their role on it)."""
    cases = Case.objects.filter(policy.case_scope(actor, action, category)).select_related(
        "person", "lead_agency", "beneficiary_type", "programme"
    )
    return _with_actor_role(cases, actor)


def case_get(*, actor: Actor, case_id: UUID | str, action: Action = Action.VIEW) -> Case:
    """One case, or 404 for missing and not allowed alike."""
    return get_or_404(case_list(actor=actor, action=action), pk=case_id)


def seen_case(actor: Actor, case: Case) -> Seen[Case]:
    """The case with the categories the actor may see of it (case from `case_list`)."""
    return Seen(case, policy.case_categories(actor, case, getattr(case, "actor_role", None)))


def prepare_rows(actor: Actor, cases: list[Case]) -> None:
    """Before showing a page of cases: answer the partner rule for all rows at once."""
    if actor.agency_id is not None:
        sharing_rules.prefetch_partner_access(cases, actor.agency_id)


@dataclass(frozen=True)
class CaseFilters:
    """What the case list can be narrowed by; all optional."""

    query: str = ""
    stage: str = ""
    agency: int | None = None
    beneficiary_type: int | None = None
    programme: int | None = None
    sex: str = ""
    age_band: str = ""
    mine: bool = False
    ordering: str = "-opened_on"

    ORDERINGS = ("-opened_on", "opened_on", "code", "-stage_changed_at", "stage")

    def as_audit(self) -> dict[str, Any]:
        """Which filters were used (not the search words, which may be a name)."""
        used = {k: v for k, v in self.__dict__.items() if v not in ("", None, False) and k != "query"}
        return {"filters": used, "query_given": bool(self.query)}


#: What a row of the case list can show: the name (identity) and beneficiary type.
LIST_CATEGORIES = frozenset({DataCategory.IDENTITY, DataCategory.LEGAL_STATUS})


def case_search(*, actor: Actor, filters: CaseFilters) -> Listing[Case]:
    """The case list: policy-filtered, searched, filtered and ordered; the page shown is
    audited with every person and case on it.

    A name search and filters on identity fields (sex, age) only reach cases whose
    identity the actor may see, so results never confirm what they could not read.
    """
    cases = case_list(actor=actor)
    identity_scope = policy.case_scope(actor, Action.VIEW, DataCategory.IDENTITY)
    query = filters.query.strip()
    if query:
        by_code = Q(code__iexact=query) | Q(person__code__iexact=query)
        by_name = name_match_q(query, prefix="person__")
        cases = cases.filter(by_code | (by_name & identity_scope) if by_name is not None else by_code)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.agency:
        cases = cases.filter(lead_agency_id=filters.agency)
    if filters.beneficiary_type:
        cases = cases.filter(
            policy.case_scope(actor, Action.VIEW, DataCategory.LEGAL_STATUS),
            beneficiary_type_id=filters.beneficiary_type,
        )
    if filters.programme:
        cases = cases.filter(programme_id=filters.programme)
    if filters.sex or filters.age_band:
        cases = cases.filter(identity_scope)
        if filters.sex:
            cases = cases.filter(person__sex=filters.sex)
        if filters.age_band:
            cases = cases.filter(age_band_q(filters.age_band, prefix="person__"))
    if filters.mine:
        cases = cases.filter(**ON_MY_TEAM)
    ordering = filters.ordering if filters.ordering in CaseFilters.ORDERINGS else "-opened_on"
    return Listing(
        actor=actor,
        action="case.searched",
        queryset=cases.order_by(ordering, "code"),
        subject=lambda case: (case.person_id, case.pk),
        details=filters.as_audit(),
        categories_of=lambda case: seen_case(actor, case).categories & LIST_CATEGORIES,
        prepare=lambda rows: prepare_rows(actor, rows),
    )


@dataclass(frozen=True)
class CaseDetail:
    """The case page, cut to what the actor may see and do."""

    seen: Seen[Case]
    role: str | None
    can_change: bool
    can_manage_team: bool
    can_reopen: bool
    transitions: tuple[str, ...]
    team: list[CaseTeamMember]
    notes: list[CaseNote]
    note_categories: frozenset[str]
    tasks: list[Task]
    stage_changes: list[CaseStageChange]
    household_members: list[HouseholdMember] = field(default_factory=list)
    access: policy.CaseAccess | None = None


def case_read(*, actor: Actor, case_id: UUID | str) -> Seen[Case]:
    """One case as shown to the actor (page or API). Audited as a disclosure of the
    categories they see."""
    case = case_get(actor=actor, case_id=case_id)
    access = policy.case_access(actor, case, getattr(case, "actor_role", None))
    audit_record(
        actor=actor,
        action="case.viewed",
        target=case,
        person_id=case.person_id,
        case_id=case.pk,
        categories=access.categories,
        purpose="break_glass" if access.flagged else "",
        protocol_ref=access.protocol_ref,
        basis_ref=access.basis_ref,
        flagged=access.flagged,
    )
    return Seen(case, access.categories)


def case_detail(*, actor: Actor, case_id: UUID | str) -> CaseDetail:
    """Everything the case page shows (read and audited through `case_read`)."""
    seen = case_read(actor=actor, case_id=case_id)
    case = seen.obj
    role: str | None = getattr(case, "actor_role", None)
    can_change = policy.case_allows(actor, case, role, Action.CHANGE)
    household_members: list[HouseholdMember] = []
    if seen.sees[DataCategory.FAMILY_CHILDREN]:
        relatives = Person.objects.filter(
            policy.person_scope(actor, Action.VIEW, DataCategory.FAMILY_CHILDREN)
        )
        household_members = list(
            HouseholdMember.objects.filter(
                household__memberships__person_id=case.person_id, person__in=relatives
            )
            .exclude(person_id=case.person_id)
            .select_related("household", "person")
        )
    return CaseDetail(
        access=policy.case_access(actor, case, role),
        seen=seen,
        role=role,
        can_change=can_change and not case.is_closed,
        can_manage_team=policy.case_allows(actor, case, role, Action.MANAGE_TEAM) and not case.is_closed,
        can_reopen=policy.case_allows(actor, case, role, Action.REOPEN) and case.is_closed,
        transitions=tuple(t for t in ALLOWED_TRANSITIONS[case.stage] if t != CaseStage.CLOSED)
        if can_change
        else (),
        team=list(case.team.filter(ended_at__isnull=True).select_related("user", "agency")),
        notes=list(case_note_list(actor=actor, case=case).select_related("author")[:50]),
        note_categories=policy.note_categories_writable(actor, case, role),
        tasks=list(case.tasks.select_related("assignee").order_by("status", "due_on")),
        stage_changes=list(case.stage_changes.select_related("changed_by")[:50]),
        household_members=household_members,
    )


def case_note_list(*, actor: Actor, case: Case | None = None) -> QuerySet[CaseNote]:
    """Notes whose category the actor may see, optionally on one case."""
    if case is not None:  # one case: the categories the policy grants on it
        categories = policy.case_categories(actor, case, getattr(case, "actor_role", None))
        return CaseNote.objects.filter(case=case, category__in=categories)
    return CaseNote.objects.filter(policy.note_scope(actor))


def task_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[Task]:
    """Tasks the actor may see (or change)."""
    return Task.objects.filter(policy.task_scope(actor, action)).select_related("case", "assignee")


def task_get(*, actor: Actor, task_id: UUID | str, action: Action = Action.VIEW) -> Task:
    """One task, or 404 for missing and not allowed alike."""
    return get_or_404(task_list(actor=actor, action=action), pk=task_id)


def my_tasks(*, actor: Actor, include_done: bool = False) -> QuerySet[Task]:
    """Tasks assigned to the actor, soonest due first."""
    tasks = task_list(actor=actor).filter(assignee_id=actor.user_id)
    if not include_done:
        tasks = tasks.filter(status=TaskStatus.OPEN)
    return tasks.order_by("status", "due_on")


def task_listing(*, actor: Actor, mine: bool = True, include_done: bool = False) -> Listing[Task]:
    """Task lists (mine, or every task the actor may see): showing a page is audited with
    the cases the tasks belong to."""
    tasks = my_tasks(actor=actor, include_done=include_done) if mine else task_list(actor=actor)
    return Listing(
        actor=actor,
        action="task.listed",
        queryset=tasks.order_by("status", "due_on"),
        subject=lambda task: (task.case.person_id, task.case_id) if task.case else (None, None),
        details={"mine": mine},
    )


def assignable_users(*, actor: Actor, case: Case | None) -> QuerySet[User]:
    """Who a task can be given to: the case's active team, or colleagues in the agency."""
    if case is not None:
        return User.objects.filter(
            case_roles__case=case, case_roles__ended_at__isnull=True, is_active=True
        ).distinct()
    return colleagues(actor=actor)


def colleagues(*, actor: Actor) -> QuerySet[User]:
    """Active users with an active membership in the actor's active agency."""
    if actor.agency_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__agency_id=actor.agency_pk, memberships__is_active=True, is_active=True
        )
        .distinct()
        .order_by("display_name", "username")
    )


@dataclass(frozen=True)
class Dashboard:
    """The actor's start page: their cases, their tasks, what is overdue."""

    my_cases: list[Seen[Case]]
    my_open_case_count: int
    tasks: list[Task]
    overdue_count: int
    stage_counts: dict[str, int]
    today: date
    missed_check_ins: list[Any] = field(default_factory=list)  # justice: measures I am responsible for
    missed_check_in_count: int = 0
    plan_panel: Any = None  # plans: overdue plan actions and open session concerns


def dashboard(*, actor: Actor) -> Dashboard:
    """A handful of bounded queries, whatever the size of the caseload."""
    today = timezone.localdate()
    mine = case_list(actor=actor).filter(stage__in=OPEN_STAGES, **ON_MY_TEAM)
    counts = dict(mine.values_list("stage").annotate(n=Count("pk")).order_by())
    tasks = list(my_tasks(actor=actor)[:10])
    overdue = my_tasks(actor=actor).filter(due_on__lt=today).count()
    my_cases = [seen_case(actor, c) for c in mine.order_by("-stage_changed_at")[:10]]
    from reintegra.justice.selectors import missed_check_ins  # the justice panel (two queries)

    missed, missed_count = missed_check_ins(actor=actor)
    from reintegra.plans.selectors import dashboard_panel  # the plans panel (two to four queries)

    plan_panel = dashboard_panel(actor=actor)
    audit_record(
        actor=actor,
        action="dashboard.viewed",
        categories={c for seen in my_cases for c in seen.categories & LIST_CATEGORIES}
        | ({DataCategory.LEGAL_STATUS} if missed else set())
        | plan_panel.categories,
        subjects=[(seen.obj.person_id, seen.obj.pk) for seen in my_cases]
        + [(t.case.person_id, t.case_id) for t in tasks if t.case]
        + [(m.measure.person_id, m.measure.case_id) for m in missed]
        + plan_panel.subjects,
    )
    return Dashboard(
        my_cases=my_cases,
        my_open_case_count=sum(counts.values()),
        tasks=tasks,
        overdue_count=overdue,
        stage_counts={stage: counts.get(stage, 0) for stage in OPEN_STAGES},
        today=today,
        missed_check_ins=missed,
        missed_check_in_count=missed_count,
        plan_panel=plan_panel,
    )
