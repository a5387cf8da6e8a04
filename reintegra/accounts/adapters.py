"""django-allauth adapters: no public sign-up; the user's language applies from sign-in;
MFA secrets are encrypted at rest."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from reintegra.accounts.mfa import FACTOR_TYPES, mfa_required
from reintegra.core import crypto


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by agency administrators, never by self sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def post_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        response = super().post_login(request, user, **kwargs)
        language = getattr(user, "preferred_language", "")
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class MFAAdapter(DefaultMFAAdapter):
    """allauth MFA with its secrets (TOTP keys, recovery-code seeds) encrypted at rest.

    allauth stores them in `mfa_authenticator.data` and by default in plain text. They are
    sealed here with the field-encryption keyring (reintegra/core/crypto.py, AES-256-GCM):
    a database dump alone does not let anyone generate a user's codes. allauth gives these
    hooks no row, so the envelope is bound to the table and column, not to the row.
    """

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text, **_MFA_SECRET)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text, **_MFA_SECRET)

    def get_totp_issuer(self) -> str:
        return str(settings.MFA_TOTP_ISSUER or "Reintegra")

    def can_delete_authenticator(self, authenticator: Any) -> bool:
        """Users who must use MFA cannot remove their last TOTP app or security key."""
        user = authenticator.user
        if authenticator.type not in FACTOR_TYPES or not mfa_required(user):
            return True
        others = (
            type(authenticator).objects.filter(user=user, type__in=FACTOR_TYPES).exclude(pk=authenticator.pk)
        )
        return others.exists()


_MFA_SECRET = {"table": "mfa_authenticator", "column": "data", "pk": "secret"}
