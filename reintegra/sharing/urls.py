from django.urls import path, re_path

from reintegra.sharing import views

app_name = "sharing"
urlpatterns = [
    path("sharing/protocols/", views.protocol_list_view, name="protocol_list"),
    path("sharing/protocols/new/", views.protocol_create_view, name="protocol_create"),
    path("sharing/protocols/<int:protocol_id>/", views.protocol_detail_view, name="protocol_detail"),
    path("sharing/versions/<int:version_id>/edit/", views.version_edit_view, name="version_edit"),
    path("sharing/versions/<int:version_id>/parties/", views.party_save_view, name="party_save"),
    path("sharing/versions/<int:version_id>/open/", views.version_open_view, name="version_open"),
    path("sharing/versions/<int:version_id>/review/", views.protocol_review_view, name="protocol_review"),
    path("sharing/versions/<int:version_id>/amend/", views.protocol_amend_view, name="protocol_amend"),
    path("sharing/parties/<int:party_id>/remove/", views.party_remove_view, name="party_remove"),
    path("sharing/parties/<int:party_id>/sign/", views.party_sign_view, name="party_sign"),
    path("sharing/bases/<uuid:basis_id>/withdraw/", views.basis_withdraw_view, name="basis_withdraw"),
    path("sharing/break-glass/", views.break_glass_view, name="break_glass"),
    path("sharing/break-glass/<uuid:grant_id>/", views.break_glass_review_view, name="break_glass_review"),
    path("people/<uuid:person_id>/consents/", views.person_bases_view, name="person_bases"),
    path("people/<uuid:person_id>/consents/new/", views.basis_create_view, name="basis_create"),
    re_path(
        r"^people/(?P<person_id>[0-9a-f-]{36})/disclosures/report\.(?P<fmt>json|pdf)$",
        views.disclosure_report_view,
        name="disclosure_report",
    ),
    path("cases/<uuid:case_id>/sharing/", views.case_sharing_view, name="case_sharing"),
]
