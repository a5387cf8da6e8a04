"""Multi-factor authentication: mandatory for privileged roles, TOTP single-use, secrets
encrypted at rest, recovery codes once each, and step-up before sensitive actions."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse
from rest_framework.decorators import api_view
from rest_framework.response import Response

from config.urls import urlpatterns as project_urls
from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.stepup import ensure_recent_authentication, require_recent_authentication
from reintegra.accounts.tests.factories import AgencyFactory, UserFactory, member
from reintegra.core import crypto

PASSWORD = "correct horse battery"


@require_recent_authentication(max_age_seconds=60)
def sensitive_view(request):
    return HttpResponse("exported")


@api_view(["POST"])
def sensitive_api(request):
    ensure_recent_authentication(request, max_age_seconds=60)
    return Response({"ok": True})


urlpatterns = [
    path("test/sensitive/", sensitive_view, name="test_sensitive"),
    path("api/test/sensitive/", sensitive_api, name="test_sensitive_api"),
    *project_urls,
]


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.REINTEGRA_MFA_ENFORCED = True  # as in production (the test settings turn it off)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # allauth keeps rate limits and used TOTP codes in the cache
    yield
    cache.clear()


def totp_code(secret: str, at: float | None = None) -> str:
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def enrol_totp(client: Client) -> str:
    """Enrol an authenticator app through the pages, as a user would; return its secret."""
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302 and "reauthenticate" in response.url:
        client.post(response.url, {"password": PASSWORD})
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200, response
    secret = response.context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302, done.content.decode()
    return secret


@pytest.fixture
def supervisor(db):
    return member(AgencyFactory(), R.SUPERVISOR)


@pytest.fixture
def case_worker(db):
    return member(AgencyFactory(), R.CASE_WORKER)


# --- who must enrol ---------------------------------------------------------------------

PAGES = [
    "/",
    "/cases/",
    "/cases/new/",
    "/people/",
    "/people/new/",
    "/households/",
    "/tasks/",
    "/api/docs/",
    "/accounts/password/change/",
    "/cases/00000000-0000-0000-0000-000000000000/",
]


@pytest.mark.parametrize("role", [R.SUPERVISOR, R.DATA_PROTECTION_OFFICER, R.AGENCY_ADMIN])
@pytest.mark.parametrize("url", PAGES)
def test_privileged_roles_are_sent_to_enrolment_from_every_page(db, role, url):
    user = member(AgencyFactory(), role)
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/persons/", "/api/schema/"])
def test_the_api_answers_403_until_enrolment(supervisor, url):
    client = Client()
    client.force_login(supervisor)
    response = client.get(url)
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_enrolment_required"


def test_superusers_must_enrol_too(db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/").url == reverse("mfa_activate_totp")


def test_other_roles_may_choose(case_worker):
    client = Client()
    client.force_login(case_worker)
    assert client.get("/").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_everyone_must_enrol_when_the_switch_is_on(case_worker, settings):
    settings.REINTEGRA_MFA_REQUIRED_FOR_ALL = True
    client = Client()
    client.force_login(case_worker)
    assert client.get("/").url == reverse("mfa_activate_totp")


def test_a_user_who_must_enrol_may_still_sign_out_and_change_language(supervisor):
    client = Client()
    client.force_login(supervisor)
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)
    assert client.post("/i18n/setlang/", {"language": "ar", "next": "/"}).status_code == 302
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


# --- enrolment, TOTP and recovery codes --------------------------------------------------


def test_enrolment_stores_the_totp_secret_encrypted_and_opens_the_pages(supervisor):
    client = Client()
    sign_in(client, supervisor.username)
    secret = enrol_totp(client)
    # Then the stored secret is an envelope, not the secret
    authenticator = Authenticator.objects.get(user=supervisor, type=Authenticator.Type.TOTP)
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        raw = str(cursor.fetchone()[0])
    assert secret not in raw
    assert authenticator.data["secret"].startswith("rg1$")
    assert crypto.decrypt(
        authenticator.data["secret"], table="mfa_authenticator", column="data", pk="secret"
    ) == (secret)
    # and the recovery-code seed is encrypted too
    seed = Authenticator.objects.get(user=supervisor, type=Authenticator.Type.RECOVERY_CODES).data["seed"]
    assert seed.startswith("rg1$")
    # and the pages open
    assert client.get("/").status_code == 200


def test_a_supervisor_cannot_remove_their_last_factor(supervisor):
    client = Client()
    sign_in(client, supervisor.username)
    enrol_totp(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=supervisor, type=Authenticator.Type.TOTP).exists()


def _enrolled(user) -> str:
    client = Client()
    sign_in(client, user.username)
    secret = enrol_totp(client)
    cache.clear()  # forget the enrolment code, so the tests below see only their own use
    return secret


def test_sign_in_asks_for_the_code_and_a_code_works_only_once(supervisor):
    secret = _enrolled(supervisor)
    code = totp_code(secret)
    # Given a sign-in with the password
    first = Client()
    response = sign_in(first, supervisor.username)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in first.session
    # When the code is entered it signs the user in
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert "_auth_user_id" in first.session
    # But the same code a second time, in another session, is refused
    second = Client()
    sign_in(second, supervisor.username)
    refused = second.post(reverse("mfa_authenticate"), {"code": code})
    assert refused.status_code == 200
    assert "_auth_user_id" not in second.session


def test_a_recovery_code_works_once(supervisor):
    _enrolled(supervisor)
    rc = RecoveryCodes(Authenticator.objects.get(user=supervisor, type=Authenticator.Type.RECOVERY_CODES))
    code = rc.get_unused_codes()[0]
    first = Client()
    sign_in(first, supervisor.username)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert "_auth_user_id" in first.session
    second = Client()
    sign_in(second, supervisor.username)
    assert second.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert "_auth_user_id" not in second.session


# --- step-up ------------------------------------------------------------------------------


def _age_authentication(client: Client, seconds: int) -> None:
    session = client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] -= seconds
    session["account_authentication_methods"] = records
    session.save()


@pytest.mark.urls(__name__)
def test_step_up_passes_right_after_sign_in_and_asks_again_later(supervisor):
    secret = _enrolled(supervisor)
    client = Client()
    sign_in(client, supervisor.username)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    # Just signed in with the second factor: the sensitive page opens
    assert client.get("/test/sensitive/").content == b"exported"
    # When the last authentication is older than the allowed age
    _age_authentication(client, 120)
    response = client.get("/test/sensitive/")
    # Then the user is asked for their second factor, and brought back afterwards
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))
    assert "next=%2Ftest%2Fsensitive%2F" in response.url
    cache.clear()
    again = client.post(response.url, {"code": totp_code(secret)})
    assert again.status_code == 302
    assert client.get("/test/sensitive/").content == b"exported"


@pytest.mark.urls(__name__)
def test_step_up_without_a_factor_asks_for_the_password(case_worker):
    client = Client()
    sign_in(client, case_worker.username)
    assert client.get("/test/sensitive/").status_code == 200
    _age_authentication(client, 120)
    response = client.get("/test/sensitive/")
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": PASSWORD})
    assert client.get("/test/sensitive/").status_code == 200


@pytest.mark.urls(__name__)
def test_step_up_in_the_api_answers_403_with_a_code(case_worker):
    client = Client()
    sign_in(client, case_worker.username)
    assert client.post("/api/test/sensitive/").status_code == 200
    _age_authentication(client, 120)
    response = client.post("/api/test/sensitive/")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "reauthentication_required"
    assert body["reauthenticate_url"] == reverse("account_reauthenticate")


@pytest.mark.urls(__name__)
def test_step_up_refuses_a_session_that_never_authenticated_here(case_worker):
    client = Client()
    client.force_login(case_worker)  # no authentication record in this session
    assert client.get("/test/sensitive/").status_code == 302


def test_demo_mode_reminds_instead_of_enforcing(supervisor, settings):
    # Given the demo, where enforcement is off (production ignores the switch)
    settings.REINTEGRA_MFA_ENFORCED = False
    settings.DEMO_MODE = True
    client = Client()
    client.force_login(supervisor)
    # Then the pages open, with a reminder once per session that links to the set-up
    first = client.get("/")
    assert first.status_code == 200
    assert reverse("mfa_index") in first.content.decode()
    assert "two-factor authentication" in first.content.decode()
    assert "two-factor authentication" not in client.get("/").content.decode()


def test_production_settings_always_enforce(tmp_path):
    import os
    import subprocess
    import sys

    from reintegra.core.tests.test_deploy import MANAGE, REPO_ROOT, production_env

    env = production_env(tmp_path, REINTEGRA_MFA_ENFORCE_IN_DEMO="0")
    code = "from django.conf import settings; print(settings.REINTEGRA_MFA_ENFORCED)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, MANAGE, "shell", "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr
    assert os.environ.get("REINTEGRA_DEMO") != "1"


def test_a_role_granted_during_the_session_is_enforced_within_a_minute(case_worker):
    client = Client()
    client.force_login(case_worker)
    assert client.get("/").status_code == 200
    # When the user becomes a supervisor during the session
    member(AgencyFactory(), R.SUPERVISOR, user=case_worker)
    session = client.session
    session["reintegra_mfa_not_required_until"] = int(time.time()) - 1  # a minute later
    session.save()
    # Then the next request sends them to enrolment
    assert client.get("/").url == reverse("mfa_activate_totp")
