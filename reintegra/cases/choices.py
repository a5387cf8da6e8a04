"""Case lifecycle stages, outcomes, case-team roles and task states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStage(models.TextChoices):
    """Where a case is in the programme; moves only along `ALLOWED_TRANSITIONS`."""

    REFERRAL = "referral", _("Referral")
    INTAKE = "intake", _("Intake and consent")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Planning")
    SUPPORT = "support", _("Support and services")
    AFTERCARE = "aftercare", _("Aftercare and monitoring")
    CLOSED = "closed", _("Closed")


#: Guarded transitions: forward one step, back one step where work is redone, or close.
#: Reopening a closed case is its own action (case_reopen), not a transition.
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStage.REFERRAL: (CaseStage.INTAKE, CaseStage.CLOSED),
    CaseStage.INTAKE: (CaseStage.ASSESSMENT, CaseStage.CLOSED),
    CaseStage.ASSESSMENT: (CaseStage.PLANNING, CaseStage.INTAKE, CaseStage.CLOSED),
    CaseStage.PLANNING: (CaseStage.SUPPORT, CaseStage.ASSESSMENT, CaseStage.CLOSED),
    CaseStage.SUPPORT: (CaseStage.AFTERCARE, CaseStage.PLANNING, CaseStage.CLOSED),
    CaseStage.AFTERCARE: (CaseStage.SUPPORT, CaseStage.CLOSED),
    CaseStage.CLOSED: (),
}

OPEN_STAGES = tuple(s for s in CaseStage.values if s != CaseStage.CLOSED)


class CaseOutcome(models.TextChoices):
    """Why a case was closed; required on closure."""

    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TRANSFERRED = "transferred", _("Transferred")
    REOFFENDED = "reoffended", _("Re-offended")
    DECEASED = "deceased", _("Deceased")
    LOST_CONTACT = "lost_contact", _("Lost contact")


class CaseRole(models.TextChoices):
    """A user's role on one case; the access policy derives what they see from it."""

    CASE_MANAGER = "case_manager", _("Case manager")
    CO_WORKER = "co_worker", _("Case worker")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    MENTOR = "mentor", _("Mentor")
    RELIGIOUS_COUNSELLOR = "religious_counsellor", _("Religious counsellor")
    SERVICE_PROVIDER = "service_provider", _("Service provider")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
