"""Referral and directory services: the lifecycle, its guards, the team, e-mails and alerts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from reintegra.cases.choices import CaseRole, CaseStage
from reintegra.cases.models import Case, CaseTeamMember, Task
from reintegra.cases.tests.factories import TeamMemberFactory
from reintegra.core.choices import DataCategory as C
from reintegra.core.models import AuditEvent
from reintegra.core.services import StaleEditError
from reintegra.services import notifications, services
from reintegra.services.choices import (
    Attendance,
    DeclineReason,
    EndReason,
    FeedbackKind,
    ProviderKind,
    ProviderType,
    ReferralPriority,
    ServiceOutcome,
    Willingness,
)
from reintegra.services.choices import ReferralStatus as S
from reintegra.services.models import Referral, ReferralStatusChange, Service
from reintegra.services.tests.factories import ProviderFactory, ServiceFactory, service_type

pytestmark = pytest.mark.django_db

REASON = "Needs a trade; was a welder before leaving. Zubair prefers mornings."


def cm(world):
    return world.actor("case_manager")


def draft(world, directory, *, service=None, priority=ReferralPriority.NORMAL, categories=None, **kwargs):
    return services.referral_create(
        actor=cm(world),
        case=world.case,
        services=[service or directory.service],
        priority=priority,
        reason=REASON,
        requested_categories=categories
        if categories is not None
        else [C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES],
        case_role=CaseRole.CASE_MANAGER,
        **kwargs,
    )


def sent(world, directory, **kwargs):
    referral = draft(world, directory, **kwargs)
    return services.referral_send(actor=cm(world), referral=referral, expected_version=referral.version)


def fresh(referral):
    return Referral.objects.get(pk=referral.pk)


def accepted(world, directory, assignee=None, **kwargs):
    referral = sent(world, directory, **kwargs)
    return services.referral_accept(
        actor=directory.actor("desk"), referral=referral, expected_version=referral.version, assignee=assignee
    )


# --- making and sending -------------------------------------------------------------------


def test_a_new_referral_is_a_draft_that_reaches_nobody(world, directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = draft(world, directory)
    assert referral.status == S.DRAFT
    assert referral.reference.startswith("R-")
    assert referral.provider == directory.provider
    assert referral.sent_at is None
    assert referral.due_by is None
    assert mail.outbox == []
    assert AuditEvent.objects.filter(action="referral.created", target_id=str(referral.pk)).exists()


def test_sending_sets_due_time_target_and_shared_categories(world, directory):
    before = timezone.now()
    referral = sent(world, directory, priority=ReferralPriority.URGENT)
    assert referral.status == S.SENT
    assert before <= referral.sent_at <= timezone.now()
    assert referral.due_by == referral.sent_at + timedelta(hours=72)
    assert referral.target_end_on == (timezone.localtime(referral.sent_at) + timedelta(days=60)).date()
    # another agency with no protocol: nothing travels beyond the case code
    assert referral.sent_categories == []
    event = AuditEvent.objects.get(action="referral.sent", target_id=str(referral.pk))
    assert event.changes["shared_categories"] == []
    assert event.case_id == world.case.pk


def test_a_given_target_end_date_is_kept(world, directory):
    target = timezone.localdate() + timedelta(days=200)
    referral = sent(world, directory, target_end_on=target)
    assert referral.target_end_on == target


def test_sending_emails_the_provider_desk_a_reference_and_a_link_only(
    world, directory, django_capture_on_commit_callbacks
):
    # given a person with a name, phone and a reason that names them
    person = world.case.person
    person.phone = "+222 555 0101"
    person.save()
    referral = draft(world, directory)
    # when the referral is sent
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_send(
            actor=cm(world),
            referral=referral,
            expected_version=referral.version,
            site_url="https://rg.example/",
        )
    # then each desk member (staff and supervisor, not the psychologist) gets one e-mail
    recipients = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted(directory.users[n].email for n in ("desk", "desk2", "p_supervisor"))
    assert recipients == expected
    for message in mail.outbox:
        text = message.subject + message.body
        assert referral.reference in text
        assert "https://rg.example/referrals/{id}/".format(id=referral.pk) in message.body
        for secret in (person.given_name_latin, person.family_name_latin, person.phone, "Zubair", "welder",
                       world.case.code, person.code, directory.service.name):  # fmt: skip
            assert secret not in text


def test_nothing_is_mailed_when_the_send_rolls_back(world, directory, django_capture_on_commit_callbacks):
    referral = draft(world, directory)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, pytest.raises(StaleEditError):
        services.referral_send(actor=cm(world), referral=referral, expected_version=referral.version + 1)
    assert callbacks == []


def test_a_referral_goes_to_one_provider(world, directory):
    with pytest.raises(ValidationError, match="one provider"):
        services.referral_create(
            actor=cm(world),
            case=world.case,
            services=[directory.service, directory.informal_service],
            priority=ReferralPriority.NORMAL,
            reason=REASON,
            requested_categories=[],
            case_role=CaseRole.CASE_MANAGER,
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"willingness": Willingness.NO}, "not willing"),
        ({"accepting_referrals": False}, "not accepting"),
        ({"is_active": False}, "no longer offered"),
    ],
)
def test_services_that_cannot_take_it_are_refused(world, directory, change, message):
    Service.objects.filter(pk=directory.service.pk).update(**change)
    directory.service.refresh_from_db()
    with pytest.raises(ValidationError, match=message):
        draft(world, directory)


def test_a_referrer_shares_only_categories_they_see(world, directory):
    # given the mentor (who does not see health) were allowed to refer
    with pytest.raises(ValidationError, match="only share data categories you may see"):
        services.referral_create(
            actor=world.actor("mentor"),
            case=world.case,
            services=[directory.service],
            priority=ReferralPriority.NORMAL,
            reason=REASON,
            requested_categories=[C.HEALTH_PSYCHOSOCIAL],
            case_role=CaseRole.MENTOR,
        )


def test_categories_a_referral_cannot_carry_are_refused(world, directory):
    with pytest.raises(ValidationError, match="cannot carry"):
        draft(world, directory, categories=[C.BELIEF_IDEOLOGY])


def test_a_closed_case_cannot_be_referred(world, directory):
    Case.objects.filter(pk=world.case.pk).update(stage=CaseStage.CLOSED, outcome="completed")
    world.case.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        draft(world, directory)


def test_a_target_end_in_the_past_is_refused(world, directory):
    with pytest.raises(ValidationError):
        draft(world, directory, target_end_on=timezone.localdate() - timedelta(days=1))


def test_only_drafts_are_edited_or_discarded(world, directory):
    referral = draft(world, directory)
    referral = services.referral_update(
        actor=cm(world),
        referral=referral,
        values={"priority": ReferralPriority.EMERGENCY, "reason": "Shorter."},
        services=[directory.service],
        case_role=CaseRole.CASE_MANAGER,
        expected_version=referral.version,
    )
    assert referral.priority == ReferralPriority.EMERGENCY
    assert referral.version == 2
    referral = services.referral_send(actor=cm(world), referral=referral, expected_version=referral.version)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.referral_update(
            actor=cm(world),
            referral=referral,
            values={"reason": "x"},
            services=[directory.service],
            case_role=CaseRole.CASE_MANAGER,
            expected_version=referral.version,
        )
    with pytest.raises(ValidationError, match="Only a draft"):
        services.referral_discard(actor=cm(world), referral=referral)


def test_discarding_a_draft_deletes_it_and_audits(world, directory):
    referral = draft(world, directory)
    services.referral_discard(actor=cm(world), referral=referral)
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert AuditEvent.objects.filter(action="referral.discarded", target_id=str(referral.pk)).exists()


def test_a_stale_version_changes_nothing(world, directory):
    referral = sent(world, directory)
    with pytest.raises(StaleEditError):
        services.referral_accept(actor=directory.actor("desk"), referral=referral, expected_version=1)
    assert fresh(referral).status == S.SENT


# --- the state machine --------------------------------------------------------------------


def _decline(world, directory, referral):
    return services.referral_decline(
        actor=directory.actor("desk"),
        referral=referral,
        reason=DeclineReason.NO_CAPACITY,
        expected_version=referral.version,
    )


def _start(world, directory, referral):
    return services.referral_start(
        actor=directory.actor("desk"), referral=referral, expected_version=referral.version
    )


def _complete(world, directory, referral):
    return services.referral_complete(
        actor=directory.actor("desk"),
        referral=referral,
        outcome=ServiceOutcome.ACHIEVED,
        expected_version=referral.version,
    )


def _accept(world, directory, referral):
    return services.referral_accept(
        actor=directory.actor("desk"), referral=referral, expected_version=referral.version
    )


def _end(world, directory, referral):
    return services.referral_end(
        actor=cm(world),
        referral=referral,
        reason=EndReason.WITHDRAWN,
        expected_version=referral.version,
        by_provider=False,
    )


MOVES = {"accept": _accept, "decline": _decline, "start": _start, "complete": _complete, "end": _end}
ALLOWED = {
    S.SENT: {"accept", "decline", "end"},
    S.ACCEPTED: {"start", "end"},
    S.IN_PROGRESS: {"complete", "end"},
    S.DECLINED: set(),
    S.COMPLETED: set(),
    S.ENDED: set(),
}
PATHS = {
    S.SENT: [],
    S.ACCEPTED: ["accept"],
    S.IN_PROGRESS: ["accept", "start"],
    S.DECLINED: ["decline"],
    S.COMPLETED: ["accept", "start", "complete"],
    S.ENDED: ["end"],
}


@pytest.mark.parametrize("status", list(ALLOWED))
@pytest.mark.parametrize("move", list(MOVES))
def test_the_lifecycle_allows_exactly_its_transitions(world, directory, status, move):
    # given a referral in `status`
    referral = sent(world, directory)
    for step in PATHS[status]:
        referral = MOVES[step](world, directory, fresh(referral))
    assert fresh(referral).status == status
    # when trying `move`
    if move in ALLOWED[status]:
        moved = MOVES[move](world, directory, fresh(referral))
        assert moved.status != status
        assert ReferralStatusChange.objects.filter(referral=referral, to_status=moved.status).exists()
    else:
        with pytest.raises(ValidationError):
            MOVES[move](world, directory, fresh(referral))
        assert fresh(referral).status == status


def test_a_draft_cannot_be_answered(world, directory):
    referral = draft(world, directory)
    with pytest.raises(ValidationError):
        _accept(world, directory, referral)


def test_history_records_every_move_with_who_and_which_side(world, directory):
    referral = accepted(world, directory)
    referral = _start(world, directory, referral)
    changes = list(ReferralStatusChange.objects.filter(referral=referral).order_by("changed_at"))
    assert [(c.from_status, c.to_status, c.by_provider) for c in changes] == [
        ("", S.DRAFT, False),
        (S.DRAFT, S.SENT, False),
        (S.SENT, S.ACCEPTED, True),
        (S.ACCEPTED, S.IN_PROGRESS, True),
    ]


def test_declining_needs_a_reason_and_other_needs_words(world, directory):
    referral = sent(world, directory)
    with pytest.raises(ValidationError):
        services.referral_decline(
            actor=directory.actor("desk"), referral=referral, reason="", expected_version=referral.version
        )
    with pytest.raises(ValidationError, match="Say why"):
        services.referral_decline(
            actor=directory.actor("desk"),
            referral=referral,
            reason=DeclineReason.OTHER,
            expected_version=referral.version,
        )
    declined = _decline(world, directory, referral)
    assert declined.decline_reason == DeclineReason.NO_CAPACITY
    assert declined.responded_at is not None
    assert declined.closed_at is not None


def test_a_provider_declines_rather_than_ends_an_unanswered_referral(world, directory):
    referral = sent(world, directory)
    with pytest.raises(ValidationError, match="decline it"):
        services.referral_end(
            actor=directory.actor("desk"),
            referral=referral,
            reason=EndReason.OTHER,
            note="no",
            expected_version=referral.version,
            by_provider=True,
        )


def test_answers_record_turnaround(world, directory):
    referral = accepted(world, directory)
    assert referral.responded_at is not None
    assert referral.answered_in_time is True
    assert referral.response_time is not None
    assert referral.response_time >= timedelta(0)
    referral = _complete(world, directory, _start(world, directory, referral))
    assert referral.completion_time is not None
    assert referral.outcome == ServiceOutcome.ACHIEVED


# --- the provider's staff on the case team ------------------------------------------------


def test_accepting_with_an_assignee_puts_them_on_the_team_as_service_provider(world, directory):
    desk = directory.users["desk"]
    referral = accepted(world, directory, assignee=desk)
    member = CaseTeamMember.objects.get(case=world.case, user=desk, ended_at__isnull=True)
    assert member.role == CaseRole.SERVICE_PROVIDER
    assert member.agency_id == directory.agency_p.pk
    assert fresh(referral).assigned_to == desk


def test_assigning_before_acceptance_waits_for_it(world, directory):
    referral = sent(world, directory)
    psychologist = directory.users["p_psychologist"]
    referral = services.referral_assign(
        actor=directory.actor("desk"), referral=referral, user=psychologist, expected_version=referral.version
    )
    assert not CaseTeamMember.objects.filter(case=world.case, user=psychologist).exists()
    _accept(world, directory, referral)
    assert CaseTeamMember.objects.filter(case=world.case, user=psychologist, ended_at__isnull=True).exists()


def test_reassigning_moves_the_team_place_and_completing_ends_it(world, directory):
    first, second = directory.users["desk"], directory.users["desk2"]
    referral = accepted(world, directory, assignee=first)
    referral = services.referral_assign(
        actor=directory.actor("desk"), referral=referral, user=second, expected_version=referral.version
    )
    active = set(
        CaseTeamMember.objects.filter(case=world.case, ended_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    assert second.pk in active
    assert first.pk not in active
    _complete(world, directory, _start(world, directory, referral))
    assert not CaseTeamMember.objects.filter(case=world.case, user=second, ended_at__isnull=True).exists()


def test_only_the_provider_staff_can_be_assigned(world, directory):
    referral = sent(world, directory)
    with pytest.raises(ValidationError, match="provider's staff"):
        services.referral_assign(
            actor=directory.actor("desk"),
            referral=referral,
            user=world.users["colleague"],
            expected_version=referral.version,
        )


def test_a_provider_without_accounts_cannot_be_assigned(world, directory):
    referral = sent(world, directory, service=directory.informal_service)
    with pytest.raises(ValidationError, match="no Reintegra accounts"):
        services.referral_assign(
            actor=cm(world),
            referral=referral,
            user=world.users["colleague"],
            expected_version=referral.version,
        )


# --- sessions, feedback and e-mails back --------------------------------------------------


def test_the_first_session_attended_starts_the_service(world, directory):
    referral = accepted(world, directory)
    record = services.referral_attendance_record(
        actor=directory.actor("desk"),
        referral=referral,
        session_on=timezone.localdate(),
        attendance=Attendance.ATTENDED,
        duration_minutes=60,
    )
    assert record.pk
    assert fresh(referral).status == S.IN_PROGRESS
    assert AuditEvent.objects.filter(action="referral.attendance_recorded", case_id=world.case.pk).exists()


def test_a_missed_session_does_not_start_it(world, directory):
    referral = accepted(world, directory)
    services.referral_attendance_record(
        actor=directory.actor("desk"),
        referral=referral,
        session_on=timezone.localdate(),
        attendance=Attendance.DID_NOT_ATTEND,
    )
    assert fresh(referral).status == S.ACCEPTED


@pytest.mark.parametrize("when", [timedelta(days=1), timedelta(days=-30)])
def test_sessions_in_the_future_or_before_sending_are_refused(world, directory, when):
    referral = accepted(world, directory)
    with pytest.raises(ValidationError):
        services.referral_attendance_record(
            actor=directory.actor("desk"),
            referral=referral,
            session_on=timezone.localdate() + when,
            attendance=Attendance.ATTENDED,
        )


def test_one_attendance_record_per_day(world, directory):
    referral = accepted(world, directory)
    kwargs = {
        "actor": directory.actor("desk"),
        "session_on": timezone.localdate(),
        "attendance": Attendance.LATE,
    }
    services.referral_attendance_record(referral=referral, **kwargs)
    with pytest.raises(ValidationError, match="already recorded"):
        services.referral_attendance_record(referral=fresh(referral), **kwargs)


def test_sessions_are_recorded_only_while_under_way(world, directory):
    referral = sent(world, directory)
    with pytest.raises(ValidationError):
        services.referral_attendance_record(
            actor=directory.actor("desk"),
            referral=referral,
            session_on=timezone.localdate(),
            attendance=Attendance.ATTENDED,
        )


def test_a_concern_emails_the_referrer_without_the_words(
    world, directory, django_capture_on_commit_callbacks
):
    referral = accepted(world, directory)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_feedback_add(
            actor=directory.actor("desk"),
            referral=referral,
            kind=FeedbackKind.CONCERN,
            body="He spoke of threats from his old group.",
        )
    assert [m.to for m in mail.outbox] == [[world.users["case_manager"].email]]
    assert "threats" not in mail.outbox[0].body
    assert referral.reference in mail.outbox[0].subject


def test_a_closing_summary_needs_an_outcome(world, directory):
    referral = accepted(world, directory)
    with pytest.raises(ValidationError, match="how far"):
        services.referral_feedback_add(
            actor=directory.actor("desk"), referral=referral, kind=FeedbackKind.CLOSING, body="Done."
        )


def test_e_mails_follow_the_recipients_language(
    world, directory, django_capture_on_commit_callbacks, monkeypatch
):
    # given one desk member who reads French (the catalogues are filled in later, so we
    # watch which language is active while each message is written)
    desk = directory.users["desk"]
    desk.preferred_language = "fr"
    desk.save()
    written = []
    original = notifications.compose

    def watching(event, reference, link):
        written.append(translation.get_language())
        return original(event, reference, link)

    monkeypatch.setattr(notifications, "compose", watching)
    referral = draft(world, directory)
    # when it is sent
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_send(actor=cm(world), referral=referral, expected_version=referral.version)
    # then the French reader's message was written in French, the others in the default
    assert sorted(written) == ["en", "en", "fr"]


# --- overdue alerts -----------------------------------------------------------------------


def test_an_unanswered_referral_past_due_gives_the_referrer_one_task(world, directory):
    referral = sent(world, directory, priority=ReferralPriority.EMERGENCY)
    later = referral.due_by + timedelta(minutes=1)
    assert services.referrals_alert_overdue(now=referral.due_by - timedelta(minutes=1)) == 0
    assert services.referrals_alert_overdue(now=later) == 1
    task = Task.objects.get(case=world.case, title__contains=referral.reference)
    assert task.assignee == world.users["case_manager"]
    assert world.case.person.given_name_latin not in task.title
    # only once
    assert services.referrals_alert_overdue(now=later + timedelta(hours=1)) == 0
    assert Task.objects.filter(case=world.case, title__contains=referral.reference).count() == 1
    assert AuditEvent.objects.filter(action="referral.overdue_alerted", target_id=str(referral.pk)).exists()


def test_a_referral_past_its_target_end_gives_a_task_too(world, directory):
    referral = accepted(world, directory, target_end_on=timezone.localdate() + timedelta(days=5))
    now = timezone.now() + timedelta(days=7)
    assert services.referrals_alert_overdue(now=now) == 1
    assert Task.objects.filter(case=world.case, title__contains=referral.reference).exists()


def test_the_task_goes_to_a_case_manager_when_the_referrer_left_the_team(world, directory):
    referral = sent(world, directory, priority=ReferralPriority.EMERGENCY)
    CaseTeamMember.objects.filter(case=world.case, user=world.users["case_manager"]).update(
        ended_at=timezone.now()
    )
    successor = TeamMemberFactory(case=world.case, user=world.users["colleague"], role=CaseRole.CASE_MANAGER)
    services.referrals_alert_overdue(now=referral.due_by + timedelta(hours=1))
    assert Task.objects.get(case=world.case, title__contains=referral.reference).assignee == successor.user


# --- directory ----------------------------------------------------------------------------


def test_only_directory_managers_add_providers(world, directory):
    values = {
        "kind": ProviderKind.INFORMAL,
        "name": "Imam of the old mosque",
        "provider_type": ProviderType.FAITH,
    }
    with pytest.raises(PermissionDenied):
        services.provider_create(actor=cm(world), values=values)
    provider = services.provider_create(actor=world.actor("supervisor"), values=values)
    assert provider.pk
    assert AuditEvent.objects.filter(action="provider.created", target_id=str(provider.pk)).exists()


def test_an_agency_provider_takes_the_agency_name_and_appears_once(world, directory):
    supervisor = world.actor("supervisor")
    values = {
        "kind": ProviderKind.AGENCY,
        "agency": world.agency_b,
        "name": "",
        "provider_type": ProviderType.GOVERNMENT,
    }
    provider = services.provider_create(actor=supervisor, values=values)
    assert provider.name == world.agency_b.name
    with pytest.raises(ValidationError, match="already in the directory"):
        services.provider_create(actor=supervisor, values=values)


def test_a_community_actor_has_no_agency(world, directory):
    with pytest.raises(ValidationError):
        services.provider_create(
            actor=world.actor("supervisor"),
            values={
                "kind": ProviderKind.INFORMAL,
                "agency": world.agency_b,
                "name": "X",
                "provider_type": "faith",
            },
        )


def test_creating_a_service_verifies_it_and_needs_an_area(world, directory):
    supervisor = world.actor("supervisor")
    values = {"service_type": service_type("housing"), "name": "Night shelter", "languages": ["ar"]}
    with pytest.raises(ValidationError, match="at least one area"):
        services.service_create(actor=supervisor, provider=directory.informal, values=values, areas_served=[])
    service = services.service_create(
        actor=supervisor,
        provider=directory.informal,
        values=values,
        areas_served=[directory.places["south_town"]],
    )
    assert service.last_verified_on == timezone.localdate()
    assert not service.is_stale


def test_quality_ratings_need_evidence(world, directory):
    with pytest.raises(ValidationError, match="rests on"):
        services.service_update(
            actor=world.actor("supervisor"),
            service=directory.service,
            values={"quality_rating": 4},
            areas_served=[directory.places["north"]],
            beneficiary_types=[],
            expected_version=directory.service.version,
        )


def test_a_service_unverified_for_six_months_is_stale_until_verified(world, directory):
    Service.objects.filter(pk=directory.service.pk).update(
        last_verified_on=timezone.localdate() - timedelta(days=200)
    )
    service = Service.objects.get(pk=directory.service.pk)
    assert service.is_stale
    assert not service.is_stale_on(timezone.localdate() - timedelta(days=30))
    service = services.service_verify(actor=directory.actor("desk"), service=service)
    assert not service.is_stale
    assert AuditEvent.objects.filter(action="service.verified").exists()


def test_editing_areas_alone_bumps_the_version(world, directory):
    service = directory.service
    updated = services.service_update(
        actor=world.actor("supervisor"),
        service=service,
        values={},
        areas_served=[directory.places["south"]],
        beneficiary_types=[],
        expected_version=service.version,
    )
    assert updated.version == service.version + 1
    assert list(updated.areas_served.all()) == [directory.places["south"]]


# --- the contact log ----------------------------------------------------------------------


def test_a_session_recorded_by_lead_agency_staff_enters_the_contact_log(world, directory):
    from reintegra.plans.models import Session

    # given the lead agency's own vocational service, handled by its service-provider staff
    own = ProviderFactory(kind=ProviderKind.AGENCY, agency=world.agency_a, name=world.agency_a.name)
    workshop = ServiceFactory(
        provider=own, service_type=service_type("vocational_training"), areas=[directory.places["north"]]
    )
    referral = sent(world, directory, service=workshop)
    staff = world.actor("provider")  # service-provider staff of agency A, on the team
    referral = services.referral_accept(actor=staff, referral=referral, expected_version=referral.version)
    # when they record a session
    record = services.referral_attendance_record(
        actor=staff,
        referral=referral,
        session_on=timezone.localdate(),
        attendance=Attendance.ATTENDED,
        duration_minutes=120,
    )
    # then the case's contact log has it, as a vocational session held by them
    session = Session.objects.get(pk=record.contact_entry_id)
    assert session.case == world.case
    assert session.session_type == "vocational"
    assert session.facilitator == world.users["provider"]
    assert session.duration_minutes == 120


def test_a_community_actors_session_written_down_by_the_case_manager_enters_the_log(world, directory):
    from reintegra.plans.models import Session

    referral = sent(world, directory, service=directory.informal_service)
    referral = services.referral_accept(
        actor=cm(world), referral=referral, expected_version=referral.version, by_provider=False
    )
    record = services.referral_attendance_record(
        actor=cm(world),
        referral=referral,
        session_on=timezone.localdate(),
        attendance=Attendance.CANCELLED_BY_PERSON,
        on_behalf_of_provider=True,
    )
    session = Session.objects.get(pk=record.contact_entry_id)
    assert session.attendance == "did_not_attend"
    assert session.non_attendance_reason == "declined"


def test_a_partners_session_stays_on_the_referral_without_a_protocol_and_consent(world, directory):
    referral = accepted(world, directory, assignee=directory.users["desk"])
    record = services.referral_attendance_record(
        actor=directory.actor("desk"),
        referral=referral,
        session_on=timezone.localdate(),
        attendance=Attendance.ATTENDED,
    )
    assert record.contact_entry_id is None


def test_a_partners_session_enters_the_contact_log_when_its_category_is_shared(world, directory):
    from reintegra.plans.models import Session
    from reintegra.sharing.tests.factories import basis_for, protocol_between

    # given a protocol and the person's consent sharing identity and psychosocial data with
    # the provider of a psychosocial service
    user = world.users["supervisor"]
    shared = [C.IDENTITY, C.HEALTH_PSYCHOSOCIAL]
    protocol_between(world.agency_a, directory.agency_p, user, categories=shared, receives=shared)
    basis_for(
        world.case.person, recipient=directory.agency_p, other=world.agency_b, user=user,
        recording_agency=world.agency_a, categories=shared,
    )  # fmt: skip
    referral = accepted(world, directory, assignee=directory.users["desk"])
    # when the provider's staff record a session they held
    record = services.referral_attendance_record(
        actor=directory.actor("desk"),
        referral=referral,
        session_on=timezone.localdate(),
        attendance=Attendance.ATTENDED,
        note="Came on time; practised interview questions.",
    )
    # then the contact log has the session, held by them, without their note
    session = Session.objects.get(pk=record.contact_entry_id)
    assert session.case == world.case
    assert session.session_type == "counselling"
    assert session.facilitator == directory.users["desk"]
    assert not session.notes.exists()


def test_a_session_the_provider_cancelled_is_not_a_contact(world, directory):
    referral = sent(world, directory, service=directory.informal_service)
    referral = services.referral_accept(
        actor=cm(world), referral=referral, expected_version=referral.version, by_provider=False
    )
    record = services.referral_attendance_record(
        actor=cm(world),
        referral=referral,
        session_on=timezone.localdate(),
        attendance=Attendance.CANCELLED_BY_PROVIDER,
    )
    assert record.contact_entry_id is None


def test_the_overdue_command_flags_and_reports(world, directory):
    import io

    from django.core.management import call_command

    referral = sent(world, directory, priority=ReferralPriority.EMERGENCY)
    Referral.objects.filter(pk=referral.pk).update(due_by=timezone.now() - timedelta(hours=1))
    out = io.StringIO()
    call_command("referrals_check_overdue", stdout=out)
    assert "1 overdue referral(s) flagged." in out.getvalue()
    assert AuditEvent.objects.filter(action="referral.overdue_alerted", channel="command").exists()


def test_a_service_with_a_quality_date_is_audited_with_the_date_as_text(world, directory):
    service = services.service_create(
        actor=world.actor("supervisor"),
        provider=directory.informal,
        values={
            "service_type": service_type("education"),
            "name": "Evening school",
            "quality_rating": 3,
            "quality_evidence": "Visit",
            "quality_assessed_on": timezone.localdate(),
        },
        areas_served=[directory.places["north_town"]],
    )
    event = AuditEvent.objects.get(action="service.created", target_id=str(service.pk))
    assert event.changes["quality_assessed_on"] == timezone.localdate().isoformat()


def test_feedback_comes_after_acceptance(world, directory):
    referral = sent(world, directory)
    with pytest.raises(ValidationError, match="accepted"):
        services.referral_feedback_add(
            actor=directory.actor("desk"), referral=referral, kind=FeedbackKind.PROGRESS, body="Hello"
        )


def test_requested_categories_are_kept_in_their_own_order(world, directory):
    referral = draft(world, directory, categories=[C.CASE_NOTES, C.IDENTITY, C.CONTACT_LOCATION])
    assert referral.requested_categories == [C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES]
