"""Deny by default: every route of the application has an access-policy decision.

A route passes when its view is
(a) a page marked by `reintegra.core.views.agency_required` / `signed_in_required`
    (they set `reintegra_policy` on the view; no string matching of source code),
(b) an API view whose permission classes include `HasActiveAgency` and whose objects come
    from selectors (no class-level `queryset`), or
(c) on the allow-list in `urlwalk.py`, each entry with its reason (allauth's sign-in and
    MFA pages, the admin, the language switch, the schema for signed-in users).

Then the decisions are checked by behaviour: anonymous requests to every decided page and
API route are refused, and signed-in users without an agency get nothing either.
"""

import re
import uuid

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLResolver, include, path
from django.urls.resolvers import RegexPattern
from rest_framework import viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from reintegra.accounts.models import User
from reintegra.core.views import agency_required, signed_in_required
from reintegra.tests.urlwalk import Route, decision, walk

ROUTES = list(walk())
DECIDED = [r for r in ROUTES if decision(r)[0] in ("page", "api")]


def test_every_route_has_a_policy_decision():
    undecided = [
        "{p} ({n}): {why}".format(p=r.pattern, n=r.name, why=decision(r)[1])
        for r in ROUTES
        if decision(r)[0] is None
    ]
    assert undecided == []
    assert len(DECIDED) > 50  # the walk really reached the application's routes


# --- the test of the test ---------------------------------------------------------------


def unprotected_view(request):
    return HttpResponse("names and addresses")


class OpenApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return Response([])


class QuerysetViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = User.objects.all()


def _synthetic_routes() -> dict[str, tuple[str | None, str]]:
    router = SimpleRouter()
    router.register("users", QuerysetViewSet, basename="user")
    resolver = URLResolver(
        RegexPattern(r"^/"),
        [
            path("leak/", unprotected_view, name="leak"),
            path("marked/", agency_required(unprotected_view), name="marked"),
            path("signed-in/", signed_in_required(unprotected_view), name="signed_in"),
            path("open-api/", OpenApi.as_view(), name="open_api"),
            path("api/", include(router.urls)),
        ],
    )
    return {route.name: decision(route) for route in walk(resolver)}


def test_the_meta_test_fails_on_an_unprotected_view():
    decisions = _synthetic_routes()
    assert decisions["leak"][0] is None
    assert "carries no policy decision" in decisions["leak"][1]
    assert decisions["open_api"][0] is None
    assert decisions["user-list"][0] is None  # AllowAny by default here, and a class queryset
    assert decisions["marked"] == ("page", "agency")
    assert decisions["signed_in"] == ("page", "signed_in")


# --- the decisions hold in practice ------------------------------------------------------

_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<regex>[^)]*)\)")


def _group_value(match: re.Match[str]) -> str:
    name, regex = match.group("name"), match.group("regex")
    if name == "format":
        return "json"
    if "|" in regex:
        return regex.split("|")[0]
    return str(uuid.uuid4()) if "0-9a-f" in regex else "1"


def concrete(route: Route) -> str:
    """A URL for the route, with made-up values for its parameters."""

    def value(match: re.Match[str]) -> str:
        conv = match.group("conv") or "str"
        return {"uuid": str(uuid.uuid4()), "int": "1"}.get(conv, "x")

    url = _CONVERTER.sub(value, _GROUP.sub(_group_value, route.pattern))
    url = url.replace("^", "").replace("$", "").replace("/?", "/").replace("\\", "")
    return "/" + url.lstrip("/")


def _requestable(routes: list[Route]) -> list[Route]:
    """Decided routes, without DRF's format-suffix twins (same view, same decision)."""
    return [r for r in routes if "format" not in r.pattern]


def _status(client: Client, route: Route) -> int:
    response = client.get(concrete(route))
    if response.status_code == 405:  # POST-only views refuse GET before anything else
        response = client.post(concrete(route))
    if response.status_code == 302 and not response.url.startswith("/accounts/login/"):
        return 200  # a redirect elsewhere would be a way in
    return response.status_code


@pytest.mark.django_db
def test_anonymous_requests_are_refused_everywhere():
    client = Client()
    let_in = {r.pattern: _status(client, r) for r in _requestable(DECIDED)}
    assert {p: s for p, s in let_in.items() if s not in (302, 401, 403)} == {}


@pytest.mark.django_db
def test_a_signed_in_user_without_an_agency_gets_nothing(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("no-agency", password="x" * 16))
    routes = [
        r for r in _requestable(DECIDED) if decision(r)[1] == "agency" or r.pattern.startswith("api/v1/")
    ]
    assert len(routes) > 50
    let_in = {r.pattern: _status(client, r) for r in routes}
    assert {p: s for p, s in let_in.items() if s not in (403, 404)} == {}
