"""Vocabularies shared by every app: data categories, audit actions and channels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    """Categories of personal data; the access policy decides per category.

    Every personal field and every note belongs to exactly one category, so that a later
    sharing rule ("partner X may see legal status") has something precise to act on.
    """

    IDENTITY = "identity", _("Identity")
    CONTACT_LOCATION = "contact_location", _("Contact and location")
    LEGAL_STATUS = "legal_status", _("Legal status")
    HEALTH_PSYCHOSOCIAL = "health_psychosocial", _("Health and psychosocial")
    BELIEF_IDEOLOGY = "belief_ideology", _("Belief and ideology")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    FAMILY_CHILDREN = "family_children", _("Family and children")
    CASE_NOTES = "case_notes", _("Case notes")
    OUTCOMES = "outcomes", _("Outcomes")


class AuditChannel(models.TextChoices):
    """Where an audited action came from."""

    PAGE = "page", _("Web page")
    API = "api", _("API")
    COMMAND = "command", _("Command")
    SYSTEM = "system", _("System")


class LabelKind(models.TextChoices):
    """Configurable label sets a programme may reword (neutral terms, local usage)."""

    BENEFICIARY_TYPE = "beneficiary_type", _("Beneficiary type")
