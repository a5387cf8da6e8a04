from django.urls import path

from reintegra.plans import views

app_name = "plans"
urlpatterns = [
    path("cases/<uuid:case_id>/plan/", views.case_plan_view, name="case_plan"),
    path("cases/<uuid:case_id>/plan/new/", views.plan_create_view, name="plan_create"),
    path("plans/<uuid:plan_id>/edit/", views.plan_edit_view, name="plan_edit"),
    path("plans/<uuid:plan_id>/goals/new/", views.goal_add_view, name="goal_add"),
    path(
        "plans/<uuid:plan_id>/goals/from-assessment/",
        views.goals_from_assessment_view,
        name="goals_from_assessment",
    ),
    path("plans/<uuid:plan_id>/accept/", views.plan_accept_view, name="plan_accept"),
    path("plans/<uuid:plan_id>/reviews/new/", views.review_schedule_view, name="review_schedule"),
    path("plans/versions/<uuid:version_id>/", views.plan_version_view, name="plan_version"),
    path("plans/reviews/<uuid:review_id>/record/", views.review_record_view, name="review_record"),
    path("goals/<uuid:goal_id>/edit/", views.goal_edit_view, name="goal_edit"),
    path("goals/<uuid:goal_id>/status/", views.goal_status_view, name="goal_status"),
    path("goals/<uuid:goal_id>/actions/new/", views.action_add_view, name="action_add"),
    path("plan-actions/<uuid:action_id>/edit/", views.action_edit_view, name="action_edit"),
    path("plan-actions/<uuid:action_id>/status/", views.action_status_view, name="action_status"),
    path("cases/<uuid:case_id>/sessions/", views.case_sessions_view, name="case_sessions"),
    path("cases/<uuid:case_id>/sessions/new/", views.session_log_view, name="session_log"),
    path("cases/<uuid:case_id>/mentors/new/", views.mentor_assign_view, name="mentor_assign"),
    path("sessions/<uuid:session_id>/", views.session_detail_view, name="session_detail"),
    path("sessions/<uuid:session_id>/edit/", views.session_edit_view, name="session_edit"),
    path("sessions/<uuid:session_id>/notes/", views.session_note_view, name="session_note"),
    path("sessions/<uuid:session_id>/resolve/", views.session_resolve_view, name="session_resolve"),
    path("mentors/<uuid:assignment_id>/end/", views.mentor_end_view, name="mentor_end"),
]
