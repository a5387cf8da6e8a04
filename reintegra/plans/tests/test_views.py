"""Plan, session and mentoring pages: who sees what, forms that change nothing on error,
audit rows, the dashboard panel, and query budgets that do not grow with the rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reintegra.assessments import services as assessment_services
from reintegra.assessments.tests.factories import default_survey, signed_assessment
from reintegra.cases.models import Task
from reintegra.core.models import AuditEvent
from reintegra.plans.choices import GoalDimension
from reintegra.plans.models import Goal, Session
from reintegra.plans.tests.factories import accept, action_for, goal_for, plan_for, session_for

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_every_page_renders_for_the_case_manager(world, login):
    cm = world.actor("case_manager")
    assessment = signed_assessment(cm, world.case)
    plan = plan_for(cm, world.case)
    goal = goal_for(cm, plan)
    action = action_for(cm, goal, user=world.users["case_manager"])
    version = accept(cm, plan, [goal])
    session = session_for(cm, world.case, "case_manager", concern=True)
    client = login(world.users["case_manager"])
    for url in (
        reverse("plans:case_plan", args=[world.case.pk]),
        reverse("plans:plan_edit", args=[plan.pk]),
        reverse("plans:goal_add", args=[plan.pk]),
        reverse("plans:goal_edit", args=[goal.pk]),
        reverse("plans:action_add", args=[goal.pk]),
        reverse("plans:action_edit", args=[action.pk]),
        reverse("plans:plan_accept", args=[plan.pk]),
        reverse("plans:plan_version", args=[version.pk]),
        reverse("plans:goals_from_assessment", args=[plan.pk]),
        reverse("plans:review_record", args=[plan.reviews.get().pk]),
        reverse("plans:case_sessions", args=[world.case.pk]),
        reverse("plans:session_log", args=[world.case.pk]),
        reverse("plans:session_detail", args=[session.pk]),
        reverse("plans:session_edit", args=[session.pk]),
        reverse("plans:mentor_assign", args=[world.case.pk]),
    ):
        assert client.get(url).status_code == 200, url
    assert assessment.code in html(client.get(reverse("plans:goals_from_assessment", args=[plan.pk])))


def test_a_mentor_sees_the_plan_without_health_goals_and_cannot_change_it(world, login):
    cm = world.actor("case_manager")
    plan = plan_for(cm, world.case)
    goal_for(cm, plan, GoalDimension.ECONOMIC, "Find stable work")
    therapy = goal_for(cm, plan, GoalDimension.PSYCHOSOCIAL, "Sleep through the night")
    client = login(world.users["mentor"])
    page = html(client.get(reverse("plans:case_plan", args=[world.case.pk])))
    assert "Find stable work" in page
    assert "Sleep through the night" not in page
    assert reverse("plans:goal_add", args=[plan.pk]) not in page
    assert client.get(reverse("plans:goal_edit", args=[therapy.pk])).status_code == 404
    assert client.get(reverse("plans:goal_add", args=[plan.pk])).status_code == 404
    event = AuditEvent.objects.filter(action="plan.viewed").latest("seq")
    assert "health_psychosocial" not in event.categories


def test_recording_acceptance_from_the_page(world, login):
    cm = world.actor("case_manager")
    plan = plan_for(cm, world.case)
    goal = goal_for(cm, plan)
    client = login(world.users["case_manager"])
    url = reverse("plans:plan_accept", args=[plan.pk])
    refused = client.post(
        url,
        {
            "version": plan.version,
            "goals": [goal.pk],
            "accepted_on": timezone.localdate(),
            "method": "in_person",
        },
    )
    assert refused.status_code == 400
    done = client.post(
        url,
        {
            "version": plan.version,
            "goals": [goal.pk],
            "accepted_on": timezone.localdate(),
            "method": "in_person",
            "participant_words": "This is what I want.",
        },
    )
    assert done.status_code == 302
    goal.refresh_from_db()
    assert goal.is_accepted


def test_proposing_goals_from_an_assessment(world, login):
    cm = world.actor("case_manager")
    assessment = signed_assessment(cm, world.case)
    plan = plan_for(cm, world.case)
    client = login(world.users["case_manager"])
    url = reverse("plans:goals_from_assessment", args=[plan.pk])
    assert client.post(url, {}).status_code == 400
    client.post(
        url,
        {
            "use__accommodation": "on",
            "dim__accommodation": "social",
            "title__accommodation": "A safe place to live",
        },
    )
    goal = Goal.objects.get(plan=plan)
    assert (goal.title, goal.from_assessment_id, goal.from_item_code) == (
        "A safe place to live",
        assessment.pk,
        "accommodation",
    )


def test_logging_a_session_with_a_concern_from_the_page(world, login):
    client = login(world.users["mentor"])
    url = reverse("plans:session_log", args=[world.case.pk])
    form = client.get(url).context["form"]
    assert "psychotherapy" not in dict(form.fields["session_type"].choices)
    data = {
        "session_type": "mentoring",
        "occurred_on": timezone.localdate(),
        "attendance": "attended",
        "concern": "on",
        "note_category": "case_notes",
        "note": "",
    }
    assert client.post(url, data).status_code == 400
    assert not Session.objects.exists()
    response = client.post(url, {**data, "note": "He said someone from the old group contacted him."})
    session = Session.objects.get()
    assert response.status_code == 302
    assert Task.objects.get(pk=session.concern_task_id).assignee_id == world.users["case_manager"].pk


def test_a_mentor_cannot_open_a_psychotherapy_session(world, login):
    session = session_for(world.actor("psychologist"), world.case, "psychologist", "psychotherapy")
    assert (
        login(world.users["mentor"]).get(reverse("plans:session_detail", args=[session.pk])).status_code
        == 404
    )


def test_the_contact_log_filters_and_pages(world, login):
    cm = world.actor("case_manager")
    for _ in range(3):
        session_for(cm, world.case, "case_manager", "mentoring")
    session_for(cm, world.case, "case_manager", "home_visit", concern=True)
    client = login(world.users["case_manager"])
    url = reverse("plans:case_sessions", args=[world.case.pk])
    assert len(client.get(url).context["data"].page.object_list) == 4
    assert len(client.get(url, {"session_type": "home_visit"}).context["data"].page.object_list) == 1
    assert len(client.get(url, {"concerns_only": "on"}).context["data"].page.object_list) == 1
    assert client.get(url).context["data"].open_concerns == 1


def test_the_contact_log_query_budget_does_not_grow(world, login):
    cm = world.actor("case_manager")
    client = login(world.users["case_manager"])
    url = reverse("plans:case_sessions", args=[world.case.pk])
    for _ in range(2):
        session_for(cm, world.case, "case_manager")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        session_for(cm, world.case, "case_manager")
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
    assert len(more) <= 25


def test_the_plan_page_query_budget_does_not_grow(world, login):
    cm = world.actor("case_manager")
    plan = plan_for(cm, world.case)
    client = login(world.users["case_manager"])
    url = reverse("plans:case_plan", args=[world.case.pk])
    action_for(cm, goal_for(cm, plan), user=world.users["mentor"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for area in ("social", "family", "health", "legal"):
        goal = goal_for(cm, plan, area)
        action_for(cm, goal)
        action_for(cm, goal, user=world.users["mentor"])
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
    assert len(more) <= 35


def test_the_dashboard_shows_overdue_actions_and_open_concerns(world, login, django_assert_max_num_queries):
    cm = world.actor("case_manager")
    plan = plan_for(cm, world.case)
    action_for(
        cm,
        goal_for(cm, plan, title="Get the ID card"),
        due=timezone.localdate() - timedelta(days=3),
        user=world.users["mentor"],
    )
    session_for(world.actor("mentor"), world.case, "mentor", concern=True)
    page = html(login(world.users["case_manager"]).get(reverse("cases:dashboard")))
    assert "overdue plan action" in page
    assert "open concern" in page
    # the mentor responsible for the action sees it too, and may mark it done there
    mentor_page = html(login(world.users["mentor"]).get(reverse("cases:dashboard")))
    assert "Visit the vocational centre" in mentor_page
    event = AuditEvent.objects.filter(action="dashboard.viewed").latest("seq")
    assert [str(world.case.person_id), str(world.case.pk)] in event.subjects


def test_the_dashboard_panel_is_bounded(world, login):
    cm = world.actor("case_manager")
    plan = plan_for(cm, world.case)
    client = login(world.users["case_manager"])
    past = timezone.localdate() - timedelta(days=5)
    for _ in range(6):
        action_for(cm, goal_for(cm, plan), due=past)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:dashboard"))
    for _ in range(6):
        action_for(cm, goal_for(cm, plan), due=past)
        session_for(cm, world.case, "case_manager", concern=True)
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("cases:dashboard"))
    assert len(more) <= len(few) + 1  # the concerns count appears once the list is full
    assert response.context["dashboard"].plan_panel.overdue_count == 12


def test_the_surveys_lowest_dimension_is_on_the_plan(world, login):
    cm = world.actor("case_manager")
    plan_for(cm, world.case)
    assessment_services.survey_record(
        actor=cm,
        case=world.case,
        question_set=default_survey(),
        team_role="case_manager",
        wave="intake",
        conducted_on=timezone.localdate(),
        answers={"economic_satisfaction": "very_satisfied", "housing": "no_place"},
    )
    page = login(world.users["case_manager"]).get(reverse("plans:case_plan", args=[world.case.pk]))
    assert page.context["page"].survey.lowest == "social"
    assert "Consider support in the" in html(page)
