from django.urls import path

from reintegra.justice import views

app_name = "justice"
urlpatterns = [
    path("justice/", views.register_view, name="register"),
    path("justice/people/<uuid:person_id>/", views.pathway_view, name="pathway"),
    path("justice/people/<uuid:person_id>/events/new/", views.event_add_view, name="event_add"),
    path("justice/events/<uuid:event_id>/edit/", views.event_edit_view, name="event_edit"),
    path("justice/events/<uuid:event_id>/void/", views.event_void_view, name="event_void"),
    path("justice/people/<uuid:person_id>/measures/new/", views.measure_add_view, name="measure_add"),
    path("justice/measures/", views.measure_list_view, name="measure_list"),
    path("justice/measures/<uuid:measure_id>/", views.measure_detail_view, name="measure_detail"),
    path("justice/measures/<uuid:measure_id>/edit/", views.measure_edit_view, name="measure_edit"),
    path("justice/measures/<uuid:measure_id>/end/", views.measure_end_view, name="measure_end"),
    path("justice/measures/<uuid:measure_id>/check-ins/", views.check_in_log_view, name="check_in_log"),
    path(
        "justice/people/<uuid:person_id>/custody/programmes/",
        views.participation_add_view,
        name="participation_add",
    ),
    path(
        "justice/custody/programmes/<uuid:participation_id>/",
        views.participation_edit_view,
        name="participation_edit",
    ),
    path("justice/people/<uuid:person_id>/custody/visits/", views.visit_add_view, name="visit_add"),
    path(
        "justice/people/<uuid:person_id>/custody/notes/", views.custody_note_add_view, name="custody_note_add"
    ),
    path("justice/people/<uuid:person_id>/child/", views.child_edit_view, name="child_edit"),
    path("justice/people/<uuid:person_id>/care/", views.care_edit_view, name="care_edit"),
    path("justice/returns/", views.return_list_view, name="return_list"),
    path("justice/returns/new/", views.return_add_view, name="return_add"),
    path("justice/returns/<uuid:return_id>/", views.return_detail_view, name="return_detail"),
    path("justice/returns/<uuid:return_id>/edit/", views.return_edit_view, name="return_edit"),
    path(
        "justice/returns/<uuid:return_id>/members/<int:member_id>/",
        views.return_member_edit_view,
        name="return_member_edit",
    ),
    path("justice/returns/<uuid:return_id>/needs/", views.need_add_view, name="need_add"),
    path("justice/returns/<uuid:return_id>/needs/<int:need_id>/", views.need_status_view, name="need_status"),
    path(
        "justice/returns/<uuid:return_id>/checklist/<int:item_id>/",
        views.reception_item_view,
        name="reception_item",
    ),
    path("justice/households/<uuid:household_id>/", views.family_view, name="family"),
    path("justice/households/<uuid:household_id>/goals/new/", views.goal_add_view, name="goal_add"),
    path("justice/goals/<uuid:goal_id>/edit/", views.goal_edit_view, name="goal_edit"),
    path("justice/facilities/", views.facility_list_view, name="facility_list"),
    path("justice/facilities/<int:facility_id>/", views.facility_detail_view, name="facility_detail"),
    path("justice/cases/<uuid:case_id>/panel/", views.case_panel_view, name="case_panel"),
]
