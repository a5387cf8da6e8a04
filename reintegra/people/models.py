"""People (participants and family members), their identity documents and households.

Every personal field belongs to a data category (`PERSON_FIELD_CATEGORIES`); pages and
API responses only include fields whose category the access policy allows.
"""

import uuid
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from reintegra.core.choices import DataCategory
from reintegra.core.fields import EncryptedTextField
from reintegra.core.models import TimeStampedModel, VersionedModel
from reintegra.people.choices import (
    AliasKind,
    CitizenshipStatus,
    Disability,
    DocumentType,
    Relationship,
    Sex,
)

ADULT_AGE = 18


class Person(VersionedModel):
    """A participant or family member. Lists show `code`, never names, unless allowed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("person code"), max_length=16, unique=True, editable=False)
    given_name = models.CharField(
        _("given name (original script)"),
        max_length=120,
        blank=True,
        help_text=_("As the person writes it, e.g. in Arabic script."),
    )
    family_name = models.CharField(_("family name (original script)"), max_length=120, blank=True)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=120)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=120, blank=True)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        help_text=_("Enter an estimated year when the exact date is not known."),
    )
    birth_date_estimated = models.BooleanField(_("date of birth estimated"), default=False)
    nationality = CountryField(_("nationality"), blank=True)
    citizenship_status = models.CharField(
        _("citizenship status"),
        max_length=24,
        choices=CitizenshipStatus.choices,
        default=CitizenshipStatus.UNKNOWN,
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    disability = models.CharField(
        _("disability"), max_length=16, choices=Disability.choices, default=Disability.NOT_ASSESSED
    )
    # Health information: encrypted at rest, bound to this row (reintegra/core/fields.py).
    disability_notes = EncryptedTextField(_("disability notes"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("town or area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the person lives; services and communities are matched by it."),
    )
    locality = models.CharField(_("neighbourhood or village"), max_length=120, blank=True)
    country = CountryField(_("country of residence"), blank=True)
    registering_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("registered by agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name_key = models.TextField(editable=False, blank=True, db_index=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering: ClassVar[list[str]] = ["family_name_latin", "given_name_latin"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["registering_agency", "created_by"], name="person_registered_idx"),
            models.Index(fields=["birth_year"], name="person_birth_year_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        """A birth date and a birth year must agree; dates cannot be in the future."""
        errors: dict[str, object] = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        if self.date_of_birth and self.birth_year and self.birth_year != self.date_of_birth.year:
            errors["birth_year"] = _("The year of birth does not match the date of birth.")
        if self.birth_year and not 1900 <= self.birth_year <= today.year:
            errors["birth_year"] = _("Enter a year between 1900 and this year.")
        if errors:
            raise ValidationError(errors)

    @property
    def latin_name(self) -> str:
        return " ".join(p for p in (self.given_name_latin, self.family_name_latin) if p)

    @property
    def original_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def display_name(self) -> str:
        """Original-script name with the Latin form beside it when they differ."""
        original, latin = self.original_name, self.latin_name
        if original and original != latin:
            return "{original} ({latin})".format(original=original, latin=latin)
        return latin or original

    @property
    def effective_birth_year(self) -> int | None:
        return self.date_of_birth.year if self.date_of_birth else self.birth_year

    def age_on(self, day: date) -> int | None:
        """Age in whole years on `day`; from the birth year alone when no date is known."""
        if self.date_of_birth:
            born = self.date_of_birth
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if self.birth_year:
            return day.year - self.birth_year
        return None

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def is_minor(self) -> bool:
        """Derived from the date (or year) of birth, never typed in."""
        age = self.age
        return age is not None and age < ADULT_AGE


PERSON_FIELD_CATEGORIES: dict[str, DataCategory] = {
    "given_name": DataCategory.IDENTITY,
    "family_name": DataCategory.IDENTITY,
    "given_name_latin": DataCategory.IDENTITY,
    "family_name_latin": DataCategory.IDENTITY,
    "display_name": DataCategory.IDENTITY,
    "sex": DataCategory.IDENTITY,
    "date_of_birth": DataCategory.IDENTITY,
    "birth_year": DataCategory.IDENTITY,
    "birth_date_estimated": DataCategory.IDENTITY,
    "age": DataCategory.IDENTITY,
    "is_minor": DataCategory.IDENTITY,
    "nationality": DataCategory.IDENTITY,
    "citizenship_status": DataCategory.LEGAL_STATUS,
    "languages": DataCategory.IDENTITY,
    "aliases": DataCategory.IDENTITY,
    "documents": DataCategory.IDENTITY,
    "disability": DataCategory.HEALTH_PSYCHOSOCIAL,
    "disability_notes": DataCategory.HEALTH_PSYCHOSOCIAL,
    "phone": DataCategory.CONTACT_LOCATION,
    "email": DataCategory.CONTACT_LOCATION,
    "address": DataCategory.CONTACT_LOCATION,
    "place": DataCategory.CONTACT_LOCATION,
    "locality": DataCategory.CONTACT_LOCATION,
    "country": DataCategory.CONTACT_LOCATION,
    "households": DataCategory.FAMILY_CHILDREN,
}


class PersonAlias(TimeStampedModel):
    """Another name the person is or was known by (identity category)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=AliasKind.choices, default=AliasKind.ALIAS)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class IdentityDocument(TimeStampedModel):
    """An identity document. The same document can be registered once only."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="documents"
    )
    document_type = models.CharField(_("document type"), max_length=24, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=64)
    number_normalised = models.CharField(max_length=64, editable=False)
    issuing_country = CountryField(_("issuing country"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering: ClassVar[list[str]] = ["document_type"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["document_type", "issuing_country", "number_normalised"],
                name="identity_document_unique",
                violation_error_message=_(
                    "This identity document is already registered for another person. "
                    "Search for the existing record or ask your supervisor."
                ),
            )
        ]

    def __str__(self) -> str:
        return "{type} {country}".format(type=self.get_document_type_display(), country=self.issuing_country)

    def clean(self) -> None:
        """Normalise the number (spaces and dashes ignored) and check the dates."""
        self.number = self.number.strip()
        self.number_normalised = "".join(ch for ch in self.number.upper() if ch.isalnum())
        if not self.number_normalised:
            raise ValidationError({"number": _("Enter the document number.")})
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("The expiry date is before the issue date.")})


class Household(VersionedModel):
    """People living together or forming one family unit, e.g. a returning family."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("household code"), max_length=16, unique=True, editable=False)
    label = models.CharField(
        _("label"),
        max_length=120,
        blank=True,
        help_text=_("Optional working name; avoid family names if the household is sensitive."),
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("town or area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    registering_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("registered by agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    members: "models.ManyToManyField[Person, HouseholdMember]" = models.ManyToManyField(
        Person, through="HouseholdMember", related_name="households"
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return self.code


class HouseholdMember(TimeStampedModel):
    """A person's place in a household (family and children category)."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="household_memberships"
    )
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering: ClassVar[list[str]] = ["relationship"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["household", "person"],
                name="household_member_unique",
                violation_error_message=_("This person is already a member of the household."),
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(relationship="reference"),
                name="household_one_reference_person",
                violation_error_message=_("The household already has a reference person."),
            ),
        ]

    def __str__(self) -> str:
        return "{person} in {household}".format(person=self.person_id, household=self.household_id)
