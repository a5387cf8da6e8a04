"""The demo's service directory and referrals (issue #5).

Providers: the demo agencies that offer services (Bridges, the vocational centre, the
health ministry's psychosocial unit, the imams' council, the women's forum, the welfare
directorate, the NCCR itself, the international office) and community actors without
accounts (an imam, a football school, a legal clinic, a family doctor…). Forty-odd services
across the four towns, some stale, some unwilling, with deliberate gaps (no mental-health
service in Kassara, no legal aid in Wadi Nour or Kassara) for the service-gap report.
Referrals in every state, starting with the PAVE family, with times spread over the past
weeks so answer times, overdue badges and alerts mean something.

Some desk roles are added for the demo: the health unit's psychologist, the women's
forum's mentor, a female preacher of the imams' council and the international office's
programme manager also handle their agency's referrals (service-provider staff).
"""

# The data tables below are wider than the line limit on purpose: one row per record reads best.
# ruff: noqa: E501

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from reintegra.accounts.choices import MembershipRole
from reintegra.accounts.models import Membership, User
from reintegra.cases.choices import OPEN_STAGES, CaseRole
from reintegra.cases.models import Case, CaseTeamMember
from reintegra.core.actors import Actor
from reintegra.core.choices import DataCategory as C
from reintegra.core.notify import suppressed
from reintegra.places.models import Place
from reintegra.services import services as referral_services
from reintegra.services import sla
from reintegra.services.choices import (
    Attendance,
    DeclineReason,
    EndReason,
    FeedbackKind,
    ProviderKind,
    ProviderType,
    ReferralPriority,
    ServiceOutcome,
)
from reintegra.services.choices import ReferralStatus as S
from reintegra.services.models import Provider, Referral, ReferralStatusChange, Service, ServiceType
from reintegra.sharing import services as sharing_services
from reintegra.sharing.choices import BasisKind, ConsentMethod, SharingPurpose

if TYPE_CHECKING:
    from reintegra.demo.world import World

# key, agency key (None: community actor), name, type, town, languages, focal point, role
PROVIDERS: list[tuple[str, str | None, str, str, str, list[str], str, str]] = [
    ("bridges", "bridges", "", ProviderType.CIVIL_SOCIETY, "port-amani", ["ar", "fr"], "Aicha Moussaoui", "Programme coordinator"),
    ("vocational", "vocational", "", ProviderType.ACADEMIC, "port-amani", ["ar", "fr"], "Adil Chraibi", "Admissions officer"),
    ("health", "health", "", ProviderType.GOVERNMENT, "bel-air", ["ar", "fr", "en"], "Dr Selma Hadzic", "Head of unit"),
    ("imams", "imams", "", ProviderType.FAITH, "port-amani", ["ar"], "Khadija Bensaid", "Coordinator of female preachers"),
    ("women", "women", "", ProviderType.COMMUNITY_GROUP, "wadi-nour", ["ar", "tzm"], "Zahra Ait Ali", "Facilitator"),
    ("welfare", "welfare", "", ProviderType.GOVERNMENT, "bel-air", ["ar", "fr"], "Fouad Kabbaj", "Family directorate"),
    ("nccr", "nccr", "", ProviderType.GOVERNMENT, "bel-air", ["ar", "fr", "en"], "Layla Benkirane", "Supervisor"),
    ("iors", "iors", "", ProviderType.INTERNATIONAL, "bel-air", ["en", "fr", "ar"], "Claire Dubois", "Programme manager"),
    ("imam_idris", None, "Imam Idris, Old Harbour Mosque", ProviderType.INDIVIDUAL, "port-amani", ["ar"], "Imam Idris", "Imam"),
    ("harbour_football", None, "Old Harbour Kids Football", ProviderType.COMMUNITY_GROUP, "port-amani", ["ar", "fr"], "Coach Samir", "Coach"),
    ("fishermen", None, "Port Amani Fishermen's Cooperative", ProviderType.PRIVATE_SECTOR, "port-amani", ["ar"], "Hamid Tazi", "Chair"),
    ("savings", None, "Amani Women's Savings Group", ProviderType.COMMUNITY_GROUP, "port-amani", ["ar"], "Fatima Zouhri", "Treasurer"),
    ("sheikha", None, "Sheikha Maryam, women's religious guide", ProviderType.INDIVIDUAL, "wadi-nour", ["ar", "tzm"], "Sheikha Maryam", "Religious guide"),
    ("sewing", None, "Wadi Nour Sewing Cooperative", ProviderType.COMMUNITY_GROUP, "wadi-nour", ["ar", "tzm"], "Itto Amzil", "Manager"),
    ("theatre", None, "Highland Youth Theatre", ProviderType.COMMUNITY_GROUP, "wadi-nour", ["ar", "tzm"], "Yassine Ouahbi", "Director"),
    ("legal_clinic", None, "Bel-Air Legal Clinic (volunteer lawyers)", ProviderType.CIVIL_SOCIETY, "bel-air", ["ar", "fr"], "Maître Nadia Alaoui", "Coordinating lawyer"),
    ("arts", None, "Hillside Community Arts Collective", ProviderType.COMMUNITY_GROUP, "bel-air", ["fr", "ar"], "Inès Laroui", "Artist"),
    ("evening_school", None, "Bel-Air Evening School", ProviderType.ACADEMIC, "bel-air", ["fr", "ar"], "M. Bennis", "Head teacher"),
    ("kassara_football", None, "Kassara Youth Football School", ProviderType.COMMUNITY_GROUP, "kassara", ["ar", "so"], "Abdi Warsame", "Coach"),
    ("dr_nassar", None, "Dr Farid Nassar, family doctor", ProviderType.INDIVIDUAL, "kassara", ["ar", "fr"], "Dr Farid Nassar", "Doctor"),
    ("kassara_housing", None, "Kassara Housing Association", ProviderType.CIVIL_SOCIETY, "kassara", ["ar"], "Omar Bakkali", "Secretary"),
]  # fmt: skip

EVIDENCE = {
    5: "Monitoring visit by the NCCR and participants' feedback (12 interviews).",
    4: "Monitoring visit last quarter; completion rate 80 %.",
    3: "Participants' feedback mixed; staff turnover reported.",
    2: "Two complaints about confidentiality last year.",
}

# provider, type, name, areas (place codes), languages, options
SERVICES: list[tuple[str, str, str, list[str], list[str], dict[str, Any]]] = [
    # Port Amani and the Coastal Province
    ("vocational", "vocational_training", "Welding and metalwork course", ["port-amani"], ["ar", "fr"],
     {"min_age": 16, "max_age": 45, "capacity": 12, "waiting_days": 21, "quality_rating": 4, "cost": "free",
      "hours": "Sun–Thu 8:00–13:00", "site": "Workshop B, Industrial Road"}),
    ("vocational", "vocational_training", "Electrical installation apprenticeship", ["port-amani"], ["ar", "fr"],
     {"min_age": 18, "max_age": 35, "capacity": 8, "waiting_days": 45, "quality_rating": 4, "cost": "subsidised"}),
    ("vocational", "job_placement", "Job placement desk (harbour and construction employers)", ["coastal"], ["ar", "fr"],
     {"min_age": 18, "quality_rating": 3, "risk_stigma": "medium",
      "risk_notes": "Some employers ask why there is a gap in the CV; agree with the person beforehand what to say."}),
    ("bridges", "legal_aid", "Civil documents and birth registration clinic", ["coastal"], ["ar", "fr"],
     {"quality_rating": 5, "cost": "free", "waiting_days": 7, "child_friendly": True,
      "eligibility_notes": "Families without documents, including children born abroad."}),
    ("bridges", "family_support", "Family mediation and support", ["port-amani"], ["ar", "fr"],
     {"gender_sensitive": True, "waiting_days": 10, "quality_rating": 4}),
    ("bridges", "psychosocial", "Psychosocial support groups for returnees", ["port-amani"], ["ar", "fr", "en"],
     {"min_age": 16, "gender_sensitive": True, "quality_rating": 4, "risk_stigma": "low"}),
    ("bridges", "media_literacy", "Media literacy workshops for young people", ["port-amani", "bel-air"], ["ar", "fr"],
     {"min_age": 14, "max_age": 25, "quality_rating": 3}),
    ("health", "mental_health", "Trauma-focused psychotherapy", ["coastal"], ["ar", "fr", "en"],
     {"capacity": 8, "waiting_days": 60, "quality_rating": 5, "risk_stigma": "medium",
      "risk_notes": "The clinic is signposted as psychiatric; neighbours may notice visits."}),
    ("health", "primary_health", "Primary health checks and vaccinations", ["port-amani", "bel-air"], ["ar", "fr"],
     {"child_friendly": True, "cost": "free", "wheelchair_accessible": True}),
    ("imams", "religious_guidance", "Religious dialogue and guidance", ["coastal"], ["ar"],
     {"min_age": 16, "quality_rating": 4, "willingness": "yes"}),
    ("imams", "religious_guidance", "Female preachers' guidance circle", ["port-amani"], ["ar"],
     {"sexes": "female", "gender_sensitive": True, "quality_rating": 4}),
    ("welfare", "education", "School re-enrolment support", ["coastal", "capital"], ["ar", "fr"],
     {"max_age": 17, "child_friendly": True, "cost": "free", "quality_rating": 4,
      "eligibility_notes": "Children who missed school abroad; help with placement tests and documents."}),
    ("welfare", "childcare", "Childcare places for parents in training", ["port-amani"], ["ar", "fr"],
     {"max_age": 6, "child_friendly": True, "capacity": 15, "waiting_days": 30}),
    ("welfare", "housing", "Transitional housing for returning families", ["coastal"], ["ar", "fr"],
     {"capacity": 4, "waiting_days": 120, "accepting_referrals": False, "risk_security": "medium",
      "risk_notes": "The building is known locally; families have been photographed at the entrance.",
      "stale_days": 240}),
    ("imam_idris", "religious_guidance", "Friday circle and personal guidance", ["port-amani"], ["ar"],
     {"sexes": "male", "willingness": "case_by_case", "stale_days": 250,
      "willingness_notes": "Meets each person first; will not take someone the mosque committee objects to."}),
    ("harbour_football", "sport_arts", "Football training for children", ["port-amani"], ["ar", "fr"],
     {"min_age": 6, "max_age": 14, "child_friendly": True, "cost": "free", "hours": "Wed and Sat afternoons"}),
    ("fishermen", "job_placement", "Seasonal work on fishing boats", ["port-amani"], ["ar"],
     {"sexes": "male", "min_age": 18, "willingness": "case_by_case", "risk_stigma": "medium",
      "risk_notes": "Small community: the crew will know the person's history."}),
    ("savings", "financial_services", "Savings and loan group", ["port-amani"], ["ar"],
     {"sexes": "female", "gender_sensitive": True, "cost": "free"}),
    ("iors", "business_grants", "Small business start-up grants", ["meridia"], ["en", "fr", "ar"],
     {"min_age": 18, "capacity": 20, "waiting_days": 90, "quality_rating": 4,
      "eligibility_notes": "A business plan prepared with a mentor; one grant per household."}),
    ("nccr", "psychosocial", "Individual psychosocial counselling (NCCR)", ["port-amani", "bel-air"], ["ar", "fr", "en", "bs"],
     {"quality_rating": 4, "risk_data_exposure": "low"}),
    # Wadi Nour and the Eastern Highlands
    ("women", "psychosocial", "Women's peer support circle", ["wadi-nour"], ["ar", "tzm"],
     {"sexes": "female", "gender_sensitive": True, "child_friendly": True, "quality_rating": 5,
      "hours": "Tuesdays 10:00, childcare in the next room"}),
    ("women", "education", "Literacy classes for women", ["wadi-nour"], ["ar", "tzm"],
     {"sexes": "female", "min_age": 16, "gender_sensitive": True}),
    ("women", "vocational_training", "Sewing and tailoring training", ["wadi-nour"], ["ar", "tzm"],
     {"sexes": "female", "min_age": 16, "capacity": 10, "waiting_days": 14}),
    ("sheikha", "religious_guidance", "Women's religious guidance", ["wadi-nour"], ["ar", "tzm"],
     {"sexes": "female", "gender_sensitive": True}),
    ("sewing", "job_placement", "Paid work in the sewing workshop", ["wadi-nour"], ["ar", "tzm"],
     {"sexes": "female", "willingness": "case_by_case", "capacity": 3}),
    ("health", "psychosocial", "Mobile psychosocial team", ["eastern-highlands"], ["ar", "tzm"],
     {"waiting_days": 30, "quality_rating": 3, "hours": "Visits each village once a month"}),
    ("health", "primary_health", "District health centre", ["wadi-nour"], ["ar", "tzm"],
     {"cost": "free", "child_friendly": True}),
    ("welfare", "family_support", "Family support visits", ["eastern-highlands"], ["ar", "tzm"],
     {"quality_rating": 3, "stale_days": 200}),
    ("theatre", "sport_arts", "Youth theatre workshops", ["wadi-nour"], ["ar", "tzm"],
     {"min_age": 12, "max_age": 25, "willingness": "no",
      "willingness_notes": "The committee fears backlash from parents; revisit next year."}),
    ("vocational", "vocational_training", "Agricultural skills programme", ["eastern-highlands"], ["ar", "tzm"],
     {"min_age": 16, "waiting_days": 14, "quality_rating": 3}),
    # Bel-Air and the Capital District
    ("legal_clinic", "legal_aid", "Free legal advice and representation", ["capital"], ["ar", "fr"],
     {"quality_rating": 3, "waiting_days": 10, "cost": "free"}),
    ("nccr", "family_support", "Family dialogue sessions (NCCR)", ["bel-air"], ["ar", "fr"],
     {"gender_sensitive": True, "quality_rating": 4}),
    ("health", "mental_health", "Psychiatric outpatient clinic", ["capital"], ["ar", "fr"],
     {"willingness": "case_by_case", "risk_stigma": "high", "risk_data_exposure": "medium", "waiting_days": 35,
      "risk_notes": "Records are on a shared hospital system; the police have asked for files before."}),
    ("bridges", "job_placement", "Job-readiness coaching", ["bel-air", "port-amani"], ["ar", "fr"],
     {"min_age": 18, "quality_rating": 4}),
    ("arts", "sport_arts", "Community murals and music", ["bel-air"], ["fr", "ar"], {"cost": "free"}),
    ("welfare", "housing", "Emergency shelter", ["capital"], ["ar", "fr"],
     {"capacity": 10, "waiting_days": 0, "hours": "Open day and night", "risk_security": "low"}),
    ("vocational", "vocational_training", "Digital skills course", ["bel-air"], ["fr", "ar", "en"],
     {"min_age": 16, "waiting_days": 20, "quality_rating": 4}),
    ("evening_school", "education", "Evening classes for adults (basic education certificate)", ["bel-air"], ["fr", "ar"],
     {"min_age": 18, "cost": "subsidised"}),
    ("iors", "financial_services", "Financial literacy and bank account opening", ["capital", "coastal"], ["fr", "ar", "en"],
     {"min_age": 18, "quality_rating": 3}),
    # Kassara and the Northern Province
    ("kassara_football", "sport_arts", "Youth football school", ["kassara"], ["ar", "so"],
     {"min_age": 8, "max_age": 18, "child_friendly": True, "cost": "free", "quality_rating": 4}),
    ("dr_nassar", "primary_health", "Family doctor's practice", ["kassara"], ["ar", "fr"], {"cost": "fee", "cost_notes": "Reduced fee on request"}),
    ("vocational", "vocational_training", "Mobile phone repair course", ["kassara"], ["ar", "so"],
     {"min_age": 16, "waiting_days": 10, "quality_rating": 3}),
    ("imams", "religious_guidance", "Mosque-based dialogue circle", ["northern"], ["ar", "so"], {"sexes": "male"}),
    ("welfare", "education", "Primary school integration programme", ["kassara"], ["ar", "so"],
     {"min_age": 6, "max_age": 14, "child_friendly": True, "cost": "free"}),
    ("bridges", "psychosocial", "Reintegration support groups (Kassara)", ["kassara"], ["ar", "so"],
     {"stale_days": 210, "quality_rating": 3}),
    ("kassara_housing", "housing", "Rooms for rent through the association", ["kassara"], ["ar"],
     {"willingness": "no", "willingness_notes": "Landlords refuse tenants with a known history."}),
]  # fmt: skip

#: Extra desk roles for the demo (user, agency key).
DESK_STAFF = [
    ("selma.health", "health"),
    ("zahra.women", "women"),
    ("morchida.khadija", "imams"),
    ("claire.iors", "iors"),
]
REASONS = {
    "vocational_training": "Wants a trade to support the family; worked in construction before leaving.",
    "job_placement": "Finished a training course and is ready for work; prefers mornings.",
    "legal_aid": "Needs identity documents; the children have no birth registration here.",
    "psychosocial": "Isolated since return; agreed to try a group.",
    "mental_health": "Sleep problems and flashbacks; the psychologist recommends specialised therapy.",
    "religious_guidance": "Asked for someone to talk to about faith; open to dialogue.",
    "education": "The child missed three years of school abroad.",
    "family_support": "Tension with the extended family since return.",
    "sport_arts": "The child has no friends here yet; loves football.",
    "housing": "Staying with relatives in one room; needs a place for the family.",
    "business_grants": "Has a plan for a small repair shop.",
    "financial_services": "No bank account; wants to save for a sewing machine.",
    "primary_health": "Needs a general check-up and vaccinations.",
    "childcare": "Needs childcare to attend a training course.",
    "media_literacy": "Spends a lot of time on closed online groups; agreed to the workshop.",
}


@dataclass(frozen=True)
class Flow:
    """How far a demo referral goes and when things happened (days before today)."""

    state: str
    sent_days_ago: int = 10
    answer_hours: int = 30
    sessions: int = 0
    priority: str = ReferralPriority.NORMAL
    decline: str = DeclineReason.NO_CAPACITY
    end: str = EndReason.PERSON_DECLINED
    outcome: str = ServiceOutcome.ACHIEVED
    target_in_days: int | None = None


def _actor(user: User, agency: Any) -> Actor:
    roles = frozenset(
        Membership.objects.filter(user=user, agency=agency, is_active=True).values_list("role", flat=True)
    )
    return Actor(user_id=user.pk, name=user.label, agency_id=agency.pk, agency_name=agency.name, roles=roles)


def _place(code: str) -> Place:
    return Place.objects.get(code=code)


def _build_directory(
    world: "World", rng: random.Random, today: date
) -> tuple[dict[str, Provider], list[Service]]:
    manager = world.actors[("layla.supervisor", "nccr")]
    providers: dict[str, Provider] = {}
    for key, agency_key, name, kind, town, languages, focal, role in PROVIDERS:
        agency = world.agencies[agency_key] if agency_key else None
        providers[key] = referral_services.provider_create(
            actor=manager,
            values={
                "kind": ProviderKind.AGENCY if agency else ProviderKind.INFORMAL,
                "agency": agency,
                "name": name,
                "provider_type": kind,
                "place": world.towns[town],
                "languages": languages,
                "focal_point_name": focal,
                "focal_point_role": role,
                "focal_point_phone": "+000 {a} {b}".format(
                    a=rng.randint(100, 999), b=rng.randint(1000, 9999)
                ),
                "description": "" if agency else "Community actor without Reintegra accounts.",
            },
        )
    types = {t.code: t for t in ServiceType.objects.all()}
    created: list[Service] = []
    for provider_key, type_code, name, areas, languages, options in SERVICES:
        options = dict(options)
        stale_days = options.pop("stale_days", None)
        rating = options.get("quality_rating")
        if rating:
            options.setdefault("quality_evidence", EVIDENCE[rating])
            options.setdefault("quality_assessed_on", today - timedelta(days=rng.randint(30, 150)))
        options.setdefault("willingness", "yes")
        for risk in ("risk_stigma", "risk_security", "risk_data_exposure"):
            options.setdefault(risk, "none" if rng.random() < 0.6 else "low")
        service = referral_services.service_create(
            actor=manager,
            provider=providers[provider_key],
            values={"service_type": types[type_code], "name": name, "languages": languages, **options},
            areas_served=[_place(code) for code in areas],
        )
        verified = today - timedelta(days=stale_days if stale_days else rng.randint(5, 150))
        Service.objects.filter(pk=service.pk).update(last_verified_on=verified)
        created.append(service)
    return providers, created


def _add_desk_staff(world: "World") -> dict[str, Actor]:
    for username, agency_key in DESK_STAFF:
        Membership.objects.get_or_create(
            user=world.users[username],
            agency=world.agencies[agency_key],
            role=MembershipRole.SERVICE_PROVIDER_STAFF,
        )
    return {
        agency_key: _actor(world.users[username], world.agencies[agency_key])
        for username, agency_key in [
            ("aicha.bridges", "bridges"),
            ("adil.vocational", "vocational"),
            *DESK_STAFF,
            ("fouad.welfare", "welfare"),
            ("layla.supervisor", "nccr"),
        ]
    }


def world_nccr_name() -> str:
    """The NCCR's name (imported late: world.py imports this module)."""
    from reintegra.demo.world import NCCR

    return NCCR


def _when(now: datetime, days_ago: float) -> datetime:
    return now - timedelta(days=days_ago)


def _refer(
    referrer: Actor,
    case: Case,
    service: Service,
    flow: Flow,
    desk: Actor | None,
    today: date,
    categories: list[str] | None = None,
) -> Referral:
    """Make one referral and walk it to `flow.state`, stamping the past as it happened."""
    now = timezone.now()
    role = (
        CaseTeamMember.objects.filter(case=case, user_id=referrer.user_pk, ended_at__isnull=True)
        .values_list("role", flat=True)
        .first()
    )
    referral = referral_services.referral_create(
        actor=referrer,
        case=case,
        services=[service],
        priority=flow.priority,
        reason=REASONS.get(service.service_type.code, "Needs this service."),
        safety_notes="Meet in the office, not at home." if flow.priority != ReferralPriority.NORMAL else "",
        requested_categories=categories or [C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES],
        case_role=role,
        target_end_on=today + timedelta(days=flow.target_in_days) if flow.target_in_days else None,
    )
    if flow.state == S.DRAFT:
        return referral
    referral = referral_services.referral_send(actor=referrer, referral=referral, expected_version=None)
    sent = _when(now, flow.sent_days_ago)
    target = (
        today + timedelta(days=flow.target_in_days)
        if flow.target_in_days
        else sla.default_target_end(sent, flow.priority)
    )
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=sent, due_by=sla.due_by(sent, flow.priority), target_end_on=target, status_changed_at=sent
    )
    ReferralStatusChange.objects.filter(referral=referral).update(changed_at=sent)
    if flow.state == S.SENT:
        return referral
    responder = desk or referrer
    by_provider = desk is not None
    answered = sent + timedelta(hours=flow.answer_hours)
    if flow.state == S.DECLINED:
        referral_services.referral_decline(
            actor=responder, referral=referral, reason=flow.decline, expected_version=None, by_provider=by_provider,
            note="The waiting list is closed until next term." if flow.decline == DeclineReason.NO_CAPACITY else "",
        )  # fmt: skip
        _stamp(referral, S.DECLINED, answered, responded=answered, closed=answered)
        return referral
    if flow.state == S.ENDED and flow.end == EndReason.WITHDRAWN:
        referral_services.referral_end(
            actor=referrer, referral=referral, reason=EndReason.WITHDRAWN, expected_version=None, by_provider=False,
            note="The family moved to another town.",
        )  # fmt: skip
        _stamp(referral, S.ENDED, answered, closed=answered)
        return referral
    assignee = None
    if desk is not None and service.provider.has_accounts:
        # The NCCR's own counselling is given by its psychologist, not by the supervisor.
        username = "mina.psychologist" if desk.agency_name == world_nccr_name() else ""
        assignee = User.objects.get(username=username) if username else User.objects.get(pk=desk.user_pk)
    referral_services.referral_accept(
        actor=responder, referral=referral, expected_version=None, assignee=assignee, by_provider=by_provider
    )
    _stamp(referral, S.ACCEPTED, answered, responded=answered)
    if flow.sessions:
        first = min(timezone.localtime(answered).date() + timedelta(days=2), today)
        days = sorted({min(first + timedelta(days=7 * i), today) for i in range(flow.sessions)})
        for index, day in enumerate(days):
            referral_services.referral_attendance_record(
                actor=responder,
                referral=Referral.objects.get(pk=referral.pk),
                session_on=day,
                attendance=Attendance.DID_NOT_ATTEND if index == 1 else Attendance.ATTENDED,
                duration_minutes=None if index == 1 else 90,
                note="Participated well." if index == 0 else "",
                on_behalf_of_provider=not by_provider,
            )
        started = timezone.make_aware(datetime.combine(first, datetime.min.time()))
        _stamp(referral, S.IN_PROGRESS, started, started=started)
        referral_services.referral_feedback_add(
            actor=responder,
            referral=Referral.objects.get(pk=referral.pk),
            kind=FeedbackKind.PROGRESS,
            body="Attends regularly and gets on well with the group.",
            on_behalf_of_provider=not by_provider,
        )
    if flow.state in (S.ACCEPTED, S.IN_PROGRESS):
        return referral
    current = Referral.objects.get(pk=referral.pk)
    if current.status == S.ACCEPTED:
        current = referral_services.referral_start(
            actor=responder, referral=current, expected_version=None, by_provider=by_provider
        )
    closed = _when(now, max(flow.sent_days_ago // 5, 1))
    if flow.state == S.COMPLETED:
        referral_services.referral_feedback_add(
            actor=responder,
            referral=current,
            kind=FeedbackKind.CLOSING,
            body="Completed the course and received the certificate.",
            outcome=flow.outcome,
            on_behalf_of_provider=not by_provider,
        )
        referral_services.referral_complete(
            actor=responder,
            referral=current,
            outcome=flow.outcome,
            expected_version=None,
            by_provider=by_provider,
        )
    else:
        referral_services.referral_end(
            actor=responder, referral=current, reason=flow.end, expected_version=None, by_provider=by_provider
        )
    _stamp(referral, flow.state, closed, closed=closed)
    return referral


def _stamp(referral: Referral, status: str, at: datetime, **fields: datetime) -> None:
    """Demo realism: the service stamped "now"; move the step to when it happened."""
    values: dict[str, Any] = {"status_changed_at": at}
    values.update({"{k}_at".format(k=k): v for k, v in fields.items()})
    Referral.objects.filter(pk=referral.pk).update(**values)
    ReferralStatusChange.objects.filter(referral=referral, to_status=status).update(changed_at=at)


def _service(services: list[Service], name: str) -> Service:
    return next(s for s in services if s.name == name)


def _consent_for_the_football_school(
    world: "World", pave_cases: list[Case], providers: dict[str, Provider], today: date
) -> None:
    """Amela agrees, for Lejla, that the football school (a community actor without
    accounts) may know the child's name and how to reach the family: Lejla's draft referral
    then shows both on its sheet, where other community referrals carry the case code only."""
    _father, mother, _son, daughter = pave_cases
    sharing_services.basis_record(
        actor=world.actors[("karim.caseworker", "nccr")],
        person=daughter.person,
        kind=BasisKind.GUARDIAN_CONSENT,
        categories=[C.IDENTITY, C.CONTACT_LOCATION],
        purposes=[SharingPurpose.SERVICE_PROVISION],
        recipient_community_actors=[providers["harbour_football"]],
        values={
            "valid_from": today - timedelta(days=3),
            "method": ConsentMethod.WRITTEN,
            "guardian": mother.person,
            "child_views": "Wants to play on the same team as the girls from her class.",
        },
    )


def _pave_referrals(
    world: "World", pave_cases: list[Case], services: list[Service], desks: dict[str, Actor], today: date
) -> int:
    """The PAVE family's referrals, one in each state, made by their case manager."""
    karim = world.actors[("karim.caseworker", "nccr")]
    father, mother, son, daughter = pave_cases
    plan = [
        (father, "Welding and metalwork course", Flow(S.IN_PROGRESS, sent_days_ago=40, answer_hours=20, sessions=4), "vocational"),
        (father, "Civil documents and birth registration clinic", Flow(S.SENT, sent_days_ago=5, priority=ReferralPriority.URGENT), "bridges"),
        (father, "Friday circle and personal guidance", Flow(S.ENDED, sent_days_ago=35, answer_hours=60, sessions=2, end=EndReason.PERSON_DECLINED), None),
        (mother, "Women's peer support circle", Flow(S.ACCEPTED, sent_days_ago=6, answer_hours=48), "women"),
        (mother, "Trauma-focused psychotherapy", Flow(S.DECLINED, sent_days_ago=12, answer_hours=100), "health"),
        (son, "School re-enrolment support", Flow(S.COMPLETED, sent_days_ago=42, answer_hours=10, sessions=3), "welfare"),
        (daughter, "Football training for children", Flow(S.DRAFT), None),
        (mother, "Individual psychosocial counselling (NCCR)", Flow(S.IN_PROGRESS, sent_days_ago=20, answer_hours=4, sessions=3), "nccr"),
    ]  # fmt: skip
    for case, name, flow, desk_key in plan:
        _refer(karim, case, _service(services, name), flow, desks.get(desk_key) if desk_key else None, today)
    return len(plan)


TOWN_SERVICES = {
    "port-amani": ["Job placement desk (harbour and construction employers)", "Psychosocial support groups for returnees",
                   "Family mediation and support", "Seasonal work on fishing boats", "Religious dialogue and guidance"],
    "wadi-nour": ["Sewing and tailoring training", "Mobile psychosocial team", "Family support visits",
                  "Literacy classes for women", "Women's religious guidance"],
    "bel-air": ["Free legal advice and representation", "Digital skills course", "Emergency shelter",
                "Family dialogue sessions (NCCR)", "Community murals and music"],
    "kassara": ["Mobile phone repair course", "Youth football school", "Family doctor's practice",
                "Reintegration support groups (Kassara)", "Primary school integration programme"],
}  # fmt: skip
FLOWS = [
    Flow(S.SENT, sent_days_ago=2),
    Flow(S.SENT, sent_days_ago=20),  # overdue for an answer (normal: 14 days)
    Flow(S.SENT, sent_days_ago=3, priority=ReferralPriority.EMERGENCY),  # overdue (24 h)
    Flow(S.ACCEPTED, sent_days_ago=9, answer_hours=50),
    Flow(S.ACCEPTED, sent_days_ago=100, answer_hours=200, target_in_days=None),  # past its target end
    Flow(
        S.DECLINED,
        sent_days_ago=15,
        answer_hours=100,
        decline=DeclineReason.NOT_ELIGIBLE,
        priority=ReferralPriority.URGENT,
    ),  # answered late
    Flow(S.IN_PROGRESS, sent_days_ago=30, answer_hours=24, sessions=3),
    Flow(S.COMPLETED, sent_days_ago=80, answer_hours=30, sessions=4, outcome=ServiceOutcome.PARTLY),
    Flow(S.ENDED, sent_days_ago=25, end=EndReason.WITHDRAWN),
    Flow(S.ENDED, sent_days_ago=60, answer_hours=30, sessions=2, end=EndReason.DID_NOT_ATTEND),
    Flow(S.DRAFT),
]
AGENCY_KEYS = {"nccr", "prison", "probation", "welfare"}


def _general_referrals(
    world: "World",
    services: list[Service],
    desks: dict[str, Actor],
    today: date,
    rng: random.Random,
    skip: set[Any],
) -> int:
    """Referrals of other open cases to services in the town each person lives in."""
    by_agency = {agency.pk: key for key, agency in world.agencies.items() if key in AGENCY_KEYS}
    usernames = {user.pk: name for name, user in world.users.items()}
    made = 0
    cases = (
        Case.objects.filter(
            stage__in=OPEN_STAGES, lead_agency_id__in=list(by_agency), person__place__isnull=False
        )
        .exclude(pk__in=skip)
        .select_related("person__place")
        .order_by("code")
    )
    for case in cases:
        town = case.person.place.code if case.person.place else ""
        if town not in TOWN_SERVICES or made >= 33:
            continue
        manager = (
            CaseTeamMember.objects.filter(case=case, role=CaseRole.CASE_MANAGER, ended_at__isnull=True)
            .values_list("user_id", flat=True)
            .first()
        )
        key = (usernames.get(manager or 0, ""), by_agency[case.lead_agency_id])
        if key not in world.actors:
            continue
        service = _service(services, TOWN_SERVICES[town][made % len(TOWN_SERVICES[town])])
        flow = FLOWS[made % len(FLOWS)]
        desk = desks.get(
            next((k for k, a in world.agencies.items() if a.pk == service.provider.agency_id), "")
        )
        _refer(world.actors[key], case, service, flow, desk, today)
        made += 1
    return made


def build(world: "World", *, pave_cases: list[Case], today: date) -> dict[str, int]:
    """Create the directory and the referrals; returns counts for the log. No e-mails."""
    rng = random.Random(5005)
    with suppressed():
        desks = _add_desk_staff(world)
        providers, services = _build_directory(world, rng, today)
        _consent_for_the_football_school(world, pave_cases, providers, today)
        made = _pave_referrals(world, pave_cases, services, desks, today)
        made += _general_referrals(world, services, desks, today, rng, {c.pk for c in pave_cases})
        alerted = referral_services.referrals_alert_overdue()
    return {
        "providers": len(providers),
        "services": len(services),
        "referrals": made,
        "overdue_alerts": alerted,
    }
