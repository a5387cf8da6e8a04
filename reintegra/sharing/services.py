"""Writes about information sharing: protocols and their signatures and reviews,
consents and legal bases, break-glass access. Every one is audited.

Callers check who may act (reintegra/access/policy.py) and step-up authentication for
signing and breaking the glass; services re-check what only they can know: the state of
the protocol, the frozen content a signature is bound to, the dates.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.access import policy
from reintegra.accounts.choices import MembershipRole
from reintegra.accounts.models import Agency, User
from reintegra.cases.choices import TaskStatus
from reintegra.cases.models import Case, Task
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.codes import new_code
from reintegra.core.notify import notify_on_commit, site_link
from reintegra.core.services import StaleEditError
from reintegra.people.models import Person
from reintegra.services.choices import ProviderKind
from reintegra.services.models import Provider
from reintegra.sharing.choices import CONSENT_KINDS, ProtocolState, ReviewOutcome
from reintegra.sharing.models import (
    BreakGlassGrant,
    ProtocolParty,
    ProtocolReview,
    ProtocolSignature,
    ProtocolVersion,
    SharingBasis,
    SharingBasisTerm,
    SharingProtocol,
    TermKind,
)
from reintegra.sharing.rules import version_states

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

VERSION_FIELDS = (
    "purpose_text",
    "purposes",
    "categories",
    "arrangements",
    "legal_basis_text",
    "coordinator",
    "starts_on",
    "expires_on",
    "review_interval_months",
    "review_grace_days",
)
PARTY_FIELDS = ("tasks", "holds", "needs", "receives")
ALLOWED_FORM_TYPES = {"application/pdf": b"%PDF", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG"}
MAX_FORM_BYTES = 5 * 1024 * 1024


def _refuse_unless_draft(version: ProtocolVersion) -> None:
    if version.opened_for_signature_at is not None:
        raise ValidationError(
            _(
                "This version is open for signature and can no longer be changed. "
                "Amend it to make a new version."
            )
        )


def _unique_code(model: type[SharingProtocol] | type[SharingBasis], prefix: str) -> str:
    while True:
        code = new_code(prefix)
        if not model.objects.filter(code=code).exists():
            return code


@transaction.atomic
def protocol_create(*, actor: Actor, title: str, values: Mapping[str, Any]) -> ProtocolVersion:
    """Start a protocol coordinated by the actor's agency, as a draft version 1 with the
    coordinating agency as its first party."""
    if not policy.may_manage_protocols(actor):
        raise PermissionDenied(_("Your role does not allow drafting information-sharing protocols."))
    protocol = SharingProtocol(
        code=_unique_code(SharingProtocol, "ISP"),
        title=title.strip(),
        coordinating_agency_id=actor.agency_pk,
        created_by_id=actor.user_pk,
    )
    protocol.full_clean()
    protocol.save()
    version = ProtocolVersion(
        protocol=protocol, number=1, created_by_id=actor.user_pk, **_version_values(values)
    )
    version.full_clean()
    version.save()
    audit_record(actor=actor, action="protocol.created", target=version, changes={"title": protocol.title})
    return version


def _version_values(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in VERSION_FIELDS}


@transaction.atomic
def version_update(
    *, actor: Actor, version: ProtocolVersion, values: Mapping[str, Any], opened_at: Any = None
) -> ProtocolVersion:
    """Change a draft. `opened_at` is the `updated_at` the form was opened with: a draft
    saved by someone else since is refused, like any stale edit."""
    current = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_unless_draft(current)
    if opened_at is not None and current.updated_at.isoformat() != str(opened_at):
        raise StaleEditError()
    for name, value in _version_values(values).items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    audit_record(actor=actor, action="protocol.updated", target=current, changes={"fields": sorted(values)})
    return current


@transaction.atomic
def party_save(
    *, actor: Actor, version: ProtocolVersion, agency: Agency, values: Mapping[str, Any]
) -> ProtocolParty:
    """Add an agency to a draft, or change what it does, holds, needs and may receive."""
    _refuse_unless_draft(version)
    party = ProtocolParty.objects.filter(version=version, agency=agency).first() or ProtocolParty(
        version=version, agency=agency
    )
    for name in PARTY_FIELDS:
        if name in values:
            setattr(party, name, values[name])
    party.full_clean()
    party.save()
    audit_record(
        actor=actor,
        action="protocol.party_saved",
        target=version,
        changes={"agency": agency.pk, "receives": sorted(party.receives)},
    )
    return party


@transaction.atomic
def party_remove(*, actor: Actor, party: ProtocolParty) -> None:
    """Take an agency out of a draft (not the coordinating agency)."""
    version = party.version
    _refuse_unless_draft(version)
    if party.agency_id == version.protocol.coordinating_agency_id:
        raise ValidationError(_("The coordinating agency stays a party to its protocol."))
    agency_id = party.agency_id
    party.delete()
    audit_record(actor=actor, action="protocol.party_removed", target=version, changes={"agency": agency_id})


@transaction.atomic
def version_open_for_signature(*, actor: Actor, version: ProtocolVersion) -> ProtocolVersion:
    """Freeze the content and ask every party to sign it."""
    current = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_unless_draft(current)
    parties = list(current.parties.all())
    if len(parties) < 2:
        raise ValidationError(_("A protocol needs at least two parties before it can be signed."))
    if current.protocol.coordinating_agency_id not in {p.agency_id for p in parties}:
        raise ValidationError(_("The coordinating agency must be a party."))
    if not any(p.receives for p in parties):
        raise ValidationError(_("No party may receive any category: there would be nothing to share."))
    current.opened_for_signature_at = timezone.now()
    current.content_hash = current.compute_content_hash()
    current.save(update_fields=["opened_for_signature_at", "content_hash", "updated_at"])
    audit_record(actor=actor, action="protocol.opened_for_signature", target=current)
    return current


@transaction.atomic
def protocol_sign(*, actor: Actor, party: ProtocolParty, signatory_title: str) -> ProtocolSignature:
    """The party's authorised signatory signs this exact version (content hash checked)."""
    version = ProtocolVersion.objects.select_for_update().get(pk=party.version_id)
    if not policy.may_sign_for(actor, party.agency_id):
        raise PermissionDenied(_("Only a supervisor or administrator of this agency signs for it."))
    if version.opened_for_signature_at is None:
        raise ValidationError(_("This version is still a draft: it has not been opened for signature."))
    if hasattr(party, "signature"):
        raise ValidationError(_("This agency has already signed this version."))
    if version.compute_content_hash() != version.content_hash:
        raise ValidationError(
            _("The protocol changed after it was opened for signature; it cannot be signed.")
        )
    if not signatory_title.strip():
        raise ValidationError({"signatory_title": _("Say in what capacity you sign.")})
    signature = ProtocolSignature.objects.create(
        party=party,
        signed_by_id=actor.user_pk,
        signatory_title=signatory_title.strip(),
        content_hash=version.content_hash,
    )
    audit_record(
        actor=actor,
        action="protocol.signed",
        target=version,
        changes={"agency": party.agency_id, "content_hash": version.content_hash},
    )
    return signature


@transaction.atomic
def protocol_review(
    *, actor: Actor, version: ProtocolVersion, outcome: str, notes: str, reviewed_on: date | None = None
) -> ProtocolReview:
    """Record the periodic review; the next review date moves on from it. Ending stops
    sharing at once; amending starts a new draft version."""
    if not policy.may_manage_protocol(actor, version.protocol):
        raise PermissionDenied(_("Only the coordinating agency reviews its protocol."))
    if version.signed_on() is None:
        raise ValidationError(_("Only a signed protocol can be reviewed."))
    if not notes.strip():
        raise ValidationError({"notes": _("Write down what the review found.")})
    review = ProtocolReview(
        version=version,
        reviewed_on=reviewed_on or timezone.localdate(),
        reviewed_by_id=actor.user_pk,
        outcome=outcome,
        notes=notes.strip(),
    )
    review.full_clean()
    review.save()
    if outcome == ReviewOutcome.END:
        version.ended_on = review.reviewed_on
        version.save(update_fields=["ended_on", "updated_at"])
    Task.objects.filter(title__startswith=_review_task_prefix(version), status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, completed_at=timezone.now()
    )
    audit_record(actor=actor, action="protocol.reviewed", target=version, changes={"outcome": outcome})
    if outcome == ReviewOutcome.AMEND:
        protocol_amend(actor=actor, version=version, note=notes)
    return review


@transaction.atomic
def protocol_amend(*, actor: Actor, version: ProtocolVersion, note: str) -> ProtocolVersion:
    """A new draft version copying this one (content and parties, not signatures). The
    current version stays in force until every party has signed the new one."""
    if not policy.may_manage_protocol(actor, version.protocol):
        raise PermissionDenied(_("Only the coordinating agency amends its protocol."))
    if version.protocol.versions.filter(opened_for_signature_at__isnull=True).exists():
        raise ValidationError(_("A draft amendment already exists: finish that one first."))
    number = (version.protocol.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    amended = ProtocolVersion(
        protocol=version.protocol,
        number=number,
        created_by_id=actor.user_pk,
        amendment_note=note,
        **{name: getattr(version, name) for name in VERSION_FIELDS},
    )
    amended.full_clean()
    amended.save()
    for party in version.parties.all():
        ProtocolParty.objects.create(
            version=amended,
            agency_id=party.agency_id,
            **{name: getattr(party, name) for name in PARTY_FIELDS},
        )
    audit_record(
        actor=actor, action="protocol.amended", target=amended, changes={"from_version": version.number}
    )
    return amended


def _review_task_prefix(version: ProtocolVersion) -> str:
    return "{code}: ".format(code=version.protocol.code)


def _notify(users: Iterable[User], subject: "StrPromise", values: Mapping[str, object], path: str) -> None:
    """E-mail carrying only a reference and a link, never personal data, in each
    recipient's language (`subject` is lazy, filled with `values`)."""
    link = site_link(path)

    def compose() -> tuple[str, str]:
        text = str(subject).format(**values)
        body = _("{subject}\n\nOpen Reintegra to see the details: {link}").format(subject=text, link=link)
        return text, body

    notify_on_commit(users, compose, path)


def protocol_review_reminders(*, today: date | None = None) -> int:
    """Remind each live protocol's coordinator before the review date (a task and an
    e-mail), once per due date; overdue protocols get the same reminder. Returns how many."""
    today = today or timezone.localdate()
    ahead = timedelta(days=settings.REINTEGRA_PROTOCOL_REMINDER_DAYS)
    system = Actor(user_id=None, name="Reintegra (reminders)")
    sent = 0
    for version, state in version_states(today):
        if state not in (ProtocolState.ACTIVE, ProtocolState.REVIEW_OVERDUE, ProtocolState.SUSPENDED):
            continue
        due = version.next_review_on()
        if due is None or due - today > ahead:
            continue
        title = "{prefix}{text}".format(
            prefix=_review_task_prefix(version),
            text=_("review the information-sharing protocol by {date}").format(date=due.isoformat()),
        )
        if Task.objects.filter(title=title).exists():
            continue
        with transaction.atomic():
            Task.objects.create(
                case=None,
                title=title,
                due_on=due,
                assignee_id=version.coordinator_id,
                created_by_id=version.coordinator_id,
                description=_("Review how the protocol works with the parties and record the review."),
            )
            audit_record(
                actor=system,
                action="protocol.review_reminded",
                target=version,
                changes={"due": due.isoformat()},
            )
            _notify(
                [version.coordinator],
                gettext_lazy("Protocol {code} is due for review on {date}"),
                {"code": version.protocol.code, "date": due},
                reverse("sharing:protocol_detail", kwargs={"protocol_id": version.protocol_id}),
            )
        sent += 1
    return sent


def _check_form(form: UploadedFile | None) -> None:
    if form is None:
        return
    if form.size is not None and form.size > MAX_FORM_BYTES:
        raise ValidationError({"form": _("The scanned form is larger than 5 MB.")})
    head = form.read(8)
    form.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_FORM_TYPES.values()):
        raise ValidationError({"form": _("Upload the scanned form as PDF, JPEG or PNG.")})


@transaction.atomic
def basis_record(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    categories: Iterable[str],
    purposes: Iterable[str],
    recipient_agencies: Iterable[Agency] = (),
    recipient_protocol: SharingProtocol | None = None,
    recipient_community_actors: Iterable[Provider] = (),
    form: UploadedFile | None = None,
    values: Mapping[str, Any] | None = None,
) -> SharingBasis:
    """Record a person's consent (or a guardian's), or a legal basis such as a court order.
    It applies from the next request on."""
    is_consent = kind in CONSENT_KINDS
    allowed = (
        policy.may_record_consent(actor, person)
        if is_consent
        else policy.may_record_legal_basis(actor, person)
    )
    if not allowed:
        raise PermissionDenied(
            _("You cannot record consent for this person.")
            if is_consent
            else _("Only a supervisor or data-protection officer of the lead agency records a legal basis.")
        )
    agencies, actors = list(recipient_agencies), list(recipient_community_actors)
    if not agencies and recipient_protocol is None and not actors:
        raise ValidationError(
            {"recipient_agencies": _("Choose the agencies, the protocol or the community actors it covers.")}
        )
    if any(actor_.kind != ProviderKind.INFORMAL for actor_ in actors):
        raise ValidationError(
            {"recipient_community_actors": _("Only community actors without accounts are named here.")}
        )
    categories, purposes = sorted(set(categories)), sorted(set(purposes))
    if not categories:
        raise ValidationError({"categories": _("Choose at least one category.")})
    if not purposes:
        raise ValidationError({"purposes": _("Choose at least one purpose.")})
    _check_form(form)
    basis = SharingBasis(
        code=_unique_code(SharingBasis, "SB"),
        person=person,
        kind=kind,
        recipient_protocol=recipient_protocol,
        recording_agency_id=actor.agency_pk,
        recorded_by_id=actor.user_pk,
        **dict(values or {}),
    )
    if form is not None:
        basis.form = form
    basis.full_clean()
    basis.save()
    basis.recipient_agencies.set(agencies)
    basis.recipient_community_actors.set(actors)
    SharingBasisTerm.objects.bulk_create(
        [SharingBasisTerm(basis=basis, kind=TermKind.CATEGORY, value=c) for c in categories]
        + [SharingBasisTerm(basis=basis, kind=TermKind.PURPOSE, value=p) for p in purposes]
    )
    audit_record(
        actor=actor,
        action="consent.recorded" if is_consent else "legal_basis.recorded",
        target=basis,
        person_id=person.pk,
        categories=categories,
        changes={
            "kind": kind,
            "purposes": purposes,
            "agencies": sorted(a.pk for a in agencies),
            "protocol": recipient_protocol.code if recipient_protocol else "",
            "community_actors": sorted(a.pk for a in actors),
        },
    )
    return basis


@transaction.atomic
def basis_withdraw(*, actor: Actor, basis: SharingBasis, reason: str) -> SharingBasis:
    """Withdraw a consent (or revoke a legal basis). Partners lose access on their next request."""
    current = SharingBasis.objects.select_for_update().get(pk=basis.pk)
    if current.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, or record the person's own words.")})
    current.withdrawn_at = timezone.now()
    current.withdrawn_by_id = actor.user_pk
    current.withdrawal_reason = reason.strip()
    current.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="consent.withdrawn",
        target=current,
        person_id=current.person_id,
        categories=[t.value for t in current.terms.filter(kind=TermKind.CATEGORY)],
    )
    return current


def _reviewers(case: Case) -> list[User]:
    """Who reviews break-glass access to a case: the lead agency's data-protection officers,
    or its supervisors when it has none."""
    for role in (MembershipRole.DATA_PROTECTION_OFFICER, MembershipRole.SUPERVISOR):
        users = list(
            User.objects.filter(
                memberships__agency_id=case.lead_agency_id,
                memberships__role=role,
                memberships__is_active=True,
                is_active=True,
            ).distinct()
        )
        if users:
            return users
    return []


@transaction.atomic
def break_glass_start(*, actor: Actor, case_code: str, reason: str) -> BreakGlassGrant:
    """Emergency read access to one case: a written reason, time-boxed, flagged in the audit
    trail, the data-protection officer alerted and a review task created."""
    if not policy.may_break_glass(actor):
        raise PermissionDenied(_("Your role does not allow emergency access."))
    if len(reason.strip()) < 20:
        raise ValidationError({"reason": _("Explain the emergency in at least a sentence (20 characters).")})
    case = Case.objects.filter(code__iexact=case_code.strip()).select_related("lead_agency").first()
    if case is None:
        audit_record(actor=actor, action="break_glass.refused", flagged=True, changes={"code_given": True})
        raise ValidationError({"case_code": _("No case has this code.")})
    hours = settings.REINTEGRA_BREAK_GLASS_HOURS
    grant = BreakGlassGrant(
        case=case,
        user_id=actor.user_pk,
        agency_id=actor.agency_pk,
        reason=reason.strip(),
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    grant.full_clean()
    grant.save()
    audit_record(
        actor=actor,
        action="break_glass.started",
        target=grant,
        target_repr=case.code,
        person_id=case.person_id,
        case_id=case.pk,
        flagged=True,
        purpose="break_glass",
        changes={"hours": hours},
    )
    reviewers = _reviewers(case)
    today = timezone.localdate()
    for reviewer in reviewers:
        Task.objects.create(
            case=None,
            assignee=reviewer,
            created_by_id=actor.user_pk,
            due_on=today + timedelta(days=2),
            title=_("Review emergency access {ref} to case {code}").format(
                ref=str(grant.pk)[:8], code=case.code
            ),
            description=_(
                "Someone broke the glass. Check the reason and the records opened, then record a review."
            ),
        )
    _notify(
        reviewers,
        gettext_lazy("Emergency access {ref} to a case of your agency needs review"),
        {"ref": str(grant.pk)[:8]},
        reverse("sharing:break_glass_review", kwargs={"grant_id": grant.pk}),
    )
    return grant


@transaction.atomic
def break_glass_end(*, actor: Actor, grant: BreakGlassGrant) -> BreakGlassGrant:
    """The holder ends their emergency access before it expires."""
    if grant.user_id != actor.user_id:
        raise PermissionDenied(_("Only the holder ends their emergency access."))
    if grant.ended_at is None:
        grant.ended_at = timezone.now()
        grant.save(update_fields=["ended_at"])
        audit_record(
            actor=actor, action="break_glass.ended", target=grant, case_id=grant.case_id, flagged=True
        )
    return grant


@transaction.atomic
def break_glass_review(*, actor: Actor, grant: BreakGlassGrant, outcome: str, notes: str) -> BreakGlassGrant:
    """The data-protection officer records whether the emergency access was justified."""
    if not policy.may_review_break_glass(actor, grant):
        raise PermissionDenied(
            _("Only the lead agency's data-protection officer or a supervisor reviews this.")
        )
    if grant.reviewed_at is not None:
        raise ValidationError(_("This access has already been reviewed."))
    if not notes.strip():
        raise ValidationError({"notes": _("Write down what the review found.")})
    grant.reviewed_by_id = actor.user_pk
    grant.reviewed_at = timezone.now()
    grant.review_outcome = outcome
    grant.review_notes = notes.strip()
    grant.full_clean()
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_outcome", "review_notes"])
    if grant.is_open:
        grant.ended_at = timezone.now()  # a reviewed grant is closed
        grant.save(update_fields=["ended_at"])
    Task.objects.filter(title__contains=str(grant.pk)[:8], status=TaskStatus.OPEN, case__isnull=True).update(
        status=TaskStatus.DONE, completed_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="break_glass.reviewed",
        target=grant,
        case_id=grant.case_id,
        changes={"outcome": outcome},
    )
    return grant


def partner_staff(agency: Agency) -> "Iterable[User]":
    """Staff of a partner agency who can be put on a case team."""
    return (
        User.objects.filter(
            memberships__agency=agency,
            memberships__is_active=True,
            is_active=True,
            memberships__role__in=[
                MembershipRole.SERVICE_PROVIDER_STAFF,
                MembershipRole.CASE_WORKER,
                MembershipRole.MENTOR,
                MembershipRole.PSYCHOLOGIST,
                MembershipRole.RELIGIOUS_COUNSELLOR,
            ],
        )
        .distinct()
        .order_by("display_name", "username")
    )
