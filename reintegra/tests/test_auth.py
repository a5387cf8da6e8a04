"""Signing in and staying signed in: lockout, enumeration, idle and absolute session limits,
the language switch, and the security headers of signed-in pages."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reintegra.accounts.choices import MembershipRole
from reintegra.accounts.tests.factories import AgencyFactory, member

PASSWORD = "correct horse battery"
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its login rate limits in the cache, which outlives each test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return member(AgencyFactory(), MembershipRole.CASE_WORKER)


def sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"login": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_correct_password_signs_in(user):
    client = Client()
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("cases:dashboard")
    assert signed_in(client)


def test_signing_in_gives_a_new_session_key(user):
    """Session fixation: a key planted before sign-in is not the key of the signed-in session."""
    client = Client()
    client.get(LOGIN)
    planted = client.session.session_key or client.cookies[settings.SESSION_COOKIE_NAME].value
    sign_in(client, user.username, PASSWORD)
    assert signed_in(client)
    assert client.session.session_key != planted
    assert not Session.objects.filter(session_key=planted).exists()


def test_lockout_after_the_failure_limit(user):
    # given REINTEGRA's limit of failed sign-ins for one username from one address
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    responses = [sign_in(client, user.username, "wrong password") for _ in range(settings.AXES_FAILURE_LIMIT)]
    # then the earlier attempts are ordinary failures and the last one shows the lockout page
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = responses[-1]
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    # and the right password is refused while locked, with the same lockout page
    again = sign_in(client, user.username, PASSWORD)
    assert again.status_code == 429
    assert "Too many failed sign-in attempts" in again.content.decode()
    assert not signed_in(client)
    # while another username from the same address can still sign in
    colleague = member(AgencyFactory(), MembershipRole.CASE_WORKER)
    other = Client()
    assert sign_in(other, colleague.username, PASSWORD).status_code == 302
    assert signed_in(other)


def test_unknown_user_and_wrong_password_look_the_same(user):
    wrong_password = sign_in(Client(), user.username, "wrong password")
    unknown_user = sign_in(Client(), "nobody-by-this-name", "wrong password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    errors_wrong = wrong_password.context["form"].non_field_errors()
    errors_unknown = unknown_user.context["form"].non_field_errors()
    assert list(errors_wrong) == list(errors_unknown)
    assert errors_wrong
    assert user.username not in " ".join(errors_unknown)


def test_idle_timeout_signs_out(user):
    client = Client()
    sign_in(client, user.username, PASSWORD)
    assert client.get(reverse("cases:dashboard")).status_code == 200
    # when the session has been idle longer than SESSION_COOKIE_AGE
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    # then the next request is sent to sign in
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_each_request_extends_the_idle_timeout(user):
    client = Client()
    sign_in(client, user.username, PASSWORD)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(seconds=30))
    client.get(reverse("cases:dashboard"))
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_absolute_session_lifetime_signs_out(user):
    client = Client()
    sign_in(client, user.username, PASSWORD)
    assert client.get(reverse("cases:dashboard")).status_code == 200
    # when the session started longer ago than the absolute lifetime, however busy it was
    session = client.session
    session["reintegra_session_started"] = int(time.time()) - settings.SESSION_ABSOLUTE_LIFETIME - 60
    session.save()
    # then the next request signs the user out and sends them to sign in
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse(settings.LOGIN_URL)
    assert not signed_in(client)
    assert "Your session has ended. Please sign in again." in client.get(response.url).content.decode()
    assert client.get(reverse("cases:dashboard")).status_code == 302


def test_language_switch_renders_arabic_right_to_left(user):
    client = Client()
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "bootstrap.rtl.min.css" in body
    english = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en" dir="ltr">' in english.content.decode()


def test_signed_in_pages_send_csp_and_no_store(user):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("cases:dashboard"))
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"


def test_sign_in_page_sends_csp(db):
    response = Client().get(LOGIN)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_pages_have_no_inline_script_or_style(user):
    client = Client()
    client.force_login(user)
    body = client.get(reverse("cases:dashboard")).content.decode()
    assert "<script>" not in body
    assert " style=" not in body
    assert "<style" not in body
