"""Vocabularies of individual reintegration plans, sessions and mentoring."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    ACTIVE = "active", _("In progress")
    CLOSED = "closed", _("Closed")


class GoalDimension(models.TextChoices):
    """The life areas a plan's goals are organised by."""

    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    FAMILY = "family", _("Family")
    SPIRITUAL = "spiritual", _("Spiritual and ideological")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal and documents")


class GoalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    DROPPED = "dropped", _("Dropped")


OPEN_GOAL_STATUSES = (GoalStatus.PROPOSED, GoalStatus.IN_PROGRESS)


class ResponsibleKind(models.TextChoices):
    """Who carries out an action."""

    USER = "user", _("A colleague")
    AGENCY = "agency", _("An agency")
    SERVICE = "service", _("A service or provider")
    PARTICIPANT = "participant", _("The participant")
    FAMILY = "family", _("The family")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class AcceptanceMethod(models.TextChoices):
    """How the participant said they accept their goals."""

    IN_PERSON = "in_person", _("Said so in a meeting")
    SIGNED = "signed", _("Signed the plan")
    WITH_INTERPRETER = "with_interpreter", _("In a meeting, with an interpreter")
    PHONE = "phone", _("By phone")
    GUARDIAN = "guardian", _("Through a parent or guardian (child)")
    OTHER = "other", _("Other")


class ReviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class SessionType(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring")
    COUNSELLING = "counselling", _("Counselling")
    PSYCHOTHERAPY = "psychotherapy", _("Psychotherapy")
    DIALOGUE = "dialogue", _("Religious or ideological dialogue")
    FAMILY_MEETING = "family_meeting", _("Family meeting")
    VOCATIONAL = "vocational", _("Vocational training")
    EDUCATION = "education", _("Education")
    SPORT_ARTS = "sport_arts", _("Sport or arts")
    HOME_VISIT = "home_visit", _("Home visit")
    CHECK_IN = "check_in", _("Check-in")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    LATE = "late", _("Attended, late")
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend")


class NonAttendanceReason(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    FAMILY = "family", _("Family obligations")
    WORK = "work", _("Work or training")
    TRANSPORT = "transport", _("Transport or cost")
    SECURITY = "security", _("Safety or security concern")
    DECLINED = "declined", _("Chose not to come")
    LEGAL = "legal", _("Legal obligations (court, police)")
    UNKNOWN = "unknown", _("No reason given")
    OTHER = "other", _("Other")


class MenteeKind(models.TextChoices):
    PARTICIPANT = "participant", _("The participant")
    FAMILY_MEMBER = "family_member", _("A family member")
    SIGNIFICANT_OTHER = "significant_other", _("A significant other")
