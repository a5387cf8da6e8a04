"""Writes of the justice pathway. Every service is keyword-only with the actor first,
runs in one transaction, validates with `full_clean()` and writes its audit row in the
same transaction.

Services trust their caller for access (records come from `justice.selectors` called with
the right action) and re-check what only they know: the kind's required fields, that a
measure's officer is on its case team, that a note's category is one its author reads.

After every change to a timeline, `_refresh_status` derives the legal status again and
keeps the pre-release planning task in step with the expected release date.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import User
from reintegra.cases import services as case_services
from reintegra.cases.choices import CaseRole, TaskStatus
from reintegra.cases.models import Case, CaseTeamMember, Task
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record, diff
from reintegra.core.choices import DataCategory
from reintegra.core.codes import new_code
from reintegra.core.services import versioned_update
from reintegra.justice import selectors
from reintegra.justice.choices import CheckInStatus, LegalEventKind, ReceptionStep, ReturnRole, SentenceType
from reintegra.justice.models import (
    KIND_FIELDS,
    TYPED_FIELDS,
    ArrivalNeed,
    CarePreference,
    CheckIn,
    ChildSafeguard,
    CustodyNote,
    CustodyParticipation,
    FamilyGoal,
    FamilyVisit,
    LegalEvent,
    PersonLegalStatus,
    ReceptionItem,
    ReturnEvent,
    ReturnMember,
    SupervisionMeasure,
)
from reintegra.justice.status import derive_status
from reintegra.people.models import Household, Person

LEGAL = DataCategory.LEGAL_STATUS
#: Values the audit diff may show: codes and dates, never free text or names.
REVEALED_EVENT_FIELDS = (
    "kind",
    "occurred_on",
    "verdict",
    "sentence_type",
    "sentence_months",
    "sentence_start",
    "expected_release",
    "supervision_until",
    "screening_outcome",
    "breach_response",
    "alleged_offence_on",
    "facility",
    "measure",
)
COMMON_EVENT_FIELDS = ("occurred_on", "authority", "document_reference", "details")
MEASURE_FIELDS = (
    "kind",
    "legal_basis",
    "ordered_by",
    "document_reference",
    "starts_on",
    "ends_on",
    "responsible_officer",
    "frequency",
    "weekday",
    "day_of_month",
    "report_by",
    "location",
    "monitoring_provider",
    "curfew",
    "hours_ordered",
    "placement",
    "consent_given_on",
    "details",
)
REVEALED_MEASURE_FIELDS = (
    "kind",
    "starts_on",
    "ends_on",
    "responsible_officer",
    "frequency",
    "weekday",
    "day_of_month",
    "report_by",
    "hours_ordered",
    "ended_on",
    "end_reason",
    "legal_basis",
)


def _codes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Foreign keys as ids, times as text, so the audit diff is readable and JSON-safe."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if hasattr(value, "pk"):
            out[name] = value.pk
        elif hasattr(value, "isoformat") and not isinstance(value, date):
            out[name] = value.isoformat()
        elif isinstance(value, Decimal):
            out[name] = str(value)
        else:
            out[name] = value
    return out


def pre_release_days() -> int:
    """How many days before an expected release the planning task falls due."""
    return int(getattr(settings, "REINTEGRA_PRE_RELEASE_TASK_DAYS", 90))


# --- the legal timeline and the derived status ---------------------------------------------


def _event_values(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The common fields and this kind's own fields; other kinds' fields are cleared."""
    allowed = set(KIND_FIELDS[kind][0])
    cleaned = {name: values[name] for name in COMMON_EVENT_FIELDS if name in values}
    for name in TYPED_FIELDS:
        if name in allowed:
            if name in values:
                cleaned[name] = values[name]
        else:
            cleaned[name] = None if name in _NULLABLE else ""
    if kind == LegalEventKind.SENTENCE:
        if cleaned.get("sentence_type") != SentenceType.CUSTODIAL:
            cleaned["expected_release"] = None  # nothing to be released from
        elif cleaned.get("sentence_months") and not cleaned.get("expected_release"):
            start = cleaned.get("sentence_start") or values.get("occurred_on")
            if start:
                cleaned["expected_release"] = _add_months(start, int(cleaned["sentence_months"]))
    return cleaned


_NULLABLE = frozenset(
    {
        "facility",
        "alleged_offence_on",
        "sentence_months",
        "sentence_start",
        "expected_release",
        "supervision_until",
        "measure",
        "return_event",
    }
)


def _add_months(start: date, months: int) -> date:
    """`start` plus whole months (the last day of a shorter month)."""
    import calendar

    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def legal_event_record(
    *, actor: Actor, person: Person, kind: str, values: Mapping[str, Any]
) -> tuple[LegalEvent, list[str]]:
    """Add an event to a person's legal timeline; returns it and any notices for the user
    (e.g. that no planning task could be created)."""
    if kind not in KIND_FIELDS:
        raise ValidationError({"kind": _("Choose a kind of event.")})
    event = LegalEvent(person=person, kind=kind, recorded_by_id=actor.user_pk, **_event_values(kind, values))
    event.full_clean()
    event.save(force_insert=True)
    audit_record(
        actor=actor,
        action="justice.event_recorded",
        target=event,
        person_id=person.pk,
        categories=[LEGAL],
        changes=diff({}, _codes({"kind": kind, **_event_values(kind, values)}), reveal=REVEALED_EVENT_FIELDS),
    )
    notices = _refresh_status(actor, person)
    return event, notices


@transaction.atomic
def legal_event_update(
    *, actor: Actor, event: LegalEvent, values: Mapping[str, Any], expected_version: int | None
) -> tuple[LegalEvent, list[str]]:
    """Correct an event (its kind stays); refused on a stale version or once voided."""
    if event.is_void:
        raise ValidationError(_("An event entered in error cannot be edited."))
    current, changes = versioned_update(
        event,
        _event_values(event.kind, values),
        expected_version=expected_version,
        audit_values=_codes,
        reveal=REVEALED_EVENT_FIELDS,
    )
    if not changes:
        return current, []
    audit_record(
        actor=actor,
        action="justice.event_updated",
        target=current,
        person_id=current.person_id,
        categories=[LEGAL],
        changes=changes,
    )
    return current, _refresh_status(actor, current.person)


@transaction.atomic
def legal_event_void(
    *, actor: Actor, event: LegalEvent, reason: str, expected_version: int | None
) -> list[str]:
    """Mark an event as entered in error (kept, but no longer part of the status)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the event was entered in error.")})
    current, _changes = versioned_update(
        event,
        {"voided_at": timezone.now(), "void_reason": reason.strip()[:300]},
        expected_version=expected_version,
    )
    audit_record(
        actor=actor,
        action="justice.event_voided",
        target=current,
        person_id=current.person_id,
        categories=[LEGAL],
        changes={"kind": current.kind, "occurred_on": current.occurred_on.isoformat()},
    )
    return _refresh_status(actor, current.person)


def _refresh_status(actor: Actor, person: Person) -> list[str]:
    """Derive the status again, store it, and keep the pre-release planning task in step:
    a task N days before the expected release (N = REINTEGRA_PRE_RELEASE_TASK_DAYS),
    replaced when the date moves, cancelled when there is no expected release any more."""
    events = list(LegalEvent.objects.filter(person=person))
    derived = derive_status(e.facts() for e in events)
    summary, _created = PersonLegalStatus.objects.select_for_update().get_or_create(
        person=person, defaults={"status": derived.status}
    )
    summary.status = derived.status
    summary.since = derived.since
    summary.facility_id = derived.facility_id
    summary.expected_release = derived.expected_release
    live = [e.occurred_on for e in events if not e.is_void]
    summary.last_event_on = max(live) if live else None
    notices: list[str] = []
    release = derived.expected_release
    task = summary.pre_release_task
    if release != summary.pre_release_for:
        if task is not None and task.status == TaskStatus.OPEN:
            case_services.task_set_status(actor=actor, task=task, status=TaskStatus.CANCELLED)
        summary.pre_release_task, summary.pre_release_for = None, None
        if release is not None:
            summary.pre_release_task = _pre_release_task(actor, person, release, notices)
            summary.pre_release_for = release if summary.pre_release_task else None
    summary.save()
    return notices


def _pre_release_task(actor: Actor, person: Person, release: date, notices: list[str]) -> Task | None:
    target = selectors.planning_case(actor=actor, person=person)
    if target is None:
        notices.append(
            _(
                "No open case of this person that you may change has a case manager, so no "
                "pre-release planning task was created."
            )
        )
        return None
    case, manager = target
    due = max(release - timedelta(days=pre_release_days()), timezone.localdate())
    return case_services.task_create(
        actor=actor,
        case=case,
        title=_("Plan for release (expected on {date})").format(date=release.isoformat()),
        description=_(
            "Prepare the release: housing, family, work or training, aftercare and supervision, "
            "and who meets the person on the day."
        ),
        due_on=due,
        assignee=manager,
    )


# --- supervision measures and check-ins ---------------------------------------------------


def _check_officer(measure: SupervisionMeasure) -> None:
    officers = selectors.responsible_officers(case=measure.case)
    if not officers.filter(pk=measure.responsible_officer_id).exists():
        raise ValidationError(
            {
                "responsible_officer": _(
                    "The responsible officer must be on the case team in a role that sees legal status."
                )
            }
        )


@transaction.atomic
def measure_create(
    *, actor: Actor, person: Person, case: Case, values: Mapping[str, Any]
) -> SupervisionMeasure:
    """Set up a supervision measure or alternative to imprisonment for a person."""
    if case.is_closed:
        raise ValidationError({"case": _("Choose an open case.")})
    measure = SupervisionMeasure(
        person=person,
        case=case,
        created_by_id=actor.user_pk,
        **{k: v for k, v in values.items() if k in MEASURE_FIELDS},
    )
    measure.full_clean()
    _check_officer(measure)
    measure.save(force_insert=True)
    audit_record(
        actor=actor,
        action="justice.measure_created",
        target=measure,
        person_id=person.pk,
        case_id=case.pk,
        categories=[LEGAL],
        changes=diff(
            {},
            _codes({k: v for k, v in values.items() if k in MEASURE_FIELDS}),
            reveal=REVEALED_MEASURE_FIELDS,
        ),
    )
    return measure


@transaction.atomic
def measure_update(
    *, actor: Actor, measure: SupervisionMeasure, values: Mapping[str, Any], expected_version: int | None
) -> SupervisionMeasure:
    """Change a measure's schedule, officer or details; refused once it has ended."""
    if measure.ended_on is not None:
        raise ValidationError(_("This measure has ended and cannot be changed."))
    current, changes = versioned_update(
        measure,
        {k: v for k, v in values.items() if k in MEASURE_FIELDS and k != "kind"},
        expected_version=expected_version,
        audit_values=_codes,
        reveal=REVEALED_MEASURE_FIELDS,
        before_save=lambda m, _c: _check_officer(m),
    )
    if changes:
        audit_record(
            actor=actor,
            action="justice.measure_updated",
            target=current,
            person_id=current.person_id,
            case_id=current.case_id,
            categories=[LEGAL],
            changes=changes,
        )
    return current


@transaction.atomic
def measure_end(
    *,
    actor: Actor,
    measure: SupervisionMeasure,
    ended_on: date,
    end_reason: str,
    expected_version: int | None,
) -> SupervisionMeasure:
    """End a measure (completed, revoked, replaced...)."""
    if measure.ended_on is not None:
        raise ValidationError(_("This measure has already ended."))
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("A measure ends today or earlier.")})
    current, changes = versioned_update(
        measure,
        {"ended_on": ended_on, "end_reason": end_reason},
        expected_version=expected_version,
        audit_values=_codes,
        reveal=REVEALED_MEASURE_FIELDS,
    )
    audit_record(
        actor=actor,
        action="justice.measure_ended",
        target=current,
        person_id=current.person_id,
        case_id=current.case_id,
        categories=[LEGAL],
        changes=changes,
    )
    return current


def _follow_up_assignee(measure: SupervisionMeasure) -> User | None:
    """The responsible officer while on the case team, else the case manager."""
    team = CaseTeamMember.objects.filter(case=measure.case, ended_at__isnull=True)
    if team.filter(user_id=measure.responsible_officer_id).exists():
        return measure.responsible_officer
    manager = team.filter(role=CaseRole.CASE_MANAGER).select_related("user").order_by("created_at").first()
    return manager.user if manager else None


def _follow_up_task(
    actor: Actor, measure: SupervisionMeasure, check_in: CheckIn, notices: list[str]
) -> Task | None:
    if measure.case.is_closed:
        notices.append(_("The case is closed, so no follow-up task was created."))
        return None
    assignee = _follow_up_assignee(measure)
    if assignee is None:
        notices.append(_("Nobody on the case team can be given the follow-up task."))
        return None
    return case_services.task_create(
        actor=actor,
        case=measure.case,
        title=_("Follow up a missed check-in ({date})").format(date=check_in.due_on.isoformat()),
        description=_(
            "Find out why the check-in was missed, note the reason, and decide with the "
            "authority whether it is a breach."
        ),
        due_on=timezone.localdate() + timedelta(days=1),
        assignee=assignee,
    )


@transaction.atomic
def check_in_log(
    *,
    actor: Actor,
    measure: SupervisionMeasure,
    due_on: date,
    status: str,
    reason: str = "",
    hours: Decimal | None = None,
    automatic: bool = False,
) -> tuple[CheckIn, list[str]]:
    """Log a check-in (or correct the one logged for that day). A missed check-in alerts
    the responsible officer with a follow-up task on the measure's case."""
    if status not in CheckInStatus.values:
        raise ValidationError({"status": _("Choose attended, missed or excused.")})
    if measure.ended_on is not None and due_on > measure.ended_on:
        raise ValidationError({"due_on": _("The measure had ended by this day.")})
    notices: list[str] = []
    existing = CheckIn.objects.select_for_update().filter(measure=measure, due_on=due_on).first()
    check_in = existing or CheckIn(measure=measure, due_on=due_on)
    before = {"status": check_in.status, "hours": check_in.hours} if existing else {}
    check_in.status = status
    check_in.reason = reason.strip()
    check_in.hours = hours
    check_in.automatic = automatic
    check_in.logged_by_id = None if automatic else actor.user_pk
    check_in.full_clean(validate_constraints=existing is None)
    open_task = check_in.follow_up_task if check_in.follow_up_task_id else None
    if open_task is not None and open_task.status != TaskStatus.OPEN:
        open_task = None
    check_in.save()
    if status != CheckInStatus.MISSED and open_task is not None:
        # Logged late as attended or excused: the follow-up is no longer needed.
        case_services.task_set_status(actor=actor, task=open_task, status=TaskStatus.CANCELLED)
    if status == CheckInStatus.MISSED and before.get("status") != CheckInStatus.MISSED and open_task is None:
        task = _follow_up_task(actor, measure, check_in, notices)
        if task is not None:
            check_in.follow_up_task = task
            check_in.save(update_fields=["follow_up_task", "updated_at"])
    audit_record(
        actor=actor,
        action="justice.check_in_logged",
        target=measure,
        person_id=measure.person_id,
        case_id=measure.case_id,
        categories=[LEGAL],
        changes=diff(
            _codes(before),
            _codes({"due_on": due_on, "status": status, "hours": hours}),
            reveal=("due_on", "status", "hours"),
        ),
    )
    return check_in, notices


def watch_actor(measure: SupervisionMeasure) -> Actor:
    """Who the scheduled check acts as: the responsible officer's own watch over their
    measure, named as automatic in the audit trail (no person logged anything)."""
    return Actor(
        user_id=measure.responsible_officer_id,
        name=_("Automatic check-in watch"),
        agency_id=measure.case.lead_agency_id,
        agency_name=measure.case.lead_agency.name,
    )


def check_ins_watch(*, days: int = selectors.MISSED_DASHBOARD_DAYS) -> int:
    """Record as missed every scheduled check-in of the last `days` days that nobody
    logged by its time, alerting the responsible officer (run hourly by
    `manage.py justice_check_ins`). Returns how many were recorded."""
    today = timezone.localdate()
    since = today - timedelta(days=days)
    now = timezone.localtime().replace(tzinfo=None)
    recorded = 0
    measures = (
        SupervisionMeasure.objects.filter(
            starts_on__lte=today, frequency__in=["daily", "weekly", "fortnightly", "monthly"]
        )
        .exclude(ended_on__lt=since)
        .select_related("case__lead_agency", "responsible_officer")
    )
    for measure in measures.iterator(200):
        logged = {c.due_on: c for c in measure.check_ins.filter(due_on__gte=since)}
        for item in selectors.expected_check_ins(measure, logged, start=since, end=today, now=now):
            if item.overdue:
                check_in_log(
                    actor=watch_actor(measure),
                    measure=measure,
                    due_on=item.due_on,
                    status=CheckInStatus.MISSED,
                    reason=_("Not logged by the reporting time."),
                    automatic=True,
                )
                recorded += 1
    return recorded


# --- custody --------------------------------------------------------------------------------


@transaction.atomic
def participation_add(*, actor: Actor, person: Person, values: Mapping[str, Any]) -> CustodyParticipation:
    """Record taking part in an in-custody programme (education, training, dialogue...)."""
    fields = (
        "facility",
        "kind",
        "title",
        "provider",
        "started_on",
        "ended_on",
        "status",
        "sessions_attended",
        "notes",
    )
    record = CustodyParticipation(
        person=person, created_by_id=actor.user_pk, **{k: values[k] for k in fields if k in values}
    )
    record.full_clean()
    record.save(force_insert=True)
    audit_record(
        actor=actor,
        action="justice.participation_added",
        target=record,
        person_id=person.pk,
        categories=[record.category],
        changes={"kind": record.kind, "status": record.status, "started_on": record.started_on.isoformat()},
    )
    return record


@transaction.atomic
def participation_update(
    *, actor: Actor, record: CustodyParticipation, values: Mapping[str, Any], expected_version: int | None
) -> CustodyParticipation:
    """Update progress: status, sessions attended, end date, notes."""
    fields = ("status", "sessions_attended", "ended_on", "notes")
    current, changes = versioned_update(
        record,
        {k: values[k] for k in fields if k in values},
        expected_version=expected_version,
        audit_values=_codes,
        reveal=("status", "sessions_attended", "ended_on"),
    )
    if changes:
        audit_record(
            actor=actor,
            action="justice.participation_updated",
            target=current,
            person_id=current.person_id,
            categories=[current.category],
            changes=changes,
        )
    return current


@transaction.atomic
def family_visit_add(*, actor: Actor, person: Person, values: Mapping[str, Any]) -> FamilyVisit:
    """Record a family visit or call in custody."""
    fields = ("facility", "visited_on", "kind", "visitors", "children_present", "notes")
    visit = FamilyVisit(
        person=person, created_by_id=actor.user_pk, **{k: values[k] for k in fields if k in values}
    )
    visit.full_clean()
    visit.save(force_insert=True)
    audit_record(
        actor=actor,
        action="justice.visit_added",
        target=visit,
        person_id=person.pk,
        categories=[LEGAL],
        changes={"visited_on": visit.visited_on.isoformat(), "kind": visit.kind},
    )
    return visit


@transaction.atomic
def custody_note_add(
    *, actor: Actor, person: Person, category: str, body: str, facility: Any = None
) -> CustodyNote:
    """A custody note in a category its author reads of the person."""
    if category not in selectors.person_categories(actor=actor, person=person):
        raise ValidationError({"category": _("You cannot write notes in this category for this person.")})
    note = CustodyNote(
        person=person, category=category, body=body.strip(), facility=facility, author_id=actor.user_pk
    )
    note.full_clean()
    note.save(force_insert=True)
    audit_record(
        actor=actor,
        action="justice.custody_note_added",
        target=note,
        person_id=person.pk,
        categories=[category],
    )
    return note


# --- returns --------------------------------------------------------------------------------

RETURN_FIELDS = (
    "returned_on",
    "from_country",
    "from_location",
    "kind",
    "arrival_point",
    "organised_by",
    "household",
    "notes",
)


def _return_code() -> str:
    while True:
        code = new_code("R")
        if not ReturnEvent.objects.filter(code=code).exists():
            return code


@transaction.atomic
def return_record(
    *,
    actor: Actor,
    values: Mapping[str, Any],
    members: Iterable[tuple[Person, str, bool]],
) -> tuple[ReturnEvent, list[str]]:
    """Record a return with everyone who came back (person, role, born abroad): the
    reception checklist starts, and each returnee's timeline gains a repatriation event."""
    people = list(members)
    if not people:
        raise ValidationError({"members": _("Choose at least one person who came back.")})
    if not any(role == ReturnRole.PRINCIPAL for _p, role, _b in people):
        raise ValidationError({"members": _("Mark at least one person as the returnee.")})
    ret = ReturnEvent(
        code=_return_code(),
        registering_agency_id=actor.agency_pk,
        created_by_id=actor.user_pk,
        **{k: values[k] for k in RETURN_FIELDS if k in values},
    )
    ret.full_clean()
    ret.save(force_insert=True)
    for order, step in enumerate(ReceptionStep.values):
        ReceptionItem.objects.create(return_event=ret, step=step, order=order)
    notices: list[str] = []
    for person, role, born_abroad in people:
        member = ReturnMember(return_event=ret, person=person, role=role, born_abroad=born_abroad)
        if born_abroad:
            member.birth_registration = "not_registered" if person.is_minor else "unknown"
        member.full_clean()
        member.save()
        event = LegalEvent(
            person=person,
            kind=LegalEventKind.REPATRIATION,
            occurred_on=ret.returned_on,
            authority=ret.organised_by,
            return_event=ret,
            recorded_by_id=actor.user_pk,
        )
        event.full_clean()
        event.save(force_insert=True)
        notices += _refresh_status(actor, person)
    audit_record(
        actor=actor,
        action="justice.return_recorded",
        target=ret,
        categories=[LEGAL],
        subjects=[(person.pk, None) for person, _r, _b in people],
        changes={
            "returned_on": ret.returned_on.isoformat(),
            "from_country": str(ret.from_country),
            "members": len(people),
        },
    )
    return ret, notices


@transaction.atomic
def return_update(
    *, actor: Actor, ret: ReturnEvent, values: Mapping[str, Any], expected_version: int | None
) -> ReturnEvent:
    """Correct a return's details (the date is also moved on its repatriation events)."""
    current, changes = versioned_update(
        ret,
        {k: values[k] for k in RETURN_FIELDS if k in values},
        expected_version=expected_version,
        audit_values=lambda v: {k: str(x) if k == "from_country" else x for k, x in _codes(v).items()},
        reveal=("returned_on", "from_country", "kind"),
    )
    if not changes:
        return current
    if "returned_on" in changes:
        for event in LegalEvent.objects.filter(return_event=current, kind=LegalEventKind.REPATRIATION):
            LegalEvent.objects.filter(pk=event.pk).update(
                occurred_on=current.returned_on, version=event.version + 1
            )
            _refresh_status(actor, event.person)
    audit_record(
        actor=actor,
        action="justice.return_updated",
        target=current,
        categories=[LEGAL],
        subjects=[(m.person_id, None) for m in current.members.all()],
        changes=changes,
    )
    return current


@transaction.atomic
def return_member_update(
    *, actor: Actor, member: ReturnMember, values: Mapping[str, Any], expected_version: int | None
) -> ReturnMember:
    """Update a returnee's documents status (identity papers, citizenship, birth registration)."""
    fields = ("role", "born_abroad", "identity_papers", "citizenship", "birth_registration", "documents_note")
    current, changes = versioned_update(
        member,
        {k: values[k] for k in fields if k in values},
        expected_version=expected_version,
        reveal=("role", "born_abroad", "identity_papers", "citizenship", "birth_registration"),
    )
    if changes:
        audit_record(
            actor=actor,
            action="justice.return_member_updated",
            target=current.return_event,
            person_id=current.person_id,
            categories=[LEGAL],
            changes=changes,
        )
    return current


@transaction.atomic
def arrival_need_add(*, actor: Actor, ret: ReturnEvent, values: Mapping[str, Any]) -> ArrivalNeed:
    """Record an immediate need on arrival, of one returnee or of the whole family."""
    person = values.get("person")
    if person is not None and not ret.members.filter(person=person).exists():
        raise ValidationError({"person": _("Choose someone who came back in this return.")})
    need = ArrivalNeed(
        return_event=ret,
        person=person,
        created_by_id=actor.user_pk,
        **{k: values[k] for k in ("kind", "description", "urgency", "status") if k in values},
    )
    need.full_clean()
    need.save(force_insert=True)
    audit_record(
        actor=actor,
        action="justice.need_added",
        target=ret,
        person_id=person.pk if person else None,
        categories=[need.category],
        changes={"kind": need.kind, "urgency": need.urgency, "status": need.status},
    )
    return need


@transaction.atomic
def arrival_need_update(
    *, actor: Actor, need: ArrivalNeed, status: str, expected_version: int | None
) -> ArrivalNeed:
    """Move a need on: being arranged, met, or could not be met."""
    current, changes = versioned_update(
        need, {"status": status}, expected_version=expected_version, reveal=("status", "met_on")
    )
    if changes:
        audit_record(
            actor=actor,
            action="justice.need_updated",
            target=current.return_event,
            person_id=current.person_id,
            categories=[current.category],
            changes=changes,
        )
    return current


@transaction.atomic
def reception_item_set(
    *, actor: Actor, item: ReceptionItem, done: bool, note: str = "", done_on: date | None = None
) -> ReceptionItem:
    """Tick (or untick) a step of the reception checklist (done today unless a date is given,
    which may not be before the return nor in the future)."""
    day = done_on or timezone.localdate()
    if done and not item.return_event.returned_on <= day <= timezone.localdate():
        raise ValidationError({"done_on": _("Give a date between the return and today.")})
    before = {"done_on": item.done_on}
    item.done_on = day if done else None
    item.done_by_id = actor.user_pk if done else None
    item.note = note.strip()[:300]
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="justice.reception_step_updated",
        target=item.return_event,
        categories=[LEGAL],
        changes={"step": item.step, **diff(before, {"done_on": item.done_on}, reveal=("done_on",))},
    )
    return item


# --- children, care preferences, family goals -----------------------------------------------

CHILD_FIELDS = (
    "guardian",
    "guardian_description",
    "guardian_consent",
    "guardian_consent_on",
    "child_views",
    "child_views_on",
    "best_interests",
    "best_interests_on",
    "school_status",
    "school_name",
    "school_since",
)


@transaction.atomic
def child_safeguard_save(
    *, actor: Actor, person: Person, values: Mapping[str, Any], expected_version: int | None
) -> ChildSafeguard:
    """Create or update a child's safeguards. Only for a minor, or for someone whose
    alleged offence was committed as a minor (juvenile justice)."""
    existing = ChildSafeguard.objects.filter(person=person).first()
    if existing is None:
        juvenile = selectors.juvenile_info(person, selectors.derived_status(person)).applies
        if not (person.is_minor or juvenile):
            raise ValidationError(
                _(
                    "Child safeguards are kept for children, and for people who were children "
                    "at the time of an alleged offence."
                )
            )
        record = ChildSafeguard(
            person=person, updated_by_id=actor.user_pk, **{k: values[k] for k in CHILD_FIELDS if k in values}
        )
        record.full_clean()
        record.save(force_insert=True)
        changes = diff({}, _codes({k: values[k] for k in CHILD_FIELDS if k in values}), reveal=_CHILD_REVEAL)
        verb = "justice.child_safeguard_created"
    else:
        record, changes = versioned_update(
            existing,
            {**{k: values[k] for k in CHILD_FIELDS if k in values}, "updated_by_id": actor.user_pk},
            expected_version=expected_version,
            audit_values=_codes,
            reveal=_CHILD_REVEAL,
        )
        changes.pop("updated_by_id", None)
        if not changes:
            return record
        verb = "justice.child_safeguard_updated"
    audit_record(
        actor=actor,
        action=verb,
        target=person,
        person_id=person.pk,
        categories=[DataCategory.FAMILY_CHILDREN],
        changes=changes,
    )
    return record


_CHILD_REVEAL = (
    "guardian_consent",
    "guardian_consent_on",
    "child_views_on",
    "best_interests_on",
    "school_status",
    "school_since",
)
CARE_FIELDS = ("practitioner", "interpreter_language", "childcare_needed", "specific_needs")


@transaction.atomic
def care_preference_save(
    *, actor: Actor, person: Person, values: Mapping[str, Any], expected_version: int | None
) -> CarePreference:
    """Create or update a person's care preferences (gender-sensitive fields)."""
    existing = CarePreference.objects.filter(person=person).first()
    picked = {k: values[k] for k in CARE_FIELDS if k in values}
    if existing is None:
        record = CarePreference(person=person, updated_by_id=actor.user_pk, **picked)
        record.full_clean()
        record.save(force_insert=True)
        changes = diff({}, picked, reveal=("practitioner", "childcare_needed"))
    else:
        record, changes = versioned_update(
            existing,
            {**picked, "updated_by_id": actor.user_pk},
            expected_version=expected_version,
            reveal=("practitioner", "childcare_needed"),
        )
        changes.pop("updated_by_id", None)
        if not changes:
            return record
    audit_record(
        actor=actor,
        action="justice.care_preference_saved",
        target=person,
        person_id=person.pk,
        categories=sorted(
            {DataCategory.CASE_NOTES}
            | ({DataCategory.HEALTH_PSYCHOSOCIAL} if "specific_needs" in changes else set())
        ),
        changes=changes,
    )
    return record


GOAL_FIELDS = ("dimension", "goal", "agreed_on", "target_on", "status", "support", "progress")


@transaction.atomic
def family_goal_add(*, actor: Actor, household: Household, values: Mapping[str, Any]) -> FamilyGoal:
    """A goal the whole family works towards."""
    goal = FamilyGoal(
        household=household, created_by_id=actor.user_pk, **{k: values[k] for k in GOAL_FIELDS if k in values}
    )
    goal.full_clean()
    goal.save(force_insert=True)
    audit_record(
        actor=actor,
        action="justice.family_goal_added",
        target=household,
        categories=[DataCategory.FAMILY_CHILDREN],
        changes={"dimension": goal.dimension, "status": goal.status, "agreed": bool(goal.agreed_on)},
    )
    return goal


@transaction.atomic
def family_goal_update(
    *, actor: Actor, goal: FamilyGoal, values: Mapping[str, Any], expected_version: int | None
) -> FamilyGoal:
    """Correct or move on a family goal (versioned)."""
    current, changes = versioned_update(
        goal,
        {k: values[k] for k in GOAL_FIELDS if k in values},
        expected_version=expected_version,
        reveal=("dimension", "agreed_on", "target_on", "status"),
    )
    if changes:
        audit_record(
            actor=actor,
            action="justice.family_goal_updated",
            target=current.household,
            categories=[DataCategory.FAMILY_CHILDREN],
            changes=changes,
        )
    return current
