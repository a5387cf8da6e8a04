from django.urls import path

from reintegra.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("cases/", views.case_list_view, name="case_list"),
    path("cases/new/", views.case_open_view, name="case_open"),
    path("cases/<uuid:case_id>/", views.case_detail_view, name="case_detail"),
    path("cases/<uuid:case_id>/edit/", views.case_edit_view, name="case_edit"),
    path("cases/<uuid:case_id>/transition/", views.case_transition_view, name="case_transition"),
    path("cases/<uuid:case_id>/close/", views.case_close_view, name="case_close"),
    path("cases/<uuid:case_id>/reopen/", views.case_reopen_view, name="case_reopen"),
    path("cases/<uuid:case_id>/team/", views.case_team_add_view, name="case_team_add"),
    path("cases/<uuid:case_id>/team/<int:member_id>/end/", views.case_team_end_view, name="case_team_end"),
    path("cases/<uuid:case_id>/notes/", views.case_note_add_view, name="case_note_add"),
    path("cases/<uuid:case_id>/tasks/", views.case_task_add_view, name="case_task_add"),
    path("tasks/", views.my_tasks_view, name="my_tasks"),
    path("tasks/<uuid:task_id>/status/", views.task_status_view, name="task_status"),
]
