"""The PAVE family's assessments, surveys, plan and sessions (demo only).

Emir Hodžić, back from Iraq with his wife Amela and their children Adnan and Lejla, is
assessed twice with the open "Reintegration needs and strengths" instrument (the first
countersigned, the second signed and waiting for its countersignature), surveyed at intake
and at a follow-up, agrees a plan whose goals he accepts in his own words, and meets his
mentor, his psychologist and the imam; one mentoring session raises a concern. Everything
goes through the services, so the demo exercises the rules and the audit trail.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from reintegra.assessments import services as assessments
from reintegra.assessments.choices import AssessmentContext, SurveyWave
from reintegra.assessments.models import INSUFFICIENT, SurveyQuestionSet, TemplateVersion
from reintegra.assessments.services import RatingInput
from reintegra.cases import services as case_services
from reintegra.cases.choices import CaseRole, CaseStage
from reintegra.cases.models import Case
from reintegra.core.actors import Actor
from reintegra.plans import services as plans
from reintegra.plans.choices import (
    AcceptanceMethod,
    ActionStatus,
    Attendance,
    GoalDimension,
    MenteeKind,
    NonAttendanceReason,
    ResponsibleKind,
    SessionType,
)

INSTRUMENT = "reintegration-needs-strengths"
SURVEY = "reintegration-sustainability"


@dataclass(frozen=True)
class Rating:
    """One item of the father's assessment: (need, strength[, harm link]) and the evidence."""

    values: tuple[str, ...]
    evidence: str
    sources: tuple[str, ...] = ("interview",)
    view: str = ""


#: The first assessment, some five months ago, soon after return.
FIRST: dict[str, Rating] = {
    "accommodation": Rating(
        ("significant_need", "some"),
        "Family of four lives in two rooms at his parents' house.",
        ("interview", "family"),
    ),
    "education_livelihood": Rating(
        ("significant_need", "some"),
        "Trained as a car mechanic before leaving; no income since return.",
        ("interview",),
        "I can fix engines. I need somebody to give me a chance.",
    ),
    "finance_documents": Rating(
        ("significant_need", "none_yet"),
        "Passport valid; the children have no birth certificates.",
        ("records",),
    ),
    "legal_status": Rating(
        (INSUFFICIENT, INSUFFICIENT),
        "Prosecutor's decision pending; lawyer not yet met. Ask the prosecutor's office.",
        (),
    ),
    "physical_health": Rating(
        ("some_need", "some"), "Old shrapnel injury in the left leg; walks without help.", ("observation",)
    ),
    "mental_health_substances": Rating(
        ("significant_need", "some", "possibly_linked"),
        "Nightmares and anxiety about the neighbours; no alcohol or drug use reported.",
        ("interview",),
        "I do not sleep. I think about what people say.",
    ),
    "family": Rating(
        ("some_need", "clear"),
        "Close to his wife and children; his father is reluctant but hosts the family.",
        ("interview", "family"),
    ),
    "social_network": Rating(
        ("some_need", "none_yet", "possibly_linked"), "Knows nobody in town except relatives.", ("interview",)
    ),
    "identity_belonging": Rating(
        ("significant_need", "some", "possibly_linked"),
        "Says he feels a stranger in his own country.",
        ("interview",),
        "Here they look at me as the one who left.",
    ),
    "community_acceptance": Rating(
        ("significant_need", "none_yet", "linked"),
        "A neighbour complained to the mayor about the family's return.",
        ("community", "other_agency"),
    ),
    "violence_former_group": Rating(
        ("some_need", "some", "possibly_linked"),
        "Says he left the group disillusioned; no known contact since.",
        ("interview", "other_agency"),
    ),
    "own_goals": Rating(
        ("emerging",), "Wants work and school for the children; unsure how.", ("interview",), "Work. School."
    ),
}

#: The second assessment, recent: documents sorted out, work started, community still hard.
SECOND: dict[str, Rating] = {
    **FIRST,
    "accommodation": Rating(("some_need", "some"), "Rents a small flat since last month.", ("observation",)),
    "education_livelihood": Rating(
        ("some_need", "clear"),
        "In a mechanics course at the vocational centre; attends every day.",
        ("other_agency", "records"),
        "The course is good. I want my own garage one day.",
    ),
    "finance_documents": Rating(
        ("some_need", "some"), "Birth registration for both children under way.", ("records",)
    ),
    "legal_status": Rating(
        ("some_need", "some"),
        "Prosecutor closed the file with reporting conditions; he reports monthly.",
        ("records",),
    ),
    "mental_health_substances": Rating(
        ("some_need", "some", "not_linked"),
        "Sleeps better; weekly sessions with the psychologist.",
        ("interview", "records"),
        "The nights are better now.",
    ),
    "community_acceptance": Rating(
        ("significant_need", "some", "possibly_linked"),
        "Neighbour complaints stopped; the imam spoke at Friday prayer.",
        ("community",),
    ),
    "own_goals": Rating(("clear",), "Clear plan: finish the course, then work in a garage.", ("interview",)),
}


def _ratings(version: TemplateVersion, given: dict[str, Rating]) -> dict[str, RatingInput]:
    codes = {item.code: [d.code for d in item.dimensions.order_by("position")] for item in _items(version)}
    ratings = {}
    for code, rating in given.items():
        ratings[code] = RatingInput(
            values=dict(zip(codes[code], rating.values, strict=True)),
            evidence=rating.evidence,
            sources=list(rating.sources),
            person_view=rating.view,
        )
    return ratings


def _items(version: TemplateVersion) -> Any:
    from reintegra.assessments.models import Item  # reference data

    return Item.objects.filter(domain__version=version).prefetch_related("dimensions")


def _assessment(
    assessor: Actor,
    role: str,
    case: Case,
    version: TemplateVersion,
    day: date,
    given: dict[str, Rating],
    **text: Any,
) -> Any:
    assessment = assessments.assessment_start(
        actor=assessor,
        case=case,
        version=version,
        team_role=role,
        context=AssessmentContext.COMMUNITY,
        assessed_on=day,
    )
    assessment = assessments.assessment_save(
        actor=assessor,
        assessment=assessment,
        team_role=role,
        values={"sources_summary": text.pop("sources"), **text},
        ratings=_ratings(version, given),
        expected_version=assessment.version,
    )
    return assessments.assessment_sign(
        actor=assessor, assessment=assessment, team_role=role, expected_version=assessment.version
    )


def build(world: Any, *, pave_cases: list[Case], today: date) -> dict[str, int]:
    """The PAVE family's assessments, surveys, plan, sessions and mentors."""
    father, mother, son = pave_cases[0], pave_cases[1], pave_cases[2]
    karim = world.actors[("karim.caseworker", "nccr")]
    mina = world.actors[("mina.psychologist", "nccr")]
    tarek = world.actors[("tarek.mentor", "nccr")]
    imam = world.actors[("imam.hassan", "nccr")]
    version = TemplateVersion.objects.select_related("template").get(template__code=INSTRUMENT, number=1)

    # Two assessments over time: the first countersigned, the second waiting.
    first = _assessment(
        karim,
        CaseRole.CASE_MANAGER,
        father,
        version,
        today - timedelta(days=150),
        FIRST,
        sources="Two interviews with Emir, one with Amela; consular file; call with the prosecutor's office.",
        formulation=(
            "Emir returned disillusioned and wants an ordinary life for his family. The main pressures are "
            "practical (no income, crowded housing, children without documents) and social (a hostile "
            "neighbourhood, no friends outside the family). Sleep problems and anxiety make every step "
            "harder. "
            "His wife, children and his skills as a mechanic are real strengths."
        ),
        judgement="intensive",
        judgement_rationale=(
            "Several significant needs at once and open community hostility: coordinated support from "
            "several "
            "agencies is needed for the first months. What would change this view: stable work and housing."
        ),
        reassessment_due=today + timedelta(days=30),
    )
    assessments.assessment_countersign(
        actor=mina,
        assessment=first,
        team_role=CaseRole.PSYCHOLOGIST,
        comment="Agreed.",
        dissent=False,
        expected_version=first.version,
    )
    _assessment(
        mina,
        CaseRole.PSYCHOLOGIST,
        father,
        version,
        today - timedelta(days=6),
        SECOND,
        sources="Interview with Emir; reports from the vocational centre and the imam; sessions so far.",
        formulation=(
            "Practical life has settled: a flat, a course he attends, documents on the way. Sleep has "
            "improved "
            "with weekly sessions. Acceptance in the neighbourhood is still the weakest area."
        ),
        judgement="moderate",
        judgement_rationale=(
            "Planned services and regular sessions are enough now; keep the community work going."
        ),
        reassessment_due=today + timedelta(days=180),
    )

    # Sustainability survey: intake and a follow-up for Emir, intake for Amela.
    survey_set = SurveyQuestionSet.objects.get(code=SURVEY, number=1)
    intake = {
        "economic_satisfaction": "very_dissatisfied",
        "food_cut": "sometimes",
        "income_work": "none",
        "debt": "no",
        "training_access": "with_difficulty",
        "housing": "temporary",
        "id_document": "yes",
        "children_school": "none",
        "health_care": "with_difficulty",
        "justice_access": "dont_know",
        "someone_to_rely_on": "yes",
        "belonging": "strongly_disagree",
        "safety": "unsafe",
        "treated_unfairly": "strongly_agree",
        "distress": "often",
        "social_activities": "no",
    }
    follow_up = {
        **intake,
        "economic_satisfaction": "neutral",
        "food_cut": "rarely",
        "income_work": "occasional",
        "training_access": "yes",
        "housing": "stable",
        "children_school": "some",
        "health_care": "yes",
        "justice_access": "with_difficulty",
        "belonging": "disagree",
        "treated_unfairly": "agree",
        "distress": "sometimes",
        "social_activities": "once",
    }
    for case, wave, answers, days in (
        (father, SurveyWave.INTAKE, intake, 140),
        (father, SurveyWave.FOLLOW_UP, follow_up, 8),
        (mother, SurveyWave.INTAKE, {**intake, "distress": "sometimes", "safety": "safe"}, 30),
    ):
        assessments.survey_record(
            actor=karim,
            case=case,
            question_set=survey_set,
            team_role=CaseRole.CASE_MANAGER,
            wave=wave,
            conducted_on=today - timedelta(days=days),
            answers=answers,
        )

    # Move the father's case on: the plan is agreed and support has started.
    for stage, reason in (
        (CaseStage.PLANNING, "Assessment countersigned."),
        (CaseStage.SUPPORT, "Plan accepted."),
    ):
        father.refresh_from_db()
        case_services.case_transition(
            actor=karim, case=father, to_stage=stage, reason=reason, expected_version=father.version
        )

    # The individual reintegration plan, accepted by Emir in his own words.
    plan = plans.plan_create(
        actor=karim,
        case=father,
        summary="Emir settles in Port Amani with his family: work as a mechanic, documents for the children, "
        "a calmer mind, and a place in the neighbourhood.",
        review_every_weeks=8,
        started_on=today - timedelta(days=120),
    )
    goals = {}
    for key, dimension, title, words, target in (
        (
            "work",
            GoalDimension.ECONOMIC,
            "Finish the mechanics course and find work",
            "Work with my hands again.",
            120,
        ),
        (
            "documents",
            GoalDimension.LEGAL,
            "Birth registration and ID for Adnan and Lejla",
            "Papers for my children.",
            45,
        ),
        ("sleep", GoalDimension.PSYCHOSOCIAL, "Sleep better and manage anxiety", "To sleep at night.", 90),
        (
            "family",
            GoalDimension.FAMILY,
            "Rebuild trust with his father",
            "My father should be proud again.",
            180,
        ),
        (
            "dialogue",
            GoalDimension.SPIRITUAL,
            "Regular dialogue with the imam",
            "To talk about what I saw.",
            150,
        ),
        ("neighbours", GoalDimension.SOCIAL, "Take part in one neighbourhood activity", "", 60),
    ):
        goals[key] = plans.goal_add(
            actor=karim,
            plan=plan,
            values={
                "dimension": dimension,
                "title": title,
                "participant_words": words,
                "target_date": today + timedelta(days=target),
            },
            from_assessment=first if key in ("work", "documents", "neighbours") else None,
            from_item_code={
                "work": "education_livelihood",
                "documents": "finance_documents",
                "neighbours": "community_acceptance",
            }.get(key, ""),
        )
    users = world.users
    for goal, description, kind, who, days, status in (
        (
            "work",
            "Enrol in the mechanics course",
            ResponsibleKind.AGENCY,
            world.agencies["vocational"],
            -60,
            ActionStatus.DONE,
        ),
        (
            "work",
            "Ask two garages about an apprenticeship",
            ResponsibleKind.USER,
            users["tarek.mentor"],
            -4,
            ActionStatus.PLANNED,
        ),
        (
            "documents",
            "File the birth registration at the civil registry",
            ResponsibleKind.USER,
            users["karim.caseworker"],
            10,
            ActionStatus.IN_PROGRESS,
        ),
        (
            "sleep",
            "Weekly session with the psychologist",
            ResponsibleKind.USER,
            users["mina.psychologist"],
            30,
            ActionStatus.IN_PROGRESS,
        ),
        ("family", "Family meeting with his parents", ResponsibleKind.FAMILY, None, 21, ActionStatus.PLANNED),
        (
            "dialogue",
            "Meet the imam after Friday prayer",
            ResponsibleKind.PARTICIPANT,
            None,
            7,
            ActionStatus.IN_PROGRESS,
        ),
        (
            "neighbours",
            "Join the Saturday football at the sports club",
            ResponsibleKind.SERVICE,
            "Port Amani Sports Club",
            -2,
            ActionStatus.PLANNED,
        ),
    ):
        values: dict[str, Any] = {
            "description": description,
            "responsible_kind": kind,
            "target_date": today + timedelta(days=days),
        }
        if kind == ResponsibleKind.USER:
            values["responsible_user"] = who
        elif kind == ResponsibleKind.AGENCY:
            values["responsible_agency"] = who
        elif kind == ResponsibleKind.SERVICE:
            values["responsible_name"] = who
        action = plans.action_add(actor=karim, goal=goals[goal], values=values)
        if status != ActionStatus.PLANNED:
            plans.action_set_status(actor=karim, action=action, status=status)
    plan.refresh_from_db()
    plans.plan_accept(
        actor=karim,
        plan=plan,
        goals=[goals[k] for k in ("work", "documents", "sleep", "family", "dialogue")],
        accepted_on=today - timedelta(days=100),
        method=AcceptanceMethod.IN_PERSON,
        participant_words=(
            "These are my goals. First the papers for the children and a job; the rest will follow. "
            "I am not ready to go to the football yet, people still look at me."
        ),
        expected_version=plan.version,
    )

    plans.review_record(
        actor=karim,
        review=plan.reviews.get(),
        held_on=today - timedelta(days=50),
        notes=(
            "Course going well; documents filed. Emir still avoids the neighbours; "
            "keep the football goal open."
        ),
    )

    # The contact log: mentoring, therapy, dialogue, a family meeting, a home visit.
    sessions = [
        (
            tarek,
            CaseRole.MENTOR,
            SessionType.MENTORING,
            95,
            Attendance.ATTENDED,
            "",
            "First meeting at the café near the harbour. Talked about football and cars.",
            False,
        ),
        (
            mina,
            CaseRole.PSYCHOLOGIST,
            SessionType.PSYCHOTHERAPY,
            88,
            Attendance.ATTENDED,
            "",
            "Psychoeducation on sleep and trauma responses; breathing exercise agreed.",
            False,
        ),
        (
            imam,
            CaseRole.RELIGIOUS_COUNSELLOR,
            SessionType.DIALOGUE,
            75,
            Attendance.ATTENDED,
            "",
            "Talked about forgiveness and what the group told him about religion.",
            False,
        ),
        (
            tarek,
            CaseRole.MENTOR,
            SessionType.MENTORING,
            61,
            Attendance.LATE,
            "",
            "Came 30 minutes late: the bus. Visited the vocational centre together.",
            False,
        ),
        (
            karim,
            CaseRole.CASE_MANAGER,
            SessionType.FAMILY_MEETING,
            47,
            Attendance.ATTENDED,
            "",
            "Meeting with Emir, Amela and Emir's parents about the children's school.",
            False,
        ),
        (
            tarek,
            CaseRole.MENTOR,
            SessionType.MENTORING,
            33,
            Attendance.DID_NOT_ATTEND,
            NonAttendanceReason.WORK,
            "Could not come: course exam that day.",
            False,
        ),
        (
            karim,
            CaseRole.CASE_MANAGER,
            SessionType.HOME_VISIT,
            20,
            Attendance.ATTENDED,
            "",
            "Visited the new flat; children settled, Lejla shy but playing.",
            False,
        ),
        (
            tarek,
            CaseRole.MENTOR,
            SessionType.MENTORING,
            3,
            Attendance.ATTENDED,
            "",
            "Emir said a man he knew from Iraq called him twice this week and wants to meet. "
            "He has not answered and is worried.",
            True,
        ),
    ]
    categories: dict[str, str] = {
        SessionType.PSYCHOTHERAPY: "health_psychosocial",
        SessionType.DIALOGUE: "belief_ideology",
        SessionType.FAMILY_MEETING: "family_children",
    }
    for actor, role, session_type, days, attendance, reason, note, concern in sessions:
        plans.session_log(
            actor=actor,
            case=father,
            team_role=role,
            values={
                "session_type": session_type,
                "occurred_on": today - timedelta(days=days),
                "duration_minutes": None if attendance == Attendance.DID_NOT_ATTEND else 60,
                "attendance": attendance,
                "non_attendance_reason": reason,
                "with_family": session_type == SessionType.FAMILY_MEETING,
            },
            concern=concern,
            note=note,
            note_category=categories.get(session_type, "case_notes"),
        )

    # Mentors: Tarek for Emir, and for Adnan (a family member on his father's case).
    plans.mentor_assign(
        actor=karim,
        case=father,
        mentor=users["tarek.mentor"],
        mentee_kind=MenteeKind.PARTICIPANT,
        focus="Work and a place in the neighbourhood",
        started_on=today - timedelta(days=96),
    )
    plans.mentor_assign(
        actor=karim,
        case=father,
        mentor=users["tarek.mentor"],
        mentee_kind=MenteeKind.FAMILY_MEMBER,
        mentee_person=son.person,
        focus="Settling in at school; the football club",
        started_on=today - timedelta(days=40),
    )
    return {"assessments": 2, "surveys": 3, "plans": 1, "sessions": len(sessions)}
