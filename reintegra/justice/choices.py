"""Vocabularies of the justice pathway: legal events, derived legal status, measures,
check-ins, custody, returns, children's safeguards and care preferences.

Wording is neutral on purpose (do no harm): events and statuses describe what a court or
an authority decided, never what kind of person someone is.
"""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LegalEventKind(models.TextChoices):
    """A dated step of the legal timeline; each kind has its own fields (`KIND_FIELDS`)."""

    ARREST = "arrest", _("Arrest")
    CHARGE = "charge", _("Charge")
    NO_CHARGE = "no_charge", _("Prosecution decision not to charge")
    PRE_TRIAL_DETENTION = "pre_trial_detention", _("Pre-trial detention")
    BAIL = "bail", _("Bail or pre-trial conditions")
    TRIAL = "trial", _("Trial hearing")
    VERDICT = "verdict", _("Verdict")
    SENTENCE = "sentence", _("Sentence")
    CUSTODY = "custody", _("Admission to a facility")
    TRANSFER = "transfer", _("Transfer to another facility")
    EARLY_RELEASE = "early_release", _("Early release")
    RELEASE = "release", _("Release")
    SUPERVISION_ORDER = "supervision_order", _("Supervision order")
    BREACH = "breach", _("Breach of conditions")
    SUPERVISION_END = "supervision_end", _("End of supervision")
    REPATRIATION = "repatriation", _("Repatriation or return")
    RETURN_SCREENING = "return_screening", _("Screening on return")


#: How the kinds are grouped on the "record a legal event" page.
KIND_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "pre_trial",
        (
            LegalEventKind.ARREST,
            LegalEventKind.CHARGE,
            LegalEventKind.NO_CHARGE,
            LegalEventKind.PRE_TRIAL_DETENTION,
            LegalEventKind.BAIL,
        ),
    ),
    ("court", (LegalEventKind.TRIAL, LegalEventKind.VERDICT, LegalEventKind.SENTENCE)),
    (
        "custody",
        (
            LegalEventKind.CUSTODY,
            LegalEventKind.TRANSFER,
            LegalEventKind.EARLY_RELEASE,
            LegalEventKind.RELEASE,
        ),
    ),
    (
        "community",
        (LegalEventKind.SUPERVISION_ORDER, LegalEventKind.BREACH, LegalEventKind.SUPERVISION_END),
    ),
    ("return", (LegalEventKind.REPATRIATION, LegalEventKind.RETURN_SCREENING)),
)

KIND_GROUP_LABELS: dict[str, Promise] = {
    "pre_trial": _("Before trial"),
    "court": _("Court"),
    "custody": _("Custody and release"),
    "community": _("Supervision in the community"),
    "return": _("Return from abroad"),
}


class Verdict(models.TextChoices):
    CONVICTED = "convicted", _("Found guilty")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Case dismissed")


class SentenceType(models.TextChoices):
    """Custodial, or one of the alternatives to imprisonment the Rome Memorandum describes."""

    CUSTODIAL = "custodial", _("Custodial sentence")
    SUSPENDED = "suspended", _("Suspended sentence")
    COMMUNITY = "community", _("Community sentence (alternative to imprisonment)")
    FINE = "fine", _("Fine")
    OTHER = "other", _("Other measure")


class ScreeningOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", _("No further legal action")
    PROSECUTION = "prosecution", _("Referred for prosecution")
    PROGRAMME = "programme", _("Referred to the programme without prosecution")
    MONITORING = "monitoring", _("Administrative monitoring")
    FURTHER_SCREENING = "further_screening", _("Further screening needed")


class BreachResponse(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    NO_ACTION = "no_action", _("No action")
    WARNING = "warning", _("Warning")
    CONDITIONS_CHANGED = "conditions_changed", _("Conditions changed")
    COURT = "court", _("Referred to the court or prosecutor")
    REVOKED = "revoked", _("Measure revoked")


class LegalStatus(models.TextChoices):
    """The current legal status, derived from the timeline (never typed in)."""

    NO_RECORD = "no_record", _("No legal events recorded")
    POLICE_CUSTODY = "police_custody", _("Held after arrest")
    PRE_TRIAL_DETENTION = "pre_trial_detention", _("In pre-trial detention")
    SERVING_SENTENCE = "serving_sentence", _("Serving a custodial sentence")
    UNDER_SUPERVISION = "under_supervision", _("Under supervision in the community")
    COMMUNITY_SENTENCE = "community_sentence", _("Serving a sentence in the community")
    ON_BAIL = "on_bail", _("On bail or pre-trial conditions")
    PROCEEDINGS_OPEN = "proceedings_open", _("Proceedings open, at liberty")
    AWAITING_SCREENING = "awaiting_screening", _("Returned, screening pending")
    ACQUITTED = "acquitted", _("Acquitted or case dismissed")
    NOT_CHARGED = "not_charged", _("Not charged")
    SENTENCE_COMPLETED = "sentence_completed", _("Sentence completed")
    NO_PROCEEDINGS = "no_proceedings", _("No proceedings open")


#: Child-appropriate wording of the statuses that deprive of liberty or supervise (used
#: when the person is a minor today; see docs/justice.md, "Children").
CHILD_STATUS_LABELS: dict[str, Promise] = {
    LegalStatus.POLICE_CUSTODY: _("Held after arrest (juvenile justice)"),
    LegalStatus.PRE_TRIAL_DETENTION: _("Deprived of liberty before trial (juvenile justice)"),
    LegalStatus.SERVING_SENTENCE: _("In a closed juvenile justice measure"),
    LegalStatus.UNDER_SUPERVISION: _("Under a juvenile justice measure in the community"),
    LegalStatus.COMMUNITY_SENTENCE: _("Under a juvenile justice measure in the community"),
    LegalStatus.SENTENCE_COMPLETED: _("Juvenile justice measure completed"),
}

#: Statuses that mean the person is held in a facility today.
CUSTODY_STATUSES = frozenset(
    {LegalStatus.POLICE_CUSTODY, LegalStatus.PRE_TRIAL_DETENTION, LegalStatus.SERVING_SENTENCE}
)


class FacilityKind(models.TextChoices):
    PRISON = "prison", _("Prison")
    PRE_TRIAL = "pre_trial", _("Pre-trial detention centre")
    JUVENILE = "juvenile", _("Juvenile justice centre")
    POLICE = "police", _("Police station")
    RECEPTION = "reception", _("Reception or transit centre")
    PROBATION_OFFICE = "probation_office", _("Probation office")
    OTHER = "other", _("Other")


class FacilityPopulation(models.TextChoices):
    MEN = "men", _("Men")
    WOMEN = "women", _("Women")
    MIXED = "mixed", _("Women and men (separate units)")
    JUVENILES = "juveniles", _("Children and young people")


class MeasureKind(models.TextChoices):
    """Supervision and alternatives to imprisonment (Rome Memorandum)."""

    REPORTING = "reporting", _("Reporting to the authorities")
    ELECTRONIC_MONITORING = "electronic_monitoring", _("Electronic monitoring")
    COMMUNITY_SERVICE = "community_service", _("Community service")
    VOLUNTARY_PROGRAMME = "voluntary_programme", _("Voluntary participation in the programme")
    OTHER_CONDITION = "other_condition", _("Other condition (residence, travel, contact)")


class Frequency(models.TextChoices):
    NONE = "none", _("No fixed schedule")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class MeasureEndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")
    REPLACED = "replaced", _("Replaced by another measure")
    LIFTED = "lifted", _("Lifted by the authority")
    OTHER = "other", _("Other")


class CheckInStatus(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    MISSED = "missed", _("Missed")
    EXCUSED = "excused", _("Excused in advance")


class ParticipationKind(models.TextChoices):
    EDUCATION = "education", _("Education")
    VOCATIONAL = "vocational", _("Vocational training")
    RELIGIOUS = "religious_counselling", _("Religious counselling or dialogue")
    PEER_COACHING = "peer_coaching", _("Peer-coaching scheme")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    SPORT_ARTS = "sport_arts", _("Sport and arts")
    WORK = "work", _("Work in custody")
    OTHER = "other", _("Other")


class ParticipationStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled, not started")
    ACTIVE = "active", _("Taking part")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VisitKind(models.TextChoices):
    IN_PERSON = "in_person", _("Visit in person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")
    FAMILY_DAY = "family_day", _("Family day")


class ReturnKind(models.TextChoices):
    REPATRIATION = "repatriation", _("Organised repatriation")
    ASSISTED = "assisted", _("Assisted return")
    SPONTANEOUS = "spontaneous", _("Returned on their own")
    DEPORTED = "deported", _("Deported or expelled")
    OTHER = "other", _("Other")


class ReturnRole(models.TextChoices):
    PRINCIPAL = "principal", _("Returnee")
    ADULT = "adult", _("Accompanying adult")
    CHILD = "child", _("Accompanying child")


class PapersStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Not checked yet")
    VALID = "valid", _("Valid papers")
    EXPIRED = "expired", _("Expired papers")
    NONE = "none", _("No papers (lost or never issued)")
    IN_PROCESS = "in_process", _("Being issued")


class CitizenshipCheck(models.TextChoices):
    UNKNOWN = "unknown", _("Not checked yet")
    CONFIRMED = "confirmed", _("Confirmed")
    PENDING = "pending", _("Verification pending")
    DISPUTED = "disputed", _("Disputed")
    STATELESS_RISK = "stateless_risk", _("At risk of statelessness")


class BirthRegistration(models.TextChoices):
    UNKNOWN = "unknown", _("Not checked yet")
    REGISTERED = "registered", _("Registered")
    NOT_REGISTERED = "not_registered", _("Not registered")
    IN_PROCESS = "in_process", _("Registration requested")
    NOT_APPLICABLE = "not_applicable", _("Not needed (registered at home)")


class NeedKind(models.TextChoices):
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial first aid")
    SHELTER = "shelter", _("Shelter")
    CASH = "cash", _("Cash assistance")
    FOOD = "food", _("Food")
    CLOTHING = "clothing", _("Clothing and essentials")
    OTHER = "other", _("Other")


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    IN_PROGRESS = "in_progress", _("Being arranged")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Could not be met")


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately (24 hours)")
    URGENT = "urgent", _("Within 72 hours")
    NORMAL = "normal", _("Within two weeks")


class ReceptionStep(models.TextChoices):
    """The reception checklist every return starts with, in order."""

    MET_ON_ARRIVAL = "met_on_arrival", _("Met at the arrival point")
    MEDICAL_CHECK = "medical_check", _("Medical check")
    IDENTITY_VERIFIED = "identity_verified", _("Identity verified")
    SCREENING = "screening", _("Screening interview held")
    FAMILY_CONTACTED = "family_contacted", _("Family at home contacted")
    SHELTER = "shelter", _("Accommodation arranged")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial first aid offered")
    ASSISTANCE = "assistance", _("Cash or in-kind assistance given")
    CIVIL_DOCUMENTS = "civil_documents", _("Civil documents and birth registration requested")
    SCHOOL = "school", _("School enrolment requested for children")
    PROGRAMME_INFO = "programme_info", _("Programme explained to each adult")


class GuardianConsent(models.TextChoices):
    """The guardian's consent to the child's participation in the programme (not consent
    to share data, which the sharing app records)."""

    PENDING = "pending", _("Not asked yet")
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_POSSIBLE = "not_possible", _("No guardian can be asked (decision by the authority)")


class SchoolStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Not known yet")
    ENROLLED = "enrolled", _("Enrolled")
    REQUESTED = "requested", _("Enrolment requested")
    NOT_ENROLLED = "not_enrolled", _("Not enrolled")
    ALTERNATIVE = "alternative", _("Catch-up or alternative education")
    VOCATIONAL = "vocational", _("Vocational training")
    NOT_SCHOOL_AGE = "not_school_age", _("Not of school age")


class PractitionerPreference(models.TextChoices):
    NONE = "none", _("No preference")
    FEMALE = "female", _("A woman practitioner")
    MALE = "male", _("A man practitioner")


class GoalDimension(models.TextChoices):
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    FAMILY = "family", _("Family relationships")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal and documents")
    HOUSING = "housing", _("Housing")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")
