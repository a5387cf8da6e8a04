"""Case services: opening, guarded transitions, closure, reopening, team, notes, tasks."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.tests.factories import actor_for, member
from reintegra.cases import services
from reintegra.cases.choices import CaseOutcome, CaseRole, CaseStage
from reintegra.cases.models import Case, CaseStageChange, CaseTeamMember
from reintegra.cases.tests.factories import beneficiary_type
from reintegra.core.choices import DataCategory
from reintegra.core.models import AuditEvent
from reintegra.core.services import StaleEditError
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def test_opening_a_case_starts_at_referral_with_the_opener_as_case_manager(world):
    # given a registered person
    person = PersonFactory(registering_agency=world.agency_a)
    actor = world.actor("colleague")
    # when the colleague opens a case
    case = services.case_open(
        actor=actor, person=person, programme=world.programme, beneficiary_type=beneficiary_type("returnee")
    )
    # then
    assert case.stage == CaseStage.REFERRAL
    assert case.lead_agency == world.agency_a
    assert case.code.startswith("C-")
    assert CaseTeamMember.objects.get(case=case).role == CaseRole.CASE_MANAGER
    assert CaseStageChange.objects.get(case=case).to_stage == CaseStage.REFERRAL
    assert AuditEvent.objects.get(action="case.opened").case_id == case.pk


def test_one_open_case_per_person_and_programme(world):
    with pytest.raises(ValidationError, match="already has an open case"):
        services.case_open(
            actor=world.actor("case_manager"),
            person=world.case.person,
            programme=world.programme,
            beneficiary_type=beneficiary_type(),
        )
    assert Case.objects.filter(person=world.case.person).count() == 1


def test_roles_without_intake_cannot_open_cases(world):
    with pytest.raises(PermissionDenied):
        services.case_open(
            actor=world.actor("mentor"),
            person=PersonFactory(),
            programme=world.programme,
            beneficiary_type=beneficiary_type(),
        )


def test_a_programme_not_accepting_enrolments_refuses(world):
    world.programme.is_active = False
    world.programme.save()
    with pytest.raises(ValidationError, match="not accepting"):
        services.case_open(
            actor=world.actor("case_manager"),
            person=PersonFactory(),
            programme=world.programme,
            beneficiary_type=beneficiary_type(),
        )


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (CaseStage.REFERRAL, CaseStage.INTAKE),
        (CaseStage.INTAKE, CaseStage.ASSESSMENT),
        (CaseStage.ASSESSMENT, CaseStage.PLANNING),
        (CaseStage.ASSESSMENT, CaseStage.INTAKE),
        (CaseStage.PLANNING, CaseStage.SUPPORT),
        (CaseStage.SUPPORT, CaseStage.AFTERCARE),
        (CaseStage.AFTERCARE, CaseStage.SUPPORT),
    ],
)
def test_allowed_transitions(world, start, target):
    Case.objects.filter(pk=world.case.pk).update(stage=start)
    case = _fresh(world.case)
    moved = services.case_transition(
        actor=world.actor("case_manager"), case=case, to_stage=target, expected_version=case.version
    )
    assert (moved.stage, moved.version) == (target, case.version + 1)
    assert CaseStageChange.objects.filter(case=case, from_stage=start, to_stage=target).exists()


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (CaseStage.REFERRAL, CaseStage.PLANNING),
        (CaseStage.INTAKE, CaseStage.SUPPORT),
        (CaseStage.REFERRAL, CaseStage.AFTERCARE),
        (CaseStage.SUPPORT, CaseStage.INTAKE),
        (CaseStage.CLOSED, CaseStage.SUPPORT),
        (CaseStage.INTAKE, CaseStage.CLOSED),  # closing needs an outcome: case_close
    ],
)
def test_invalid_transitions_change_nothing(world, start, target):
    # given a case at `start`
    Case.objects.filter(pk=world.case.pk).update(
        stage=start, outcome="completed" if start == "closed" else ""
    )
    case = _fresh(world.case)
    audits = AuditEvent.objects.count()
    # when moving to `target`
    with pytest.raises(ValidationError):
        services.case_transition(
            actor=world.actor("case_manager"), case=case, to_stage=target, expected_version=case.version
        )
    # then nothing changed and nothing was recorded
    after = _fresh(case)
    assert (after.stage, after.version) == (start, case.version)
    assert AuditEvent.objects.count() == audits


def test_a_stale_edit_is_refused_and_changes_nothing(world):
    # given a colleague saved the case after the form was opened
    case = _fresh(world.case)
    opened_with = case.version
    services.case_update(
        actor=world.actor("supervisor"),
        case=case,
        values={"referral_source": "Police"},
        expected_version=opened_with,
    )
    # when the first user submits their form
    with pytest.raises(StaleEditError):
        services.case_update(
            actor=world.actor("case_manager"),
            case=case,
            values={"referral_source": "Family"},
            expected_version=opened_with,
        )
    with pytest.raises(StaleEditError):
        services.case_transition(
            actor=world.actor("case_manager"),
            case=case,
            to_stage=CaseStage.ASSESSMENT,
            expected_version=opened_with,
        )
    # then the colleague's change stands
    after = _fresh(case)
    assert (after.referral_source, after.stage) == ("Police", CaseStage.INTAKE)


def test_closing_needs_an_outcome_then_reopening_returns_to_the_last_stage(world):
    case = _fresh(world.case)
    Case.objects.filter(pk=case.pk).update(stage=CaseStage.SUPPORT)
    case = _fresh(case)
    with pytest.raises(ValidationError):
        services.case_close(
            actor=world.actor("case_manager"), case=case, outcome="", expected_version=case.version
        )
    closed = services.case_close(
        actor=world.actor("case_manager"),
        case=case,
        outcome=CaseOutcome.COMPLETED,
        note="Goals met.",
        expected_version=case.version,
    )
    assert (closed.stage, closed.outcome, closed.closed_on) == ("closed", "completed", timezone.localdate())
    with pytest.raises(ValidationError, match="already closed"):
        services.case_close(
            actor=world.actor("case_manager"),
            case=closed,
            outcome=CaseOutcome.WITHDRAWN,
            expected_version=closed.version,
        )
    with pytest.raises(ValidationError):
        services.case_reopen(
            actor=world.actor("supervisor"), case=closed, reason="  ", expected_version=closed.version
        )
    reopened = services.case_reopen(
        actor=world.actor("supervisor"), case=closed, reason="Family asked.", expected_version=closed.version
    )
    assert (reopened.stage, reopened.outcome, reopened.closed_on) == (CaseStage.SUPPORT, "", None)
    actions = list(AuditEvent.objects.filter(case_id=case.pk).values_list("action", flat=True))
    assert actions[-2:] == ["case.closed", "case.reopened"]


def test_reopening_is_refused_when_another_case_is_open(world):
    case = _fresh(world.case)
    closed = services.case_close(
        actor=world.actor("case_manager"),
        case=case,
        outcome=CaseOutcome.WITHDRAWN,
        expected_version=case.version,
    )
    services.case_open(
        actor=world.actor("case_manager"),
        person=case.person,
        programme=world.programme,
        beneficiary_type=beneficiary_type(),
    )
    with pytest.raises(ValidationError, match="another open case"):
        services.case_reopen(
            actor=world.actor("supervisor"), case=closed, reason="x", expected_version=closed.version
        )


def test_a_closed_case_cannot_be_edited_or_annotated(world):
    case = _fresh(world.case)
    closed = services.case_close(
        actor=world.actor("case_manager"),
        case=case,
        outcome=CaseOutcome.COMPLETED,
        expected_version=case.version,
    )
    with pytest.raises(ValidationError):
        services.case_update(
            actor=world.actor("case_manager"),
            case=closed,
            values={"referral_source": "x"},
            expected_version=closed.version,
        )
    with pytest.raises(ValidationError):
        services.case_note_add(
            actor=world.actor("case_manager"),
            case=closed,
            category=DataCategory.CASE_NOTES,
            body="late",
            team_role=CaseRole.CASE_MANAGER,
        )


def test_the_team_is_staff_of_the_lead_agency_and_keeps_a_case_manager(world):
    outsider = world.users["other_worker"]
    with pytest.raises(ValidationError, match="lead agency"):
        services.case_team_add(
            actor=world.actor("supervisor"), case=world.case, user=outsider, role=CaseRole.MENTOR
        )
    with pytest.raises(ValidationError, match="already on the case team"):
        services.case_team_add(
            actor=world.actor("supervisor"), case=world.case, user=world.users["mentor"], role=CaseRole.MENTOR
        )
    manager = CaseTeamMember.objects.get(case=world.case, role=CaseRole.CASE_MANAGER)
    with pytest.raises(ValidationError, match="case manager"):
        services.case_team_end(actor=world.actor("supervisor"), member=manager)
    added = services.case_team_add(
        actor=world.actor("supervisor"),
        case=world.case,
        user=world.users["colleague"],
        role=CaseRole.CASE_MANAGER,
    )
    services.case_team_end(actor=world.actor("supervisor"), member=manager)
    assert CaseTeamMember.objects.get(pk=manager.pk).ended_at is not None
    assert added.agency == world.agency_a


def test_notes_only_in_categories_the_author_may_read(world):
    with pytest.raises(ValidationError):
        services.case_note_add(
            actor=world.actor("mentor"),
            case=world.case,
            category=DataCategory.HEALTH_PSYCHOSOCIAL,
            body="x",
            team_role=CaseRole.MENTOR,
        )
    note = services.case_note_add(
        actor=world.actor("mentor"),
        case=world.case,
        category=DataCategory.CASE_NOTES,
        body="  Met at the club.  ",
        team_role=CaseRole.MENTOR,
    )
    assert note.body == "Met at the club."
    event = AuditEvent.objects.get(action="case.note_added")
    assert event.categories == ["case_notes"]
    assert "club" not in str(event.changes)


def test_tasks_on_a_case_go_to_its_team(world):
    due = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError):
        services.task_create(
            actor=world.actor("case_manager"),
            case=world.case,
            title="Visit",
            due_on=due,
            assignee=world.users["colleague"],
        )
    task = services.task_create(
        actor=world.actor("case_manager"),
        case=world.case,
        title="Visit",
        due_on=due,
        assignee=world.users["mentor"],
    )
    done = services.task_set_status(actor=world.actor("mentor"), task=task, status="done")
    assert done.completed_at is not None
    reopened = services.task_set_status(actor=world.actor("mentor"), task=task, status="open")
    assert reopened.completed_at is None


def test_a_supervisor_in_another_agency_cannot_be_put_on_the_team(world):
    elsewhere = member(world.agency_b, R.SUPERVISOR)
    with pytest.raises(ValidationError):
        services.case_team_add(
            actor=actor_for(world.users["supervisor"], world.agency_a),
            case=world.case,
            user=elsewhere,
            role=CaseRole.CO_WORKER,
        )


def test_a_partner_on_the_team_sees_nothing_until_sharing_allows_it(world):
    # given a worker of agency B put on agency A's case team (a referral accepted)
    member = services.case_team_add_partner(
        actor=world.actor("case_manager"),
        case=world.case,
        user=world.users["other_worker"],
        agency_id=world.agency_b.pk,
    )
    assert (member.agency, member.role) == (world.agency_b, CaseRole.SERVICE_PROVIDER)
    # then, with no protocol or consent, the case stays out of reach for them
    from reintegra.access import policy

    actor = world.actor("other_worker", world.agency_b)
    assert not Case.objects.filter(policy.case_scope(actor)).filter(pk=world.case.pk).exists()
    assert policy.shareable_categories(world.case, world.agency_b.pk) == frozenset()
    # and adding them twice changes nothing; a non-member of agency B is refused
    again = services.case_team_add_partner(
        actor=world.actor("case_manager"),
        case=world.case,
        user=world.users["other_worker"],
        agency_id=world.agency_b.pk,
    )
    assert again.pk == member.pk
    with pytest.raises(ValidationError):
        services.case_team_add_partner(
            actor=world.actor("case_manager"),
            case=world.case,
            user=world.users["mentor"],
            agency_id=world.agency_b.pk,
        )
