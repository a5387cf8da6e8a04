"""Sharing services: the protocol's life (draft, signatures, reviews, amendments), consent
and legal bases, break-glass, reminders. Every step audited."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from reintegra.access import policy
from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.tests.factories import member
from reintegra.cases.choices import CaseRole, TaskStatus
from reintegra.cases.models import Task
from reintegra.cases.tests.factories import TeamMemberFactory
from reintegra.core.choices import DataCategory as C
from reintegra.core.models import AuditEvent
from reintegra.sharing import rules, services
from reintegra.sharing.choices import BasisKind, ProtocolState, ReviewOutcome, SharingPurpose
from reintegra.sharing.models import ProtocolSignature, ProtocolVersion, _months_later
from reintegra.sharing.tests.factories import protocol_between

pytestmark = pytest.mark.django_db

VERSION = {
    "purpose_text": "Support returnees with services",
    "purposes": [SharingPurpose.CASE_MANAGEMENT],
    "categories": [C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES],
    "arrangements": "Monthly case meetings",
    "legal_basis_text": "Law 12 on reintegration",
    "starts_on": date(2026, 1, 1),
    "review_interval_months": 3,
    "review_grace_days": 30,
}


@pytest.fixture
def signed_protocol(world):
    """A protocol A↔B drafted, opened and signed through the services."""
    manager = world.actor("supervisor")
    version = services.protocol_create(
        actor=manager, title="A and B", values={**VERSION, "coordinator": world.users["supervisor"]}
    )
    services.party_save(
        actor=manager, version=version, agency=world.agency_a, values={"tasks": "Lead", "receives": []}
    )
    services.party_save(
        actor=manager,
        version=version,
        agency=world.agency_b,
        values={"tasks": "Services", "receives": [C.IDENTITY, C.CASE_NOTES]},
    )
    services.version_open_for_signature(actor=manager, version=version)
    for party in version.parties.all():
        signer = (
            world.actor("supervisor")
            if party.agency == world.agency_a
            else world.actor("other_supervisor", world.agency_b)
        )
        services.protocol_sign(actor=signer, party=party, signatory_title="Director")
    return ProtocolVersion.objects.get(pk=version.pk)


def _consent(world, **overrides):
    values = {
        "actor": world.actor("case_manager"),
        "person": world.case.person,
        "kind": BasisKind.CONSENT,
        "categories": [C.IDENTITY, C.CASE_NOTES, C.HEALTH_PSYCHOSOCIAL],
        "purposes": [SharingPurpose.CASE_MANAGEMENT],
        "recipient_agencies": [world.agency_b],
        "values": {"method": "written", "valid_from": timezone.localdate()},
    }
    values.update(overrides)
    return services.basis_record(**values)


def test_a_signed_protocol_is_active_and_audited(world, signed_protocol):
    assert signed_protocol.state() == ProtocolState.ACTIVE
    assert ProtocolSignature.objects.filter(party__version=signed_protocol).count() == 2
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("protocol.signed") == 2
    assert "protocol.opened_for_signature" in actions


def test_only_the_parties_signatories_sign(world):
    manager = world.actor("supervisor")
    version = services.protocol_create(
        actor=manager, title="T", values={**VERSION, "coordinator": world.users["supervisor"]}
    )
    services.party_save(
        actor=manager, version=version, agency=world.agency_a, values={"tasks": "Lead", "receives": []}
    )
    party_b = services.party_save(
        actor=manager, version=version, agency=world.agency_b, values={"tasks": "x", "receives": [C.IDENTITY]}
    )
    with pytest.raises(ValidationError, match="draft"):
        services.protocol_sign(
            actor=world.actor("other_supervisor", world.agency_b), party=party_b, signatory_title="D"
        )
    services.version_open_for_signature(actor=manager, version=version)
    for wrong in (
        world.actor("supervisor"),
        world.actor("other_worker", world.agency_b),
    ):  # other agency; no role
        with pytest.raises(PermissionDenied):
            services.protocol_sign(actor=wrong, party=party_b, signatory_title="D")
    services.protocol_sign(
        actor=world.actor("other_supervisor", world.agency_b), party=party_b, signatory_title="D"
    )
    with pytest.raises(ValidationError, match="already signed"):
        services.protocol_sign(
            actor=world.actor("other_supervisor", world.agency_b), party=party_b, signatory_title="D"
        )
    # half signed: not in force
    assert ProtocolVersion.objects.get(pk=version.pk).state() == ProtocolState.SIGNING


def test_content_is_frozen_once_open_and_a_changed_text_cannot_be_signed(world):
    manager = world.actor("supervisor")
    version = services.protocol_create(
        actor=manager, title="T", values={**VERSION, "coordinator": world.users["supervisor"]}
    )
    with pytest.raises(ValidationError, match="two parties"):
        services.version_open_for_signature(actor=manager, version=version)
    services.party_save(
        actor=manager, version=version, agency=world.agency_a, values={"tasks": "Lead", "receives": []}
    )
    party_b = services.party_save(
        actor=manager, version=version, agency=world.agency_b, values={"tasks": "x", "receives": [C.IDENTITY]}
    )
    services.version_open_for_signature(actor=manager, version=version)
    with pytest.raises(ValidationError, match="open for signature"):
        services.version_update(actor=manager, version=version, values={"purpose_text": "Other"})
    # someone edits the text behind the application's back: the signature is refused
    ProtocolVersion.objects.filter(pk=version.pk).update(purpose_text="Quietly changed")
    with pytest.raises(ValidationError, match="changed after"):
        services.protocol_sign(
            actor=world.actor("other_supervisor", world.agency_b), party=party_b, signatory_title="D"
        )


def test_receiving_a_category_outside_the_protocol_is_refused(world):
    manager = world.actor("supervisor")
    version = services.protocol_create(
        actor=manager, title="T", values={**VERSION, "coordinator": world.users["supervisor"]}
    )
    with pytest.raises(ValidationError):
        services.party_save(
            actor=manager,
            version=version,
            agency=world.agency_b,
            values={"tasks": "x", "receives": [C.RISK_ASSESSMENT]},
        )


def test_roles_that_may_not_draft_protocols(world):
    with pytest.raises(PermissionDenied):
        services.protocol_create(
            actor=world.actor("case_manager"),
            title="T",
            values={**VERSION, "coordinator": world.users["case_manager"]},
        )


def test_review_cycle_overdue_grace_suspension_and_review(world, signed_protocol):
    signed = signed_protocol.signed_on()
    due = signed_protocol.next_review_on()
    assert (
        due == date(signed.year + (signed.month + 2) // 12, (signed.month + 2) % 12 + 1, signed.day)
        or due > signed
    )
    assert signed_protocol.state(due + timedelta(days=1)) == ProtocolState.REVIEW_OVERDUE
    assert signed_protocol.state(due + timedelta(days=31)) == ProtocolState.SUSPENDED
    # reviewing moves the next review on
    services.protocol_review(
        actor=world.actor("supervisor"),
        version=signed_protocol,
        outcome=ReviewOutcome.CONTINUE,
        notes="Worked well",
        reviewed_on=due + timedelta(days=40),
    )
    assert signed_protocol.state(due + timedelta(days=41)) == ProtocolState.ACTIVE
    with pytest.raises(PermissionDenied):
        services.protocol_review(
            actor=world.actor("other_supervisor", world.agency_b),
            version=signed_protocol,
            outcome=ReviewOutcome.CONTINUE,
            notes="x",
        )


def test_amendment_keeps_the_old_version_in_force_until_fully_signed(world, signed_protocol):
    manager = world.actor("supervisor")
    amended = services.protocol_amend(actor=manager, version=signed_protocol, note="Add contact details")
    assert amended.number == 2
    assert {p.agency_id for p in amended.parties.all()} == {world.agency_a.pk, world.agency_b.pk}
    states = {v.pk: s for v, s in rules.version_states()}
    assert states[signed_protocol.pk] == ProtocolState.ACTIVE
    services.version_open_for_signature(actor=manager, version=amended)
    for party in amended.parties.all():
        signer = (
            manager if party.agency == world.agency_a else world.actor("other_supervisor", world.agency_b)
        )
        services.protocol_sign(actor=signer, party=party, signatory_title="Director")
    states = {v.pk: s for v, s in rules.version_states()}
    assert (states[signed_protocol.pk], states[amended.pk]) == (
        ProtocolState.SUPERSEDED,
        ProtocolState.ACTIVE,
    )


def test_ending_a_protocol_stops_sharing(world, signed_protocol):
    TeamMemberFactory(
        case=world.case,
        user=world.users["other_worker"],
        agency=world.agency_b,
        role=CaseRole.SERVICE_PROVIDER,
    )
    _consent(world)
    assert policy.shareable_categories(world.case, world.agency_b.pk) == {C.IDENTITY, C.CASE_NOTES}
    services.protocol_review(
        actor=world.actor("supervisor"),
        version=signed_protocol,
        outcome=ReviewOutcome.END,
        notes="Partnership ended",
    )
    assert policy.shareable_categories(world.case, world.agency_b.pk) == frozenset()


def test_consent_rules_and_withdrawal(world, signed_protocol):
    with pytest.raises(ValidationError) as error:
        _consent(world, values={"method": "oral_witnessed", "valid_from": timezone.localdate()})
    assert "witness" in error.value.message_dict
    with pytest.raises(ValidationError):
        _consent(world, recipient_agencies=[])
    with pytest.raises(PermissionDenied):
        _consent(world, actor=world.actor("mentor"))
    basis = _consent(world)
    assert policy.shareable_categories(world.case, world.agency_b.pk) == {C.IDENTITY, C.CASE_NOTES}
    services.basis_withdraw(
        actor=world.actor("case_manager"), basis=basis, reason="Does not want the NGO to know"
    )
    assert policy.shareable_categories(world.case, world.agency_b.pk) == frozenset()
    with pytest.raises(ValidationError, match="already"):
        services.basis_withdraw(actor=world.actor("case_manager"), basis=basis, reason="again")
    actions = list(AuditEvent.objects.filter(person_id=world.case.person_id).values_list("action", flat=True))
    assert "consent.recorded" in actions
    assert "consent.withdrawn" in actions


def test_legal_basis_needs_an_authorised_role_and_a_reference(world, signed_protocol):
    court = {"kind": BasisKind.COURT_ORDER, "values": {"valid_from": timezone.localdate(), "reference": ""}}
    with pytest.raises(PermissionDenied):
        _consent(world, **court)  # the case manager is not a supervisor or DPO
    with pytest.raises(ValidationError) as error:
        _consent(world, actor=world.actor("supervisor"), **court)
    assert "reference" in error.value.message_dict
    basis = _consent(
        world,
        actor=world.actor("supervisor"),
        kind=BasisKind.COURT_ORDER,
        values={"valid_from": timezone.localdate(), "reference": "Court 4/2026"},
    )
    assert AuditEvent.objects.filter(action="legal_basis.recorded", target_id=str(basis.pk)).exists()


def test_a_scanned_form_must_be_a_pdf_or_image(world, signed_protocol):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as error:
        _consent(world, form=SimpleUploadedFile("form.pdf", b"<script>not a pdf</script>"))
    assert "form" in error.value.message_dict
    basis = _consent(world, form=SimpleUploadedFile("form.pdf", b"%PDF-1.4 scanned"))
    assert basis.form.name


def test_break_glass_alerts_reviews_and_ends(world, mailoutbox, django_capture_on_commit_callbacks):
    dpo = member(world.agency_a, R.DATA_PROTECTION_OFFICER)
    holder = world.actor("colleague")
    with pytest.raises(ValidationError):
        services.break_glass_start(actor=holder, case_code=world.case.code, reason="urgent")
    with pytest.raises(ValidationError):
        services.break_glass_start(
            actor=holder, case_code="C-NOPE-NOPE", reason="A threat was reported tonight"
        )
    with pytest.raises(PermissionDenied):
        services.break_glass_start(
            actor=world.actor("mentor"), case_code=world.case.code, reason="A threat tonight here"
        )
    with django_capture_on_commit_callbacks(execute=True):
        grant = services.break_glass_start(
            actor=holder,
            case_code=world.case.code.lower(),
            reason="A threat was reported tonight by the family",
        )
    assert grant.is_open
    assert 3.9 < (grant.expires_at - grant.started_at).total_seconds() / 3600 <= 4
    event = AuditEvent.objects.get(action="break_glass.started")
    assert (event.flagged, event.case_id) == (True, world.case.pk)
    task = Task.objects.get(assignee=dpo)
    assert task.case is None
    assert str(grant.pk)[:8] in task.title
    # the alert carries a reference and a link, never the person's name or the reason
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [dpo.email]
    body = mailoutbox[0].subject + mailoutbox[0].body
    assert world.case.person.given_name_latin not in body
    assert "threat" not in body
    # the holder cannot review their own access; the DPO can, once
    with pytest.raises(PermissionDenied):
        services.break_glass_review(actor=holder, grant=grant, outcome="justified", notes="fine")
    from reintegra.accounts.tests.factories import actor_for

    services.break_glass_review(
        actor=actor_for(dpo, world.agency_a), grant=grant, outcome="justified", notes="Safety risk confirmed"
    )
    grant.refresh_from_db()
    assert grant.reviewed_at is not None
    assert not grant.is_open
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_review_reminders_once_per_due_date(
    world, signed_protocol, mailoutbox, django_capture_on_commit_callbacks
):
    due = signed_protocol.next_review_on()
    assert services.protocol_review_reminders(today=due - timedelta(days=30)) == 0  # too early
    with django_capture_on_commit_callbacks(execute=True):
        assert services.protocol_review_reminders(today=due - timedelta(days=10)) == 1
    assert services.protocol_review_reminders(today=due - timedelta(days=9)) == 0  # already reminded
    task = Task.objects.get(title__startswith=signed_protocol.protocol.code)
    assert task.assignee == world.users["supervisor"]
    assert task.due_on == due
    assert len(mailoutbox) == 1
    # reviewing closes the reminder
    services.protocol_review(
        actor=world.actor("supervisor"),
        version=signed_protocol,
        outcome=ReviewOutcome.CONTINUE,
        notes="ok",
        reviewed_on=due,
    )
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE
    assert mail.outbox is mailoutbox


def test_reminder_command_reminds_an_overdue_protocol_once(world):
    version = protocol_between(
        world.agency_a, world.agency_b, world.users["supervisor"], categories=[C.IDENTITY],
        receives=[C.IDENTITY], state="review_overdue",
    )  # fmt: skip
    out = StringIO()
    call_command("protocols_remind_reviews", stdout=out)
    call_command("protocols_remind_reviews", stdout=out)
    assert out.getvalue().splitlines() == [
        "Protocol review reminders sent: 1.",
        "Protocol review reminders sent: 0.",
    ]
    assert Task.objects.filter(title__startswith=version.protocol.code).count() == 1
    assert AuditEvent.objects.filter(action="protocol.review_reminded", channel="command").exists()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 8), 3, date(2026, 11, 8)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 12, date(2027, 12, 15)),
    ],
)
def test_review_dates_fall_on_the_same_day_months_later(day, months, expected):
    assert _months_later(day, months) == expected
