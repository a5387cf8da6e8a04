"""Session middleware: an absolute session lifetime (idle expiry alone would let a busy
session live for ever), and mandatory multi-factor enrolment."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "reintegra_session_started"


class SessionLifetimeMiddleware:
    """Sign the user out once `SESSION_ABSOLUTE_LIFETIME` seconds have passed since sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            if now - int(started) > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


MFA_OK_SESSION_KEY = "reintegra_mfa_ok"
MFA_DEMO_REMINDED_KEY = "reintegra_mfa_demo_reminded"
MFA_NOT_REQUIRED_UNTIL_KEY = "reintegra_mfa_not_required_until"
MFA_RECHECK_SECONDS = 60
# Where a user who must enrol may still go: enrolment itself, signing out, re-authenticating,
# the language switch. Static files are served before this middleware runs (whitenoise).
MFA_ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "set_language",
    }
)


class MFARequiredMiddleware:
    """Send users who must use MFA (reintegra/accounts/mfa.py) to enrolment until they have it.

    Pages redirect to the authenticator-app set-up; the API answers 403 with the code
    `mfa_enrolment_required`. Once a factor exists the session remembers it, and such users
    cannot remove their last factor (MFAAdapter.can_delete_authenticator).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.session.get(MFA_OK_SESSION_KEY):
            return self.get_response(request)
        if not settings.REINTEGRA_MFA_ENFORCED and not settings.DEMO_MODE:
            return self.get_response(request)  # switched off (the test settings only)
        now = int(time.time())
        if int(request.session.get(MFA_NOT_REQUIRED_UNTIL_KEY, 0)) > now:
            return self.get_response(request)
        from reintegra.accounts.mfa import mfa_status

        required, enrolled = mfa_status(user)
        if enrolled:
            request.session[MFA_OK_SESSION_KEY] = True
        elif not required:
            # Checked again after a minute, so a new privileged role is enforced promptly
            # without a query on every request.
            request.session[MFA_NOT_REQUIRED_UNTIL_KEY] = now + MFA_RECHECK_SECONDS
        if not required or enrolled:
            return self.get_response(request)
        if not settings.REINTEGRA_MFA_ENFORCED:  # demo mode only (config/settings/base.py)
            if not request.session.get(MFA_DEMO_REMINDED_KEY):
                request.session[MFA_DEMO_REMINDED_KEY] = True
                messages.info(
                    request,
                    format_html(
                        '{text} <a href="{url}">{link}</a>',
                        text=_(
                            "Demo: your role requires two-factor authentication, which a real "
                            "deployment enforces at this point. Here it is optional."
                        ),
                        url=reverse("mfa_index"),
                        link=_("Set it up"),
                    ),
                )
            return self.get_response(request)
        match = getattr(request, "resolver_match", None) or _resolve(request.path_info)
        if match is not None and match.url_name in MFA_ENROLMENT_URL_NAMES:
            return self.get_response(request)
        if request.path_info.startswith("/api/") and not request.path_info.startswith("/api/docs/"):
            return JsonResponse(
                {
                    "code": "mfa_enrolment_required",
                    "detail": _("Set up two-factor authentication before using Reintegra."),
                },
                status=403,
            )
        messages.warning(
            request,
            _("Your role requires two-factor authentication. Set up an authenticator app to continue."),
        )
        return redirect("mfa_activate_totp")


def _resolve(path: str) -> ResolverMatch | None:
    try:
        return resolve(path)
    except Resolver404:
        return None
