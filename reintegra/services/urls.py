from django.urls import path

from reintegra.services import views

app_name = "services"
urlpatterns = [
    path("services/", views.directory_view, name="directory"),
    path("services/gaps/", views.gap_report_view, name="gap_report"),
    path("services/<int:service_id>/", views.service_detail_view, name="service_detail"),
    path("services/<int:service_id>/edit/", views.service_edit_view, name="service_edit"),
    path("services/<int:service_id>/verify/", views.service_verify_view, name="service_verify"),
    path("providers/", views.provider_list_view, name="provider_list"),
    path("providers/new/", views.provider_create_view, name="provider_create"),
    path("providers/<int:provider_id>/", views.provider_detail_view, name="provider_detail"),
    path("providers/<int:provider_id>/edit/", views.provider_edit_view, name="provider_edit"),
    path("providers/<int:provider_id>/services/new/", views.service_create_view, name="service_create"),
    path("referrals/", views.referral_list_view, name="referral_list"),
    path("referrals/incoming/", views.referral_incoming_view, name="referral_incoming"),
    path("referrals/new/", views.referral_new_view, name="referral_new"),
    path("referrals/<uuid:referral_id>/", views.referral_detail_view, name="referral_detail"),
    path("referrals/<uuid:referral_id>/edit/", views.referral_edit_view, name="referral_edit"),
    path("referrals/<uuid:referral_id>/send/", views.referral_send_view, name="referral_send"),
    path("referrals/<uuid:referral_id>/discard/", views.referral_discard_view, name="referral_discard"),
    path("referrals/<uuid:referral_id>/withdraw/", views.referral_withdraw_view, name="referral_withdraw"),
    path("referrals/<uuid:referral_id>/accept/", views.referral_accept_view, name="referral_accept"),
    path("referrals/<uuid:referral_id>/decline/", views.referral_decline_view, name="referral_decline"),
    path("referrals/<uuid:referral_id>/assign/", views.referral_assign_view, name="referral_assign"),
    path("referrals/<uuid:referral_id>/start/", views.referral_start_view, name="referral_start"),
    path("referrals/<uuid:referral_id>/complete/", views.referral_complete_view, name="referral_complete"),
    path("referrals/<uuid:referral_id>/stop/", views.referral_stop_view, name="referral_stop"),
    path("referrals/<uuid:referral_id>/feedback/", views.referral_feedback_view, name="referral_feedback"),
    path(
        "referrals/<uuid:referral_id>/attendance/", views.referral_attendance_view, name="referral_attendance"
    ),
    path("referrals/<uuid:referral_id>/sheet.pdf", views.referral_sheet_view, name="referral_sheet"),
]
