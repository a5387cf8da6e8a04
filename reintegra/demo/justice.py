"""The justice pathway of the demo world, built through the justice services.

- the PAVE family's return from a camp in Iraq about 45 days ago: documents, immediate
  needs, screening, the reception checklist, the children's safeguards, the mother's care
  preferences and family goals; the father was referred for prosecution and reports weekly
  to the police on bail;
- a pre-trial detainee (prison service), with education in custody and a family visit;
- a sentenced person due for release within 90 days (so the pre-release planning task
  exists), with vocational training, a peer-coaching scheme and religious counselling;
- a person on community service (probation service) who missed a check-in this week;
- a juvenile: 15 at the time of the alleged offence, under a juvenile justice measure in
  the community, with a guardian, the guardian's consent, the child's views, a
  best-interests note and school enrolment.

Dates are relative to today; nothing depends on randomness.
"""

from datetime import date, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from reintegra.cases import services as case_services
from reintegra.cases.choices import CaseRole, CaseStage
from reintegra.cases.models import Case
from reintegra.core.actors import Actor
from reintegra.core.models import Label
from reintegra.justice import services
from reintegra.justice.choices import (
    BirthRegistration,
    BreachResponse,
    CheckInStatus,
    CitizenshipCheck,
    FacilityKind,
    FacilityPopulation,
    Frequency,
    GoalDimension,
    GoalStatus,
    GuardianConsent,
    LegalEventKind,
    MeasureKind,
    NeedKind,
    NeedStatus,
    PapersStatus,
    ParticipationKind,
    ParticipationStatus,
    PractitionerPreference,
    ReceptionStep,
    ReturnKind,
    ReturnRole,
    SchoolStatus,
    ScreeningOutcome,
    SentenceType,
    Urgency,
    Verdict,
    VisitKind,
)
from reintegra.justice.models import Facility, ReturnEvent, SupervisionMeasure
from reintegra.people import services as people_services
from reintegra.people.choices import CitizenshipStatus, Relationship, Sex
from reintegra.people.models import Person
from reintegra.places.models import Place
from reintegra.programmes.models import Programme

if TYPE_CHECKING:
    from reintegra.demo.world import World

K = LegalEventKind


def _facilities(world: "World") -> dict[str, Facility]:
    towns, agencies = world.towns, world.agencies
    rows = [
        (
            "central",
            "Port Amani Central Prison",
            FacilityKind.PRISON,
            FacilityPopulation.MEN,
            "port-amani",
            "prison",
            900,
            "Literacy and secondary education; carpentry and welding workshops; a peer-coaching "
            "reconciliation scheme with imams and trained fellow prisoners.",
        ),
        (
            "women",
            "Bel-Air Women's Prison",
            FacilityKind.PRISON,
            FacilityPopulation.WOMEN,
            "bel-air",
            "prison",
            180,
            "Literacy, sewing and small-business training; dialogue with women religious guides.",
        ),
        (
            "pretrial",
            "Bel-Air Pre-trial Detention Centre",
            FacilityKind.PRE_TRIAL,
            FacilityPopulation.MEN,
            "bel-air",
            "prison",
            400,
            "Education classes; legal aid desk.",
        ),
        (
            "juvenile",
            "Wadi Nour Juvenile Justice Centre",
            FacilityKind.JUVENILE,
            FacilityPopulation.JUVENILES,
            "wadi-nour",
            "prison",
            60,
            "Schooling, vocational training, sport and arts; family days.",
        ),
        (
            "police",
            "Port Amani Central Police Station",
            FacilityKind.POLICE,
            FacilityPopulation.MIXED,
            "port-amani",
            None,
            None,
            "",
        ),
        (
            "probation",
            "Port Amani Probation Office",
            FacilityKind.PROBATION_OFFICE,
            FacilityPopulation.MIXED,
            "port-amani",
            "probation",
            None,
            "Reporting desk; mentoring and group sessions.",
        ),
        (
            "reception",
            "Capital Airport Reception Centre",
            FacilityKind.RECEPTION,
            FacilityPopulation.MIXED,
            "bel-air",
            "nccr",
            80,
            "Medical check, screening interviews and first psychosocial support for returnees.",
        ),
    ]
    facilities = {}
    for key, name, kind, population, town, operator, capacity, offered in rows:
        facilities[key] = Facility.objects.create(
            name=name,
            kind=kind,
            population=population,
            place=towns[town],
            operator=agencies[operator] if operator else None,
            capacity=capacity,
            programmes_offered=offered,
        )
    return facilities


def _event(actor: Actor, person: Person, kind: str, day: date, **values: object) -> None:
    services.legal_event_record(actor=actor, person=person, kind=kind, values={"occurred_on": day, **values})


def _weekly_since(start: date, today: date) -> list[date]:
    days = []
    day = start
    while day <= today:
        days.append(day)
        day += timedelta(days=7)
    return days


# --- the PAVE family ----------------------------------------------------------------------


def _pave(world: "World", cases: list[Case], facilities: dict[str, Facility], today: date) -> None:
    worker = world.actors[("karim.caseworker", "nccr")]
    father, mother, son, daughter = (case.person for case in cases)
    household = father.household_memberships.get().household
    returned = today - timedelta(days=45)
    ret, _notices = services.return_record(
        actor=worker,
        values={
            "returned_on": returned,
            "from_country": "IQ",
            "from_location": "Displacement camp, Nineveh governorate",
            "kind": ReturnKind.REPATRIATION,
            "arrival_point": "Capital international airport",
            "organised_by": "Consular services, with the International Office for Reintegration Support",
            "household": household,
            "notes": "Family of four; both children born abroad. Met on arrival by the coordination centre.",
        },
        members=[
            (father, ReturnRole.PRINCIPAL, False),
            (mother, ReturnRole.ADULT, False),
            (son, ReturnRole.CHILD, True),
            (daughter, ReturnRole.CHILD, True),
        ],
    )
    documents = {
        father.pk: (PapersStatus.VALID, CitizenshipCheck.CONFIRMED, BirthRegistration.NOT_APPLICABLE, ""),
        mother.pk: (
            PapersStatus.EXPIRED,
            CitizenshipCheck.CONFIRMED,
            BirthRegistration.NOT_APPLICABLE,
            "Identity card expired abroad; renewal booked at the civil registry.",
        ),
        son.pk: (
            PapersStatus.NONE,
            CitizenshipCheck.PENDING,
            BirthRegistration.NOT_REGISTERED,
            "Born abroad; only a camp clinic record. Needs a court decision to register the birth.",
        ),
        daughter.pk: (
            PapersStatus.NONE,
            CitizenshipCheck.PENDING,
            BirthRegistration.NOT_REGISTERED,
            "Born abroad; no birth record at all. Witness statements from the parents collected.",
        ),
    }
    for member in ret.members.all():
        papers, citizenship, birth, note = documents[member.person_id]
        services.return_member_update(
            actor=worker,
            member=member,
            values={
                "identity_papers": papers,
                "citizenship": citizenship,
                "birth_registration": birth,
                "documents_note": note,
            },
            expected_version=member.version,
        )
    needs = [
        (
            son,
            NeedKind.MEDICAL,
            "Skin infection and under-weight; seen by the centre's doctor.",
            Urgency.IMMEDIATE,
            NeedStatus.MET,
        ),
        (
            None,
            NeedKind.SHELTER,
            "Staying with the father's parents for now; too crowded for long.",
            Urgency.IMMEDIATE,
            NeedStatus.MET,
        ),
        (
            None,
            NeedKind.CASH,
            "Monthly cash support until one of the parents has an income.",
            Urgency.URGENT,
            NeedStatus.IN_PROGRESS,
        ),
        (
            mother,
            NeedKind.PSYCHOSOCIAL,
            "Asked to speak to a woman psychologist.",
            Urgency.URGENT,
            NeedStatus.IDENTIFIED,
        ),
        (None, NeedKind.CLOTHING, "Winter clothes for the children.", Urgency.NORMAL, NeedStatus.MET),
    ]
    for person, kind, description, urgency, status in needs:
        need = services.arrival_need_add(
            actor=worker,
            ret=ret,
            values={"person": person, "kind": kind, "description": description, "urgency": urgency},
        )
        if status != need.status:
            services.arrival_need_update(
                actor=worker, need=need, status=status, expected_version=need.version
            )
    done = {
        ReceptionStep.MET_ON_ARRIVAL,
        ReceptionStep.MEDICAL_CHECK,
        ReceptionStep.IDENTITY_VERIFIED,
        ReceptionStep.SCREENING,
        ReceptionStep.FAMILY_CONTACTED,
        ReceptionStep.SHELTER,
        ReceptionStep.PSYCHOSOCIAL,
        ReceptionStep.ASSISTANCE,
        ReceptionStep.PROGRAMME_INFO,
    }
    for item in ret.checklist.all():
        if item.step in done:
            services.reception_item_set(
                actor=worker, item=item, done=True, done_on=returned + timedelta(days=min(item.order, 14))
            )
    screening = [
        (
            father,
            ScreeningOutcome.PROSECUTION,
            "Interviewed by the prosecutor's screening unit at the reception centre.",
        ),
        (
            mother,
            ScreeningOutcome.PROGRAMME,
            "No evidence of participation in violence; referred to the programme.",
        ),
        (son, ScreeningOutcome.NO_FURTHER_ACTION, "Child: treated as a victim; child protection follow-up."),
        (
            daughter,
            ScreeningOutcome.NO_FURTHER_ACTION,
            "Child: treated as a victim; child protection follow-up.",
        ),
    ]
    for person, outcome, summary in screening:
        _event(
            worker,
            person,
            K.RETURN_SCREENING,
            returned + timedelta(days=2),
            screening_outcome=outcome,
            return_event=ret,
            details=summary,
            authority="Prosecutor's screening unit",
        )
    _event(
        worker,
        father,
        K.CHARGE,
        returned + timedelta(days=12),
        authority="Capital District prosecutor",
        document_reference="PRS-2291",
        details="Membership of a proscribed armed group abroad (art. 12 of the security code).",
    )
    _event(
        worker,
        father,
        K.BAIL,
        returned + timedelta(days=12),
        authority="Investigating judge, Capital District court",
        document_reference="ORD-118",
        conditions=(
            "Report every Monday to Port Amani Central Police Station; keep his passport with the court."
        ),
    )
    bail = father.legal_events.get(kind=K.BAIL)
    start = returned + timedelta(days=13)
    monday = start + timedelta(days=(0 - start.weekday()) % 7)
    measure = services.measure_create(
        actor=worker,
        person=father,
        case=cases[0],
        values={
            "kind": MeasureKind.REPORTING,
            "legal_basis": bail,
            "ordered_by": "Investigating judge, Capital District court",
            "document_reference": "ORD-118",
            "starts_on": monday,
            "responsible_officer": world.users["karim.caseworker"],
            "frequency": Frequency.WEEKLY,
            "weekday": 0,
            "report_by": time(12, 0),
            "location": "Port Amani Central Police Station",
        },
    )
    for day in _weekly_since(monday, today - timedelta(days=1)):
        services.check_in_log(actor=worker, measure=measure, due_on=day, status=CheckInStatus.ATTENDED)
    guardian_consent_on = returned + timedelta(days=5)
    services.child_safeguard_save(
        actor=worker,
        person=son,
        values={
            "guardian": mother,
            "guardian_description": "Mother",
            "guardian_consent": GuardianConsent.GIVEN,
            "guardian_consent_on": guardian_consent_on,
            "child_views": (
                "I want to go to school and play football. "
                "I don't want the other children to ask where I was."
            ),
            "child_views_on": returned + timedelta(days=20),
            "best_interests": (
                "Stay with both parents; school this term with a teacher prepared for his arrival; "
                "psychosocial support through play. Consulted: mother, school counsellor, psychologist."
            ),
            "best_interests_on": returned + timedelta(days=21),
            "school_status": SchoolStatus.REQUESTED,
            "school_name": "Old Harbour primary school",
        },
        expected_version=None,
    )
    services.child_safeguard_save(
        actor=worker,
        person=daughter,
        values={
            "guardian": mother,
            "guardian_description": "Mother",
            "guardian_consent": GuardianConsent.GIVEN,
            "guardian_consent_on": guardian_consent_on,
            "child_views": "Likes drawing; wants to stay close to her mother.",
            "child_views_on": returned + timedelta(days=20),
            "best_interests": "Catch-up class with her brother's school; keep routines close to her mother.",
            "best_interests_on": returned + timedelta(days=21),
            "school_status": SchoolStatus.ALTERNATIVE,
            "school_name": "Old Harbour primary school (catch-up class)",
            "school_since": today - timedelta(days=10),
        },
        expected_version=None,
    )
    services.care_preference_save(
        actor=worker,
        person=mother,
        values={
            "practitioner": PractitionerPreference.FEMALE,
            "interpreter_language": "",
            "childcare_needed": True,
            "specific_needs": (
                "Asked for a woman doctor and a woman psychologist; "
                "sessions while the children are at school."
            ),
        },
        expected_version=None,
    )
    goals = [
        (
            GoalDimension.EDUCATION,
            "Both children in school this term",
            returned + timedelta(days=25),
            today + timedelta(days=30),
            GoalStatus.IN_PROGRESS,
            "Case worker and school counsellor",
        ),
        (
            GoalDimension.HOUSING,
            "A home of their own within six months",
            returned + timedelta(days=25),
            today + timedelta(days=140),
            GoalStatus.OPEN,
            "Social welfare family directorate",
        ),
        (
            GoalDimension.LEGAL,
            "Birth registration and identity papers for both children",
            returned + timedelta(days=25),
            today + timedelta(days=60),
            GoalStatus.IN_PROGRESS,
            "Case worker and a legal aid lawyer",
        ),
        (GoalDimension.FAMILY, "Contact restored with the mother's parents", None, None, GoalStatus.OPEN, ""),
    ]
    for dimension, goal, agreed, target, goal_status, support in goals:
        services.family_goal_add(
            actor=worker,
            household=household,
            values={
                "dimension": dimension,
                "goal": goal,
                "agreed_on": agreed,
                "target_on": target,
                "status": goal_status,
                "support": support,
            },
        )


# --- individuals ----------------------------------------------------------------------------


def _open(
    actor: Actor, person: Person, programme: Programme, label: Label, opened: date, stage: str, source: str
) -> Case:
    from reintegra.demo.world import _advance

    case = case_services.case_open(
        actor=actor,
        person=person,
        programme=programme,
        beneficiary_type=label,
        referral_source=source,
        opened_on=opened,
    )
    _advance(actor, case, stage)
    case.refresh_from_db()
    return case


def _person(actor: Actor, town: Place, *, household: bool = True, **values: object) -> Person:
    """A person registered by `actor`; in a household of their own unless told otherwise."""
    person = people_services.person_create(
        actor=actor,
        values={
            "nationality": "MA",
            "citizenship_status": CitizenshipStatus.CITIZEN,
            "languages": ["ar", "fr"],
            "place": town,
            **values,
        },
    )
    if household:
        home = people_services.household_create(actor=actor, values={"place": town})
        people_services.household_member_add(
            actor=actor, household=home, person=person, relationship=Relationship.REFERENCE
        )
    return person


def _pre_trial(
    world: "World", labels: dict[str, Label], facilities: dict[str, Facility], today: date
) -> None:
    worker = world.actors[("hafsa.caseworker", "prison")]
    person = _person(
        worker,
        world.towns["bel-air"],
        given_name="ياسين",
        family_name="العلوي",
        given_name_latin="Yassine",
        family_name_latin="El Alaoui",
        sex=Sex.MALE,
        date_of_birth=date(today.year - 24, 5, 9),
    )
    case = _open(
        worker,
        person,
        Programme.objects.get(code="icdp"),
        labels["pre_trial_detainee"],
        today - timedelta(days=70),
        CaseStage.ASSESSMENT,
        "Prison service",
    )
    offence = today - timedelta(days=95)
    _event(
        worker,
        person,
        K.ARREST,
        today - timedelta(days=80),
        authority="Bel-Air police, counter-terrorism unit",
        document_reference="PV-5521",
        facility=facilities["police"],
        alleged_offence_on=offence,
    )
    _event(
        worker,
        person,
        K.CHARGE,
        today - timedelta(days=78),
        authority="Capital District prosecutor",
        document_reference="PRS-2244",
        alleged_offence_on=offence,
        details="Preparing to travel to join an armed group abroad; online propaganda.",
    )
    _event(
        worker,
        person,
        K.PRE_TRIAL_DETENTION,
        today - timedelta(days=77),
        authority="Investigating judge",
        document_reference="ORD-097",
        facility=facilities["pretrial"],
    )
    _event(
        worker,
        person,
        K.TRIAL,
        today + timedelta(days=24),
        authority="Capital District criminal court",
        details="First hearing scheduled.",
    )
    services.participation_add(
        actor=worker,
        person=person,
        values={
            "facility": facilities["pretrial"],
            "kind": ParticipationKind.EDUCATION,
            "title": "Secondary-school equivalence course",
            "provider": "Ministry of Education, prison schools",
            "started_on": today - timedelta(days=60),
            "status": ParticipationStatus.ACTIVE,
            "sessions_attended": 14,
        },
    )
    services.family_visit_add(
        actor=worker,
        person=person,
        values={
            "facility": facilities["pretrial"],
            "visited_on": today - timedelta(days=9),
            "kind": VisitKind.IN_PERSON,
            "visitors": "Mother and younger brother",
            "notes": "Calm visit; mother asked about the trial date.",
        },
    )
    services.custody_note_add(
        actor=worker,
        person=person,
        category="legal_status",
        facility=facilities["pretrial"],
        body="Legal aid lawyer visits weekly; no disciplinary incidents since admission.",
    )
    case_services.task_create(
        actor=worker,
        case=case,
        title="Prepare a pre-trial report for the court on programme participation",
        due_on=today + timedelta(days=14),
        assignee=world.users["hafsa.caseworker"],
    )


def _release_soon(
    world: "World", labels: dict[str, Label], facilities: dict[str, Facility], today: date
) -> None:
    worker = world.actors[("hafsa.caseworker", "prison")]
    person = _person(
        worker,
        world.towns["port-amani"],
        given_name="حمزة",
        family_name="بناني",
        given_name_latin="Hamza",
        family_name_latin="Bennani",
        sex=Sex.MALE,
        date_of_birth=date(today.year - 31, 11, 2),
    )
    case = _open(
        worker,
        person,
        Programme.objects.get(code="icdp"),
        labels["convicted_offender"],
        today - timedelta(days=700),
        CaseStage.SUPPORT,
        "Prison service",
    )
    supervisor = world.actors[("driss.supervisor", "prison")]
    case_services.case_team_add(
        actor=supervisor, case=case, user=world.users["ines.psychologist"], role=CaseRole.PSYCHOLOGIST
    )
    release = today + timedelta(days=60)
    start = date(release.year - 4, release.month, min(release.day, 28))
    _event(
        worker,
        person,
        K.ARREST,
        start - timedelta(days=200),
        authority="Port Amani police",
        facility=facilities["police"],
        alleged_offence_on=start - timedelta(days=230),
    )
    _event(
        worker,
        person,
        K.CHARGE,
        start - timedelta(days=198),
        authority="Coastal Province prosecutor",
        document_reference="PRS-1710",
        details="Financing and logistics for an armed group.",
    )
    _event(
        worker,
        person,
        K.PRE_TRIAL_DETENTION,
        start - timedelta(days=197),
        facility=facilities["pretrial"],
        authority="Investigating judge",
    )
    _event(worker, person, K.TRIAL, start - timedelta(days=10), authority="Coastal Province criminal court")
    _event(
        worker,
        person,
        K.VERDICT,
        start - timedelta(days=5),
        verdict=Verdict.CONVICTED,
        authority="Coastal Province criminal court",
        document_reference="JUD-3381",
    )
    _event(
        worker,
        person,
        K.SENTENCE,
        start,
        sentence_type=SentenceType.CUSTODIAL,
        sentence_months=48,
        sentence_start=start,
        expected_release=release,
        facility=facilities["pretrial"],
        authority="Coastal Province criminal court",
        document_reference="JUD-3381",
    )
    _event(
        worker,
        person,
        K.TRANSFER,
        start + timedelta(days=40),
        facility=facilities["central"],
        authority="National Prison Administration",
    )
    programmes = [
        (
            ParticipationKind.VOCATIONAL,
            "Carpentry workshop",
            "Amani Vocational Training Centre",
            600,
            180,
            ParticipationStatus.COMPLETED,
            64,
        ),
        (
            ParticipationKind.PEER_COACHING,
            "Reconciliation peer-coaching scheme",
            "Council of Imams and trained fellow prisoners",
            300,
            None,
            ParticipationStatus.ACTIVE,
            22,
        ),
        (
            ParticipationKind.RELIGIOUS,
            "Dialogue sessions with a religious counsellor",
            "Council of Imams and Preachers",
            250,
            None,
            ParticipationStatus.ACTIVE,
            18,
        ),
    ]
    for kind, title, provider, started_ago, ended_ago, status, sessions in programmes:
        services.participation_add(
            actor=worker,
            person=person,
            values={
                "facility": facilities["central"],
                "kind": kind,
                "title": title,
                "provider": provider,
                "started_on": today - timedelta(days=started_ago),
                "ended_on": today - timedelta(days=ended_ago) if ended_ago else None,
                "status": status,
                "sessions_attended": sessions,
            },
        )
    for days_before, visit_kind, visitors, children in (
        (70, VisitKind.FAMILY_DAY, "Wife and two children", True),
        (20, VisitKind.IN_PERSON, "Wife", False),
    ):
        services.family_visit_add(
            actor=worker,
            person=person,
            values={
                "facility": facilities["central"],
                "visited_on": today - timedelta(days=days_before),
                "kind": visit_kind,
                "visitors": visitors,
                "children_present": children,
            },
        )
    services.care_preference_save(
        actor=worker,
        person=person,
        values={
            "practitioner": PractitionerPreference.NONE,
            "interpreter_language": "",
            "childcare_needed": False,
            "specific_needs": "",
        },
        expected_version=None,
    )


def _community_service(
    world: "World", labels: dict[str, Label], facilities: dict[str, Facility], today: date
) -> None:
    worker = world.actors[("amal.caseworker", "probation")]
    person = _person(
        worker,
        world.towns["port-amani"],
        given_name="أنس",
        family_name="بلقاسم",
        given_name_latin="Anas",
        family_name_latin="Belkacem",
        sex=Sex.MALE,
        date_of_birth=date(today.year - 22, 2, 17),
    )
    case = _open(
        worker,
        person,
        Programme.objects.get(code="nrrp"),
        labels["convicted_offender"],
        today - timedelta(days=120),
        CaseStage.SUPPORT,
        "Probation service",
    )
    sentenced = today - timedelta(days=95)
    _event(
        worker,
        person,
        K.ARREST,
        today - timedelta(days=420),
        authority="Port Amani police",
        alleged_offence_on=today - timedelta(days=425),
    )
    _event(
        worker,
        person,
        K.CHARGE,
        today - timedelta(days=418),
        authority="Coastal Province prosecutor",
        details="Sharing violent propaganda online.",
    )
    _event(
        worker,
        person,
        K.BAIL,
        today - timedelta(days=418),
        authority="Investigating judge",
        conditions="Live at his parents' address; no contact with the co-accused.",
    )
    _event(
        worker, person, K.TRIAL, sentenced - timedelta(days=3), authority="Coastal Province criminal court"
    )
    _event(
        worker,
        person,
        K.VERDICT,
        sentenced,
        verdict=Verdict.CONVICTED,
        authority="Coastal Province criminal court",
    )
    _event(
        worker,
        person,
        K.SENTENCE,
        sentenced,
        sentence_type=SentenceType.COMMUNITY,
        sentence_months=12,
        authority="Coastal Province criminal court",
        document_reference="JUD-4102",
    )
    sentence = person.legal_events.get(kind=K.SENTENCE)
    missed_day = today - timedelta(days=4)
    first = missed_day - timedelta(days=7 * 12)
    measure = services.measure_create(
        actor=worker,
        person=person,
        case=case,
        values={
            "kind": MeasureKind.COMMUNITY_SERVICE,
            "legal_basis": sentence,
            "ordered_by": "Coastal Province criminal court",
            "document_reference": "JUD-4102",
            "starts_on": first,
            "ends_on": sentenced + timedelta(days=365),
            "responsible_officer": world.users["amal.caseworker"],
            "frequency": Frequency.WEEKLY,
            "weekday": missed_day.weekday(),
            "report_by": time(9, 0),
            "location": "Port Amani municipal workshop",
            "hours_ordered": 120,
            "placement": "Port Amani municipal parks and workshop",
        },
    )
    earlier_miss = first + timedelta(days=7 * 6)
    for day in _weekly_since(first, missed_day):
        if day == earlier_miss:
            services.check_in_log(
                actor=worker,
                measure=measure,
                due_on=day,
                status=CheckInStatus.MISSED,
                reason="Did not come; said later he had a job interview.",
            )
        elif day == missed_day:
            services.check_in_log(
                actor=worker,
                measure=measure,
                due_on=day,
                status=CheckInStatus.MISSED,
                reason="Did not come and did not answer the phone.",
            )
        else:
            services.check_in_log(
                actor=worker, measure=measure, due_on=day, status=CheckInStatus.ATTENDED, hours=Decimal("4.0")
            )
    _event(
        worker,
        person,
        K.BREACH,
        earlier_miss + timedelta(days=2),
        measure=measure,
        breach_response=BreachResponse.WARNING,
        authority="Probation service",
        details="Missed a community-service day without notice; formal warning given.",
    )
    # The earlier miss was followed up: its task is done, so only this week's shows as open.
    earlier = measure.check_ins.get(due_on=earlier_miss)
    if earlier.follow_up_task is not None:
        case_services.task_set_status(actor=worker, task=earlier.follow_up_task, status="done")
    services.care_preference_save(
        actor=worker,
        person=person,
        values={
            "practitioner": PractitionerPreference.NONE,
            "interpreter_language": "",
            "childcare_needed": False,
            "specific_needs": "",
        },
        expected_version=None,
    )


def _juvenile(world: "World", labels: dict[str, Label], facilities: dict[str, Facility], today: date) -> None:
    worker = world.actors[("amal.caseworker", "probation")]
    town = world.towns["wadi-nour"]
    child = _person(
        worker,
        town,
        household=False,
        given_name="إلياس",
        family_name="الزياني",
        given_name_latin="Ilyas",
        family_name_latin="Ziani",
        sex=Sex.MALE,
        date_of_birth=date(today.year - 16, today.month, 1) - timedelta(days=100),
    )
    mother = _person(
        worker,
        town,
        household=False,
        given_name="فاطمة",
        family_name="الزياني",
        given_name_latin="Fatima",
        family_name_latin="Ziani",
        sex=Sex.FEMALE,
        date_of_birth=date(today.year - 44, 3, 3),
    )
    household = people_services.household_create(actor=worker, values={"place": town})
    people_services.household_member_add(
        actor=worker, household=household, person=mother, relationship=Relationship.REFERENCE
    )
    people_services.household_member_add(
        actor=worker, household=household, person=child, relationship=Relationship.CHILD
    )
    case = _open(
        worker,
        child,
        Programme.objects.get(code="nrrp"),
        labels["child_associated"],
        today - timedelta(days=300),
        CaseStage.SUPPORT,
        "Juvenile court",
    )
    offence = today - timedelta(days=440)
    _event(
        worker,
        child,
        K.ARREST,
        offence + timedelta(days=6),
        authority="Wadi Nour police, juvenile unit",
        alleged_offence_on=offence,
    )
    _event(
        worker,
        child,
        K.CHARGE,
        offence + timedelta(days=7),
        authority="Juvenile prosecutor",
        alleged_offence_on=offence,
        details="Recruited online to carry messages for an armed group.",
    )
    _event(
        worker,
        child,
        K.PRE_TRIAL_DETENTION,
        offence + timedelta(days=7),
        facility=facilities["juvenile"],
        authority="Juvenile judge",
    )
    _event(
        worker,
        child,
        K.BAIL,
        offence + timedelta(days=40),
        authority="Juvenile judge",
        conditions="Released to his mother; school attendance; no contact with the recruiter.",
    )
    _event(worker, child, K.TRIAL, today - timedelta(days=305), authority="Juvenile court of Wadi Nour")
    _event(
        worker,
        child,
        K.VERDICT,
        today - timedelta(days=300),
        verdict=Verdict.CONVICTED,
        authority="Juvenile court of Wadi Nour",
    )
    _event(
        worker,
        child,
        K.SENTENCE,
        today - timedelta(days=300),
        sentence_type=SentenceType.COMMUNITY,
        sentence_months=18,
        authority="Juvenile court of Wadi Nour",
        document_reference="JUV-0412",
        details="Educational supervision measure in the community, with mentoring.",
    )
    sentence = child.legal_events.get(kind=K.SENTENCE)
    start = today - timedelta(days=295)
    measure = services.measure_create(
        actor=worker,
        person=child,
        case=case,
        values={
            "kind": MeasureKind.REPORTING,
            "legal_basis": sentence,
            "ordered_by": "Juvenile court of Wadi Nour",
            "starts_on": start,
            "ends_on": today - timedelta(days=300) + timedelta(days=548),
            "responsible_officer": world.users["amal.caseworker"],
            "frequency": Frequency.FORTNIGHTLY,
            "weekday": 2,
            "location": "Port Amani Probation Office, youth desk",
        },
    )
    day = start + timedelta(days=(2 - start.weekday()) % 7)
    while day < today:
        services.check_in_log(actor=worker, measure=measure, due_on=day, status=CheckInStatus.ATTENDED)
        day += timedelta(days=14)
    services.measure_create(
        actor=worker,
        person=child,
        case=case,
        values={
            "kind": MeasureKind.VOLUNTARY_PROGRAMME,
            "legal_basis": sentence,
            "starts_on": start,
            "responsible_officer": world.users["amal.caseworker"],
            "frequency": Frequency.NONE,
            "consent_given_on": start,
            "details": "Weekly mentoring and a football club, agreed with Ilyas and his mother.",
        },
    )
    services.child_safeguard_save(
        actor=worker,
        person=child,
        values={
            "guardian": mother,
            "guardian_description": "Mother",
            "guardian_consent": GuardianConsent.GIVEN,
            "guardian_consent_on": today - timedelta(days=290),
            "child_views": (
                "I want to finish school and become an electrician. I don't want to see those people again."
            ),
            "child_views_on": today - timedelta(days=30),
            "best_interests": (
                "Stay at home with his mother; finish the school year; mentoring by a trusted adult; "
                "no detention. Consulted: mother, teacher, juvenile judge's social worker."
            ),
            "best_interests_on": today - timedelta(days=28),
            "school_status": SchoolStatus.ENROLLED,
            "school_name": "Wadi Nour secondary school",
            "school_since": today - timedelta(days=280),
        },
        expected_version=None,
    )


def build(world: "World", *, pave_cases: list[Case], today: date) -> dict[str, int]:
    """Create the demo world's justice pathway (see the module docstring)."""
    labels = {label.code: label for label in Label.objects.filter(kind="beneficiary_type")}
    facilities = _facilities(world)
    _pave(world, pave_cases, facilities, today)
    _pre_trial(world, labels, facilities, today)
    _release_soon(world, labels, facilities, today)
    _community_service(world, labels, facilities, today)
    _juvenile(world, labels, facilities, today)
    return {
        "returns": ReturnEvent.objects.count(),
        "measures": SupervisionMeasure.objects.count(),
        "facilities": Facility.objects.count(),
    }
