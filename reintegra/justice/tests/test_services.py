"""Justice services: validation, the derived status kept in step, the pre-release planning
task, check-ins and their alerts, returns, children, care preferences, family goals, and
the audit rows every change writes (codes and dates only, never free text)."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from reintegra.cases.choices import CaseRole, TaskStatus
from reintegra.cases.models import Task
from reintegra.cases.tests.factories import TeamMemberFactory
from reintegra.core.choices import DataCategory
from reintegra.core.models import AuditEvent
from reintegra.core.services import StaleEditError
from reintegra.justice import selectors, services
from reintegra.justice.choices import (
    BirthRegistration,
    CheckInStatus,
    Frequency,
    GuardianConsent,
    LegalStatus,
    MeasureKind,
    NeedKind,
    ReceptionStep,
    ReturnRole,
    SentenceType,
    Verdict,
)
from reintegra.justice.models import (
    CarePreference,
    CheckIn,
    ChildSafeguard,
    FamilyVisit,
    LegalEvent,
    PersonLegalStatus,
    ReturnEvent,
)
from reintegra.justice.tests.factories import FacilityFactory, K, days_ago, record, reporting
from reintegra.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cm(world):
    return world.actor("case_manager")


def status(person) -> str:
    return PersonLegalStatus.objects.get(person=person).status


# --- the legal timeline ----------------------------------------------------------------


def test_recording_events_keeps_the_derived_status(world, cm):
    person = world.case.person
    prison = FacilityFactory()
    record(cm, person, K.ARREST, 30)
    assert status(person) == LegalStatus.POLICE_CUSTODY
    record(cm, person, K.PRE_TRIAL_DETENTION, 29, facility=prison)
    summary = PersonLegalStatus.objects.get(person=person)
    assert summary.status == LegalStatus.PRE_TRIAL_DETENTION
    assert summary.facility == prison
    assert summary.since == days_ago(29)
    assert summary.last_event_on == days_ago(29)


def test_each_kind_asks_for_its_own_fields(world, cm):
    with pytest.raises(ValidationError) as error:
        record(cm, world.case.person, K.PRE_TRIAL_DETENTION, 1)
    assert "facility" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(cm, world.case.person, K.CHARGE, 1)
    assert "details" in error.value.message_dict  # the charges
    with pytest.raises(ValidationError) as error:
        record(cm, world.case.person, K.SENTENCE, 1, sentence_type=SentenceType.CUSTODIAL)
    assert "sentence_months" in error.value.message_dict
    assert not LegalEvent.objects.exists()


def test_fields_of_other_kinds_are_dropped(world, cm):
    event = record(cm, world.case.person, K.TRIAL, 1, facility=FacilityFactory(), verdict=Verdict.CONVICTED)
    assert event.facility is None
    assert event.verdict == ""


def test_only_a_trial_may_be_recorded_ahead(world, cm):
    record(cm, world.case.person, K.TRIAL, -10)
    with pytest.raises(ValidationError):
        record(cm, world.case.person, K.ARREST, -1)


def test_expected_release_is_worked_out_from_the_length(world, cm):
    start = timezone.localdate().replace(day=15) - timedelta(days=400)
    start = start.replace(day=15)
    event = record(
        cm,
        world.case.person,
        K.SENTENCE,
        400,
        sentence_type=SentenceType.CUSTODIAL,
        sentence_months=24,
        sentence_start=start,
    )
    assert event.expected_release == start.replace(year=start.year + 2)


def test_a_non_custodial_sentence_has_no_release(world, cm):
    event = record(
        cm,
        world.case.person,
        K.SENTENCE,
        1,
        sentence_type=SentenceType.COMMUNITY,
        sentence_months=12,
        expected_release=days_ago(-300),
    )
    assert event.expected_release is None
    assert status(world.case.person) == LegalStatus.COMMUNITY_SENTENCE


def test_the_audit_row_has_codes_and_dates_never_free_text(world, cm):
    record(
        cm,
        world.case.person,
        K.CHARGE,
        2,
        details="Secret charge text",
        authority="Court of X",
        document_reference="REF-1",
    )
    row = AuditEvent.objects.get(action="justice.event_recorded")
    assert row.person_id == world.case.person_id
    assert row.categories == [DataCategory.LEGAL_STATUS]
    assert row.changes["kind"] == [None, K.CHARGE]
    assert row.changes["details"] == "changed"
    assert row.changes["authority"] == "changed"
    assert "Secret" not in str(row.changes)


def test_correcting_an_event(world, cm):
    event = record(cm, world.case.person, K.ARREST, 10)
    services.legal_event_update(
        actor=cm, event=event, values={"occurred_on": days_ago(12)}, expected_version=1
    )
    event.refresh_from_db()
    assert event.occurred_on == days_ago(12)
    assert event.version == 2
    assert AuditEvent.objects.filter(action="justice.event_updated").count() == 1
    with pytest.raises(StaleEditError):
        services.legal_event_update(
            actor=cm, event=event, values={"occurred_on": days_ago(11)}, expected_version=1
        )


def test_an_event_entered_in_error_no_longer_counts(world, cm):
    record(cm, world.case.person, K.ARREST, 10)
    release = record(cm, world.case.person, K.NO_CHARGE, 9)
    assert status(world.case.person) == LegalStatus.NOT_CHARGED
    with pytest.raises(ValidationError):
        services.legal_event_void(actor=cm, event=release, reason=" ", expected_version=1)
    services.legal_event_void(actor=cm, event=release, reason="Wrong person", expected_version=1)
    assert status(world.case.person) == LegalStatus.POLICE_CUSTODY
    release.refresh_from_db()
    assert release.is_void
    with pytest.raises(ValidationError):
        services.legal_event_update(
            actor=cm, event=release, values={"occurred_on": days_ago(8)}, expected_version=2
        )


# --- the pre-release planning task --------------------------------------------------------


def _sentence(cm, person, release):
    return record(
        cm,
        person,
        K.SENTENCE,
        300,
        sentence_type=SentenceType.CUSTODIAL,
        sentence_months=24,
        expected_release=release,
    )


def test_expected_release_creates_the_planning_task_days_before(world, cm):
    release = timezone.localdate() + timedelta(days=200)
    _sentence(cm, world.case.person, release)
    task = PersonLegalStatus.objects.get(person=world.case.person).pre_release_task
    assert task.case == world.case
    assert task.assignee == world.users["case_manager"]  # the case manager
    assert task.due_on == release - timedelta(days=90)
    assert release.isoformat() in task.title


def test_the_number_of_days_is_a_setting(world, cm, settings):
    settings.REINTEGRA_PRE_RELEASE_TASK_DAYS = 30
    release = timezone.localdate() + timedelta(days=200)
    _sentence(cm, world.case.person, release)
    assert PersonLegalStatus.objects.get(
        person=world.case.person
    ).pre_release_task.due_on == release - timedelta(days=30)


def test_a_release_close_by_is_planned_from_today(world, cm):
    _sentence(cm, world.case.person, timezone.localdate() + timedelta(days=20))
    assert (
        PersonLegalStatus.objects.get(person=world.case.person).pre_release_task.due_on
        == timezone.localdate()
    )


def test_a_moved_release_replaces_the_task_and_release_cancels_it(world, cm):
    first = timezone.localdate() + timedelta(days=200)
    sentence = _sentence(cm, world.case.person, first)
    old_task = PersonLegalStatus.objects.get(person=world.case.person).pre_release_task
    # when the expected release moves
    services.legal_event_update(
        actor=cm,
        event=sentence,
        values={
            "occurred_on": sentence.occurred_on,
            "sentence_type": SentenceType.CUSTODIAL,
            "sentence_months": 24,
            "expected_release": first + timedelta(days=60),
        },
        expected_version=1,
    )
    old_task.refresh_from_db()
    summary = PersonLegalStatus.objects.get(person=world.case.person)
    assert old_task.status == TaskStatus.CANCELLED
    assert summary.pre_release_task.due_on == first + timedelta(days=60) - timedelta(days=90)
    # and when the person is released, the open planning task is cancelled
    record(cm, world.case.person, K.RELEASE, 0)
    summary.refresh_from_db()
    assert summary.pre_release_task is None
    assert Task.objects.filter(title__startswith="Plan for release", status=TaskStatus.OPEN).count() == 0
    assert status(world.case.person) == LegalStatus.SENTENCE_COMPLETED


def test_no_changeable_case_no_task_and_a_notice(world):
    # given a registered person with no case yet (the registrar records their timeline)
    person = PersonFactory(registering_agency=world.agency_a, created_by=world.users["colleague"])
    actor = world.actor("colleague")
    _event, notices = services.legal_event_record(
        actor=actor,
        person=person,
        kind=K.SENTENCE,
        values={"occurred_on": days_ago(10), "sentence_type": SentenceType.CUSTODIAL, "sentence_months": 12},
    )
    assert notices
    assert "no pre-release planning task" in notices[0]
    assert PersonLegalStatus.objects.get(person=person).pre_release_task is None


# --- measures and check-ins ---------------------------------------------------------------


def test_the_responsible_officer_must_be_on_the_team_and_see_legal_status(world, cm):
    for user in ("colleague", "mentor"):  # not on the team; on it without legal status
        with pytest.raises(ValidationError) as error:
            reporting(cm, world.case, world.users[user])
        assert "responsible_officer" in error.value.message_dict
    assert reporting(cm, world.case, world.users["psychologist"])


def test_measure_rules(world, cm):
    base = {"starts_on": days_ago(3), "responsible_officer": world.users["case_manager"]}
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=cm,
            person=world.case.person,
            case=world.case,
            values={**base, "kind": MeasureKind.REPORTING},
        )
    assert "frequency" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=cm,
            person=world.case.person,
            case=world.case,
            values={**base, "kind": MeasureKind.COMMUNITY_SERVICE},
        )
    assert "hours_ordered" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=cm,
            person=world.case.person,
            case=world.case,
            values={**base, "kind": MeasureKind.REPORTING, "frequency": Frequency.WEEKLY},
        )
    assert "weekday" in error.value.message_dict
    other = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=cm, person=other, case=world.case, values={**base, "kind": MeasureKind.VOLUNTARY_PROGRAMME}
        )
    assert "case" in error.value.message_dict


def test_a_missed_check_in_alerts_the_responsible_officer(world, cm):
    officer = world.users["psychologist"]
    measure = reporting(cm, world.case, officer)
    check_in, notices = services.check_in_log(
        actor=cm, measure=measure, due_on=measure.starts_on, status=CheckInStatus.MISSED, reason="No show"
    )
    assert notices == []
    task = check_in.follow_up_task
    assert task.assignee == officer
    assert task.case == world.case
    assert task.status == TaskStatus.OPEN
    # logging the same day again as missed makes no second task
    services.check_in_log(
        actor=cm, measure=measure, due_on=measure.starts_on, status=CheckInStatus.MISSED, reason="x"
    )
    assert Task.objects.filter(title__startswith="Follow up a missed").count() == 1
    # it turned out he came late: logged as attended, the follow-up is cancelled
    services.check_in_log(actor=cm, measure=measure, due_on=measure.starts_on, status=CheckInStatus.ATTENDED)
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    assert CheckIn.objects.get(measure=measure, due_on=measure.starts_on).status == CheckInStatus.ATTENDED
    row = AuditEvent.objects.filter(action="justice.check_in_logged").last()
    assert row.changes["status"] == [CheckInStatus.MISSED, CheckInStatus.ATTENDED]


def test_an_officer_who_left_the_team_passes_the_alert_to_the_case_manager(world, cm):
    officer = world.users["psychologist"]
    measure = reporting(cm, world.case, officer)
    world.case.team.filter(user=officer).update(ended_at=timezone.now())
    check_in, _n = services.check_in_log(
        actor=cm, measure=measure, due_on=measure.starts_on, status=CheckInStatus.MISSED
    )
    assert check_in.follow_up_task.assignee == world.users["case_manager"]


def test_check_in_rules(world, cm):
    measure = reporting(cm, world.case, world.users["case_manager"])
    with pytest.raises(ValidationError):  # in the future
        services.check_in_log(actor=cm, measure=measure, due_on=days_ago(-1), status=CheckInStatus.ATTENDED)
    with pytest.raises(ValidationError):  # before the start
        services.check_in_log(actor=cm, measure=measure, due_on=days_ago(40), status=CheckInStatus.ATTENDED)
    with pytest.raises(ValidationError):  # excused needs a reason
        services.check_in_log(actor=cm, measure=measure, due_on=days_ago(2), status=CheckInStatus.EXCUSED)
    with pytest.raises(ValidationError):  # hours only when attended
        services.check_in_log(
            actor=cm, measure=measure, due_on=days_ago(2), status=CheckInStatus.MISSED, hours=Decimal(3)
        )


def test_the_watch_records_unlogged_check_ins_as_missed(world, cm):
    # given a weekly measure that started three weeks ago, one check-in logged
    measure = reporting(cm, world.case, world.users["case_manager"], start_days_ago=21, report_by=time(0, 1))
    services.check_in_log(actor=cm, measure=measure, due_on=measure.starts_on, status=CheckInStatus.ATTENDED)
    # when the scheduled check runs (twice: it must not repeat itself)
    call_command("justice_check_ins", stdout=__import__("io").StringIO())
    call_command("justice_check_ins", stdout=__import__("io").StringIO())
    # then the two unlogged past check-ins (and today's, past 00:01) are recorded as missed, with tasks
    missed = CheckIn.objects.filter(measure=measure, status=CheckInStatus.MISSED)
    assert missed.count() == 3
    assert all(c.automatic and c.logged_by is None and c.follow_up_task for c in missed)
    row = AuditEvent.objects.filter(action="justice.check_in_logged").last()
    assert row.actor_name == "Automatic check-in watch"
    assert row.channel == "command"


def test_ending_a_measure(world, cm):
    measure = reporting(cm, world.case, world.users["case_manager"])
    with pytest.raises(ValidationError):
        services.measure_end(
            actor=cm, measure=measure, ended_on=days_ago(-1), end_reason="completed", expected_version=1
        )
    services.measure_end(
        actor=cm, measure=measure, ended_on=days_ago(1), end_reason="completed", expected_version=1
    )
    measure.refresh_from_db()
    assert not measure.is_active
    with pytest.raises(ValidationError):
        services.measure_update(
            actor=cm, measure=measure, values={"location": "x"}, expected_version=measure.version
        )


def test_missed_check_ins_for_the_dashboard(world, cm):
    measure = reporting(
        cm, world.case, world.users["case_manager"], start_days_ago=8, report_by=time(0, 0, 1)
    )
    missed, count = selectors.missed_check_ins(actor=cm)
    assert count >= 1
    assert {m.measure for m in missed} == {measure}
    # once followed up (task done), it leaves the dashboard
    for row in missed:
        check_in, _n = services.check_in_log(
            actor=cm, measure=measure, due_on=row.due_on, status=CheckInStatus.MISSED
        )
        check_in.follow_up_task.status = TaskStatus.DONE
        check_in.follow_up_task.save()
    assert selectors.missed_check_ins(actor=cm) == ([], 0)
    # and someone else does not see it
    assert selectors.missed_check_ins(actor=world.actor("supervisor")) == ([], 0)


# --- custody ----------------------------------------------------------------------------


def test_participation_takes_the_category_of_its_activity(world, cm):
    religious = services.participation_add(
        actor=cm,
        person=world.case.person,
        values={"kind": "religious_counselling", "title": "Dialogue", "started_on": days_ago(3)},
    )
    assert religious.category == DataCategory.BELIEF_IDEOLOGY
    assert AuditEvent.objects.get(action="justice.participation_added").categories == [
        DataCategory.BELIEF_IDEOLOGY
    ]
    services.participation_update(
        actor=cm,
        record=religious,
        values={"status": "completed", "ended_on": days_ago(0)},
        expected_version=1,
    )
    religious.refresh_from_db()
    assert religious.status == "completed"


def test_custody_notes_only_in_categories_the_author_reads(world):
    mentor = world.actor("mentor")
    with pytest.raises(ValidationError):
        services.custody_note_add(
            actor=mentor, person=world.case.person, category=DataCategory.HEALTH_PSYCHOSOCIAL, body="x"
        )
    note = services.custody_note_add(
        actor=mentor, person=world.case.person, category=DataCategory.CASE_NOTES, body=" ok "
    )
    assert note.body == "ok"


def test_family_visit_cannot_be_in_the_future(world, cm):
    with pytest.raises(ValidationError):
        services.family_visit_add(
            actor=cm, person=world.case.person, values={"visited_on": days_ago(-2), "visitors": "Mother"}
        )


# --- returns --------------------------------------------------------------------------------


def test_recording_a_return(world, cm):
    father = world.case.person
    child = PersonFactory(birth_year=timezone.localdate().year - 5, registering_agency=world.agency_a)
    ret, _notices = services.return_record(
        actor=cm,
        values={
            "returned_on": days_ago(45),
            "from_country": "IQ",
            "from_location": "Camp",
            "kind": "repatriation",
        },
        members=[(father, ReturnRole.PRINCIPAL, False), (child, ReturnRole.CHILD, True)],
    )
    assert ret.code.startswith("R-")
    assert ret.checklist.count() == len(ReceptionStep.values)
    assert ret.members.get(person=child).birth_registration == BirthRegistration.NOT_REGISTERED
    # each returnee's timeline starts with the return, awaiting screening
    assert LegalEvent.objects.filter(return_event=ret, kind=K.REPATRIATION).count() == 2
    assert status(father) == LegalStatus.AWAITING_SCREENING
    record(cm, father, K.RETURN_SCREENING, 40, screening_outcome="programme", return_event=ret)
    assert status(father) == LegalStatus.NO_PROCEEDINGS
    row = AuditEvent.objects.get(action="justice.return_recorded")
    assert sorted(row.subjects) == sorted([[str(father.pk), None], [str(child.pk), None]])


def test_a_return_needs_a_returnee(world, cm):
    with pytest.raises(ValidationError):
        services.return_record(
            actor=cm, values={"returned_on": days_ago(1), "from_country": "IQ", "kind": "other"}, members=[]
        )
    with pytest.raises(ValidationError):
        services.return_record(
            actor=cm,
            values={"returned_on": days_ago(1), "from_country": "IQ", "kind": "other"},
            members=[(world.case.person, ReturnRole.CHILD, False)],
        )
    assert not ReturnEvent.objects.exists()


def test_moving_the_return_date_moves_the_repatriation_event(world, cm):
    ret, _n = services.return_record(
        actor=cm,
        values={"returned_on": days_ago(45), "from_country": "IQ", "kind": "repatriation"},
        members=[(world.case.person, ReturnRole.PRINCIPAL, False)],
    )
    services.return_update(actor=cm, ret=ret, values={"returned_on": days_ago(50)}, expected_version=1)
    assert LegalEvent.objects.get(return_event=ret).occurred_on == days_ago(50)


def test_needs_checklist_and_documents(world, cm):
    ret, _n = services.return_record(
        actor=cm,
        values={"returned_on": days_ago(5), "from_country": "SY", "kind": "repatriation"},
        members=[(world.case.person, ReturnRole.PRINCIPAL, False)],
    )
    need = services.arrival_need_add(actor=cm, ret=ret, values={"kind": NeedKind.SHELTER})
    assert need.category == DataCategory.CONTACT_LOCATION
    need = services.arrival_need_update(actor=cm, need=need, status="met", expected_version=1)
    assert need.met_on == timezone.localdate()
    with pytest.raises(ValidationError):  # someone who did not come back
        services.arrival_need_add(
            actor=cm, ret=ret, values={"kind": NeedKind.MEDICAL, "person": PersonFactory()}
        )
    item = ret.checklist.get(step=ReceptionStep.MEDICAL_CHECK)
    services.reception_item_set(actor=cm, item=item, done=True, note="Clinic")
    assert item.done
    assert item.done_by_id == world.users["case_manager"].pk
    services.reception_item_set(actor=cm, item=item, done=False)
    assert item.done_on is None
    with pytest.raises(ValidationError):  # before the return
        services.reception_item_set(actor=cm, item=item, done=True, done_on=days_ago(6))
    services.reception_item_set(actor=cm, item=item, done=True, done_on=days_ago(4))
    assert item.done_on == days_ago(4)
    member = ret.members.get()
    with pytest.raises(ValidationError):
        services.return_member_update(
            actor=cm,
            member=member,
            values={"born_abroad": True, "birth_registration": "not_applicable"},
            expected_version=1,
        )


# --- children, care, family goals -----------------------------------------------------------


def test_child_safeguards_are_for_children(world, cm):
    adult = world.case.person  # born 1990
    with pytest.raises(ValidationError):
        services.child_safeguard_save(actor=cm, person=adult, values={}, expected_version=None)
    # unless they were a child at the time of an alleged offence (juvenile justice)
    adult.date_of_birth, adult.birth_year = days_ago(365 * 19), None
    adult.save()
    record(cm, adult, K.ARREST, 10, alleged_offence_on=days_ago(365 * 2))
    record_ = services.child_safeguard_save(
        actor=cm, person=adult, values={"school_status": "vocational"}, expected_version=None
    )
    assert record_.school_status == "vocational"


def test_child_safeguards_validation_and_audit(world, cm):
    child = PersonFactory(birth_year=timezone.localdate().year - 9, registering_agency=world.agency_a)
    with pytest.raises(ValidationError) as error:
        services.child_safeguard_save(
            actor=cm,
            person=child,
            values={"guardian_consent": GuardianConsent.GIVEN, "child_views": "I like school"},
            expected_version=None,
        )
    assert {"guardian_consent_on", "guardian_description", "child_views_on"} <= set(error.value.message_dict)
    saved = services.child_safeguard_save(
        actor=cm,
        person=child,
        values={
            "guardian_description": "Mother",
            "guardian_consent": GuardianConsent.GIVEN,
            "guardian_consent_on": days_ago(1),
            "child_views": "I like school",
            "child_views_on": days_ago(1),
        },
        expected_version=None,
    )
    services.child_safeguard_save(
        actor=cm, person=child, values={"school_status": "enrolled"}, expected_version=saved.version
    )
    rows = AuditEvent.objects.filter(action__startswith="justice.child_safeguard").order_by("seq")
    assert [r.action for r in rows] == ["justice.child_safeguard_created", "justice.child_safeguard_updated"]
    assert rows[0].categories == [DataCategory.FAMILY_CHILDREN]
    assert rows[0].changes["child_views"] == "changed"
    with pytest.raises(StaleEditError):
        services.child_safeguard_save(
            actor=cm, person=child, values={"school_status": "requested"}, expected_version=1
        )


def test_care_preferences(world, cm):
    saved = services.care_preference_save(
        actor=cm,
        person=world.case.person,
        values={"practitioner": "female", "specific_needs": "x"},
        expected_version=None,
    )
    row = AuditEvent.objects.get(action="justice.care_preference_saved")
    assert row.categories == [DataCategory.CASE_NOTES, DataCategory.HEALTH_PSYCHOSOCIAL]
    assert row.changes["practitioner"] == [None, "female"]
    services.care_preference_save(
        actor=cm, person=world.case.person, values={"childcare_needed": True}, expected_version=saved.version
    )


def test_family_goals(world, cm):
    household = HouseholdFactory(registering_agency=world.agency_a)
    HouseholdMemberFactory(household=household, person=world.case.person)
    goal = services.family_goal_add(
        actor=cm,
        household=household,
        values={"dimension": "education", "goal": "Both children in school", "agreed_on": days_ago(1)},
    )
    services.family_goal_update(actor=cm, goal=goal, values={"status": "achieved"}, expected_version=1)
    goal.refresh_from_db()
    assert goal.status == "achieved"
    with pytest.raises(ValidationError):
        services.family_goal_add(
            actor=cm,
            household=household,
            values={"dimension": "education", "goal": "x", "agreed_on": days_ago(-3)},
        )


def test_a_team_member_added_later_can_be_the_officer(world, cm):
    colleague = world.users["colleague"]
    TeamMemberFactory(case=world.case, user=colleague, role=CaseRole.CO_WORKER)
    assert reporting(cm, world.case, colleague).responsible_officer == colleague


def test_charges_conditions_and_custody_notes_are_encrypted_at_rest(world, cm):
    from django.db import connection

    record(cm, world.case.person, K.CHARGE, 2, details="Secret charge text")
    services.custody_note_add(
        actor=cm, person=world.case.person, category=DataCategory.LEGAL_STATUS, body="Secret note"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM justice_legalevent")
        (details,) = cursor.fetchone()
        cursor.execute("SELECT body FROM justice_custodynote")
        (body,) = cursor.fetchone()
    assert "Secret" not in details
    assert "Secret" not in body
    assert LegalEvent.objects.get().details == "Secret charge text"


def test_a_childs_views_best_interests_and_specific_needs_are_encrypted_at_rest(world, cm):
    from django.db import connection

    from reintegra.core.crypto import DecryptionError

    child = PersonFactory(birth_year=timezone.localdate().year - 9, registering_agency=world.agency_a)
    sibling = PersonFactory(birth_year=timezone.localdate().year - 7, registering_agency=world.agency_a)
    views = {"child_views": "Secret views", "child_views_on": days_ago(1)}
    interests = {"best_interests": "Secret interests", "best_interests_on": days_ago(1)}
    for person in (child, sibling):
        services.child_safeguard_save(
            actor=cm, person=person, values=views | interests, expected_version=None
        )
    services.care_preference_save(
        actor=cm, person=child, values={"specific_needs": "Secret needs"}, expected_version=None
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT child_views, best_interests FROM justice_childsafeguard")
        sealed = [value for row in cursor.fetchall() for value in row]
        cursor.execute("SELECT specific_needs FROM justice_carepreference")
        sealed += [value for (value,) in cursor.fetchall()]
    assert len(sealed) == 5
    assert all("Secret" not in value for value in sealed)
    assert ChildSafeguard.objects.get(pk=child.pk).child_views == "Secret views"
    assert CarePreference.objects.get(pk=child.pk).specific_needs == "Secret needs"
    # an envelope is bound to its child: copied onto the sibling's row it does not open
    (envelope,) = ChildSafeguard.objects.filter(pk=child.pk).values_list("best_interests", flat=True)
    sibling_key = ChildSafeguard._meta.pk.get_db_prep_value(sibling.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE justice_childsafeguard SET best_interests = %s WHERE person_id = %s",
            [envelope.envelope, sibling_key],
        )
    with pytest.raises(DecryptionError):
        _ = ChildSafeguard.objects.get(pk=sibling.pk).best_interests


def test_check_in_reasons_and_visit_notes_are_sealed_to_their_rows_seal_key(world, cm):
    """Tables with database-assigned keys bind their envelopes to a per-row seal key."""
    from django.db import connection

    from reintegra.core.crypto import DecryptionError

    measure = reporting(cm, world.case, world.users["psychologist"])
    first, _n = services.check_in_log(
        actor=cm, measure=measure, due_on=measure.starts_on, status=CheckInStatus.MISSED, reason="In hospital"
    )
    second, _n = services.check_in_log(
        actor=cm,
        measure=measure,
        due_on=measure.starts_on + timedelta(days=7),
        status=CheckInStatus.MISSED,
        reason="Other reason",
    )
    visit = services.family_visit_add(
        actor=cm,
        person=world.case.person,
        values={"visited_on": days_ago(1), "visitors": "Mother", "notes": "Tense visit"},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM justice_checkin")
        stored = [value for (value,) in cursor.fetchall()]
        cursor.execute("SELECT notes FROM justice_familyvisit")
        stored += [value for (value,) in cursor.fetchall()]
    assert len(stored) == 3
    assert not any(word in value for value in stored for word in ("hospital", "Other", "Tense"))
    assert CheckIn.objects.get(pk=first.pk).reason == "In hospital"
    assert FamilyVisit.objects.get(pk=visit.pk).notes == "Tense visit"
    # the first reason's envelope, copied onto the second check-in, does not open there
    (envelope,) = CheckIn.objects.filter(pk=first.pk).values_list("reason", flat=True)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE justice_checkin SET reason = %s WHERE id = %s", [envelope.envelope, second.pk])
    with pytest.raises(DecryptionError):
        _ = CheckIn.objects.get(pk=second.pk).reason
