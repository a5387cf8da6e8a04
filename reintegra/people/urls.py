from django.urls import path

from reintegra.people import views

app_name = "people"
urlpatterns = [
    path("people/", views.person_list_view, name="person_list"),
    path("people/new/", views.person_create_view, name="person_create"),
    path("people/duplicates/", views.person_duplicates_view, name="person_duplicates"),
    path("people/<uuid:person_id>/", views.person_detail_view, name="person_detail"),
    path("people/<uuid:person_id>/edit/", views.person_edit_view, name="person_edit"),
    path("people/<uuid:person_id>/disclosures/", views.person_disclosures_view, name="person_disclosures"),
    path("people/<uuid:person_id>/aliases/", views.person_alias_add_view, name="person_alias_add"),
    path(
        "people/<uuid:person_id>/aliases/<int:alias_id>/remove/",
        views.person_alias_remove_view,
        name="person_alias_remove",
    ),
    path("people/<uuid:person_id>/documents/", views.person_document_add_view, name="person_document_add"),
    path(
        "people/<uuid:person_id>/documents/<int:document_id>/remove/",
        views.person_document_remove_view,
        name="person_document_remove",
    ),
    path("households/", views.household_list_view, name="household_list"),
    path("households/new/", views.household_create_view, name="household_create"),
    path("households/<uuid:household_id>/", views.household_detail_view, name="household_detail"),
    path("households/<uuid:household_id>/edit/", views.household_edit_view, name="household_edit"),
    path(
        "households/<uuid:household_id>/members/",
        views.household_member_add_view,
        name="household_member_add",
    ),
    path(
        "households/<uuid:household_id>/members/<int:member_id>/remove/",
        views.household_member_remove_view,
        name="household_member_remove",
    ),
]
