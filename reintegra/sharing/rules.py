"""What the sharing facts allow, read fresh on every request.

`reintegra/access/policy.py` decides; these helpers find the facts it decides on:
which protocol versions are sharing today, which categories they let a lead agency give
a partner ("channels"), and which consents or legal bases of a person cover a partner.
Nothing here is cached across requests, so a withdrawal or an expiry applies to the very
next request; within one request the protocol list is computed once (middleware).
"""

from collections import defaultdict
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.sharing.choices import ProtocolState, SharingPurpose
from reintegra.sharing.models import (
    SHARING_STATES,
    ProtocolVersion,
    SharingBasis,
    SharingBasisTerm,
    SharingProtocol,
    TermKind,
)

# Per-request memo of the live protocol versions (set and cleared by SharingMemoMiddleware).
request_memo: ContextVar[dict[Any, Any] | None] = ContextVar("sharing_memo", default=None)


@dataclass(frozen=True)
class Channel:
    """A live protocol version letting `lead` share `categories` with `partner`."""

    version: ProtocolVersion
    state: ProtocolState
    lead_agency_id: int
    partner_agency_id: int
    categories: frozenset[str]
    purposes: frozenset[str]

    @property
    def protocol_id(self) -> int:
        return self.version.protocol_id

    @property
    def reference(self) -> str:
        return str(self.version)


def _versions_query() -> "QuerySet[ProtocolVersion]":
    return (
        ProtocolVersion.objects.filter(opened_for_signature_at__isnull=False)
        .select_related("protocol")
        .prefetch_related("parties__signature", "parties__agency", "reviews")
        .order_by("protocol_id", "-number")
    )


def version_states(today: date | None = None) -> list[tuple[ProtocolVersion, ProtocolState]]:
    """Every version opened for signature with its state; newer fully signed versions
    supersede older ones of the same protocol."""
    today = today or timezone.localdate()
    memo = request_memo.get()
    key = "versions:{d}".format(d=today.isoformat())
    if memo is not None and key in memo:
        return memo[key]
    result, newest_signed = [], set()
    for version in _versions_query():
        signed = version.signed_on() is not None
        state = version.state(today, superseded=version.protocol_id in newest_signed)
        if signed:
            newest_signed.add(version.protocol_id)
        result.append((version, state))
    if memo is not None:
        memo[key] = result
    return result


def channels_to(partner_agency_id: int, today: date | None = None) -> dict[int, list[Channel]]:
    """Channels into `partner_agency_id`, by lead agency: live versions where both are
    parties, limited to the categories the partner may receive."""
    channels: dict[int, list[Channel]] = defaultdict(list)
    for version, state in version_states(today):
        if state not in SHARING_STATES:
            continue
        parties = {party.agency_id: party for party in version.parties.all()}
        partner = parties.get(partner_agency_id)
        if partner is None:
            continue
        receives = frozenset(partner.receives) & frozenset(version.categories)
        if not receives:
            continue
        for lead_id in parties:
            if lead_id != partner_agency_id:
                channels[lead_id].append(
                    Channel(version, state, lead_id, partner_agency_id, receives, frozenset(version.purposes))
                )
    return channels


def _terms(kind: str, values: Iterable[str]) -> Exists:
    return Exists(
        SharingBasisTerm.objects.filter(basis_id=OuterRef("pk"), kind=kind, value__in=sorted(set(values)))
    )


def bases_for(
    channel: Channel, categories: Iterable[str], today: date | None = None
) -> "QuerySet[SharingBasis]":
    """Consents and legal bases in force that cover the channel's partner (directly or as
    a party of its protocol), one of `categories` and one of the channel's purposes."""
    return (
        SharingBasis.objects.in_force(today)
        .filter(
            Q(recipient_protocol_id=channel.protocol_id)
            | Q(
                pk__in=SharingBasis.recipient_agencies.through.objects.filter(
                    agency_id=channel.partner_agency_id
                ).values("sharingbasis_id")
            )
        )
        .filter(_terms(TermKind.CATEGORY, categories))
        .filter(_terms(TermKind.PURPOSE, channel.purposes))
    )


@dataclass
class PartnerAccess:
    """What a partner agency may see of one case today, and on what grounds."""

    categories: frozenset[str] = frozenset()
    channels: list[Channel] = field(default_factory=list)
    bases: list[SharingBasis] = field(default_factory=list)

    @property
    def protocol_ref(self) -> str:
        return ", ".join(sorted({c.reference for c in self.channels}))

    @property
    def basis_ref(self) -> str:
        return ", ".join(sorted({b.code for b in self.bases}))

    @property
    def review_overdue(self) -> bool:
        """Shared under a protocol past its review date (still within the grace period)."""
        return any(c.state == ProtocolState.REVIEW_OVERDUE for c in self.channels)


def _basis_categories(basis: SharingBasis) -> tuple[frozenset[str], frozenset[str]]:
    categories = frozenset(t.value for t in basis.terms.all() if t.kind == TermKind.CATEGORY)
    purposes = frozenset(t.value for t in basis.terms.all() if t.kind == TermKind.PURPOSE)
    return categories, purposes


def partner_access_many(
    cases: Iterable[Any], partner_agency_id: int, today: date | None = None
) -> dict[UUID, PartnerAccess]:
    """Partner access for several cases with one query for all their people's bases."""
    cases = list(cases)
    channels = channels_to(partner_agency_id, today)
    relevant = [c for c in cases if channels.get(c.lead_agency_id)]
    bases_by_person: dict[UUID, list[SharingBasis]] = defaultdict(list)
    if relevant:
        bases = (
            SharingBasis.objects.in_force(today)
            .filter(person_id__in={c.person_id for c in relevant})
            .prefetch_related("terms", "recipient_agencies")
        )
        for basis in bases:
            bases_by_person[basis.person_id].append(basis)
    result: dict[UUID, PartnerAccess] = {}
    for case in cases:
        access = PartnerAccess()
        granted: set[str] = set()
        for channel in channels.get(case.lead_agency_id, []):
            for basis in bases_by_person.get(case.person_id, []):
                to_partner = basis.recipient_protocol_id == channel.protocol_id or any(
                    a.pk == partner_agency_id for a in basis.recipient_agencies.all()
                )
                categories, purposes = _basis_categories(basis)
                allowed = channel.categories & categories
                if to_partner and purposes & channel.purposes and allowed:
                    granted |= allowed
                    access.channels.append(channel)
                    access.bases.append(basis)
        access.categories = frozenset(granted)
        result[case.pk] = access
    return result


def community_actor_categories(case: Any, provider_id: int, today: date | None = None) -> frozenset[str]:
    """What a community actor without accounts may receive of `case` today, on a referral
    sheet: the categories of the person's bases in force that name this actor and include
    the purpose of providing a referred service. No protocol can cover such an actor, so
    nothing else lets anything through; a withdrawal stops it on the next print."""
    granted: set[str] = set()
    bases = (
        SharingBasis.objects.in_force(today)
        .filter(person_id=case.person_id, recipient_community_actors__pk=provider_id)
        .prefetch_related("terms")
    )
    for basis in bases:
        categories, purposes = _basis_categories(basis)
        if SharingPurpose.SERVICE_PROVISION in purposes:
            granted |= categories
    return frozenset(granted)


def partner_access(case: Any, partner_agency_id: int, today: date | None = None) -> PartnerAccess:
    """What `partner_agency_id` may see of `case` today (protocol AND consent or legal basis).
    Within a request, `prefetch_partner_access` may have answered it already."""
    memo = request_memo.get()
    key = ("access", case.pk, partner_agency_id)
    if memo is not None and key in memo:
        return memo[key]
    access = partner_access_many([case], partner_agency_id, today)[case.pk]
    if memo is not None:
        memo[key] = access
    return access


def prefetch_partner_access(cases: Iterable[Any], partner_agency_id: int) -> None:
    """Answer `partner_access` for a page of cases in one go (lists), when in a request."""
    memo = request_memo.get()
    others = [c for c in cases if c.lead_agency_id != partner_agency_id]
    if memo is None or not others:
        return
    for case_pk, access in partner_access_many(others, partner_agency_id).items():
        memo[("access", case_pk, partner_agency_id)] = access


@dataclass
class Explanation:
    """Why sharing a case with a partner can or cannot proceed, in words for the case worker."""

    partner_name: str
    categories: frozenset[str]
    blockers: list[str]
    warnings: list[str]
    by_category: dict[str, str]


def explain(case: Any, partner: Any, today: date | None = None) -> Explanation:
    """Name exactly what is missing: a protocol, a party's signature, an overdue review,
    consent for a category."""
    today = today or timezone.localdate()
    access = partner_access(case, partner.pk, today)
    blockers: list[str] = []
    warnings: list[str] = []
    common = [
        (version, state)
        for version, state in version_states(today)
        if {p.agency_id for p in version.parties.all()} >= {case.lead_agency_id, partner.pk}
    ]
    drafts = list(
        ProtocolVersion.objects.filter(opened_for_signature_at__isnull=True, parties__agency=partner)
        .filter(parties__agency_id=case.lead_agency_id)
        .select_related("protocol")
        .distinct()
    )
    if not common:
        if drafts:
            blockers.extend(
                _("Protocol {v} is still a draft: it has not been opened for signature.").format(v=v)
                for v in drafts
            )
        else:
            blockers.append(
                _("No information-sharing protocol includes both {lead} and {partner}.").format(
                    lead=case.lead_agency, partner=partner
                )
            )
    for version, state in common:
        if state == ProtocolState.SIGNING:
            missing = ", ".join(str(p.agency) for p in version.parties.all() if not hasattr(p, "signature"))
            blockers.append(
                _("Protocol {v} is not yet signed by: {agencies}.").format(v=version, agencies=missing)
            )
        elif state == ProtocolState.NOT_YET:
            blockers.append(_("Protocol {v} comes into force on {d}.").format(v=version, d=version.starts_on))
        elif state == ProtocolState.EXPIRED:
            blockers.append(_("Protocol {v} has expired or was ended.").format(v=version))
        elif state == ProtocolState.SUSPENDED:
            blockers.append(
                _("Protocol {v} was due for review on {d}; sharing stopped after the grace period.").format(
                    v=version, d=version.next_review_on()
                )
            )
        elif state == ProtocolState.REVIEW_OVERDUE:
            warnings.append(
                _("Protocol {v} was due for review on {d}: review it before the grace period ends.").format(
                    v=version, d=version.next_review_on()
                )
            )
    channels = channels_to(partner.pk, today).get(case.lead_agency_id, [])
    offered = frozenset().union(*[c.categories for c in channels]) if channels else frozenset()
    if common and channels and not offered:
        blockers.append(
            _("The protocol does not let {partner} receive any category.").format(partner=partner)
        )
    by_category: dict[str, str] = {}
    withdrawn = list(
        SharingBasis.objects.filter(person_id=case.person_id, withdrawn_at__isnull=False).order_by(
            "-withdrawn_at"
        )
    )
    for category in sorted(offered):
        if category in access.categories:
            by_category[category] = _("shared")
        else:
            by_category[category] = _("no consent or legal basis covers it for this partner")
    if channels and offered and not access.categories:
        blockers.append(
            _(
                "No consent or legal basis of this person covers {partner} "
                "for the categories the protocol allows."
            ).format(partner=partner)
        )
    for basis in withdrawn[:3]:
        warnings.append(
            _("Consent {code} was withdrawn on {d}.").format(
                code=basis.code, d=timezone.localdate(basis.withdrawn_at)
            )
        )
    return Explanation(str(partner), access.categories, blockers, warnings, by_category)


def protocol_list_states(today: date | None = None) -> dict[int, tuple[ProtocolVersion, ProtocolState]]:
    """The version that matters for each protocol (in force, else the newest) and its state."""
    states: dict[int, tuple[ProtocolVersion, ProtocolState]] = {}
    for version, state in version_states(today):
        current = states.get(version.protocol_id)
        if current is None or (current[1] not in SHARING_STATES and state in SHARING_STATES):
            states[version.protocol_id] = (version, state)
    return states


def protocols_of(agency_id: int) -> "QuerySet[SharingProtocol]":
    """Protocols the agency coordinates or is a party to (any version)."""
    return SharingProtocol.objects.filter(
        Q(coordinating_agency_id=agency_id) | Q(versions__parties__agency_id=agency_id)
    ).distinct()
