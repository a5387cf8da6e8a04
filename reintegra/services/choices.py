"""Vocabularies of the service directory and of referrals.

The referral lifecycle (`ReferralStatus`, `REFERRAL_TRANSITIONS`) and the response times
per priority (`RESPONSE_TIME`) are here; `reintegra/services/sla.py` computes with them.
"""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.core.choices import DataCategory


class ProviderKind(models.TextChoices):
    """Whether the provider's staff use Reintegra."""

    AGENCY = "agency", _("Agency with Reintegra accounts")
    INFORMAL = "informal", _("Community actor without accounts")


class ProviderType(models.TextChoices):
    """What kind of actor offers the service (the directory's own, broader than agency types:
    an imam or a football school is a provider, not an agency)."""

    GOVERNMENT = "government", _("Government service")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    FAITH = "faith", _("Faith actor or body")
    COMMUNITY_GROUP = "community_group", _("Community group")
    INDIVIDUAL = "individual", _("Individual (mentor, religious leader, professional)")
    PRIVATE_SECTOR = "private_sector", _("Private sector or employer")
    INTERNATIONAL = "international", _("International organisation")
    ACADEMIC = "academic", _("School, university or training institute")


class NeedArea(models.TextChoices):
    """Areas of need, the same as the dimensions of an individual reintegration plan, so a
    plan goal's dimension and a service type meet on the same word (service-gap report)."""

    ECONOMIC = "economic", _("Economic: work and income")
    SOCIAL = "social", _("Social: housing, belonging, daily life")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    FAMILY = "family", _("Family")
    SPIRITUAL = "spiritual", _("Spiritual and ideological")
    LEGAL = "legal", _("Legal and documents")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")


class EligibleSex(models.TextChoices):
    ANY = "any", _("Everyone")
    FEMALE = "female", _("Women and girls only")
    MALE = "male", _("Men and boys only")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    SUBSIDISED = "subsidised", _("Low cost or subsidised")
    FEE = "fee", _("Fee charged")
    UNKNOWN = "unknown", _("Cost not known")


class QualityRating(models.IntegerChoices):
    """A judgement with evidence, not a score that decides: shown beside its evidence and date."""

    POOR = 1, _("1 – poor")
    WEAK = 2, _("2 – weak")
    ADEQUATE = 3, _("3 – adequate")
    GOOD = 4, _("4 – good")
    VERY_GOOD = 5, _("5 – very good")


class RiskLevel(models.TextChoices):
    """How serious a risk of using the service is for this population."""

    NOT_ASSESSED = "not_assessed", _("Not assessed")
    NONE = "none", _("None known")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Willingness(models.TextChoices):
    """Whether the provider is willing to serve people leaving violent groups and their families."""

    YES = "yes", _("Yes")
    CASE_BY_CASE = "case_by_case", _("Case by case")
    NO = "no", _("No")


class ReferralPriority(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency (answer within 24 hours)")
    URGENT = "urgent", _("Urgent (answer within 72 hours)")
    NORMAL = "normal", _("Normal (answer within 14 days)")


#: How long the provider has to answer (accept or decline) once a referral is sent.
RESPONSE_TIME: dict[str, timedelta] = {
    ReferralPriority.EMERGENCY: timedelta(hours=24),
    ReferralPriority.URGENT: timedelta(hours=72),
    ReferralPriority.NORMAL: timedelta(days=14),
}

#: The target for completing the service when the referrer sets none, counted from sending.
#: Past it an accepted or started referral is overdue too (a task asks the referrer to check).
COMPLETION_TIME: dict[str, timedelta] = {
    ReferralPriority.EMERGENCY: timedelta(days=30),
    ReferralPriority.URGENT: timedelta(days=60),
    ReferralPriority.NORMAL: timedelta(days=90),
}


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended without completion")


S = ReferralStatus
#: The referral lifecycle. Withdrawing a sent referral is "ended" with the reason
#: "withdrawn by the referrer"; declined, completed and ended are final.
REFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.SENT,),
    S.SENT: (S.ACCEPTED, S.DECLINED, S.ENDED),
    S.ACCEPTED: (S.IN_PROGRESS, S.ENDED),
    S.IN_PROGRESS: (S.COMPLETED, S.ENDED),
    S.DECLINED: (),
    S.COMPLETED: (),
    S.ENDED: (),
}
OPEN_STATUSES = (S.SENT, S.ACCEPTED, S.IN_PROGRESS)
ACTIVE_STATUSES = (S.ACCEPTED, S.IN_PROGRESS)  # the provider is working with the person
CLOSED_STATUSES = (S.DECLINED, S.COMPLETED, S.ENDED)


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity now (waiting list full)")
    NOT_ELIGIBLE = "not_eligible", _("The person does not meet the access criteria")
    OUTSIDE_AREA = "outside_area", _("Outside the area we serve")
    NOT_SUITABLE = "not_suitable", _("Not the right service for this need")
    SAFETY = "safety", _("Safety concerns for staff or other service users")
    NOT_WILLING = "not_willing", _("We cannot serve this group")
    MORE_INFORMATION = "more_information", _("Not enough information to accept")
    OTHER = "other", _("Other reason")


class EndReason(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Withdrawn by the referring agency")
    PERSON_DECLINED = "person_declined", _("The person did not want the service")
    DID_NOT_ATTEND = "did_not_attend", _("The person stopped attending")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    MOVED = "moved", _("The person moved away")
    CASE_CLOSED = "case_closed", _("The case was closed")
    SAFETY = "safety", _("Safety concerns")
    SERVICE_STOPPED = "service_stopped", _("The service stopped")
    OTHER = "other", _("Other reason")


class ServiceOutcome(models.TextChoices):
    """How far the service met the need it was asked for (closing summary, completion)."""

    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class FeedbackKind(models.TextChoices):
    """Counter-referral feedback from the provider to the referring agency."""

    PROGRESS = "progress", _("Progress update")
    CONCERN = "concern", _("Concern for the referring agency")
    CLOSING = "closing", _("Closing summary")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    LATE = "late", _("Attended, late")
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend")
    CANCELLED_BY_PERSON = "cancelled_person", _("Cancelled by the person")
    CANCELLED_BY_PROVIDER = "cancelled_provider", _("Cancelled by the provider")


ATTENDED = (Attendance.ATTENDED, Attendance.LATE)

#: The contact-log session type (reintegra/plans) a referred service's sessions are logged
#: as, by service type code; any other type is logged as a check-in.
SERVICE_TYPE_SESSIONS: dict[str, str] = {
    "job_placement": "vocational",
    "vocational_training": "vocational",
    "business_grants": "vocational",
    "financial_services": "vocational",
    "education": "education",
    "childcare": "education",
    "media_literacy": "education",
    "sport_arts": "sport_arts",
    "mental_health": "psychotherapy",
    "psychosocial": "counselling",
    "religious_guidance": "dialogue",
    "family_support": "family_meeting",
}
DEFAULT_SESSION_TYPE = "check_in"

#: What each data category puts in a referral when it travels to the provider. A category
#: with nothing here can be requested, but the referral has nothing of it to show.
CATEGORY_CONTENTS: dict[str, object] = {
    DataCategory.IDENTITY: _("name, sex, age, nationality, languages"),
    DataCategory.CONTACT_LOCATION: _("phone, e-mail, address, town and neighbourhood"),
    DataCategory.LEGAL_STATUS: _("beneficiary type, citizenship status"),
    DataCategory.HEALTH_PSYCHOSOCIAL: _("disability and accessibility needs"),
    DataCategory.FAMILY_CHILDREN: _("household members: relationship, sex and age"),
    DataCategory.CASE_NOTES: _("the reason for the referral"),
    DataCategory.RISK_ASSESSMENT: _("the safety information for the provider's staff"),
    DataCategory.BELIEF_IDEOLOGY: _("nothing: the referral holds no data of this category"),
    DataCategory.OUTCOMES: _("nothing: the referral holds no data of this category"),
}

#: Categories a referral can carry (the others hold nothing in a referral).
REFERRAL_CATEGORIES: tuple[str, ...] = (
    DataCategory.IDENTITY,
    DataCategory.CONTACT_LOCATION,
    DataCategory.LEGAL_STATUS,
    DataCategory.HEALTH_PSYCHOSOCIAL,
    DataCategory.FAMILY_CHILDREN,
    DataCategory.CASE_NOTES,
    DataCategory.RISK_ASSESSMENT,
)

#: The need-to-know default: who the person is, how to reach them, and why they are referred.
DEFAULT_REQUESTED_CATEGORIES: tuple[str, ...] = (
    DataCategory.IDENTITY,
    DataCategory.CONTACT_LOCATION,
    DataCategory.CASE_NOTES,
)

#: Needs a case is assumed to have from its beneficiary type (codes of the default labels),
#: until plan goals say what the person's needs are. Used by the service-gap report only.
BENEFICIARY_TYPE_NEEDS: dict[str, tuple[str, ...]] = {
    "returnee": (NeedArea.LEGAL, NeedArea.PSYCHOSOCIAL, NeedArea.ECONOMIC, NeedArea.FAMILY, NeedArea.HEALTH),
    "convicted_offender": (NeedArea.ECONOMIC, NeedArea.PSYCHOSOCIAL, NeedArea.SOCIAL, NeedArea.SPIRITUAL),
    "pre_trial_detainee": (NeedArea.LEGAL, NeedArea.PSYCHOSOCIAL, NeedArea.FAMILY),
    "family_member": (NeedArea.PSYCHOSOCIAL, NeedArea.FAMILY, NeedArea.SOCIAL),
    "child_associated": (NeedArea.EDUCATION, NeedArea.PSYCHOSOCIAL, NeedArea.FAMILY, NeedArea.HEALTH),
    "self_referred_leaver": (NeedArea.PSYCHOSOCIAL, NeedArea.ECONOMIC, NeedArea.SPIRITUAL, NeedArea.SOCIAL),
}
#: Every child of school age needs schooling, whatever their beneficiary type.
MINOR_NEEDS: tuple[str, ...] = (NeedArea.EDUCATION,)
