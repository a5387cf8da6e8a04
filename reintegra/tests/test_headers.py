"""Security headers on every page, cookies in HTTPS mode, and Argon2 for new passwords.

The crawl requests every parameterless page route of the URLconf (from the resolver walk)
as a signed-in case manager, plus the case and person pages, plus the sign-in page
anonymously. Production's cookie and hasher settings are read from a subprocess started
with a production environment, so the test checks what a real deployment would send.
"""

import json
import subprocess
import sys
from http.cookies import SimpleCookie

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings
from django.urls import reverse

from reintegra.core.tests.test_deploy import MANAGE, REPO_ROOT, production_env
from reintegra.tests.urlwalk import decision, walk

SKIP = {"account_logout"}  # signing out ends the crawl's session


def page_urls(world) -> list[str]:
    urls = [
        "/" + r.pattern
        for r in walk()
        if decision(r)[0] == "page" and not r.has_parameters and r.name not in SKIP
    ]
    urls += [
        reverse("cases:case_detail", args=[world.case.pk]),
        reverse("people:person_detail", args=[world.case.person_id]),
        reverse("mfa_index"),
        "/api/docs/",
    ]
    return sorted(set(urls))


def assert_headers(response, signed_in: bool) -> None:
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    if signed_in:
        assert "no-store" in response["Cache-Control"]


def test_every_page_of_a_signed_in_user_carries_the_security_headers(world, login):
    client = login(world.users["case_manager"])
    urls = page_urls(world)
    assert len(urls) > 15
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert_headers(response, signed_in=True)


def test_the_sign_in_page_carries_the_security_headers(db):
    response = Client().get(reverse("account_login"))
    assert response.status_code == 200
    assert_headers(response, signed_in=False)


def test_hsts_on_https_for_a_year_with_subdomains(world, login):
    with override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        response = login(world.users["case_manager"]).get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- production settings: cookies and hashing ----------------------------------------------

PRODUCTION_NAMES = [
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "PASSWORD_HASHERS",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
]


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    env = production_env(tmp_path_factory.mktemp("prod"))
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({{n: getattr(s, n) for n in {names}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, MANAGE, "shell", "-c", code.format(names=PRODUCTION_NAMES)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_host_prefixed_secure_httponly_samesite(world, production):
    user = world.users["case_manager"]
    cookie_settings = {k: v for k, v in production.items() if k != "PASSWORD_HASHERS"}
    with override_settings(**cookie_settings):
        client = Client()
        client.get(reverse("account_login"), secure=True)  # sets the CSRF cookie
        response = client.post(
            reverse("account_login"),
            {"login": user.username, "password": "correct horse battery"},
            secure=True,
        )
        client.post("/i18n/setlang/", {"language": "fr", "next": "/"}, secure=True)
    cookies = SimpleCookie()
    for header in [*response.cookies.values(), *client.cookies.values()]:
        cookies.load(header.output(header=""))
    assert {"__Host-sessionid", "__Host-csrftoken", "__Host-language"} <= set(cookies)
    for name in ("__Host-sessionid", "__Host-csrftoken", "__Host-language"):
        morsel = cookies[name]
        assert morsel["secure"], name
        assert morsel["path"] == "/", name
        assert not morsel["domain"], name
        assert morsel["samesite"] == "Lax", name
    assert cookies["__Host-sessionid"]["httponly"]
    assert cookies["__Host-language"]["httponly"]
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"]


def test_production_hashes_new_passwords_with_argon2id(production):
    assert production["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=production["PASSWORD_HASHERS"]):
        assert make_password("a long passphrase for a new user").startswith("argon2$argon2id$")


def test_long_passwords_are_accepted_and_common_ones_refused(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    validate_password("ab1-" * 16)  # 64 characters
    with pytest.raises(ValidationError):
        validate_password("password1234")
    with pytest.raises(ValidationError):
        validate_password("short1!")
