from django.urls import path

from reintegra.communities import views

app_name = "communities"
urlpatterns = [
    path("communities/", views.community_list_view, name="community_list"),
    path("communities/new/", views.community_create_view, name="community_create"),
    path("communities/<int:community_id>/", views.community_detail_view, name="community_detail"),
    path("communities/<int:community_id>/edit/", views.community_edit_view, name="community_edit"),
    # profile
    path("communities/<int:community_id>/profile/", views.profile_view, name="profile"),
    path("communities/<int:community_id>/profile/v<int:number>/", views.profile_view, name="profile_version"),
    path("communities/<int:community_id>/profile/draft/", views.profile_draft_view, name="profile_draft"),
    path(
        "communities/<int:community_id>/profile/draft/start/",
        views.profile_draft_start_view,
        name="profile_draft_start",
    ),
    path(
        "communities/<int:community_id>/profile/draft/entries/",
        views.profile_entry_add_view,
        name="profile_entry_add",
    ),
    path(
        "communities/<int:community_id>/profile/draft/entries/<int:entry_id>/",
        views.profile_entry_edit_view,
        name="profile_entry_edit",
    ),
    path(
        "communities/<int:community_id>/profile/draft/entries/<int:entry_id>/remove/",
        views.profile_entry_remove_view,
        name="profile_entry_remove",
    ),
    path(
        "communities/<int:community_id>/profile/draft/participation/",
        views.profile_participation_view,
        name="profile_participation",
    ),
    path(
        "communities/<int:community_id>/profile/draft/publish/",
        views.profile_publish_view,
        name="profile_publish",
    ),
    path(
        "communities/<int:community_id>/profile/draft/discard/",
        views.profile_discard_view,
        name="profile_discard",
    ),
    # stakeholders
    path("communities/<int:community_id>/stakeholders/", views.stakeholder_map_view, name="stakeholder_map"),
    path(
        "communities/<int:community_id>/stakeholders/new/",
        views.stakeholder_create_view,
        name="stakeholder_create",
    ),
    path(
        "communities/stakeholders/<uuid:stakeholder_id>/",
        views.stakeholder_detail_view,
        name="stakeholder_detail",
    ),
    path(
        "communities/stakeholders/<uuid:stakeholder_id>/edit/",
        views.stakeholder_edit_view,
        name="stakeholder_edit",
    ),
    path(
        "communities/stakeholders/<uuid:stakeholder_id>/contacts/",
        views.stakeholder_contact_add_view,
        name="stakeholder_contact_add",
    ),
    # social cohesion
    path("communities/<int:community_id>/cohesion/", views.cohesion_view, name="cohesion"),
    path("communities/<int:community_id>/cohesion/waves/new/", views.wave_create_view, name="wave_create"),
    path("communities/surveys/waves/<int:wave_id>/", views.wave_detail_view, name="wave_detail"),
    path("communities/surveys/waves/<int:wave_id>/edit/", views.wave_edit_view, name="wave_edit"),
    path(
        "communities/surveys/waves/<int:wave_id>/responses/", views.wave_responses_view, name="wave_responses"
    ),
    path(
        "communities/surveys/waves/<int:wave_id>/responses/new/",
        views.response_create_view,
        name="response_create",
    ),
    path(
        "communities/surveys/waves/<int:wave_id>/responses/<uuid:response_id>/delete/",
        views.response_delete_view,
        name="response_delete",
    ),
    path(
        "communities/surveys/waves/<int:wave_id>/import/",
        views.responses_import_view,
        name="responses_import",
    ),
    path(
        "communities/surveys/waves/<int:wave_id>/template.csv",
        views.responses_template_view,
        name="responses_template",
    ),
    path("communities/surveys/questionnaires/", views.instrument_list_view, name="instrument_list"),
    path(
        "communities/surveys/questionnaires/<int:instrument_id>/",
        views.instrument_detail_view,
        name="instrument_detail",
    ),
    # incidents
    path("communities/incidents/", views.incident_list_view, name="incident_list"),
    path("communities/incidents/new/", views.incident_create_view, name="incident_create"),
    path("communities/incidents/<uuid:incident_id>/", views.incident_detail_view, name="incident_detail"),
    path("communities/incidents/<uuid:incident_id>/edit/", views.incident_edit_view, name="incident_edit"),
    path(
        "communities/incidents/<uuid:incident_id>/responses/",
        views.incident_response_view,
        name="incident_response_add",
    ),
    path(
        "communities/incidents/<uuid:incident_id>/responses/<int:response_id>/",
        views.incident_response_view,
        name="incident_response_edit",
    ),
    path(
        "communities/<int:community_id>/incidents/",
        views.community_incidents_view,
        name="community_incidents",
    ),
    # plans
    path("communities/plans/", views.plan_list_view, name="plan_list"),
    path("communities/plans/new/", views.plan_create_view, name="plan_create"),
    path("communities/plans/<int:plan_id>/", views.plan_detail_view, name="plan_detail"),
    path("communities/plans/<int:plan_id>/edit/", views.plan_edit_view, name="plan_edit"),
    path("communities/plans/<int:plan_id>/steps/<slug:step>/", views.plan_step_view, name="plan_step"),
    path("communities/plans/<int:plan_id>/<slug:kind>/", views.plan_item_view, name="plan_item_add"),
    path(
        "communities/plans/<int:plan_id>/<slug:kind>/<int:item_id>/",
        views.plan_item_view,
        name="plan_item_edit",
    ),
    path(
        "communities/plans/<int:plan_id>/<slug:kind>/<int:item_id>/remove/",
        views.plan_item_remove_view,
        name="plan_item_remove",
    ),
    path("communities/<int:community_id>/plans/", views.community_plans_view, name="community_plans"),
]
