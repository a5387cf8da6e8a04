"""Step-up authentication: ask the user to prove it is still them before a sensitive action.

Exports, break-glass and protocol signing must not ride on a session that was opened hours
ago on a shared computer. They require that the user authenticated *recently*: at sign-in
or by re-authenticating, with their second factor when they have one (a TOTP code or a
security key), otherwise with their password.

Pages (function views)::

    from reintegra.accounts.stepup import require_recent_authentication

    @agency_required
    @require_recent_authentication()                       # REINTEGRA_STEP_UP_SECONDS (300)
    def export_view(request, ...): ...

    @require_recent_authentication(max_age_seconds=120)    # stricter for this action
    def break_glass_view(request, ...): ...

A user whose last authentication is older is redirected to re-authenticate (allauth's
`mfa_reauthenticate`, or `account_reauthenticate` without a factor) and then comes back;
a POST is kept and replayed after re-authentication, so the form need not be filled again.

API (DRF views and actions)::

    from reintegra.accounts.stepup import ensure_recent_authentication, RecentAuthentication

    ensure_recent_authentication(request, max_age_seconds=300)   # inside the action
    permission_classes = [HasActiveAgency, RecentAuthentication]  # or for a whole view

answer **403** with ``{"code": "reauthentication_required", "detail": ...,
"reauthenticate_url": ...}``: the client sends the user to that page, then retries.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.permissions import BasePermission


def _records(request: HttpRequest) -> list[dict[str, Any]]:
    from allauth.account.internal.flows.login import get_authentication_records

    return list(get_authentication_records(request, request.user))


def _has_factor(request: HttpRequest) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return bool(is_mfa_enabled(request.user, ["totp", "webauthn"]))


def last_authentication_age(request: HttpRequest) -> float | None:
    """Seconds since the user last proved who they are in this session (None: never).

    Users with a second factor must have used it: a password alone does not count.
    """
    if not request.user.is_authenticated:
        return None
    records = _records(request)
    if _has_factor(request):
        records = [r for r in records if r.get("method") == "mfa"]
    times = [float(r["at"]) for r in records if isinstance(r.get("at"), int | float)]
    return time.time() - max(times) if times else None


def _max_age(max_age_seconds: int | None) -> int:
    return int(max_age_seconds if max_age_seconds is not None else settings.REINTEGRA_STEP_UP_SECONDS)


def is_recently_authenticated(request: HttpRequest, max_age_seconds: int | None = None) -> bool:
    """True when the user authenticated within `max_age_seconds` (default: the setting)."""
    age = last_authentication_age(request)
    return age is not None and age <= _max_age(max_age_seconds)


def reauthenticate_url(request: HttpRequest) -> str:
    """Where the user re-authenticates: with their factor when they have one."""
    return reverse("mfa_reauthenticate" if _has_factor(request) else "account_reauthenticate")


class StepUpRequired(exceptions.APIException):
    """403 from the API: re-authenticate, then retry."""

    status_code = status.HTTP_403_FORBIDDEN
    default_code = "reauthentication_required"
    default_detail = _("This action needs you to confirm your identity again. Re-authenticate, then retry.")


def ensure_recent_authentication(request: HttpRequest, max_age_seconds: int | None = None) -> None:
    """For API code: raise StepUpRequired (403) unless the user authenticated recently."""
    if not is_recently_authenticated(request, max_age_seconds):
        raise StepUpRequired(
            detail={
                "code": "reauthentication_required",
                "detail": str(StepUpRequired.default_detail),
                "reauthenticate_url": reauthenticate_url(request),
            }
        )


class RecentAuthentication(BasePermission):
    """DRF permission: the whole view needs a recent authentication (the default age)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        ensure_recent_authentication(request)
        return True


def require_recent_authentication(
    max_age_seconds: int | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a page view: re-authenticate first when the last authentication is too old."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return HttpResponseRedirect(
                    "{url}?{q}".format(
                        url=reverse(settings.LOGIN_URL),
                        q=urlencode({REDIRECT_FIELD_NAME: request.get_full_path()}),
                    )
                )
            if is_recently_authenticated(request, max_age_seconds):
                return view(request, *args, **kwargs)
            from allauth.account.internal.flows.reauthentication import suspend_request

            return suspend_request(request, reauthenticate_url(request))

        wrapped.reintegra_step_up = True  # type: ignore[attr-defined]
        return wrapped

    return decorator
