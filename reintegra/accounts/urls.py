from django.urls import path

from reintegra.accounts import views

app_name = "accounts"
urlpatterns = [path("agency/switch/", views.switch_agency_view, name="switch_agency")]
