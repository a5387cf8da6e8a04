"""Users, the agencies they work for, and their roles there."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import AgencyType, Language, MembershipRole
from reintegra.core.models import TimeStampedModel


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships, not from here.

    `is_superuser` opens the Django admin for reference data (agencies, labels) but never
    personal data: the access policy has no superuser bypass.
    """

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        choices=[("en", "English"), ("fr", "Français"), ("ar", "العربية")],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering: ClassVar[list[str]] = ["username"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name colleagues see."""
        return self.display_name or self.get_full_name() or self.username


class Agency(TimeStampedModel):
    """An organisation taking part in the programme: ministry, prison, NGO, faith body…"""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    agency_type = models.CharField(_("type"), max_length=32, choices=AgencyType.choices)
    region = models.CharField(_("region"), max_length=120, blank=True)
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("Language codes, e.g. ar, fr, en."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        """Only known language codes, each once."""
        known = set(Language.values)
        if not isinstance(self.languages, list) or any(c not in known for c in self.languages):
            raise ValidationError({"languages": _("Choose languages from the list.")})
        self.languages = list(dict.fromkeys(self.languages))


class Membership(TimeStampedModel):
    """A user's role in an agency. Only active memberships grant anything."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=MembershipRole.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering: ClassVar[list[str]] = ["agency__name", "role"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_user_agency_role_unique"
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "is_active"], name="membership_user_active_idx")
        ]

    def __str__(self) -> str:
        return "{user} — {role}, {agency}".format(
            user=self.user, role=self.get_role_display(), agency=self.agency
        )
