"""Demo sharing: three information-sharing protocols in different states, the PAVE family's
consents (one withdrawn, one a guardian's), partners on their teams who see some things and
not others, and two break-glass accesses (one reviewed, one waiting for the DPO).

Built through the services, like a user would, then dated into the past where the story
needs it (signatures months ago, a review now overdue). Built before the referrals, so
what travels with them follows the protocols and consents.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.models import Membership
from reintegra.cases import selectors as case_selectors
from reintegra.cases import services as case_services
from reintegra.cases.choices import CaseRole
from reintegra.cases.models import Case
from reintegra.core.actors import Actor
from reintegra.core.choices import DataCategory as C
from reintegra.core.notify import suppressed
from reintegra.sharing import services
from reintegra.sharing.choices import BasisKind, BreakGlassReview, ConsentMethod
from reintegra.sharing.choices import SharingPurpose as P
from reintegra.sharing.models import BreakGlassGrant, ProtocolSignature, ProtocolVersion

if TYPE_CHECKING:
    from reintegra.demo.world import World

#: Who signs for each agency (given a signatory role here if they lack one).
SIGNATORIES = {
    "nccr": ("layla.supervisor", None, "Director of the coordination centre"),
    "bridges": ("walid.bridges", R.AGENCY_ADMIN, "Executive director"),
    "health": ("selma.health", R.SUPERVISOR, "Head of the psychosocial support unit"),
    "imams": ("imam.hassan", R.SUPERVISOR, "Secretary of the council"),
    "vocational": ("adil.vocational", R.AGENCY_ADMIN, "Director of the training centre"),
    "women": ("zahra.women", R.AGENCY_ADMIN, "President of the forum"),
    "prison": ("driss.supervisor", None, "Head of the rehabilitation department"),
    "probation": ("samir.supervisor", None, "Regional probation director"),
    "welfare": ("fouad.welfare", None, "Director of the Family Directorate"),
}

PAVE_PARTIES = [
    ("nccr", "Coordinates the programme and leads the cases; keeps the case file.",
     [C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES, C.FAMILY_CHILDREN, C.HEALTH_PSYCHOSOCIAL,
      C.BELIEF_IDEOLOGY, C.LEGAL_STATUS]),
    ("bridges", "Civil documents, family mediation and support groups for returning families.",
     [C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES, C.FAMILY_CHILDREN]),
    ("health", "Psychosocial and trauma-focused care on referral.",
     [C.IDENTITY, C.CASE_NOTES, C.HEALTH_PSYCHOSOCIAL]),
    ("imams", "Religious dialogue and guidance, only at the person's request.",
     [C.IDENTITY, C.BELIEF_IDEOLOGY]),
    ("vocational", "Vocational training places and attendance.", [C.IDENTITY, C.CASE_NOTES]),
    ("women", "Peer support circles for women.", [C.IDENTITY, C.CASE_NOTES]),
]  # fmt: skip

#: PAVE step 3: what each party holds and can share, and what it needs from whom.
HOLDS_NEEDS = {
    "nccr": ("The case file: identity, family, assessments, plans and notes.",
             "Attendance and progress from each service; alerts about safety."),
    "bridges": ("Civil-registration files; attendance at groups.",
                "Who the family members are and how to reach them; the children's documents."),
    "health": ("Clinical records (kept in the health system, not shared).",
               "Why the person is referred and what the case team has observed."),
    "imams": ("Attendance at dialogue sessions, with the person's agreement.",
              "Whether the person asked for religious guidance."),
    "vocational": ("Enrolment and attendance.", "Who is referred and any constraints on schedule."),
    "women": ("Attendance at circles.", "Who is referred and how to reach them safely."),
    "prison": ("Sentence dates, custody programmes, conduct in custody.",
               "The rehabilitation plan to continue in custody."),
    "probation": ("Conditions and check-ins after release.", "Release dates and the plan after release."),
    "welfare": ("Child-protection assessments.", "Which children need protection and why."),
}  # fmt: skip


def _signatory(world: "World", key: str) -> Actor:
    from reintegra.demo.world import _actor

    username, role, _title = SIGNATORIES[key]
    user, agency = world.users[username], world.agencies[key]
    if role is not None:
        Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return _actor(user, agency)


def _protocol(
    world: "World",
    *,
    title: str,
    parties: Sequence[tuple[str, str, Sequence[str]]],
    purposes: list[str],
    purpose_text: str,
    legal_basis: str,
    starts_on: date,
    signed_days_ago: int | None,
    unsigned: tuple[str, ...] = (),
) -> ProtocolVersion:
    """A protocol coordinated by the NCCR, opened for signature and signed by every party
    except `unsigned`, `signed_days_ago` days ago (None: left as a draft)."""
    coordinator = world.actors[("layla.supervisor", "nccr")]
    version = services.protocol_create(
        actor=coordinator,
        title=title,
        values={
            "purpose_text": purpose_text,
            "purposes": purposes,
            "categories": sorted({c for _key, _tasks, receives in parties for c in receives}),
            "arrangements": (
                "Requests go through the case manager; records travel only through Reintegra. "
                "Each party names a focal point; breaches are reported to the NCCR within 24 hours."
            ),
            "legal_basis_text": legal_basis,
            "coordinator": world.users["layla.supervisor"],
            "starts_on": starts_on,
            "review_interval_months": 3,
            "review_grace_days": 30,
        },
    )
    for key, tasks, receives in parties:
        services.party_save(
            actor=coordinator,
            version=version,
            agency=world.agencies[key],
            values={
                "tasks": tasks,
                "holds": HOLDS_NEEDS[key][0],
                "needs": HOLDS_NEEDS[key][1],
                "receives": receives,
            },
        )
    if signed_days_ago is None:
        return version
    services.version_open_for_signature(actor=coordinator, version=version)
    for party in version.parties.select_related("agency"):
        key = next(k for k, a in world.agencies.items() if a.pk == party.agency_id)
        if key in unsigned:
            continue
        services.protocol_sign(actor=_signatory(world, key), party=party, signatory_title=SIGNATORIES[key][2])
    signed_at = timezone.now() - timedelta(days=signed_days_ago)
    ProtocolVersion.objects.filter(pk=version.pk).update(
        opened_for_signature_at=signed_at - timedelta(days=3)
    )
    ProtocolSignature.objects.filter(party__version=version).update(signed_at=signed_at)
    return version


def _consents(world: "World", pave: list[Case], pave_protocol: Any, today: date) -> None:
    karim = world.actors[("karim.caseworker", "nccr")]
    father, mother, son, daughter = (case.person for case in pave)
    services.basis_record(
        actor=karim,
        person=father,
        kind=BasisKind.CONSENT,
        categories=[C.IDENTITY, C.CASE_NOTES, C.HEALTH_PSYCHOSOCIAL, C.BELIEF_IDEOLOGY],
        purposes=[P.CASE_MANAGEMENT, P.SERVICE_PROVISION],
        recipient_protocol=pave_protocol,
        values={
            "valid_from": today - timedelta(days=40),
            "method": ConsentMethod.WRITTEN,
            "notes": "Explained in Bosnian with an interpreter; he wants his address kept at the NCCR.",
        },
    )
    services.basis_record(
        actor=karim,
        person=mother,
        kind=BasisKind.CONSENT,
        categories=[C.IDENTITY, C.CASE_NOTES],
        purposes=[P.SERVICE_PROVISION],
        recipient_agencies=[world.agencies["women"], world.agencies["vocational"]],
        values={
            "valid_from": today - timedelta(days=30),
            "method": ConsentMethod.ORAL_WITNESSED,
            "witness": "Salma Idrissi (NCCR)",
        },
    )
    to_bridges = services.basis_record(
        actor=karim,
        person=mother,
        kind=BasisKind.CONSENT,
        categories=[C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES],
        purposes=[P.CASE_MANAGEMENT],
        recipient_agencies=[world.agencies["bridges"]],
        values={"valid_from": today - timedelta(days=30), "method": ConsentMethod.WRITTEN},
    )
    services.basis_withdraw(
        actor=karim,
        basis=to_bridges,
        reason="She does not want the association to hold her notes while her brother volunteers there.",
    )
    for child in (son, daughter):
        services.basis_record(
            actor=karim,
            person=child,
            kind=BasisKind.GUARDIAN_CONSENT,
            categories=[C.IDENTITY, C.FAMILY_CHILDREN],
            purposes=[P.SAFEGUARDING, P.SERVICE_PROVISION],
            recipient_agencies=[world.agencies["bridges"]],
            values={
                "valid_from": today - timedelta(days=30),
                "method": ConsentMethod.WRITTEN,
                "guardian": mother,
                "child_views": "Asked whether the new school will have football; happy to be registered.",
            },
        )


def _partners_on_teams(world: "World", pave: list[Case]) -> None:
    karim = world.actors[("karim.caseworker", "nccr")]
    father_case, mother_case = pave[0], pave[1]
    # Sees Emir's identity and case notes: the protocol lets Bridges receive contact details
    # too, but his consent does not cover them.
    case_services.case_team_add_partner(
        actor=karim,
        case=father_case,
        user=world.users["aicha.bridges"],
        agency_id=world.agencies["bridges"].pk,
        role=CaseRole.SERVICE_PROVIDER,
    )
    # Sees nothing of Amela: her consent names the women's forum and the training centre only.
    case_services.case_team_add_partner(
        actor=karim,
        case=mother_case,
        user=world.users["morchida.khadija"],
        agency_id=world.agencies["imams"].pk,
        role=CaseRole.RELIGIOUS_COUNSELLOR,
    )


def _break_glass(world: "World", pave: list[Case]) -> None:
    """One emergency access reviewed as justified, one waiting for the DPO's review."""
    hafsa = world.actors[("hafsa.caseworker", "prison")]
    grant = services.break_glass_start(
        actor=hafsa,
        case_code=pave[0].code,
        reason="Emir Hodžić was brought to the remand centre overnight after a police check; "
        "intake needs to know about his health follow-up before the morning.",
    )
    case_selectors.case_read(actor=hafsa, case_id=pave[0].pk)
    services.break_glass_review(
        actor=world.actors[("sofia.dpo", "nccr")],
        grant=grant,
        outcome=BreakGlassReview.JUSTIFIED,
        notes="Police record of the check on file; released without charge the next day. Proportionate.",
    )
    days = timedelta(days=12)
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        started_at=grant.started_at - days,
        expires_at=grant.expires_at - days,
        ended_at=(grant.ended_at or grant.expires_at) - days,
        reviewed_at=timezone.now() - timedelta(days=11),
    )
    amal = world.actors[("amal.caseworker", "probation")]
    pending = services.break_glass_start(
        actor=amal,
        case_code=pave[1].code,
        reason="Neighbours reported threats against the family at the probation office; "
        "I need to check whether a safety plan exists.",
    )
    case_selectors.case_read(actor=amal, case_id=pave[1].pk)
    services.break_glass_end(actor=amal, grant=pending)


def build(world: "World", *, pave_cases: list[Case], today: date) -> dict[str, int]:
    """Protocols, consents, partners on teams and break-glass; returns counts for the log.
    The e-mails the services would send (alerts, reminders) are not sent."""
    with suppressed():
        pave = _protocol(
            world,
            title="Returning families: coordinated support in the coastal province",
            parties=PAVE_PARTIES,
            purposes=[P.CASE_MANAGEMENT, P.SERVICE_PROVISION, P.SAFEGUARDING],
            purpose_text=(
                "Coordinate support for people returning from conflict zones and their children, "
                "so each partner knows what it needs for its part and nothing more."
            ),
            legal_basis=(
                "Consent of each person (or a guardian's for a child), under the national data-protection "
                "law; the NCCR's founding decree for coordination."
            ),
            starts_on=today - timedelta(days=60),
            signed_days_ago=58,
        )
        _protocol(
            world,
            title="Custody and supervision handover",
            parties=[
                (
                    "nccr",
                    "Leads the rehabilitation case before and after release.",
                    [C.IDENTITY, C.CASE_NOTES, C.LEGAL_STATUS, C.RISK_ASSESSMENT],
                ),
                (
                    "prison",
                    "Shares release dates and progress in custody programmes.",
                    [C.IDENTITY, C.LEGAL_STATUS, C.CASE_NOTES],
                ),
                (
                    "probation",
                    "Supervises conditions after release.",
                    [C.IDENTITY, C.LEGAL_STATUS, C.CASE_NOTES, C.RISK_ASSESSMENT],
                ),
            ],
            purposes=[P.JUSTICE, P.RISK_MANAGEMENT, P.CASE_MANAGEMENT],
            purpose_text="Continuity between custody, release and supervision in the community.",
            legal_basis="Code of criminal procedure (sentence execution); court orders for each person.",
            starts_on=today - timedelta(days=110),
            signed_days_ago=105,
        )
        _protocol(
            world,
            title="Child protection referrals to the Family Directorate",
            parties=[
                (
                    "nccr",
                    "Refers children of returning families who need protection.",
                    [C.IDENTITY, C.FAMILY_CHILDREN, C.CASE_NOTES],
                ),
                (
                    "welfare",
                    "Assesses children's needs and arranges schooling and documents.",
                    [C.IDENTITY, C.FAMILY_CHILDREN],
                ),
            ],
            purposes=[P.SAFEGUARDING],
            purpose_text="Protect children of returning families and secure their documents and schooling.",
            legal_basis="Child protection code, duty to report.",
            starts_on=today,
            signed_days_ago=2,
            unsigned=("welfare",),
        )
        _consents(world, pave_cases, pave.protocol, today)
        _partners_on_teams(world, pave_cases)
        _break_glass(world, pave_cases)
        reminders = services.protocol_review_reminders(today=today)
    return {"protocols": 3, "reminders": reminders}
