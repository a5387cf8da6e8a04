"""Rate limits against bulk extraction: searches and exports on pages, and the API.

Someone with a stolen session, or a colleague harvesting records, pages through searches
and exports far faster than anyone working a case. Limits are counted per signed-in user
(per client address for anonymous requests, as `reintegra.accounts.client_ip` decides it,
so a forged X-Forwarded-For header neither dodges nor resets a limit), in fixed windows
kept in the cache. With several server processes the cache **must be shared**
(`REINTEGRA_CACHE_URL`, docs/operations.md), or each process counts on its own.

Pages:

- `SearchRateLimitMiddleware` limits searches with a search text on the case, person and
  household lists (`REINTEGRA_SEARCH_RATE`, default 60 a minute) and answers 429 with a
  friendly page that says when to try again.
- `@rate_limited("export")` limits any page view (`REINTEGRA_EXPORT_RATE`, default 20 an
  hour); use it on exports.

API (Django REST Framework, `DEFAULT_THROTTLE_CLASSES` in settings):

- `UserThrottle`: every request, `REINTEGRA_API_RATE` (600 a minute);
- `ListThrottle`: list and search endpoints (`list` actions, or any request with a
  `search`/`q` parameter), `REINTEGRA_API_LIST_RATE` (120 a minute);
- `ScopedThrottle`: views that set ``throttle_scope = "export"`` get the export rate.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework import throttling

from reintegra.accounts.client_ip import client_ip

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
SEARCH_PARAMETERS = ("q", "search")
# Page views whose search text is limited (URL names, namespaced).
SEARCH_VIEWS = frozenset({"cases:case_list", "people:person_list", "people:household_list"})


def parse_rate(rate: str) -> tuple[int, int]:
    """'60/min' → (60, 60); '20/hour' → (20, 3600). The unit's first letter decides."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()[0].lower()]


def identity(request: HttpRequest) -> str:
    """Who is counted: the signed-in user, or the client address for anonymous requests."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return "user:{pk}".format(pk=user.pk)
    return "ip:{ip}".format(ip=client_ip(request))


def hit(request: HttpRequest, scope: str) -> int:
    """Count one request in `scope`; return 0 when allowed, else the seconds to wait."""
    limit, period = parse_rate(settings.REINTEGRA_RATE_LIMITS[scope])
    now = int(time.time())
    window = now // period
    key = "reintegra:rl:{scope}:{who}:{window}".format(scope=scope, who=identity(request), window=window)
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this one as the first
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, (window + 1) * period - now)


def too_many(request: HttpRequest, wait: int) -> HttpResponse:
    """The friendly 429 page, with Retry-After."""
    response = render(request, "accounts/rate_limited.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


def rate_limited(scope: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a page view so that it answers 429 beyond the rate of `scope` ("export")."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            wait = hit(request, scope)
            if wait:
                return too_many(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class SearchRateLimitMiddleware:
    """Limit page searches that carry a search text (see SEARCH_VIEWS)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name not in SEARCH_VIEWS:
            return None
        if not any(request.GET.get(name, "").strip() for name in SEARCH_PARAMETERS):
            return None
        wait = hit(request, "search")
        return too_many(request, wait) if wait else None


# --- the API ---------------------------------------------------------------------------


class _Rates:
    """Rates read from settings at request time (DRF reads them once, at import)."""

    scope: str | None

    def get_rate(self) -> str:
        return str(settings.REINTEGRA_RATE_LIMITS[self.scope or ""])

    def get_ident(self, request: Any) -> str:
        return client_ip(request)


class UserThrottle(_Rates, throttling.UserRateThrottle):
    """Every API request, per user (per address when anonymous)."""

    scope = "api"


class ListThrottle(_Rates, throttling.SimpleRateThrottle):
    """List and search endpoints: a stricter rate, per user."""

    scope = "api_list"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        searching = any(request.query_params.get(name) for name in SEARCH_PARAMETERS)
        if getattr(view, "action", None) != "list" and not searching:
            return None
        return self.cache_format % {"scope": self.scope, "ident": identity(request)}


class ScopedThrottle(_Rates, throttling.ScopedRateThrottle):
    """Views that set `throttle_scope` (e.g. "export") get that scope's rate."""

    def allow_request(self, request: Any, view: Any) -> bool:
        scope = getattr(view, self.scope_attr, None)
        if not scope or scope not in settings.REINTEGRA_RATE_LIMITS:
            return True
        self.scope = scope
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return throttling.SimpleRateThrottle.allow_request(self, request, view)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": identity(request)}
