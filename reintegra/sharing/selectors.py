"""Reads about sharing, through the access policy: protocols, consents, break-glass,
what a partner would see of a case, and subject-access reports."""

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.models import Agency
from reintegra.cases.models import Case
from reintegra.cases.selectors import case_get
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.models import AuditEvent, AuditSubject
from reintegra.core.selectors import get_or_404
from reintegra.people.models import Person
from reintegra.sharing import rules
from reintegra.sharing.choices import CONSENT_KINDS, LEGAL_KINDS, ProtocolState
from reintegra.sharing.models import (
    BreakGlassGrant,
    ProtocolParty,
    ProtocolVersion,
    SharingBasis,
    SharingProtocol,
)


def protocol_list(*, actor: Actor) -> QuerySet[SharingProtocol]:
    """Protocols the actor's agency coordinates or is a party to."""
    return SharingProtocol.objects.filter(policy.protocol_scope(actor)).select_related("coordinating_agency")


def protocol_get(*, actor: Actor, protocol_id: int | str) -> SharingProtocol:
    """One protocol, or 404 for missing and not allowed alike."""
    return get_or_404(protocol_list(actor=actor), pk=protocol_id)


@dataclass
class VersionView:
    """A version with its state, parties (signature loaded) and reviews."""

    version: ProtocolVersion
    state: ProtocolState
    parties: list[ProtocolParty]
    next_review: Any
    is_current: bool = False


@dataclass
class ProtocolDetail:
    """The protocol page: versions, the one in force, a draft, what the actor may do."""

    protocol: SharingProtocol
    versions: list[VersionView]
    current: VersionView | None
    draft: VersionView | None
    can_manage: bool
    sign_for: list[ProtocolParty] = field(default_factory=list)


def _version_view(version: ProtocolVersion, state: ProtocolState) -> VersionView:
    parties = list(version.parties.all())
    return VersionView(version, state, parties, version.next_review_on() if version.signed_on() else None)


def protocol_detail(*, actor: Actor, protocol_id: int | str) -> ProtocolDetail:
    """Every version of a protocol with its state; which parties the actor may sign for."""
    protocol = protocol_get(actor=actor, protocol_id=protocol_id)
    states = {v.pk: s for v, s in rules.version_states()}
    versions = list(
        protocol.versions.select_related("coordinator").prefetch_related(
            Prefetch(
                "parties", queryset=ProtocolParty.objects.select_related("agency", "signature__signed_by")
            ),
            "reviews__reviewed_by",
        )
    )
    views = [_version_view(v, states.get(v.pk, ProtocolState.DRAFT)) for v in versions]
    live = [v for v in views if v.state in (ProtocolState.ACTIVE, ProtocolState.REVIEW_OVERDUE)]
    current = live[0] if live else next((v for v in views if v.state != ProtocolState.DRAFT), None)
    if current is not None:
        current.is_current = True
    draft = next((v for v in views if v.state == ProtocolState.DRAFT), None)
    sign_for = [
        p
        for v in views
        if v.state == ProtocolState.SIGNING
        for p in v.parties
        if not hasattr(p, "signature") and policy.may_sign_for(actor, p.agency_id)
    ]
    return ProtocolDetail(
        protocol, views, current, draft, policy.may_manage_protocol(actor, protocol), sign_for
    )


def protocol_states_for(protocols: list[SharingProtocol]) -> dict[int, tuple[ProtocolVersion, ProtocolState]]:
    """The version that matters for each protocol in a list, and its state."""
    states = rules.protocol_list_states()
    return {p.pk: states[p.pk] for p in protocols if p.pk in states}


def version_get(*, actor: Actor, version_id: int | str, manage: bool = False) -> ProtocolVersion:
    """A version of a protocol the actor may see (or, with `manage`, manage)."""
    version = get_or_404(
        ProtocolVersion.objects.filter(protocol__in=protocol_list(actor=actor)).select_related("protocol"),
        pk=version_id,
    )
    if manage and not policy.may_manage_protocol(actor, version.protocol):
        raise Http404
    return version


def party_get(*, actor: Actor, party_id: int | str) -> ProtocolParty:
    """A party of a protocol the actor may see."""
    return get_or_404(
        ProtocolParty.objects.filter(version__protocol__in=protocol_list(actor=actor)).select_related(
            "version__protocol", "agency"
        ),
        pk=party_id,
    )


def basis_list(*, actor: Actor, person: Person | None = None) -> QuerySet[SharingBasis]:
    """Consents and legal bases the actor may see (of one person, when given)."""
    bases = (
        SharingBasis.objects.filter(policy.basis_scope(actor))
        .select_related("recipient_protocol", "recorded_by", "recording_agency", "guardian")
        .prefetch_related("terms", "recipient_agencies", "recipient_community_actors")
    )
    return bases.filter(person=person) if person is not None else bases


def basis_kinds(actor: Actor, person: Person) -> list[str]:
    """The kinds of basis the actor may record for a person (none: they only read them)."""
    kinds: list[str] = list(CONSENT_KINDS) if policy.may_record_consent(actor, person) else []
    if policy.may_record_legal_basis(actor, person):
        kinds += list(LEGAL_KINDS)
    return kinds


def basis_get(*, actor: Actor, basis_id: UUID | str) -> SharingBasis:
    """One consent or legal basis, or 404."""
    return get_or_404(basis_list(actor=actor), pk=basis_id)


@dataclass
class PartnerView:
    """A partner agency on a case: who is on the team for it and what it sees today."""

    agency: Agency
    members: list[Any]
    explanation: rules.Explanation


def case_sharing(
    *, actor: Actor, case_id: UUID | str, partner: Agency | None = None
) -> tuple[Case, list[PartnerView], rules.Explanation | None]:
    """The "share with partner" page: partners already on the team, and what a chosen
    partner would see (or exactly what is missing). Only those who may change the case."""
    case = case_get(actor=actor, case_id=case_id, action=Action.CHANGE)
    members = list(
        case.team.filter(ended_at__isnull=True)
        .exclude(agency_id=case.lead_agency_id)
        .select_related("user", "agency")
    )
    by_agency: dict[int, list[Any]] = {}
    for member in members:
        by_agency.setdefault(member.agency_id, []).append(member)
    views = [PartnerView(ms[0].agency, ms, rules.explain(case, ms[0].agency)) for ms in by_agency.values()]
    chosen = rules.explain(case, partner) if partner is not None else None
    audit_record(
        actor=actor,
        action="case.sharing_checked",
        target=case,
        case_id=case.pk,
        person_id=case.person_id,
        changes={"partner": partner.pk if partner else None},
    )
    return case, views, chosen


def break_glass_list(*, actor: Actor) -> QuerySet[BreakGlassGrant]:
    """Grants the actor holds or reviews."""
    return BreakGlassGrant.objects.filter(policy.break_glass_scope(actor)).select_related(
        "case", "user", "agency", "reviewed_by"
    )


def break_glass_get(*, actor: Actor, grant_id: UUID | str) -> BreakGlassGrant:
    """One grant the actor holds or reviews, or 404."""
    return get_or_404(break_glass_list(actor=actor), pk=grant_id)


def break_glass_reads(grant: BreakGlassGrant) -> QuerySet[AuditEvent]:
    """What was opened under a grant: the flagged audit rows of its holder on that case."""
    return AuditEvent.objects.filter(
        actor_user_id=grant.user_id, case_id=grant.case_id, flagged=True,
        occurred_at__gte=grant.started_at,
    ).order_by("seq")  # fmt: skip


@dataclass
class DisclosureReport:
    """A subject-access report: every disclosure of one person's data."""

    person: Person
    events: list[AuditEvent]
    bases: list[SharingBasis]
    generated_at: Any


def disclosure_report(*, actor: Actor, person_id: UUID | str, fmt: str) -> DisclosureReport:
    """Everything the audit trail holds about who saw or changed a person's data, with the
    protocols and bases they did it under. Only those responsible for the person, or the
    lead agency's data-protection officer; creating the report is itself audited."""
    person = get_or_404(Person.objects.all(), pk=person_id)
    if not policy.disclosure_report_allowed(actor, person):
        raise Http404
    listed = AuditSubject.objects.filter(person_id=person.pk).values("event_id")
    events = list(AuditEvent.objects.filter(Q(person_id=person.pk) | Q(pk__in=listed)).order_by("seq"))
    bases = list(
        SharingBasis.objects.filter(person=person).prefetch_related(
            "terms", "recipient_agencies", "recipient_community_actors"
        )
    )
    audit_record(
        actor=actor,
        action="export.created",
        target=person,
        person_id=person.pk,
        changes={"report": "subject_access", "format": fmt, "rows": len(events)},
    )
    return DisclosureReport(person, events, bases, timezone.now())
