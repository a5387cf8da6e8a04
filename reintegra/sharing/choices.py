"""Vocabularies of information sharing: purposes, bases, methods, review outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SharingPurpose(models.TextChoices):
    """Why information is shared. A protocol and a consent must have a purpose in common."""

    CASE_MANAGEMENT = "case_management", _("Case management and reintegration support")
    SERVICE_PROVISION = "service_provision", _("Providing a referred service")
    SAFEGUARDING = "safeguarding", _("Safeguarding children and vulnerable people")
    RISK_MANAGEMENT = "risk_management", _("Managing risks to the person or others")
    JUSTICE = "justice", _("Court, prison and probation procedures")


class BasisKind(models.TextChoices):
    """On what ground a person's information may be shared."""

    CONSENT = "consent", _("Consent of the person")
    GUARDIAN_CONSENT = "guardian_consent", _("Consent of a guardian (for a child)")
    COURT_ORDER = "court_order", _("Court order")
    STATUTORY_DUTY = "statutory_duty", _("Statutory duty")


CONSENT_KINDS = (BasisKind.CONSENT, BasisKind.GUARDIAN_CONSENT)
LEGAL_KINDS = (BasisKind.COURT_ORDER, BasisKind.STATUTORY_DUTY)


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written and signed")
    ORAL_WITNESSED = "oral_witnessed", _("Oral, with a witness")


class ProtocolState(models.TextChoices):
    """Where a protocol version stands; derived, never stored (see ProtocolVersion.state)."""

    DRAFT = "draft", _("Draft")
    SIGNING = "signing", _("Awaiting signatures")
    NOT_YET = "not_yet", _("Signed, not yet in force")
    ACTIVE = "active", _("Active")
    REVIEW_OVERDUE = "review_overdue", _("Active, review overdue")
    SUSPENDED = "suspended", _("Suspended: review overdue beyond the grace period")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded by a newer version")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue unchanged")
    AMEND = "amend", _("Amend (a new version follows)")
    END = "end", _("End the protocol")


class BreakGlassReview(models.TextChoices):
    JUSTIFIED = "justified", _("Justified")
    NOT_JUSTIFIED = "not_justified", _("Not justified")
