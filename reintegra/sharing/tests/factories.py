"""Protocols and consents in any state, for policy tests."""

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone

from reintegra.accounts.models import Agency, User
from reintegra.core.codes import new_code
from reintegra.people.models import Person
from reintegra.sharing.choices import BasisKind, ConsentMethod, SharingPurpose
from reintegra.sharing.models import (
    ProtocolParty,
    ProtocolSignature,
    ProtocolVersion,
    SharingBasis,
    SharingBasisTerm,
    SharingProtocol,
    TermKind,
)

#: Protocol states a test can ask for, and how each is made.
PROTOCOL_STATES = (
    "draft",
    "partly_signed",
    "active",
    "review_overdue",
    "suspended",
    "expired",
    "not_yet",
    "ended",
)
SHARING = ("active", "review_overdue")


def protocol_between(
    lead: Agency,
    partner: Agency,
    user: User,
    *,
    categories: Iterable[str],
    receives: Iterable[str],
    state: str = "active",
    purposes: Iterable[str] = (SharingPurpose.CASE_MANAGEMENT,),
) -> ProtocolVersion:
    """A protocol version between `lead` and `partner` in `state` (see PROTOCOL_STATES)."""
    today = timezone.localdate()
    now = timezone.now()
    signed_days_ago = {"review_overdue": 100, "suspended": 150}.get(state, 10)
    protocol = SharingProtocol.objects.create(
        code=new_code("ISP"), title="Test protocol", coordinating_agency=lead, created_by=user
    )
    version = ProtocolVersion.objects.create(
        protocol=protocol,
        number=1,
        purpose_text="Why",
        purposes=list(purposes),
        categories=list(categories),
        arrangements="How",
        legal_basis_text="Law",
        coordinator=user,
        starts_on=today + timedelta(days=10) if state == "not_yet" else today - timedelta(days=200),
        expires_on=today - timedelta(days=1) if state == "expired" else None,
        ended_on=today - timedelta(days=1) if state == "ended" else None,
        review_interval_months=3,
        review_grace_days=30,
        created_by=user,
    )
    parties = [
        ProtocolParty.objects.create(version=version, agency=lead, tasks="Lead", receives=list(categories)),
        ProtocolParty.objects.create(
            version=version, agency=partner, tasks="Partner", receives=list(receives)
        ),
    ]
    if state == "draft":
        return version
    version.opened_for_signature_at = now - timedelta(days=signed_days_ago + 1)
    version.content_hash = version.compute_content_hash()
    version.save()
    for party in parties if state != "partly_signed" else parties[:1]:
        ProtocolSignature.objects.create(
            party=party,
            signed_by=user,
            signatory_title="Director",
            content_hash=version.content_hash,
            signed_at=now - timedelta(days=signed_days_ago),
        )
    return version


#: Consent states a test can ask for.
BASIS_STATES = ("in_force", "withdrawn", "expired", "future", "other_agency", "other_purpose", "court_order")
COVERING = ("in_force", "court_order")


def basis_for(
    person: Person,
    *,
    recipient: Agency,
    other: Agency,
    user: User,
    recording_agency: Agency,
    categories: Iterable[str],
    state: str = "in_force",
    via_protocol: SharingProtocol | None = None,
) -> SharingBasis:
    """A consent (or legal basis) for `person` towards `recipient` in `state` (BASIS_STATES)."""
    today = timezone.localdate()
    kind = BasisKind.COURT_ORDER if state == "court_order" else BasisKind.CONSENT
    basis = SharingBasis.objects.create(
        code=new_code("SB"),
        person=person,
        kind=kind,
        method=ConsentMethod.WRITTEN,
        reference="Order 12/2026" if kind == BasisKind.COURT_ORDER else "",
        recipient_protocol=via_protocol,
        valid_from=today + timedelta(days=5) if state == "future" else today - timedelta(days=30),
        valid_to=today - timedelta(days=1) if state == "expired" else None,
        withdrawn_at=timezone.now() if state == "withdrawn" else None,
        recording_agency=recording_agency,
        recorded_by=user,
    )
    if via_protocol is None:
        basis.recipient_agencies.set([other if state == "other_agency" else recipient])
    purpose = SharingPurpose.SAFEGUARDING if state == "other_purpose" else SharingPurpose.CASE_MANAGEMENT
    SharingBasisTerm.objects.bulk_create(
        [SharingBasisTerm(basis=basis, kind=TermKind.CATEGORY, value=c) for c in categories]
        + [SharingBasisTerm(basis=basis, kind=TermKind.PURPOSE, value=purpose)]
    )
    return basis
