"""The demo world: a fictional country's reintegration programme, built through services.

Deterministic (a fixed random seed; dates are relative to today so that stages, ages and
overdue tasks stay meaningful). Everything goes through the real services, so the demo
also exercises the audit trail. Only `manage.py demo_load` in demo mode calls this.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from reintegra.accounts.choices import AgencyType, MembershipRole
from reintegra.accounts.models import Agency, Membership, User
from reintegra.cases import services as case_services
from reintegra.cases.choices import CaseOutcome, CaseRole, CaseStage
from reintegra.cases.models import Case, CaseNote, CaseStageChange
from reintegra.core.actors import Actor
from reintegra.core.choices import DataCategory
from reintegra.core.models import Label
from reintegra.demo import communities as demo_communities
from reintegra.demo import justice as demo_justice
from reintegra.demo import names
from reintegra.demo import places as demo_places
from reintegra.demo import plans as demo_plans
from reintegra.demo import services as demo_services
from reintegra.demo import sharing as demo_sharing
from reintegra.people import services as people_services
from reintegra.people.choices import CitizenshipStatus, DocumentType, Relationship, Sex
from reintegra.people.models import Household, Person
from reintegra.places.models import Place
from reintegra.programmes.models import Programme

DEMO_PASSWORD = "reintegra-demo"
SEED = 2026
NCCR = "National Coordination Centre for Reintegration"

AGENCIES = [
    # key, name, short, type, region, languages
    ("nccr", NCCR, "NCCR", AgencyType.GOV_COORDINATION, "Capital District", ["ar", "fr", "en"]),
    (
        "prison",
        "National Prison Administration",
        "NPA",
        AgencyType.GOV_PRISON,
        "Capital District",
        ["ar", "fr"],
    ),
    (
        "probation",
        "Probation and Social Reintegration Service",
        "PSRS",
        AgencyType.GOV_PROBATION,
        "Coastal Province",
        ["ar", "fr"],
    ),
    (
        "welfare",
        "Ministry of Social Welfare – Family Directorate",
        "MSW",
        AgencyType.GOV_SOCIAL_WELFARE,
        "Capital District",
        ["ar", "fr"],
    ),
    (
        "health",
        "Ministry of Health – Psychosocial Support Unit",
        "MoH-PSU",
        AgencyType.GOV_HEALTH,
        "Capital District",
        ["ar", "fr", "en"],
    ),
    (
        "bridges",
        "Bridges for Citizenship Association",
        "Bridges",
        AgencyType.CIVIL_SOCIETY,
        "Coastal Province",
        ["ar", "fr"],
    ),
    (
        "imams",
        "Council of Imams and Preachers of the Coast",
        "CIPC",
        AgencyType.FAITH_BASED,
        "Coastal Province",
        ["ar"],
    ),
    (
        "iors",
        "International Office for Reintegration Support",
        "IORS",
        AgencyType.INTERNATIONAL,
        "Capital District",
        ["en", "fr", "ar"],
    ),
    (
        "vocational",
        "Amani Vocational Training Centre",
        "AVTC",
        AgencyType.PRIVATE_SECTOR,
        "Coastal Province",
        ["ar", "fr"],
    ),
    (
        "women",
        "Women's Security Forum of Wadi Nour",
        "WSF",
        AgencyType.COMMUNITY,
        "Eastern Highlands",
        ["ar", "tzm"],
    ),
    (
        "university",
        "Centre for Resilience Studies, University of Bel-Air",
        "CRS",
        AgencyType.ACADEMIC,
        "Capital District",
        ["fr", "en", "ar"],
    ),
]

R = MembershipRole
USERS = [
    # username, display name, [(agency key, role), ...]
    ("layla.supervisor", "Layla Benkirane", [("nccr", R.SUPERVISOR)]),
    ("karim.caseworker", "Karim Mansour", [("nccr", R.CASE_WORKER)]),
    ("salma.caseworker", "Salma Idrissi", [("nccr", R.CASE_WORKER)]),
    ("youssef.caseworker", "Youssef Amrani", [("nccr", R.CASE_WORKER)]),
    ("nadia.caseworker", "Nadia Cherkaoui", [("nccr", R.CASE_WORKER)]),
    ("mina.psychologist", "Dr Mina Haddad", [("nccr", R.PSYCHOLOGIST), ("health", R.PSYCHOLOGIST)]),
    ("tarek.mentor", "Tarek Ouali", [("nccr", R.MENTOR)]),
    (
        "imam.hassan",
        "Imam Hassan Belhaj",
        [("nccr", R.RELIGIOUS_COUNSELLOR), ("imams", R.RELIGIOUS_COUNSELLOR)],
    ),
    ("sofia.dpo", "Sofia Lahlou", [("nccr", R.DATA_PROTECTION_OFFICER)]),
    ("omar.programme", "Omar Fassi", [("nccr", R.PROGRAMME_MANAGER)]),
    ("rania.me", "Rania Kettani", [("nccr", R.ME_OFFICER)]),
    ("admin.nccr", "NCCR Administrator", [("nccr", R.AGENCY_ADMIN)]),
    ("driss.supervisor", "Driss Alami", [("prison", R.SUPERVISOR)]),
    ("hafsa.caseworker", "Hafsa Tazi", [("prison", R.CASE_WORKER)]),
    ("mehdi.caseworker", "Mehdi Sebti", [("prison", R.CASE_WORKER)]),
    ("ines.psychologist", "Ines Berrada", [("prison", R.PSYCHOLOGIST)]),
    ("samir.supervisor", "Samir Ziani", [("probation", R.SUPERVISOR)]),
    ("amal.caseworker", "Amal Naciri", [("probation", R.CASE_WORKER)]),
    ("reda.caseworker", "Reda Bennani", [("probation", R.CASE_WORKER)]),
    ("jamal.mentor", "Jamal Essaidi", [("probation", R.MENTOR)]),
    ("houda.welfare", "Houda Raji", [("welfare", R.CASE_WORKER)]),
    ("fouad.welfare", "Fouad Kabbaj", [("welfare", R.SUPERVISOR)]),
    ("selma.health", "Dr Selma Hadzic", [("health", R.PSYCHOLOGIST)]),
    ("aicha.bridges", "Aicha Moussaoui", [("bridges", R.SERVICE_PROVIDER_STAFF)]),
    ("walid.bridges", "Walid Jebli", [("bridges", R.SERVICE_PROVIDER_STAFF), ("bridges", R.GRANT_MANAGER)]),
    ("morchida.khadija", "Khadija Bensaid", [("imams", R.RELIGIOUS_COUNSELLOR)]),
    ("claire.iors", "Claire Dubois", [("iors", R.PROGRAMME_MANAGER)]),
    ("peter.iors", "Peter Otieno", [("iors", R.ME_OFFICER), ("iors", R.TRAINER)]),
    ("adil.vocational", "Adil Chraibi", [("vocational", R.SERVICE_PROVIDER_STAFF)]),
    ("zahra.women", "Zahra Ait Ali", [("women", R.MENTOR)]),
    ("prof.laurent", "Prof. Hélène Laurent", [("university", R.TRAINER)]),
]

NOTES = {
    DataCategory.CASE_NOTES: [
        "First meeting held at the centre; the person came on time and asked about the next steps.",
        "Phone call to confirm the appointment next week. Family member answered and passed on the message.",
        "Discussed expectations for the programme and the schedule of sessions.",
    ],
    DataCategory.HEALTH_PSYCHOSOCIAL: [
        "Reports poor sleep since return; agreed to weekly sessions with the psychologist.",
        "Signs of trauma-related stress; trauma-informed approach recommended for all staff.",
    ],
    DataCategory.FAMILY_CHILDREN: [
        "Contact re-established with the person's parents; they are willing to host the family for now.",
        "Children need school enrolment; birth registration documents are missing.",
    ],
    DataCategory.BELIEF_IDEOLOGY: [
        "Open to dialogue sessions with the religious counsellor; asked questions about forgiveness.",
    ],
    DataCategory.LEGAL_STATUS: [
        "Lawyer appointed; the prosecutor's decision is expected within three months.",
    ],
    DataCategory.RISK_ASSESSMENT: [
        "Structured assessment scheduled with two trained assessors; no conclusions recorded yet.",
    ],
}


@dataclass
class World:
    """What the builders share: agencies, users and an actor per user and agency."""

    agencies: dict[str, Agency]
    users: dict[str, User]
    actors: dict[tuple[str, str], Actor]
    towns: dict[str, Place]


def _actor(user: User, agency: Agency) -> Actor:
    roles = frozenset(
        Membership.objects.filter(user=user, agency=agency, is_active=True).values_list("role", flat=True)
    )
    return Actor(user_id=user.pk, name=user.label, agency_id=agency.pk, agency_name=agency.name, roles=roles)


def _build_accounts() -> World:
    agencies = {}
    for key, name, short, kind, region, languages in AGENCIES:
        agencies[key] = Agency.objects.create(
            name=name, short_name=short, agency_type=kind, region=region, languages=languages
        )
    users = {}
    for username, display, memberships in USERS:
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            display_name=display,
            email="{u}@demo.reintegra.invalid".format(u=username),
        )
        for agency_key, role in memberships:
            Membership.objects.create(user=user, agency=agencies[agency_key], role=role)
        users[username] = user
    actors = {}
    for username, _display, memberships in USERS:
        for agency_key, _role in memberships:
            actors[(username, agency_key)] = _actor(users[username], agencies[agency_key])
    return World(agencies, users, actors, demo_places.build())


def _years_ago(today: date, years: int, rng: random.Random) -> date:
    return date(today.year - years, rng.randint(1, 12), rng.randint(1, 28))


def _add_person(actor: Actor, **values: object) -> Person:
    return people_services.person_create(actor=actor, values=values)


def _pave_family(world: World, programme: Programme, labels: dict[str, Label], today: date) -> list[Case]:
    """The PAVE module's case study: a couple who left Bosnia and Herzegovina for Iraq ten
    years ago and come back with two children born there."""
    worker = world.actors[("karim.caseworker", "nccr")]
    common = {
        "nationality": "BA",
        "place": world.towns["port-amani"],
        "locality": "Old harbour quarter",
        "languages": ["bs", "ar"],
    }
    father = _add_person(
        worker,
        given_name_latin="Emir",
        family_name_latin="Hodžić",
        sex=Sex.MALE,
        date_of_birth=date(today.year - 37, 3, 14),
        citizenship_status=CitizenshipStatus.CITIZEN,
        phone="+387 61 000 101",
        **common,
    )
    mother = _add_person(
        worker,
        given_name_latin="Amela",
        family_name_latin="Hodžić",
        sex=Sex.FEMALE,
        date_of_birth=date(today.year - 34, 9, 2),
        citizenship_status=CitizenshipStatus.CITIZEN,
        **common,
    )
    son = _add_person(
        worker,
        given_name_latin="Adnan",
        family_name_latin="Hodžić",
        sex=Sex.MALE,
        birth_year=today.year - 9,
        birth_date_estimated=True,
        citizenship_status=CitizenshipStatus.PENDING,
        **common,
    )
    daughter = _add_person(
        worker,
        given_name_latin="Lejla",
        family_name_latin="Hodžić",
        sex=Sex.FEMALE,
        birth_year=today.year - 6,
        birth_date_estimated=True,
        citizenship_status=CitizenshipStatus.PENDING,
        **common,
    )
    people_services.person_alias_add(actor=worker, person=father, name="Abu Adnan", kind="kunya")
    people_services.identity_document_add(
        actor=worker,
        person=father,
        values={"document_type": DocumentType.PASSPORT, "number": "BA0931177", "issuing_country": "BA"},
    )
    household = people_services.household_create(
        actor=worker,
        values={
            "label": "Returning family (PAVE case study)",
            "place": world.towns["port-amani"],
            "notes": "Left for Iraq ten years ago; returned with two children born there.",
        },
    )
    for person, relationship in (
        (father, Relationship.REFERENCE),
        (mother, Relationship.SPOUSE),
        (son, Relationship.CHILD),
        (daughter, Relationship.CHILD),
    ):
        people_services.household_member_add(
            actor=worker, household=household, person=person, relationship=relationship
        )

    opened = today - timedelta(days=45)
    cases = []
    plan = [
        (father, "returnee", CaseStage.ASSESSMENT),
        (mother, "returnee", CaseStage.INTAKE),
        (son, "family_member", CaseStage.INTAKE),
        (daughter, "family_member", CaseStage.INTAKE),
    ]
    for person, label, stage in plan:
        case = case_services.case_open(
            actor=worker,
            person=person,
            programme=programme,
            beneficiary_type=labels[label],
            referral_source="Repatriation from Iraq (consular services)",
            opened_on=opened,
        )
        _advance(worker, case, stage)
        cases.append(case)
    supervisor = world.actors[("layla.supervisor", "nccr")]
    for case in cases:
        case_services.case_team_add(
            actor=supervisor, case=case, user=world.users["mina.psychologist"], role=CaseRole.PSYCHOLOGIST
        )
        case_services.case_team_add(
            actor=supervisor, case=case, user=world.users["tarek.mentor"], role=CaseRole.MENTOR
        )
    case_services.case_team_add(
        actor=supervisor, case=cases[0], user=world.users["imam.hassan"], role=CaseRole.RELIGIOUS_COUNSELLOR
    )
    notes = [
        (
            cases[0],
            DataCategory.CASE_NOTES,
            "Family arrived at the airport with consular staff; met by the coordination centre.",
        ),
        (
            cases[0],
            DataCategory.FAMILY_CHILDREN,
            "Both children were born in Iraq and have no birth certificates; registration requested.",
        ),
        (
            cases[0],
            DataCategory.HEALTH_PSYCHOSOCIAL,
            "Father reports nightmares and anxiety about how neighbours will react.",
        ),
        (
            cases[0],
            DataCategory.BELIEF_IDEOLOGY,
            "Says he left the group disillusioned; agreed to meet the imam for dialogue.",
        ),
        (cases[1], DataCategory.CASE_NOTES, "Mother wants to find work and asked for a female practitioner."),
        (
            cases[2],
            DataCategory.FAMILY_CHILDREN,
            "Adnan (about 9) has never attended school; enrolment needed this term.",
        ),
    ]
    for case, category, body in notes:
        case_services.case_note_add(
            actor=worker, case=case, category=category, body=body, team_role=CaseRole.CASE_MANAGER
        )
    for case in cases:
        _spread_history(case)
    case_services.task_create(
        actor=worker,
        case=cases[2],
        title="Request school enrolment for Adnan",
        due_on=today + timedelta(days=7),
        assignee=world.users["karim.caseworker"],
    )
    case_services.task_create(
        actor=worker,
        case=cases[0],
        title="Birth registration for both children",
        due_on=today - timedelta(days=3),
        assignee=world.users["karim.caseworker"],
    )
    case_services.task_create(
        actor=worker,
        case=cases[0],
        title="First psychosocial session",
        due_on=today + timedelta(days=2),
        assignee=world.users["mina.psychologist"],
    )
    return cases


NEIGHBOURHOODS = ["Market quarter", "New town", "Hillside", "Old town", "Station quarter", "Riverside", ""]

STAGE_ORDER: list[str] = [
    CaseStage.REFERRAL,
    CaseStage.INTAKE,
    CaseStage.ASSESSMENT,
    CaseStage.PLANNING,
    CaseStage.SUPPORT,
    CaseStage.AFTERCARE,
]


def _advance(actor: Actor, case: Case, stage: str, outcome: str = "") -> None:
    """Walk a case forward stage by stage (as staff would), then close it if asked."""
    target = STAGE_ORDER.index(stage) if stage != CaseStage.CLOSED else len(STAGE_ORDER) - 1
    for step in STAGE_ORDER[1 : target + 1]:
        case.refresh_from_db()
        case_services.case_transition(actor=actor, case=case, to_stage=step, expected_version=case.version)
    if stage == CaseStage.CLOSED:
        case.refresh_from_db()
        case_services.case_close(
            actor=actor,
            case=case,
            outcome=outcome,
            note="Closed at case review.",
            expected_version=case.version,
        )
    _spread_history(case)


def _spread_history(case: Case) -> None:
    """Demo realism only: services stamp everything "now"; spread a case's stage changes
    and notes over the time since it was opened, as months of work would."""
    opened = timezone.make_aware(datetime.combine(case.opened_on, time(9)))
    span = max(timezone.now() - opened, timedelta(days=1))
    changes = list(CaseStageChange.objects.filter(case=case).order_by("changed_at", "pk"))
    for index, change in enumerate(changes):
        CaseStageChange.objects.filter(pk=change.pk).update(
            changed_at=opened + span * index / (len(changes) + 1)
        )
    last = opened + span * max(len(changes) - 1, 0) / (len(changes) + 1)
    Case.objects.filter(pk=case.pk).update(stage_changed_at=last)
    for index, note in enumerate(CaseNote.objects.filter(case=case).order_by("created_at")):
        CaseNote.objects.filter(pk=note.pk).update(created_at=opened + span * (index + 1) / 4)


def _general_population(
    world: World, programmes: dict[str, Programme], labels: dict[str, Label], today: date, rng: random.Random
) -> int:
    """Families and individuals across four towns, lead agencies and every stage."""
    teams = {
        "nccr": ["karim.caseworker", "salma.caseworker", "youssef.caseworker", "nadia.caseworker"],
        "prison": ["hafsa.caseworker", "mehdi.caseworker"],
        "probation": ["amal.caseworker", "reda.caseworker"],
        "welfare": ["houda.welfare"],
    }
    specialists = {
        "nccr": ["mina.psychologist", "tarek.mentor", "imam.hassan"],
        "prison": ["ines.psychologist"],
        "probation": ["jamal.mentor"],
        "welfare": [],
    }
    stages = [
        CaseStage.REFERRAL,
        CaseStage.INTAKE,
        CaseStage.ASSESSMENT,
        CaseStage.PLANNING,
        CaseStage.SUPPORT,
        CaseStage.AFTERCARE,
        CaseStage.CLOSED,
    ]
    outcomes = [
        CaseOutcome.COMPLETED,
        CaseOutcome.WITHDRAWN,
        CaseOutcome.TRANSFERRED,
        CaseOutcome.LOST_CONTACT,
        CaseOutcome.REOFFENDED,
    ]
    created = 0
    stage_index = 0
    agency_cycle = ["nccr", "nccr", "prison", "probation", "nccr", "welfare", "prison", "probation"]
    household_no = 0
    while created < 56:
        household_no += 1
        agency_key = agency_cycle[household_no % len(agency_cycle)]
        worker_name = teams[agency_key][household_no % len(teams[agency_key])]
        worker = world.actors[(worker_name, agency_key)]
        town = world.towns[demo_places.TOWN_CODES[household_no % len(demo_places.TOWN_CODES)]]
        pool = rng.choice(["arabic", "arabic", "somali", "french"])
        family_original, family_latin = _family_name(pool, rng)
        size = rng.choice([1, 1, 2, 3, 4])
        members: list[tuple[Person, str]] = []
        for position in range(size):
            relationship: str = [
                Relationship.REFERENCE,
                Relationship.SPOUSE,
                Relationship.CHILD,
                Relationship.CHILD,
            ][min(position, 3)]
            sex = Sex.MALE if (position == 0) == (rng.random() < 0.8) else Sex.FEMALE
            age = (
                rng.randint(19, 48)
                if relationship in (Relationship.REFERENCE, Relationship.SPOUSE)
                else rng.randint(2, 17)
            )
            given_original, given_latin = _given_name(pool, sex, rng)
            estimated = rng.random() < 0.25
            person = _add_person(
                worker,
                given_name=given_original,
                family_name=family_original,
                given_name_latin=given_latin,
                family_name_latin=family_latin,
                sex=sex,
                **_birth(today, age, estimated, rng),
                nationality=rng.choice(["MA", "TN", "SO", "ML", "KE", "IQ", "SY"]),
                citizenship_status=rng.choice(
                    [
                        CitizenshipStatus.CITIZEN,
                        CitizenshipStatus.CITIZEN,
                        CitizenshipStatus.DUAL,
                        CitizenshipStatus.PENDING,
                    ]
                ),
                languages=rng.sample(["ar", "fr", "en", "so", "sw"], k=2),
                phone="+000 {a} {b}".format(a=rng.randint(100, 999), b=rng.randint(1000, 9999)),
                place=town,
                locality=rng.choice(NEIGHBOURHOODS),
            )
            members.append((person, relationship))
            created += 1
        household = people_services.household_create(actor=worker, values={"place": town})
        for person, relationship in members:
            people_services.household_member_add(
                actor=worker, household=household, person=person, relationship=relationship
            )
        for person, relationship in members:
            if relationship == Relationship.CHILD and rng.random() < 0.5:
                continue  # not every child is enrolled; some appear only in the household
            if rng.random() < 0.07:
                continue  # registered, no case yet
            stage = stages[stage_index % len(stages)]
            stage_index += 1
            if relationship == Relationship.CHILD:
                label = "child_associated" if rng.random() < 0.3 else "family_member"
            else:
                label = {"prison": "convicted_offender", "probation": "convicted_offender"}.get(
                    agency_key,
                    rng.choice(["returnee", "pre_trial_detainee", "self_referred_leaver", "returnee"]),
                )
            programme = (
                programmes["prison"]
                if agency_key == "prison" and rng.random() < 0.5
                else programmes["national"]
            )
            opened = today - timedelta(days=rng.randint(20, 700))
            case = case_services.case_open(
                actor=worker,
                person=person,
                programme=programme,
                beneficiary_type=labels[label],
                referral_source=rng.choice(
                    [
                        "Prison service",
                        "Family",
                        "Self-referral",
                        "Police",
                        "Probation service",
                        "Community leader",
                    ]
                ),
                opened_on=opened,
            )
            if specialists[agency_key] and stage != CaseStage.REFERRAL:
                supervisor = world.actors[
                    (
                        {
                            "nccr": "layla.supervisor",
                            "prison": "driss.supervisor",
                            "probation": "samir.supervisor",
                        }[agency_key],
                        agency_key,
                    )
                ]
                specialist = rng.choice(specialists[agency_key])
                role = {
                    "mina.psychologist": CaseRole.PSYCHOLOGIST,
                    "ines.psychologist": CaseRole.PSYCHOLOGIST,
                    "tarek.mentor": CaseRole.MENTOR,
                    "jamal.mentor": CaseRole.MENTOR,
                    "imam.hassan": CaseRole.RELIGIOUS_COUNSELLOR,
                }[specialist]
                case_services.case_team_add(
                    actor=supervisor, case=case, user=world.users[specialist], role=role
                )
            category = rng.choice(list(NOTES))
            case_services.case_note_add(
                actor=worker,
                case=case,
                category=category,
                body=rng.choice(NOTES[category]),
                team_role=CaseRole.CASE_MANAGER,
            )
            case_services.case_note_add(
                actor=worker,
                case=case,
                category=DataCategory.CASE_NOTES,
                body=rng.choice(NOTES[DataCategory.CASE_NOTES]),
                team_role=CaseRole.CASE_MANAGER,
            )
            if stage != CaseStage.CLOSED:
                case_services.task_create(
                    actor=worker,
                    case=case,
                    title=rng.choice(
                        [
                            "Follow-up visit",
                            "Call the family",
                            "Prepare case review",
                            "Check document status",
                            "Book vocational assessment",
                        ]
                    ),
                    due_on=today + timedelta(days=rng.randint(-10, 30)),
                    assignee=world.users[worker_name],
                )
            _advance(worker, case, stage, outcome=rng.choice(outcomes))
    return created


def _birth(today: date, age: int, estimated: bool, rng: random.Random) -> dict[str, object]:
    """An exact date of birth, or for some people only an estimated year."""
    if estimated:
        return {"birth_year": today.year - age, "birth_date_estimated": True}
    return {"date_of_birth": _years_ago(today, age, rng)}


def _given_name(pool: str, sex: str, rng: random.Random) -> tuple[str, str]:
    if pool == "arabic":
        return rng.choice(names.ARABIC_MALE if sex == Sex.MALE else names.ARABIC_FEMALE)
    if pool == "somali":
        return "", rng.choice(names.SOMALI_MALE if sex == Sex.MALE else names.SOMALI_FEMALE)
    return "", rng.choice(names.FRENCH_MALE if sex == Sex.MALE else names.FRENCH_FEMALE)


def _family_name(pool: str, rng: random.Random) -> tuple[str, str]:
    if pool == "arabic":
        return rng.choice(names.ARABIC_FAMILY)
    if pool == "somali":
        return "", rng.choice(names.SOMALI_FAMILY)
    return "", rng.choice(names.FRENCH_FAMILY)


def demo_exists() -> bool:
    """The demo world is loaded once; a second `make demo` reuses it."""
    return Agency.objects.filter(name=NCCR).exists()


@transaction.atomic
def build() -> dict[str, int]:
    """Create the whole demo world; returns counts for the log."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    world = _build_accounts()
    programmes = {
        "national": Programme.objects.create(
            name="National Rehabilitation and Reintegration Programme",
            code="nrrp",
            description="Individual track for returnees, people leaving groups and their families.",
            lead_agency=world.agencies["nccr"],
            started_on=date(today.year - 3, 1, 1),
        ),
        "prison": Programme.objects.create(
            name="In-custody Disengagement Programme",
            code="icdp",
            description="Education, vocational training and dialogue in custody, continued after release.",
            lead_agency=world.agencies["prison"],
            started_on=date(today.year - 2, 6, 1),
        ),
    }
    labels = {label.code: label for label in Label.objects.filter(kind="beneficiary_type")}
    pave = _pave_family(world, programmes["national"], labels, today)
    people = 4 + _general_population(world, programmes, labels, today, rng)
    demo_justice.build(world, pave_cases=pave, today=today)
    demo_communities.build(world, today=today, programme=programmes["national"])
    demo_sharing.build(world, pave_cases=pave, today=today)
    demo_services.build(world, pave_cases=pave, today=today)
    demo_plans.build(world, pave_cases=pave, today=today)
    # A reopened case, so the lifecycle's last transition is on show too.
    reopened = (
        Case.objects.filter(stage=CaseStage.CLOSED, lead_agency=world.agencies["nccr"])
        .order_by("code")
        .first()
    )
    if reopened is not None:
        case_services.case_reopen(
            actor=world.actors[("layla.supervisor", "nccr")],
            case=reopened,
            reason="New information from the family: the person wants to resume support.",
            expected_version=reopened.version,
        )
    return {
        "agencies": len(world.agencies),
        "users": len(world.users),
        "people": people,
        "households": Household.objects.count(),
        "cases": Case.objects.count(),
        "pave_cases": len(pave),
    }
