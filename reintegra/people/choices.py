"""Vocabularies for people, their documents and their households."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not recorded")


class CitizenshipStatus(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    DUAL = "dual", _("Dual citizen")
    FOREIGN_NATIONAL = "foreign_national", _("Foreign national")
    STATELESS = "stateless", _("Stateless")
    PENDING = "pending", _("Pending or disputed")
    UNKNOWN = "unknown", _("Unknown")


class Disability(models.TextChoices):
    NONE = "none", _("None known")
    PHYSICAL = "physical", _("Physical")
    SENSORY = "sensory", _("Sensory")
    INTELLECTUAL = "intellectual", _("Intellectual")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    MULTIPLE = "multiple", _("Multiple")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class DocumentType(models.TextChoices):
    NATIONAL_ID = "national_id", _("National identity card")
    PASSPORT = "passport", _("Passport")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    TRAVEL_DOCUMENT = "travel_document", _("Travel or refugee document")
    CIVIL_REGISTRATION = "civil_registration", _("Civil registration number")
    OTHER = "other", _("Other")


class AliasKind(models.TextChoices):
    ALIAS = "alias", _("Alias")
    KUNYA = "kunya", _("Kunya or nickname")
    MAIDEN = "maiden", _("Birth or maiden name")
    SPELLING = "spelling", _("Other spelling")


class Relationship(models.TextChoices):
    """How a member relates to the household's reference person."""

    REFERENCE = "reference", _("Reference person")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    GUARDIAN = "guardian", _("Guardian")
    OTHER = "other", _("Other")


class AgeBand(models.TextChoices):
    """Age bands for filters and disaggregation."""

    CHILD = "0-11", _("0–11")
    ADOLESCENT = "12-17", _("12–17")
    YOUNG_ADULT = "18-24", _("18–24")
    ADULT = "25-34", _("25–34")
    MIDDLE = "35-49", _("35–49")
    OLDER = "50-", _("50 and over")
