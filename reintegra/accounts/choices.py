"""Agency types and membership roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyType(models.TextChoices):
    """What kind of organisation an agency is; government bodies are listed by sector."""

    GOV_COORDINATION = "gov_coordination", _("Government: coordination")
    GOV_SECURITY = "gov_security", _("Government: security")
    GOV_JUSTICE = "gov_justice", _("Government: justice")
    GOV_PRISON = "gov_prison", _("Government: prison")
    GOV_PROBATION = "gov_probation", _("Government: probation")
    GOV_SOCIAL_WELFARE = "gov_social_welfare", _("Government: social welfare")
    GOV_HEALTH = "gov_health", _("Government: health")
    GOV_EDUCATION = "gov_education", _("Government: education")
    GOV_LABOUR = "gov_labour", _("Government: labour")
    GOV_LOCAL_AUTHORITY = "gov_local_authority", _("Government: local authority")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    FAITH_BASED = "faith_based", _("Faith-based")
    INTERNATIONAL = "international", _("International organisation")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    COMMUNITY = "community", _("Community or diaspora")
    ACADEMIC = "academic", _("Academic")


class MembershipRole(models.TextChoices):
    """The role a user holds in an agency. A user may hold several, in several agencies."""

    CASE_WORKER = "case_worker", _("Case worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    MENTOR = "mentor", _("Mentor")
    RELIGIOUS_COUNSELLOR = "religious_counsellor", _("Religious counsellor")
    SERVICE_PROVIDER_STAFF = "service_provider_staff", _("Service provider staff")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    ME_OFFICER = "me_officer", _("M&E officer")
    TRAINER = "trainer", _("Trainer")
    GRANT_MANAGER = "grant_manager", _("Grant manager")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data-protection officer")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")


class Language(models.TextChoices):
    """Working languages of agencies and people (ISO 639-1)."""

    AR = "ar", _("Arabic")
    FR = "fr", _("French")
    EN = "en", _("English")
    BS = "bs", _("Bosnian")
    SO = "so", _("Somali")
    SW = "sw", _("Swahili")
    HA = "ha", _("Hausa")
    TZM = "tzm", _("Tamazight")
    KU = "ku", _("Kurdish")
    TR = "tr", _("Turkish")
    OTHER = "other", _("Other")
