"""Who must use multi-factor authentication, and whether they have a factor yet.

MFA (django-allauth's `allauth.mfa`: TOTP, recovery codes, WebAuthn) is available to every
user. It is **mandatory** for superusers, for anyone holding an active supervisor,
data-protection-officer or agency-administrator membership (in any agency), and for
everyone when `REINTEGRA_MFA_REQUIRED_FOR_ALL` is set. `MFARequiredMiddleware` sends such a
user to enrolment until they have a TOTP authenticator or a security key.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef

from reintegra.accounts.choices import MembershipRole
from reintegra.accounts.models import Membership, User

MFA_ROLES = (
    MembershipRole.SUPERVISOR,
    MembershipRole.DATA_PROTECTION_OFFICER,
    MembershipRole.AGENCY_ADMIN,
)
# Recovery codes alone are a fallback, not a factor of their own.
FACTOR_TYPES = ("totp", "webauthn")


def mfa_status(user: User) -> tuple[bool, bool]:
    """(MFA required for this user, user has a TOTP or WebAuthn factor), in one query."""
    from allauth.mfa.models import Authenticator

    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            privileged=Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"), is_active=True, agency__is_active=True, role__in=MFA_ROLES
                )
            ),
            enrolled=Exists(Authenticator.objects.filter(user=OuterRef("pk"), type__in=FACTOR_TYPES)),
        )
        .values_list("privileged", "enrolled")
        .first()
    )
    privileged, enrolled = row or (False, False)
    required = bool(settings.REINTEGRA_MFA_REQUIRED_FOR_ALL or user.is_superuser or privileged)
    return required, bool(enrolled)


def mfa_required(user: User) -> bool:
    """True when `user` must have a second factor before using Reintegra."""
    return mfa_status(user)[0]
