"""Reads of the justice pathway, always through the access policy (`justice_*_scope`).

`*_list` and `*_get` feed forms and services and write no audit row. `pathway_detail`,
`measure_detail`, `return_detail`, `family_overview`, `facility_detail` and the searches
are disclosures: they write an audit row naming the people shown.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.models import User
from reintegra.cases.choices import OPEN_STAGES, CaseRole, TaskStatus
from reintegra.cases.models import Case, CaseTeamMember
from reintegra.cases.selectors import case_list
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.selectors import Listing, Seen, get_or_404
from reintegra.justice.choices import (
    CHILD_STATUS_LABELS,
    CUSTODY_STATUSES,
    BirthRegistration,
    CitizenshipCheck,
    LegalEventKind,
    LegalStatus,
    PapersStatus,
)
from reintegra.justice.models import (
    NEED_CATEGORIES,
    PARTICIPATION_CATEGORIES,
    ArrivalNeed,
    CarePreference,
    CheckIn,
    ChildSafeguard,
    CustodyNote,
    CustodyParticipation,
    Facility,
    FamilyGoal,
    FamilyVisit,
    LegalEvent,
    PersonLegalStatus,
    ReceptionItem,
    ReturnEvent,
    ReturnMember,
    SupervisionMeasure,
)
from reintegra.justice.schedule import ExpectedCheckIn, check_ins, expected_dates
from reintegra.justice.status import DerivedStatus, derive_status, sort_key, youngest_age_at_offence
from reintegra.people.models import ADULT_AGE, Household, HouseholdMember, Person
from reintegra.people.queries import name_match_q
from reintegra.people.selectors import household_get, seen_people

LEGAL = DataCategory.LEGAL_STATUS
#: Custody participation and arrival needs may carry these categories.
PARTICIPATION_CATEGORY_SET = frozenset({LEGAL, *PARTICIPATION_CATEGORIES.values()})
NEED_CATEGORY_SET = frozenset(NEED_CATEGORIES.values())
#: Missed check-ins stay on the dashboard this many days (or until followed up).
MISSED_DASHBOARD_DAYS = 14
#: The measure page shows check-ins from this many days back, and this many ahead.
CHECK_IN_HISTORY_DAYS = 90
CHECK_IN_AHEAD_DAYS = 28


# --- people and what the actor sees of them -----------------------------------------------


def justice_people(
    *, actor: Actor, action: Action = Action.VIEW, category: str | None = LEGAL
) -> QuerySet[Person]:
    """People whose justice records of `category` the actor may see (or change)."""
    return Person.objects.filter(policy.justice_person_scope(actor, action, category))


def justice_person_get(
    *, actor: Actor, person_id: UUID | str, action: Action = Action.VIEW, category: str | None = LEGAL
) -> Person:
    """One person whose justice records (of `category`) the actor may see or change; 404
    otherwise."""
    return get_or_404(justice_people(actor=actor, action=action, category=category), pk=person_id)


def custody_people(*, actor: Actor) -> QuerySet[Person]:
    """People for whom the actor records custody and check-ins (policy J2, J3)."""
    return Person.objects.filter(policy.justice_custody_scope(actor))


def may_change(actor: Actor, person: Person) -> bool:
    """Whether the actor may change the person's justice records (policy J2)."""
    return justice_people(actor=actor, action=Action.CHANGE, category=None).filter(pk=person.pk).exists()


def may_record_custody(actor: Actor, person: Person) -> bool:
    """Whether the actor records custody and check-ins for the person (policy J2, J3)."""
    return custody_people(actor=actor).filter(pk=person.pk).exists()


def child_safe_status_label(status: str, is_minor: bool) -> str:
    """A status in words, in child-appropriate terms for a minor."""
    if is_minor and status in CHILD_STATUS_LABELS:
        return str(CHILD_STATUS_LABELS[status])
    try:
        return str(LegalStatus(status).label)
    except ValueError:
        return status


@dataclass(frozen=True)
class JuvenileInfo:
    """Whether juvenile justice applies: the person's lowest age on an alleged offence date."""

    age_at_alleged_offence: int | None
    applies: bool


def juvenile_info(person: Person, derived: DerivedStatus) -> JuvenileInfo:
    """Juvenile justice from the person's age on each alleged offence date of the timeline."""
    age = youngest_age_at_offence(derived.alleged_offence_dates, person.age_on)
    return JuvenileInfo(age, age is not None and age < ADULT_AGE)


# --- the legal timeline --------------------------------------------------------------------


def legal_event_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[LegalEvent]:
    """Legal events of people whose legal status the actor may see (or change)."""
    return LegalEvent.objects.filter(person__in=justice_people(actor=actor, action=action)).select_related(
        "facility", "measure", "return_event", "recorded_by"
    )


def legal_event_get(*, actor: Actor, event_id: UUID | str, action: Action = Action.VIEW) -> LegalEvent:
    """One legal event, or 404 for missing and not allowed alike."""
    return get_or_404(legal_event_list(actor=actor, action=action), pk=event_id)


def timeline(person: Person) -> list[LegalEvent]:
    """Every event of one person in timeline order, then those entered in error. The
    caller has checked access."""
    events = list(
        LegalEvent.objects.filter(person=person).select_related(
            "facility", "measure", "return_event", "recorded_by"
        )
    )
    live = sorted((e for e in events if not e.is_void), key=lambda e: sort_key(e.facts()))
    return live + sorted((e for e in events if e.is_void), key=lambda e: sort_key(e.facts()))


def derived_status(person: Person) -> DerivedStatus:
    """The status the person's timeline gives (caller checked access)."""
    return derive_status(e.facts() for e in LegalEvent.objects.filter(person=person))


def status_summary(person: Person) -> PersonLegalStatus | None:
    """The stored status of a person, with its planning task (caller checked access)."""
    return PersonLegalStatus.objects.filter(person=person).select_related("pre_release_task").first()


def legal_events_for(*, actor: Actor, person_id: UUID | str) -> tuple[Person, list[LegalEvent]]:
    """One person's timeline for the API: audited as a read of their legal status."""
    person = justice_person_get(actor=actor, person_id=person_id)
    events = timeline(person)
    audit_record(
        actor=actor,
        action="justice.timeline_viewed",
        target=person,
        person_id=person.pk,
        categories=[LEGAL],
        changes={"events_shown": len(events)},
    )
    return person, events


# --- supervision measures and check-ins ---------------------------------------------------


def measure_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[SupervisionMeasure]:
    """Measures of people whose legal status the actor may see (or change)."""
    return SupervisionMeasure.objects.filter(
        person__in=justice_people(actor=actor, action=action)
    ).select_related("person", "case", "responsible_officer", "legal_basis")


def measure_get(*, actor: Actor, measure_id: UUID | str, action: Action = Action.VIEW) -> SupervisionMeasure:
    """One measure, or 404 for missing and not allowed alike."""
    return get_or_404(measure_list(actor=actor, action=action), pk=measure_id)


def measure_for_check_in(*, actor: Actor, measure_id: UUID | str) -> SupervisionMeasure:
    """A measure whose check-ins the actor logs (policy J2, J3), or 404."""
    measures = SupervisionMeasure.objects.filter(person__in=custody_people(actor=actor)).select_related(
        "person", "case", "responsible_officer"
    )
    return get_or_404(measures, pk=measure_id)


def hours_completed(measure: SupervisionMeasure) -> Decimal:
    """Community-service hours done, summed from the check-ins (never typed in)."""
    total = measure.check_ins.aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)


def _now_naive() -> datetime:
    return timezone.localtime().replace(tzinfo=None)


def expected_check_ins(
    measure: SupervisionMeasure, logged: dict[date, CheckIn], *, start: date, end: date, now: datetime
) -> list[ExpectedCheckIn]:
    """Expected and logged check-ins of a measure between `start` and `end`."""
    first = max(start, measure.starts_on)
    last = min(end, measure.schedule_end or end)
    expected = expected_dates(
        measure.frequency, first, last, weekday=measure.weekday, day_of_month=measure.day_of_month
    )
    statuses = {day: row.status for day, row in logged.items() if first <= day <= end}
    return check_ins(expected, statuses, now=now, report_by=measure.report_by)


@dataclass(frozen=True)
class CheckInRow:
    """One line of a measure's check-in list: what was expected and what was logged."""

    expected: ExpectedCheckIn
    logged: CheckIn | None


@dataclass(frozen=True)
class MeasureDetail:
    """A measure's page, cut to what the actor may do."""

    measure: SupervisionMeasure
    seen_person: Seen[Person]
    rows: list[CheckInRow]
    missed_count: int
    hours_completed: Decimal
    breaches: list[LegalEvent]
    can_change: bool
    can_log: bool
    today: date


def measure_detail(*, actor: Actor, measure_id: UUID | str, show_all: bool = False) -> MeasureDetail:
    """A measure with its expected and logged check-ins and its breaches. Audited."""
    measure = measure_get(actor=actor, measure_id=measure_id)
    today = timezone.localdate()
    start = measure.starts_on if show_all else today - timedelta(days=CHECK_IN_HISTORY_DAYS)
    logged = {row.due_on: row for row in measure.check_ins.select_related("logged_by", "follow_up_task")}
    expected = expected_check_ins(
        measure, logged, start=start, end=today + timedelta(days=CHECK_IN_AHEAD_DAYS), now=_now_naive()
    )
    rows = [CheckInRow(item, logged.get(item.due_on)) for item in reversed(expected)]
    all_missed = expected_check_ins(measure, logged, start=measure.starts_on, end=today, now=_now_naive())
    seen_by_id, _cases = seen_people(actor, [measure.person])
    audit_record(
        actor=actor,
        action="justice.measure_viewed",
        target=measure,
        person_id=measure.person_id,
        case_id=measure.case_id,
        categories=[LEGAL],
    )
    return MeasureDetail(
        measure=measure,
        seen_person=seen_by_id[measure.person_id],
        rows=rows,
        missed_count=sum(1 for item in all_missed if item.missed),
        hours_completed=hours_completed(measure),
        breaches=list(measure.breaches.filter(voided_at__isnull=True).order_by("-occurred_on")),
        can_change=may_change(actor, measure.person) and measure.ended_on is None,
        can_log=may_record_custody(actor, measure.person),
        today=today,
    )


@dataclass(frozen=True)
class MeasureFilters:
    """What the measures list can be narrowed by; all optional."""

    kind: str = ""
    state: str = "active"  # active | ended | all
    mine: bool = False
    missed: bool = False
    query: str = ""

    def as_audit(self) -> dict[str, Any]:
        used = {k: v for k, v in self.__dict__.items() if v not in ("", None, False) and k != "query"}
        return {"filters": used, "query_given": bool(self.query)}


def _missed_measure_ids(measures: QuerySet[SupervisionMeasure], since: date) -> set[UUID]:
    """Ids of `measures` with a missed check-in since `since` (two queries, any number of
    measures)."""
    rows = list(measures.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since)))
    logged: dict[UUID, dict[date, CheckIn]] = {m.pk: {} for m in rows}
    for check_in in CheckIn.objects.filter(measure__in=[m.pk for m in rows], due_on__gte=since):
        logged[check_in.measure_id][check_in.due_on] = check_in
    today, now = timezone.localdate(), _now_naive()
    return {
        m.pk
        for m in rows
        if any(item.missed for item in expected_check_ins(m, logged[m.pk], start=since, end=today, now=now))
    }


def measure_search(*, actor: Actor, filters: MeasureFilters) -> Listing[SupervisionMeasure]:
    """The measures list: filtered and audited page by page."""
    measures = measure_list(actor=actor)
    today = timezone.localdate()
    if filters.kind:
        measures = measures.filter(kind=filters.kind)
    active = Q(ended_on__isnull=True, starts_on__lte=today) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    if filters.state == "active":
        measures = measures.filter(active)
    elif filters.state == "ended":
        measures = measures.exclude(active)
    if filters.mine:
        measures = measures.filter(responsible_officer_id=actor.user_id)
    query = filters.query.strip()
    if query:
        by_code = Q(person__code__iexact=query) | Q(case__code__iexact=query)
        by_name = name_match_q(query, prefix="person__")
        if by_name is not None:
            identity = justice_people(actor=actor, category=DataCategory.IDENTITY)
            by_code |= by_name & Q(person__in=identity)
        measures = measures.filter(by_code)
    if filters.missed:
        since = today - timedelta(days=MISSED_DASHBOARD_DAYS)
        measures = measures.filter(pk__in=_missed_measure_ids(measures, since))
    return Listing(
        actor=actor,
        action="justice.measures_listed",
        queryset=measures.order_by("-starts_on", "pk"),
        subject=lambda m: (m.person_id, m.case_id),
        details=filters.as_audit(),
        categories_of=lambda _m: (LEGAL,),
    )


@dataclass(frozen=True)
class MissedCheckIn:
    """A check-in the responsible officer must follow up (dashboard)."""

    measure: SupervisionMeasure
    due_on: date
    logged: CheckIn | None


def missed_check_ins(
    *, actor: Actor, days: int = MISSED_DASHBOARD_DAYS, limit: int = 10
) -> tuple[list[MissedCheckIn], int]:
    """Missed check-ins of the measures the actor is responsible for, in the last `days`
    days, not yet followed up (their follow-up task is still open, or none was made).
    Two queries whatever the caseload; the dashboard audits what it shows."""
    if actor.user_id is None:
        return [], 0
    today = timezone.localdate()
    since = today - timedelta(days=days)
    measures = list(
        measure_list(actor=actor)
        .filter(responsible_officer_id=actor.user_id, starts_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
    )
    logged: dict[UUID, dict[date, CheckIn]] = {m.pk: {} for m in measures}
    for check_in in CheckIn.objects.filter(
        measure__in=[m.pk for m in measures], due_on__gte=since
    ).select_related("follow_up_task"):
        logged[check_in.measure_id][check_in.due_on] = check_in
    now = _now_naive()
    found: list[MissedCheckIn] = []
    for measure in measures:
        for item in expected_check_ins(measure, logged[measure.pk], start=since, end=today, now=now):
            row = logged[measure.pk].get(item.due_on)
            followed_up = (
                row is not None
                and row.follow_up_task is not None
                and row.follow_up_task.status != TaskStatus.OPEN
            )
            if item.missed and not followed_up:
                found.append(MissedCheckIn(measure, item.due_on, row))
    found.sort(key=lambda m: (m.due_on, m.measure.pk), reverse=True)
    return found[:limit], len(found)


def responsible_officers(*, case: Case) -> QuerySet[User]:
    """Who may be responsible for a measure run through `case`: active team members whose
    role on the case lets them see legal status (the alert becomes a task on the case)."""
    roles = [role for role, categories in policy.CASE_ROLE_CATEGORIES.items() if LEGAL in categories]
    return (
        User.objects.filter(
            case_roles__case=case,
            case_roles__ended_at__isnull=True,
            case_roles__role__in=roles,
            case_roles__agency_id=case.lead_agency_id,
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "username")
    )


def officer_choices(*, cases: list[Case]) -> QuerySet[User]:
    """Responsible officers offered for a measure on any of `cases` (the service checks the
    one chosen is on the chosen case's team)."""
    officers = User.objects.none()
    for case in cases:
        officers = officers | responsible_officers(case=case)
    return officers.distinct().order_by("display_name", "username")


def measure_cases(*, actor: Actor, person: Person) -> QuerySet[Case]:
    """Open cases of the person through which the actor may set up a measure."""
    return case_list(actor=actor, action=Action.CHANGE, category=LEGAL).filter(
        person=person, stage__in=OPEN_STAGES
    )


def basis_events(*, person: Person) -> QuerySet[LegalEvent]:
    """Timeline events that can set a measure (caller checked access)."""
    return LegalEvent.objects.filter(
        person=person,
        voided_at__isnull=True,
        kind__in=[
            LegalEventKind.BAIL,
            LegalEventKind.SENTENCE,
            LegalEventKind.SUPERVISION_ORDER,
            LegalEventKind.EARLY_RELEASE,
            LegalEventKind.RETURN_SCREENING,
        ],
    ).order_by("-occurred_on")


# --- the register (people with a legal timeline) ------------------------------------------


@dataclass(frozen=True)
class RegisterFilters:
    """What the justice register can be narrowed by; all optional."""

    query: str = ""
    status: str = ""
    facility: int | None = None
    release_within: int | None = None
    in_custody: bool = False

    def as_audit(self) -> dict[str, Any]:
        used = {k: v for k, v in self.__dict__.items() if v not in ("", None, False) and k != "query"}
        return {"filters": used, "query_given": bool(self.query)}


def register_search(*, actor: Actor, filters: RegisterFilters) -> Listing[PersonLegalStatus]:
    """People with a legal timeline the actor may see, by derived status; audited."""
    rows = PersonLegalStatus.objects.filter(person__in=justice_people(actor=actor)).select_related(
        "person", "facility"
    )
    active_measures = (
        SupervisionMeasure.objects.filter(person_id=OuterRef("person_id"), ended_on__isnull=True)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = rows.annotate(
        active_measures=Coalesce(Subquery(active_measures, output_field=IntegerField()), Value(0))
    )
    query = filters.query.strip()
    if query:
        by_code = Q(person__code__iexact=query)
        by_name = name_match_q(query, prefix="person__")
        if by_name is not None:
            identity = justice_people(actor=actor, category=DataCategory.IDENTITY)
            by_code |= by_name & Q(person__in=identity)
        rows = rows.filter(by_code)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.facility:
        rows = rows.filter(facility_id=filters.facility)
    if filters.in_custody:
        rows = rows.filter(status__in=CUSTODY_STATUSES)
    if filters.release_within:
        today = timezone.localdate()
        rows = rows.filter(
            expected_release__gte=today, expected_release__lte=today + timedelta(days=filters.release_within)
        )
    ordering = (
        ("expected_release", "person__code") if filters.release_within else ("-last_event_on", "person__code")
    )
    return Listing(
        actor=actor,
        action="justice.searched",
        queryset=rows.order_by(*ordering),
        subject=lambda row: (row.person_id, None),
        details=filters.as_audit(),
        categories_of=lambda _row: (LEGAL,),
    )


# --- the pathway page ----------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureSummary:
    """A measure with its missed check-ins and hours done, for the pathway page."""

    measure: SupervisionMeasure
    missed: int
    hours_completed: Decimal


@dataclass(frozen=True)
class PathwayDetail:
    """Everything the justice page of a person shows, cut to the categories seen."""

    seen: Seen[Person]
    cases: list[Seen[Case]]
    derived: DerivedStatus | None
    status_label: str
    facility: Facility | None
    juvenile: JuvenileInfo | None
    events: list[LegalEvent]
    measures: list[MeasureSummary]
    participations: list[CustodyParticipation]
    visits: list[FamilyVisit]
    custody_notes: list[CustodyNote]
    returns: list[ReturnMember]
    child: ChildSafeguard | None
    shows_child: bool
    care: CarePreference | None
    can_change: bool
    can_record_custody: bool
    note_categories: frozenset[str]
    pre_release_task: Any = None
    households: list[HouseholdMember] = field(default_factory=list)


def _person_categories(actor: Actor, person: Person) -> tuple[Seen[Person], list[Seen[Case]]]:
    seen_by_id, cases = seen_people(actor, [person])
    return seen_by_id[person.pk], cases[person.pk]


def pathway_detail(*, actor: Actor, person_id: UUID | str) -> PathwayDetail:
    """The justice page of a person: legal status, timeline, measures, custody, returns,
    child safeguards and care preferences, each shown only in the categories the actor
    sees. Audited as a read of those categories."""
    person = get_or_404(
        Person.objects.filter(policy.person_scope(actor, Action.VIEW)).select_related("place"), pk=person_id
    )
    seen, cases = _person_categories(actor, person)
    sees = seen.sees
    can_change = may_change(actor, person)
    derived = None
    events: list[LegalEvent] = []
    measures: list[MeasureSummary] = []
    visits: list[FamilyVisit] = []
    returns: list[ReturnMember] = []
    facility = None
    juvenile = None
    status_label = ""
    summary = None
    if sees[LEGAL]:
        events = timeline(person)
        derived = derive_status(e.facts() for e in events)
        juvenile = juvenile_info(person, derived)
        status_label = child_safe_status_label(derived.status, person.is_minor)
        facility = Facility.objects.filter(pk=derived.facility_id).first() if derived.facility_id else None
        measure_rows = list(
            SupervisionMeasure.objects.filter(person=person).select_related("case", "responsible_officer")
        )
        today, now = timezone.localdate(), _now_naive()
        logged: dict[UUID, dict[date, CheckIn]] = {m.pk: {} for m in measure_rows}
        hours: dict[UUID, Decimal] = {m.pk: Decimal(0) for m in measure_rows}
        for check_in in CheckIn.objects.filter(measure__in=[m.pk for m in measure_rows]):
            logged[check_in.measure_id][check_in.due_on] = check_in
            hours[check_in.measure_id] += check_in.hours or 0
        for m in measure_rows:
            items = expected_check_ins(m, logged[m.pk], start=m.starts_on, end=today, now=now)
            measures.append(MeasureSummary(m, sum(1 for i in items if i.missed), hours[m.pk]))
        visits = list(FamilyVisit.objects.filter(person=person).select_related("facility", "created_by"))
        returns = list(
            ReturnMember.objects.filter(person=person)
            .select_related("return_event")
            .order_by("-return_event__returned_on")
        )
        summary = PersonLegalStatus.objects.filter(person=person).select_related("pre_release_task").first()
    participations = list(
        CustodyParticipation.objects.filter(person=person, category__in=seen.categories).select_related(
            "facility"
        )
    )
    custody_notes = list(
        CustodyNote.objects.filter(person=person, category__in=seen.categories).select_related(
            "author", "facility"
        )[:50]
    )
    child = None
    shows_child = bool(sees[DataCategory.FAMILY_CHILDREN] or sees[LEGAL]) and (
        person.is_minor or bool(juvenile and juvenile.applies)
    )
    if sees[DataCategory.FAMILY_CHILDREN] or sees[LEGAL]:
        child = ChildSafeguard.objects.filter(person=person).select_related("guardian").first()
        shows_child = shows_child or child is not None
    care = None
    if sees[DataCategory.CASE_NOTES] or sees[DataCategory.HEALTH_PSYCHOSOCIAL]:
        care = CarePreference.objects.filter(person=person).first()
    audit_record(
        actor=actor,
        action="justice.pathway_viewed",
        target=person,
        person_id=person.pk,
        categories=seen.categories,
    )
    return PathwayDetail(
        seen=seen,
        cases=cases,
        derived=derived,
        status_label=status_label,
        facility=facility,
        juvenile=juvenile,
        events=events,
        measures=measures,
        participations=participations,
        visits=visits,
        custody_notes=custody_notes,
        returns=returns,
        child=child,
        shows_child=shows_child,
        care=care,
        can_change=can_change,
        can_record_custody=may_record_custody(actor, person),
        note_categories=seen.categories if may_record_custody(actor, person) else frozenset(),
        pre_release_task=summary.pre_release_task if summary else None,
    )


def participation_get(*, actor: Actor, participation_id: UUID | str) -> CustodyParticipation:
    """A participation record the actor may update (custody desk) and whose category they see."""
    rows = CustodyParticipation.objects.filter(
        policy.justice_categorised_scope(actor, PARTICIPATION_CATEGORY_SET),
        person__in=custody_people(actor=actor),
    ).select_related("person")
    return get_or_404(rows, pk=participation_id)


def participation_list(*, actor: Actor) -> QuerySet[CustodyParticipation]:
    """Custody programme participation in the categories the actor sees (J4)."""
    return CustodyParticipation.objects.filter(
        policy.justice_categorised_scope(actor, PARTICIPATION_CATEGORY_SET)
    ).select_related("facility")


def custody_note_list(*, actor: Actor) -> QuerySet[CustodyNote]:
    """Custody notes in the categories the actor sees (J4)."""
    return CustodyNote.objects.filter(
        policy.justice_categorised_scope(actor, frozenset(DataCategory.values))
    ).select_related("author", "facility")


def family_visit_list(*, actor: Actor) -> QuerySet[FamilyVisit]:
    """Family visits in custody of people whose legal status the actor sees."""
    return FamilyVisit.objects.filter(person__in=justice_people(actor=actor)).select_related("facility")


def custody_records_for(*, actor: Actor, person_id: UUID | str) -> tuple[Person, dict[str, list[Any]]]:
    """One person's custody records for the API (participation, visits, notes), each in
    the categories the actor sees. Audited."""
    person = get_or_404(Person.objects.filter(policy.person_scope(actor, Action.VIEW)), pk=person_id)
    seen, _cases = _person_categories(actor, person)
    records: dict[str, list[Any]] = {
        "participations": list(participation_list(actor=actor).filter(person=person)),
        "visits": list(family_visit_list(actor=actor).filter(person=person)),
        "notes": list(custody_note_list(actor=actor).filter(person=person)),
    }
    audit_record(
        actor=actor,
        action="justice.custody_viewed",
        target=person,
        person_id=person.pk,
        categories=seen.categories
        & ({LEGAL} | PARTICIPATION_CATEGORY_SET | {n.category for n in records["notes"]}),
    )
    return person, records


# --- children and care preferences --------------------------------------------------------


def child_safeguard_for(
    *, actor: Actor, person_id: UUID | str, action: Action = Action.VIEW
) -> tuple[Person, ChildSafeguard | None]:
    """The child and their safeguards record (None while there is none). Seen with the
    family-and-children category; changed by whoever may change the child's cases."""
    if action is Action.VIEW:
        person = justice_person_get(actor=actor, person_id=person_id, category=DataCategory.FAMILY_CHILDREN)
    else:
        person = justice_person_get(actor=actor, person_id=person_id, action=Action.CHANGE, category=None)
    return person, ChildSafeguard.objects.filter(person=person).select_related("guardian").first()


def guardian_choices(*, actor: Actor, person: Person) -> QuerySet[Person]:
    """Possible guardians: adults in the child's households whom the actor sees with the
    family category."""
    households = HouseholdMember.objects.filter(person=person).values("household_id")
    members = (
        HouseholdMember.objects.filter(household_id__in=households).exclude(person=person).values("person_id")
    )
    return justice_people(actor=actor, category=DataCategory.FAMILY_CHILDREN).filter(pk__in=members)


def care_preference_for(
    *, actor: Actor, person_id: UUID | str, action: Action = Action.VIEW
) -> tuple[Person, CarePreference | None]:
    """A person and their care preferences (None while none are recorded)."""
    if action is Action.VIEW:
        person = get_or_404(
            justice_people(actor=actor, category=DataCategory.CASE_NOTES)
            | justice_people(actor=actor, category=DataCategory.HEALTH_PSYCHOSOCIAL),
            pk=person_id,
        )
    else:
        person = justice_person_get(actor=actor, person_id=person_id, action=Action.CHANGE, category=None)
    return person, CarePreference.objects.filter(person=person).first()


def person_header(*, actor: Actor, person: Person) -> tuple[Seen[Person], str]:
    """What a justice form's header shows of the person (code, and the name with the
    identity category) and the child label. Audited, as the name is shown."""
    seen_by_id, cases = seen_people(actor, [person])
    seen = seen_by_id[person.pk]
    audit_record(
        actor=actor,
        action="justice.pathway_viewed",
        target=person,
        person_id=person.pk,
        categories=seen.categories & {DataCategory.IDENTITY},
        purpose="justice_form",
    )
    return seen, child_label(person, [c.obj for c in cases[person.pk]])


def person_categories(*, actor: Actor, person: Person) -> frozenset[str]:
    """The categories the actor sees of a person (union over their cases)."""
    return _person_categories(actor, person)[0].categories


def read_child_or_care(*, actor: Actor, person: Person, action: str, categories: frozenset[str]) -> None:
    """Record that a child-safeguards or care-preferences record was shown."""
    audit_record(actor=actor, action=action, target=person, person_id=person.pk, categories=categories)


# --- returns --------------------------------------------------------------------------------


def return_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[ReturnEvent]:
    """Returns with at least one member whose legal status the actor may see (or change)."""
    members = ReturnMember.objects.filter(person__in=justice_people(actor=actor, action=action)).values(
        "return_event_id"
    )
    return ReturnEvent.objects.filter(pk__in=members)


def return_get(*, actor: Actor, return_id: UUID | str, action: Action = Action.VIEW) -> ReturnEvent:
    """One return, or 404 for missing and not allowed alike."""
    return get_or_404(return_list(actor=actor, action=action), pk=return_id)


@dataclass(frozen=True)
class ReturnRow:
    """A returnee as shown: their record, what the actor sees of them, their screening."""

    member: ReturnMember
    seen: Seen[Person]
    screening: LegalEvent | None
    can_change: bool


@dataclass(frozen=True)
class ReturnDetail:
    """A return as shown: the returnees the actor sees, needs in their categories, checklist."""

    ret: ReturnEvent
    rows: list[ReturnRow]
    hidden_members: int
    needs: list[ArrivalNeed]
    checklist: list[ReceptionItem]
    can_change: bool
    checklist_done: int
    need_rows: list[tuple[ArrivalNeed, str]] = field(default_factory=list)  # with who it is for


#: Returnees are listed returnee first, then adults, then children.
ROLE_ORDER = {"principal": 0, "adult": 1, "child": 2}


def _visible_members(actor: Actor, ret: ReturnEvent) -> tuple[list[ReturnMember], int]:
    members = sorted(ret.members.select_related("person"), key=lambda m: (ROLE_ORDER.get(m.role, 9), m.pk))
    visible = set(
        justice_people(actor=actor).filter(pk__in=[m.person_id for m in members]).values_list("pk", flat=True)
    )
    return [m for m in members if m.person_id in visible], len(members) - len(
        [m for m in members if m.person_id in visible]
    )


def return_detail(*, actor: Actor, return_id: UUID | str) -> ReturnDetail:
    """A return with the returnees the actor sees, their documents and screening, the
    immediate needs in categories the actor sees, and the reception checklist. Audited."""
    ret = return_get(actor=actor, return_id=return_id)
    members, hidden = _visible_members(actor, ret)
    seen_by_id, _cases = seen_people(actor, [m.person for m in members])
    changeable = set(
        justice_people(actor=actor, action=Action.CHANGE, category=None)
        .filter(pk__in=[m.person_id for m in members])
        .values_list("pk", flat=True)
    )
    screenings: dict[UUID, LegalEvent] = {}
    for event in LegalEvent.objects.filter(
        return_event=ret, kind=LegalEventKind.RETURN_SCREENING, voided_at__isnull=True
    ).order_by("occurred_on", "created_at"):
        screenings[event.person_id] = event
    visible_ids = [m.person_id for m in members]
    person_needs = list(
        ret.needs.filter(person_id__in=visible_ids)
        .filter(policy.justice_categorised_scope(actor, NEED_CATEGORY_SET))
        .select_related("person")
    )
    # A need of the whole family is seen when its category is seen on a returnee shown.
    seen_categories = frozenset().union(*(seen_by_id[pid].categories for pid in visible_ids))
    family_needs = [n for n in ret.needs.filter(person__isnull=True) if n.category in seen_categories]
    needs = sorted(person_needs + family_needs, key=lambda n: (n.status, n.kind, n.pk))
    checklist = list(ret.checklist.select_related("done_by"))
    can_change = bool(changeable)
    audit_record(
        actor=actor,
        action="justice.return_viewed",
        target=ret,
        categories=sorted({LEGAL} | {n.category for n in needs}),
        subjects=[(m.person_id, None) for m in members],
        changes={"members_shown": len(members)},
    )
    return ReturnDetail(
        ret=ret,
        rows=[
            ReturnRow(m, seen_by_id[m.person_id], screenings.get(m.person_id), m.person_id in changeable)
            for m in members
        ],
        hidden_members=hidden,
        needs=needs,
        checklist=checklist,
        can_change=can_change,
        checklist_done=sum(1 for item in checklist if item.done_on),
        need_rows=[(n, _shown_name(n.person, seen_by_id) if n.person else "") for n in needs],
    )


def _shown_name(person: Person, seen_by_id: dict[UUID, Seen[Person]]) -> str:
    """A person's name where the actor sees their identity, else their code."""
    seen = seen_by_id.get(person.pk)
    return person.display_name if seen is not None and seen.sees[DataCategory.IDENTITY] else person.code


@dataclass(frozen=True)
class ReturnFilters:
    """What the returns list can be narrowed by; all optional."""

    country: str = ""
    year: int | None = None
    documents_missing: bool = False

    def as_audit(self) -> dict[str, Any]:
        return {"filters": {k: v for k, v in self.__dict__.items() if v not in ("", None, False)}}


def return_search(*, actor: Actor, filters: ReturnFilters) -> QuerySet[ReturnEvent]:
    """Returns the actor may see, filtered (not yet a disclosure: see `return_page`)."""
    returns = return_list(actor=actor)
    if filters.country:
        returns = returns.filter(from_country=filters.country)
    if filters.year:
        returns = returns.filter(returned_on__year=filters.year)
    if filters.documents_missing:
        missing = ReturnMember.objects.filter(
            Q(identity_papers__in=[PapersStatus.NONE, PapersStatus.EXPIRED])
            | Q(citizenship__in=[CitizenshipCheck.DISPUTED, CitizenshipCheck.STATELESS_RISK])
            | Q(birth_registration=BirthRegistration.NOT_REGISTERED),
            person__in=justice_people(actor=actor),
        ).values("return_event_id")
        returns = returns.filter(pk__in=missing)
    return returns.order_by("-returned_on", "code")


def return_page(
    *, actor: Actor, filters: ReturnFilters, number: str | int | None, per_page: int | None = None
) -> tuple[Page[ReturnEvent], dict[UUID, list[ReturnMember]]]:
    """One page of returns with the returnees the actor sees on each; audited with every
    returnee shown (a return names several people, so this is not a one-subject Listing)."""
    paginator = Paginator(
        return_search(actor=actor, filters=filters), per_page or settings.REINTEGRA_PAGE_SIZE
    )
    page = paginator.get_page(number)
    returns = list(page.object_list)
    members = return_members_of(actor=actor, returns=returns)
    audit_record(
        actor=actor,
        action="justice.returns_listed",
        categories=[LEGAL] if returns else [],
        changes={**filters.as_audit(), "shown": len(returns)},
        subjects=[(m.person_id, None) for rows in members.values() for m in rows],
    )
    return Page(returns, page.number, paginator), members


def return_members_of(*, actor: Actor, returns: list[ReturnEvent]) -> dict[UUID, list[ReturnMember]]:
    """The returnees the actor sees, per return (one query), for list pages."""
    by_return: dict[UUID, list[ReturnMember]] = {r.pk: [] for r in returns}
    for member in ReturnMember.objects.filter(
        return_event__in=[r.pk for r in returns], person__in=justice_people(actor=actor)
    ).select_related("person"):
        by_return[member.return_event_id].append(member)
    return by_return


def return_member_get(*, actor: Actor, member_id: int, action: Action = Action.CHANGE) -> ReturnMember:
    """One returnee's record (documents), or 404."""
    members = ReturnMember.objects.filter(
        person__in=justice_people(
            actor=actor, action=action, category=None if action is Action.CHANGE else LEGAL
        )
    ).select_related("person", "return_event")
    return get_or_404(members, pk=member_id)


def arrival_need_get(*, actor: Actor, need_id: int) -> ArrivalNeed:
    """A need the actor may update: they see its category and may change the return."""
    needs = ArrivalNeed.objects.filter(
        return_event__in=return_list(actor=actor, action=Action.CHANGE)
    ).select_related("return_event", "person")
    need = get_or_404(needs, pk=need_id)
    if (
        need.person_id is not None
        and not justice_people(actor=actor, category=need.category).filter(pk=need.person_id).exists()
    ):
        raise Http404
    return need


def reception_item_get(*, actor: Actor, return_id: UUID | str, item_id: int) -> ReceptionItem:
    """One checklist step of a return the actor may change, or 404."""
    ret = return_get(actor=actor, return_id=return_id, action=Action.CHANGE)
    return get_or_404(ret.checklist.all(), pk=item_id)


def returnable_people(*, actor: Actor) -> QuerySet[Person]:
    """People who can be recorded as part of a return: those the actor may change."""
    return justice_people(actor=actor, action=Action.CHANGE, category=None)


# --- family overview and goals ------------------------------------------------------------


@dataclass(frozen=True)
class FamilyRow:
    """One member on the family overview: cases, stages and legal status, as allowed."""

    member: HouseholdMember
    seen: Seen[Person]
    cases: list[Seen[Case]]
    status_label: str
    status_code: str
    juvenile: bool
    child: ChildSafeguard | None
    child_label: str


@dataclass(frozen=True)
class FamilyOverview:
    """The family overview of a household, cut to what the actor may see."""

    household: Household
    rows: list[FamilyRow]
    hidden_members: int
    goals: list[FamilyGoal]
    can_change: bool
    returns: list[ReturnEvent]


#: The family overview lists the reference person and partners first, children by age.
FAMILY_ORDER = {"reference": 0, "spouse": 1, "parent": 2, "guardian": 3, "sibling": 4, "child": 6}


def family_overview(*, actor: Actor, household_id: UUID | str) -> FamilyOverview:
    """Each member's case, stage and legal status side by side, and the family goals,
    showing only what the actor may see. Audited with every member shown."""
    household = household_get(actor=actor, household_id=household_id)
    memberships = list(household.memberships.select_related("person"))
    visible = set(
        Person.objects.filter(policy.person_scope(actor, Action.VIEW, DataCategory.FAMILY_CHILDREN))
        .filter(pk__in=[m.person_id for m in memberships])
        .values_list("pk", flat=True)
    )
    shown = sorted(
        (m for m in memberships if m.person_id in visible),
        key=lambda m: (FAMILY_ORDER.get(m.relationship, 5), -(m.person.age or 0), m.pk),
    )
    seen_by_id, cases_by_person = seen_people(actor, [m.person for m in shown])
    legal_ids = [pid for pid in visible if seen_by_id[pid].sees[LEGAL]]
    statuses = {row.person_id: row for row in PersonLegalStatus.objects.filter(person_id__in=legal_ids)}
    offence_dates: dict[UUID, list[date]] = {pid: [] for pid in legal_ids}
    for person_id, day in LegalEvent.objects.filter(
        person_id__in=legal_ids, voided_at__isnull=True, alleged_offence_on__isnull=False
    ).values_list("person_id", "alleged_offence_on"):
        if day is not None:
            offence_dates[person_id].append(day)
    children = {
        c.person_id: c
        for c in ChildSafeguard.objects.filter(
            person_id__in=[pid for pid in visible if seen_by_id[pid].sees[DataCategory.FAMILY_CHILDREN]]
        )
    }
    rows = []
    for member in shown:
        person = member.person
        seen = seen_by_id[person.pk]
        status = statuses.get(person.pk)
        code = status.status if status else (LegalStatus.NO_RECORD if seen.sees[LEGAL] else "")
        age = youngest_age_at_offence(offence_dates.get(person.pk, []), person.age_on)
        rows.append(
            FamilyRow(
                member=member,
                seen=seen,
                cases=cases_by_person[person.pk],
                status_label=child_safe_status_label(code, person.is_minor) if code else "",
                status_code=code,
                juvenile=age is not None and age < ADULT_AGE,
                child=children.get(person.pk),
                child_label=child_label(person, [c.obj for c in cases_by_person[person.pk]]),
            )
        )
    can_change = Household.objects.filter(
        policy.household_scope(actor, Action.CHANGE), pk=household.pk
    ).exists()
    goals = list(household.family_goals.select_related("created_by"))
    returns = list(return_list(actor=actor).filter(household=household))
    audit_record(
        actor=actor,
        action="justice.family_viewed",
        target=household,
        categories=sorted(
            {DataCategory.FAMILY_CHILDREN}
            | {c for pid in visible for c in seen_by_id[pid].categories & {LEGAL, DataCategory.IDENTITY}}
        ),
        subjects=[(m.person_id, c.obj.pk) for m in shown for c in cases_by_person[m.person_id]]
        + [(m.person_id, None) for m in shown if not cases_by_person[m.person_id]],
        changes={"members_shown": len(shown)},
    )
    return FamilyOverview(household, rows, len(memberships) - len(shown), goals, can_change, returns)


def family_goal_get(*, actor: Actor, goal_id: UUID | str) -> FamilyGoal:
    """A family goal of a household the actor may change, or 404."""
    households = Household.objects.filter(policy.household_scope(actor, Action.CHANGE))
    return get_or_404(
        FamilyGoal.objects.filter(household__in=households).select_related("household"), pk=goal_id
    )


def family_goal_read(*, actor: Actor, goal_id: UUID | str) -> FamilyGoal:
    """A family goal shown in its edit form (the actor may change its household). Audited."""
    goal = family_goal_get(actor=actor, goal_id=goal_id)
    audit_record(
        actor=actor,
        action="justice.family_viewed",
        target=goal.household,
        categories=[DataCategory.FAMILY_CHILDREN],
        changes={"goal": str(goal.pk)},
    )
    return goal


def family_goal_list(*, actor: Actor, household: Household | None) -> QuerySet[FamilyGoal]:
    """Goals of households the actor sees (of one household, when given)."""
    goals = FamilyGoal.objects.filter(household__in=Household.objects.filter(policy.household_scope(actor)))
    return goals.filter(household=household) if household is not None else goals


#: Beneficiary types whose wording a child's case never shows (do no harm, docs/justice.md).
ADULT_JUSTICE_LABELS = frozenset({"convicted_offender", "pre_trial_detainee"})


def child_label(person: Person, cases: list[Case]) -> str:
    """How a minor's cases are labelled: never with offender wording."""
    from django.utils.translation import pgettext

    if not person.is_minor:
        return ""
    codes = {c.beneficiary_type.code for c in cases if c.beneficiary_type_id}
    if "child_associated" in codes:
        return next(c.beneficiary_type.text for c in cases if c.beneficiary_type.code == "child_associated")
    return pgettext("a person under 18", "Child")


# --- facilities -----------------------------------------------------------------------------


def facility_list(*, active_only: bool = False) -> QuerySet[Facility]:
    """The facility register (reference data, open to everyone signed in)."""
    facilities = Facility.objects.select_related("place", "operator")
    return facilities.filter(is_active=True) if active_only else facilities


def facility_register(*, actor: Actor, kind: str = "", query: str = "") -> QuerySet[Facility]:
    """Facilities with the number of people held there today whom the actor may see."""
    held = (
        PersonLegalStatus.objects.filter(
            facility_id=OuterRef("pk"), status__in=CUSTODY_STATUSES, person__in=justice_people(actor=actor)
        )
        .values("facility_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    facilities = facility_list().annotate(
        held=Coalesce(Subquery(held, output_field=IntegerField()), Value(0))
    )
    if kind:
        facilities = facilities.filter(kind=kind)
    if query.strip():
        facilities = facilities.filter(
            Q(name__icontains=query.strip()) | Q(place__name_en__icontains=query.strip())
        )
    return facilities.order_by("-is_active", "name")


@dataclass(frozen=True)
class FacilityDetail:
    """A facility and the people held there whom the actor may see."""

    facility: Facility
    held: list[tuple[PersonLegalStatus, Seen[Person]]]


def facility_detail(*, actor: Actor, facility_id: int) -> FacilityDetail:
    """A facility and the people held there today whom the actor may see. Audited when
    anyone is shown."""
    facility = get_or_404(facility_list(), pk=facility_id)
    rows = list(
        PersonLegalStatus.objects.filter(
            facility=facility, status__in=CUSTODY_STATUSES, person__in=justice_people(actor=actor)
        ).select_related("person")
    )
    seen_by_id, _cases = seen_people(actor, [r.person for r in rows])
    if rows:
        audit_record(
            actor=actor,
            action="justice.facility_viewed",
            target=facility,
            categories=[LEGAL],
            subjects=[(r.person_id, None) for r in rows],
        )
    return FacilityDetail(facility, [(r, seen_by_id[r.person_id]) for r in rows])


def planning_case(*, actor: Actor, person: Person) -> tuple[Case, User] | None:
    """Where a pre-release planning task goes: the person's open case the actor may change
    (their own agency's first, newest first), assigned to its case manager."""
    cases = list(
        case_list(actor=actor, action=Action.CHANGE)
        .filter(person=person, stage__in=OPEN_STAGES)
        .order_by("-opened_on")
    )
    cases.sort(key=lambda c: c.lead_agency_id != actor.agency_id)
    for case in cases:
        manager = (
            CaseTeamMember.objects.filter(case=case, role=CaseRole.CASE_MANAGER, ended_at__isnull=True)
            .select_related("user")
            .order_by("created_at")
            .first()
        )
        if manager is not None:
            return case, manager.user
    return None


@dataclass(frozen=True)
class CasePanel:
    """The justice summary on a case page's "Justice" tab."""

    status_label: str
    derived: DerivedStatus
    facility: Facility | None
    measures: list[MeasureSummary]
    recent_events: list[LegalEvent]
    pre_release_task: Any
    juvenile: JuvenileInfo


def case_panel(*, actor: Actor, case: Case) -> CasePanel:
    """The person's legal status and measures, for a case whose legal status the actor sees
    (the caller checked). Audited as a read of the legal-status category."""
    person = case.person
    events = timeline(person)
    derived = derive_status(e.facts() for e in events)
    today, now = timezone.localdate(), _now_naive()
    measures = []
    rows = list(
        SupervisionMeasure.objects.filter(person=person, ended_on__isnull=True).select_related(
            "responsible_officer"
        )
    )
    logged: dict[UUID, dict[date, CheckIn]] = {m.pk: {} for m in rows}
    for check_in in CheckIn.objects.filter(measure__in=[m.pk for m in rows]):
        logged[check_in.measure_id][check_in.due_on] = check_in
    for m in rows:
        items = expected_check_ins(m, logged[m.pk], start=m.starts_on, end=today, now=now)
        hours = sum((c.hours or Decimal(0) for c in logged[m.pk].values()), Decimal(0))
        measures.append(MeasureSummary(m, sum(1 for i in items if i.missed), hours))
    summary = PersonLegalStatus.objects.filter(person=person).select_related("pre_release_task").first()
    audit_record(
        actor=actor,
        action="justice.pathway_viewed",
        target=person,
        person_id=person.pk,
        case_id=case.pk,
        categories=[LEGAL],
        purpose="case_page",
    )
    return CasePanel(
        status_label=child_safe_status_label(derived.status, person.is_minor),
        derived=derived,
        facility=Facility.objects.filter(pk=derived.facility_id).first() if derived.facility_id else None,
        measures=measures,
        recent_events=[e for e in events if not e.is_void][-3:][::-1],
        pre_release_task=summary.pre_release_task if summary else None,
        juvenile=juvenile_info(person, derived),
    )
