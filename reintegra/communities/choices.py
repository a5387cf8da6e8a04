"""Vocabularies of the community track: profiles, stakeholders, surveys, incidents, plans.

Wording follows the PAVE module (community profile, stakeholder mapping, engagement
strategy, coordination mechanism) and stays neutral: nothing here names a religion or
labels a group as extremist.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- community profile -------------------------------------------------------------------


class EntryKind(models.TextChoices):
    """The parts of a community profile (PAVE step 1, IOM Handbook §3.2)."""

    NEED = "need", _("Need")
    RESOURCE = "resource", _("Resource")
    DRIVER = "driver", _("Driver of violent extremism")
    BARRIER = "barrier", _("Barrier to sustainable reintegration")
    RESILIENCE = "resilience", _("Source of resilience")
    SERVICE = "service", _("Service and its coverage")


#: The profile's sections, in the order the page shows them.
ENTRY_KIND_ORDER = [
    EntryKind.NEED,
    EntryKind.RESOURCE,
    EntryKind.DRIVER,
    EntryKind.BARRIER,
    EntryKind.RESILIENCE,
    EntryKind.SERVICE,
]


class EntryTheme(models.TextChoices):
    """What an entry is about. Deliberately no religious category: a profile describes
    conditions in a place, never a faith as a risk."""

    ECONOMIC = "economic", _("Livelihoods and economy")
    EDUCATION = "education", _("Education and skills")
    HEALTH = "health", _("Health and psychosocial well-being")
    FAMILY_SOCIAL = "family_social", _("Family and social ties")
    GOVERNANCE = "governance", _("Governance, justice and rights")
    SECURITY = "security", _("Safety and security")
    SERVICES = "services", _("Services and infrastructure")
    IDENTITY = "identity", _("Identity, belonging and recognition")
    NARRATIVES = "narratives", _("Information, media and narratives")
    YOUTH = "youth", _("Young people")
    GENDER = "gender", _("Women and gender")
    OTHER = "other", _("Other")


class Coverage(models.TextChoices):
    """How well a service reaches returnees and their families."""

    NONE = "none", _("Not available")
    LIMITED = "limited", _("Limited")
    PARTIAL = "partial", _("Partial")
    GOOD = "good", _("Good")


class Level(models.TextChoices):
    """A plain four-step rating used for absorption capacity and stigma."""

    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ParticipantGroup(models.TextChoices):
    """Who took part in the participatory assessment."""

    RETURNEES = "returnees", _("Returnees")
    FAMILIES = "families", _("Families of returnees")
    COMMUNITY = "community", _("Community members")
    OFFICIALS = "officials", _("Officials")
    CIVIL_SOCIETY = "civil_society", _("Civil society and community leaders")


class ParticipantSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class AgeGroup(models.TextChoices):
    """Age bands of participants and respondents (the people app's bands from 12 up)."""

    ADOLESCENT = "12-17", _("12–17")
    YOUNG_ADULT = "18-24", _("18–24")
    ADULT = "25-34", _("25–34")
    MIDDLE = "35-49", _("35–49")
    OLDER = "50-", _("50 and over")


# --- stakeholders ------------------------------------------------------------------------


class StakeholderKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", _("Local authority or official")
    NATIONAL_GOVERNMENT = "national_government", _("National government")
    SECURITY_JUSTICE = "security_justice", _("Security or justice sector")
    TRADITIONAL_LEADER = "traditional_leader", _("Traditional or local leader (e.g. mukhtar)")
    FAITH_LEADER = "faith_leader", _("Faith leader")
    FAITH_INSTITUTION = "faith_institution", _("Faith institution or council")
    WOMENS_GROUP = "womens_group", _("Women's group")
    YOUTH_GROUP = "youth_group", _("Youth group or club")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    MEDIA = "media", _("Media")
    EDUCATION = "education", _("School or educator")
    HEALTH = "health", _("Health or psychosocial provider")
    PRIVATE_SECTOR = "private_sector", _("Business or employer")
    FAMILIES = "families", _("Families' or returnees' association")
    INTERNATIONAL = "international", _("International organisation")
    DIASPORA = "diaspora", _("Diaspora group")
    OTHER = "other", _("Other")


class Scale5(models.IntegerChoices):
    """Influence and interest, for the grid."""

    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    MEDIUM = 3, _("Medium")
    HIGH = 4, _("High")
    VERY_HIGH = 5, _("Very high")


class Willingness(models.TextChoices):
    """How willing a stakeholder is to support reintegration."""

    OPPOSED = "opposed", _("Opposed")
    HESITANT = "hesitant", _("Hesitant")
    NEUTRAL = "neutral", _("Neutral")
    WILLING = "willing", _("Willing")
    CHAMPION = "champion", _("Champion")


class Trust(models.TextChoices):
    """Trust between the programme and the stakeholder, and with the community."""

    LOW = "low", _("Low")
    MIXED = "mixed", _("Mixed")
    GOOD = "good", _("Good")
    HIGH = "high", _("High")


class Potential(models.TextChoices):
    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ContactChannel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    MESSAGE = "message", _("Message or letter")
    EVENT = "event", _("Event or workshop")
    OTHER = "other", _("Other")


# --- social cohesion ---------------------------------------------------------------------


class Dimension(models.TextChoices):
    """Mercy Corps' six dimensions of social cohesion (as cited in the PAVE module)."""

    TRUST = "trust", _("Trust")
    BELONGING = "belonging", _("Belonging")
    SHARED_IDENTITY = "shared_identity", _("Shared identity")
    ATTITUDES = "attitudes", _("Attitudes towards other groups")
    COLLECTIVE_ACTION = "collective_action", _("Collective-action norms")
    CIVIC_ENGAGEMENT = "civic_engagement", _("Civic engagement")


DIMENSION_ORDER = list(Dimension)


class RespondentGroup(models.TextChoices):
    """Results are always split by these two groups, never pooled."""

    RETURNEES_FAMILIES = "returnees_families", _("Returnees and their families")
    RESIDENTS = "residents", _("Other residents")


class RespondentSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NOT_RECORDED = "not_recorded", _("Not recorded")


class WaveStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COLLECTING = "collecting", _("Collecting responses")
    CLOSED = "closed", _("Closed")


class ResponseSource(models.TextChoices):
    FORM = "form", _("Entered on the form")
    IMPORT = "import", _("Imported from a file")
    API = "api", _("Sent through the API")


# --- incidents ---------------------------------------------------------------------------


class IncidentKind(models.TextChoices):
    MEDIA = "media", _("Media article or broadcast")
    PUBLIC_STATEMENT = "public_statement", _("Public statement by an official or leader")
    ONLINE = "online", _("Online rumours or hate speech")
    PROTEST = "protest", _("Protest or petition")
    HARASSMENT = "harassment", _("Harassment or exclusion of returnee families")
    VIOLENCE = "violence", _("Violence or damage to property")
    COMMUNITY_TENSION = "community_tension", _("Tension between groups")
    POSITIVE = "positive", _("Positive community initiative")
    PRACTITIONER_THREAT = "practitioner_threat", _("Threat against a practitioner")
    PRACTITIONER_ATTACK = "practitioner_attack", _("Attack on a practitioner or office")
    OTHER = "other", _("Other")


#: Kinds that are always practitioner-safety incidents (restricted visibility).
SAFETY_KINDS = frozenset({IncidentKind.PRACTITIONER_THREAT, IncidentKind.PRACTITIONER_ATTACK})


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESPONDING = "responding", _("Response under way")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


class Effect(models.TextChoices):
    """What a response achieved (and the incident's overall effect)."""

    UNKNOWN = "unknown", _("Too early to tell")
    POSITIVE = "positive", _("Eased the situation")
    MIXED = "mixed", _("Mixed")
    NONE = "none", _("No visible effect")
    NEGATIVE = "negative", _("Made things worse")


# --- multi-stakeholder plan --------------------------------------------------------------


class PlanPhase(models.TextChoices):
    """The PAVE module's first two steps of a multi-stakeholder plan."""

    ANALYSIS = "analysis", _("Step 1: Situational analysis")
    DESIGN = "design", _("Step 2: Planning and design")


class PlanStepCode(models.TextChoices):
    PROFILE = "profile", _("Community profile")
    STAKEHOLDERS = "stakeholders", _("Stakeholder mapping")
    SERVICES = "services", _("Service mapping")
    OBJECTIVES = "objectives", _("Goals and objectives")
    ENGAGEMENT = "engagement", _("Engagement and communication strategy")
    COORDINATION = "coordination", _("Coordination mechanism")
    CAPACITY = "capacity", _("Capacity building")


#: Steps by phase, in the order the plan walks them.
PLAN_STEPS: dict[str, list[str]] = {
    PlanPhase.ANALYSIS: [PlanStepCode.PROFILE, PlanStepCode.STAKEHOLDERS, PlanStepCode.SERVICES],
    PlanPhase.DESIGN: [
        PlanStepCode.OBJECTIVES,
        PlanStepCode.ENGAGEMENT,
        PlanStepCode.COORDINATION,
        PlanStepCode.CAPACITY,
    ],
}


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    ACTIVE = "active", _("Agreed and in use")
    CLOSED = "closed", _("Closed")


class ObjectiveStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class EngagementStatus(models.TextChoices):
    NOT_CONTACTED = "not_contacted", _("Not contacted yet")
    ENGAGING = "engaging", _("Being engaged")
    ENGAGED = "engaged", _("Engaged")
    PAUSED = "paused", _("Paused")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead organisation")
    IMPLEMENTING = "implementing", _("Implementing partner")
    SUPPORTING = "supporting", _("Supporting partner")
    OBSERVER = "observer", _("Observer")


class CoordinationLevel(models.TextChoices):
    LOCAL = "local", _("Local")
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class CapacityArea(models.TextChoices):
    """Capacity-building needs the PAVE module names for partners and faith actors."""

    SAFETY = "safety", _("Personal and physical safety")
    COMMUNICATION = "communication", _("Communication and counter-messaging")
    MEDIATION = "mediation", _("Mediation and counselling")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial and trauma-informed practice")
    GENDER_CHILD = "gender_child", _("Gender- and child-sensitive practice")
    DATA_PROTECTION = "data_protection", _("Information sharing and data protection")
    MONITORING = "monitoring", _("Monitoring and evaluation")
    ORGANISATIONAL = "organisational", _("Organisational and financial management")
    OTHER = "other", _("Other")


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    PLANNED = "planned", _("Support planned")
    UNDER_WAY = "under_way", _("Under way")
    MET = "met", _("Met")
