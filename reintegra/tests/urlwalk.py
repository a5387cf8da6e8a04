"""Walk the URL resolver, and decide for each route how its access policy is decided.

Shared by the URL meta-test (test_url_policy.py) and the header crawl (test_headers.py).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from reintegra.core.api.permissions import HasActiveAgency
from reintegra.core.views import POLICY_ATTRIBUTE

# Routes that are deliberately not behind our decorators, each with the reason. Matched on
# the module of the view (third-party views) or the URL name.
ALLOWED_MODULES = {
    "allauth.account.views": "django-allauth's sign-in, sign-out, password and e-mail pages: "
    "public only where they must be (sign-in, password reset), signed-in otherwise, by allauth",
    "allauth.mfa.base.views": "allauth MFA: the index needs a signed-in user, authenticate a pending sign-in",
    "allauth.mfa.totp.views": "allauth MFA: authenticator app set-up, signed-in only (allauth)",
    "allauth.mfa.recovery_codes.views": "allauth MFA: recovery codes, signed-in only (allauth)",
    "allauth.mfa.webauthn.views": "allauth MFA: security keys, signed-in only (allauth)",
    "django.views.i18n": "language switch: sets the language cookie, reveals nothing",
}


@dataclass(frozen=True)
class Route:
    """One URL pattern, with the prefixes of the resolvers above it."""

    pattern: str
    name: str
    callback: Any
    has_parameters: bool

    @property
    def module(self) -> str:
        return str(getattr(self.callback, "__module__", ""))


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    """Every route of the URLconf (default: the project's), depth first."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = namespace
            if entry.namespace:
                space = ":".join(filter(None, (namespace, entry.namespace)))
            yield from walk(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = ":".join(filter(None, (namespace, entry.name))) if entry.name else ""
            has_parameters = "<" in pattern or "(?P" in pattern
            yield Route(pattern, name, entry.callback, has_parameters)


def _policy_mark(callback: Any) -> str | None:
    view = callback
    while view is not None:
        mark = getattr(view, POLICY_ATTRIBUTE, None)
        if mark:
            return str(mark)
        view = getattr(view, "__wrapped__", None)
    return None


def decision(route: Route) -> tuple[str | None, str]:
    """(how access is decided, or None when undecided; why)."""
    mark = _policy_mark(route.callback)
    if mark:
        return "page", mark
    cls = getattr(route.callback, "cls", None)
    if isinstance(cls, type) and issubclass(cls, APIView):
        permissions = list(cls.permission_classes)
        if any(issubclass(p, HasActiveAgency) for p in permissions if isinstance(p, type)):
            if getattr(cls, "queryset", None) is not None:
                return None, "API view with a class-level queryset: objects must come from selectors"
            return "api", "HasActiveAgency; objects from selectors (get_queryset)"
        signed_in = any(issubclass(p, IsAuthenticated) for p in permissions if isinstance(p, type))
        if signed_in and cls.__module__.startswith("drf_spectacular."):
            return "api", "schema and its docs: signed-in users only, no personal data"
        return None, "API view without HasActiveAgency: {p}".format(p=[p.__name__ for p in permissions])
    if route.pattern.startswith("admin/"):
        return "allowed", "Django admin: staff only (AdminSite.admin_view), reference data only, MFA enforced"
    for module, reason in ALLOWED_MODULES.items():
        if route.module == module or route.module.startswith(module + "."):
            return "allowed", reason
    return None, "view {m}.{n} carries no policy decision".format(
        m=route.module, n=getattr(route.callback, "__name__", "?")
    )
