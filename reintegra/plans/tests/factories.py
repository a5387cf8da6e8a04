"""Test data for plans and sessions, built through the services."""

from datetime import date, timedelta

from django.utils import timezone

from reintegra.cases.models import Case
from reintegra.core.actors import Actor
from reintegra.plans import services
from reintegra.plans.choices import AcceptanceMethod, Attendance, GoalDimension, ResponsibleKind
from reintegra.plans.models import Goal, Plan, PlanAction, Session


def plan_for(actor: Actor, case: Case, **values: object) -> Plan:
    return services.plan_create(actor=actor, case=case, summary="Settle back home with the family.", **values)


def goal_for(
    actor: Actor, plan: Plan, dimension: str = GoalDimension.ECONOMIC, title: str = "Find stable work"
) -> Goal:
    return services.goal_add(actor=actor, plan=plan, values={"dimension": dimension, "title": title})


def action_for(actor: Actor, goal: Goal, *, due: date | None = None, user: object = None) -> PlanAction:
    return services.action_add(
        actor=actor,
        goal=goal,
        values={
            "description": "Visit the vocational centre",
            "responsible_kind": ResponsibleKind.USER if user else ResponsibleKind.PARTICIPANT,
            "responsible_user": user,
            "target_date": due or timezone.localdate() + timedelta(days=14),
        },
    )


def accept(actor: Actor, plan: Plan, goals: list[Goal]) -> object:
    plan.refresh_from_db()
    return services.plan_accept(
        actor=actor,
        plan=plan,
        goals=goals,
        accepted_on=timezone.localdate(),
        method=AcceptanceMethod.IN_PERSON,
        participant_words="I want to work and take care of my children.",
        expected_version=plan.version,
    )


def session_for(
    actor: Actor, case: Case, team_role: str, session_type: str = "mentoring", **kwargs: object
) -> Session:
    return services.session_log(
        actor=actor,
        case=case,
        team_role=team_role,
        values={
            "session_type": session_type,
            "occurred_on": timezone.localdate(),
            "attendance": Attendance.ATTENDED,
            "duration_minutes": 60,
        },
        note=kwargs.pop("note", "Talked about the week."),  # type: ignore[arg-type]
        note_category=kwargs.pop("note_category", "case_notes"),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )
