"""Vocabularies of the assessment engine and the sustainability survey."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TemplateKind(models.TextChoices):
    """What an instrument is for. Risk-type instruments never produce totals or trigger
    anything by themselves (structured professional judgement); see docs/assessments.md."""

    RISK = "risk", _("Risk and protective factors")
    NEEDS = "needs", _("Needs and strengths")
    OTHER = "other", _("Other structured assessment")


class DomainKind(models.TextChoices):
    RISK = "risk", _("Risk")
    PROTECTIVE = "protective", _("Protective")
    NEED = "need", _("Need")
    MOTIVATION = "motivation", _("Motivation")
    OTHER = "other", _("Other")


class VersionStatus(models.TextChoices):
    """A version is reviewed as a draft, used once published, and retired when replaced."""

    DRAFT = "draft", _("Draft (not in use yet)")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class AssessmentContext(models.TextChoices):
    """Where in the person's pathway the assessment was made."""

    PRE_TRIAL = "pre_trial", _("Pre-trial")
    CUSTODY = "custody", _("In custody")
    PRE_RELEASE = "pre_release", _("Before release")
    COMMUNITY = "community", _("In the community")
    AFTERCARE = "aftercare", _("Aftercare")


class AssessmentStatus(models.TextChoices):
    """Draft → signed by the assessor (locked, awaiting countersignature) → countersigned.

    A countersigned assessment is final; a correction is a new revision with a reason, and
    the revision it replaces becomes "superseded" once the correction is countersigned.
    """

    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed, awaiting countersignature")
    COUNTERSIGNED = "countersigned", _("Countersigned")
    SUPERSEDED = "superseded", _("Superseded by a correction")


class EvidenceSource(models.TextChoices):
    """Where the evidence for a rating comes from (several may apply)."""

    INTERVIEW = "interview", _("Interview with the person")
    OBSERVATION = "observation", _("Staff observation")
    RECORDS = "records", _("Case file and records")
    FAMILY = "family", _("Family or significant others")
    OTHER_AGENCY = "other_agency", _("Another agency")
    COMMUNITY = "community", _("Community sources")
    OTHER = "other", _("Other")


class SurveyDimension(models.TextChoices):
    """The three dimensions of sustainable reintegration (IOM's integrated approach)."""

    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")


class SurveyWave(models.TextChoices):
    """When a survey was taken; follow-ups are numbered by their date."""

    INTAKE = "intake", _("Intake")
    FOLLOW_UP = "follow_up", _("Follow-up")
    EXIT = "exit", _("Exit")
    POST_CLOSURE = "post_closure", _("After closure")
