"""Rate limits on searches, exports and the API (reintegra/accounts/ratelimit.py): a burst
gets 429, and a forged X-Forwarded-For header neither dodges nor resets the count."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urls
from reintegra.accounts import ratelimit
from reintegra.cases.api.views import CaseViewSet
from reintegra.people.api.views import PersonViewSet

THROTTLES = [ratelimit.UserThrottle, ratelimit.ListThrottle, ratelimit.ScopedThrottle]


@ratelimit.rate_limited("export")
def export_view(request):
    return HttpResponse("export")


class ExportApi(APIView):
    throttle_classes = THROTTLES
    throttle_scope = "export"

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("test/export/", export_view),
    path("api/test/export/", ExportApi.as_view()),
    *project_urls,
]


@pytest.fixture(autouse=True)
def limits(settings):
    cache.clear()
    settings.REINTEGRA_RATE_LIMITS = {
        "search": "3/min",
        "export": "2/hour",
        "api": "100/min",
        "api_list": "2/min",
    }
    yield settings.REINTEGRA_RATE_LIMITS
    cache.clear()


@pytest.fixture
def throttled_api(monkeypatch):
    """The production throttle classes on the API (the test settings switch them off)."""
    for viewset in (CaseViewSet, PersonViewSet):
        monkeypatch.setattr(viewset, "throttle_classes", THROTTLES)


def spoofed(n: int) -> dict[str, str]:
    return {"HTTP_X_FORWARDED_FOR": "203.0.113.{n}".format(n=n)}


# --- page searches ------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/cases/", "/people/", "/households/"])
def test_a_burst_of_searches_gets_a_friendly_429(world, login, url):
    client = login(world.users["case_manager"])
    # Given the searches the limit allows
    for n in range(3):
        assert client.get(url, {"q": "name{n}".format(n=n)}, **spoofed(n)).status_code == 200
    # When one more comes within the minute, even from a "different" forwarded address
    response = client.get(url, {"q": "another"}, **spoofed(99))
    # Then it is refused with a page that says when to try again
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert "Too many requests" in body
    assert "Please try again in" in body
    # while the list without a search text, and other users, are not affected
    assert client.get(url).status_code == 200
    assert login(world.users["colleague"]).get(url, {"q": "x"}).status_code == 200


def test_the_limit_is_per_user_not_per_session(world, client, django_user_model):
    from django.test import Client

    user = world.users["case_manager"]
    for _ in range(3):
        other = Client()
        other.force_login(user)
        assert other.get("/people/", {"q": "a"}).status_code == 200
    fresh = Client()
    fresh.force_login(user)
    assert fresh.get("/people/", {"q": "a"}).status_code == 429


def test_a_forged_forwarded_header_does_not_change_who_is_counted(settings):
    # Given one trusted proxy, which appends the real client address
    settings.REINTEGRA_TRUSTED_PROXY_COUNT = 1
    factory = RequestFactory()
    from django.contrib.auth.models import AnonymousUser

    waits = []
    for n in range(4):
        # the client forges the first hop; the proxy appends the real address
        request = factory.get("/", HTTP_X_FORWARDED_FOR="198.51.100.{n}, 192.0.2.7".format(n=n))
        request.user = AnonymousUser()
        assert ratelimit.identity(request) == "ip:192.0.2.7"
        waits.append(ratelimit.hit(request, "search"))
    assert waits[:3] == [0, 0, 0]
    assert waits[3] > 0
    # and without a trusted proxy the header is ignored altogether
    settings.REINTEGRA_TRUSTED_PROXY_COUNT = 0
    request = factory.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="192.0.2.9")
    request.user = AnonymousUser()
    assert ratelimit.identity(request) == "ip:192.0.2.9"


# --- exports --------------------------------------------------------------------------------


@pytest.mark.urls(__name__)
def test_exports_are_limited_on_pages_and_in_the_api(world, login):
    client = login(world.users["case_manager"])
    assert [client.get("/test/export/").status_code for _ in range(3)] == [200, 200, 429]
    cache.clear()
    assert [client.get("/api/test/export/", **spoofed(n)).status_code for n in range(3)] == [200, 200, 429]


# --- the API --------------------------------------------------------------------------------


def test_api_lists_are_limited_more_strictly_than_reads(world, login, throttled_api):
    client = login(world.users["case_manager"])
    statuses = [client.get("/api/v1/cases/", **spoofed(n)).status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    # a search on another list endpoint counts against the same list limit
    assert client.get("/api/v1/persons/", {"search": "x"}).status_code == 429
    # single records are still served
    assert client.get("/api/v1/cases/{id}/".format(id=world.case.pk)).status_code == 200


def test_api_limit_per_user(world, login, throttled_api, limits):
    limits["api"] = "3/min"
    limits["api_list"] = "100/min"
    client = login(world.users["case_manager"])
    url = "/api/v1/cases/{id}/".format(id=world.case.pk)
    statuses = [client.get(url, **spoofed(n)).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(url).json()["detail"]
