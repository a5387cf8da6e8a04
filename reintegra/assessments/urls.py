from django.urls import path

from reintegra.assessments import views

app_name = "assessments"
urlpatterns = [
    path("cases/<uuid:case_id>/assessments/", views.case_assessments_view, name="case_assessments"),
    path("cases/<uuid:case_id>/assessments/new/", views.assessment_start_view, name="assessment_start"),
    path(
        "cases/<uuid:case_id>/assessments/change/<int:template_id>/",
        views.change_over_time_view,
        name="change_over_time",
    ),
    path("assessments/<uuid:assessment_id>/", views.assessment_detail_view, name="assessment_detail"),
    path("assessments/<uuid:assessment_id>/edit/", views.assessment_edit_view, name="assessment_edit"),
    path("assessments/<uuid:assessment_id>/sign/", views.assessment_sign_view, name="assessment_sign"),
    path(
        "assessments/<uuid:assessment_id>/countersign/",
        views.assessment_countersign_view,
        name="assessment_countersign",
    ),
    path("assessments/<uuid:assessment_id>/return/", views.assessment_return_view, name="assessment_return"),
    path(
        "assessments/<uuid:assessment_id>/correct/", views.assessment_correct_view, name="assessment_correct"
    ),
    path("instruments/", views.instrument_list_view, name="instrument_list"),
    path("instruments/import/", views.instrument_import_view, name="instrument_import"),
    path("instruments/templates/<int:version_id>/", views.template_version_view, name="template_version"),
    path(
        "instruments/templates/<int:version_id>/export/", views.template_export_view, name="template_export"
    ),
    path("instruments/surveys/<int:set_id>/", views.question_set_view, name="question_set"),
    path(
        "instruments/surveys/<int:set_id>/export/", views.question_set_export_view, name="question_set_export"
    ),
    path(
        "instruments/<str:kind>/<int:pk>/status/",
        views.instrument_status_view,
        name="instrument_status",
    ),
    path("cases/<uuid:case_id>/surveys/", views.case_surveys_view, name="case_surveys"),
    path("cases/<uuid:case_id>/surveys/new/", views.survey_record_view, name="survey_record"),
    path("surveys/<uuid:survey_id>/", views.survey_detail_view, name="survey_detail"),
    path("surveys/<uuid:survey_id>/edit/", views.survey_edit_view, name="survey_edit"),
]
