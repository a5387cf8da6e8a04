"""The community track: communities, their profiles, stakeholder maps, social-cohesion
surveys, incidents and the multi-stakeholder plan (PAVE module, session 4, steps 1–2).

Most of this is shared programme knowledge about places, not records about people. The
exceptions, and who may see them, are decided in `reintegra/access/policy.py` (section
"communities"):

- a stakeholder's contact fields (`STAKEHOLDER_FIELD_CATEGORIES`) and contact history are
  contact-and-location data: an imam or a mukhtar is a person who can be put at risk;
- survey responses are anonymous (group, sex and age band only) and raw responses are
  seen only by the survey's M&E officers;
- practitioner-safety incidents are seen only by those who must act on them.
"""

import uuid
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reintegra.communities.choices import (
    SAFETY_KINDS,
    AgeGroup,
    CapacityArea,
    ContactChannel,
    CoordinationLevel,
    Coverage,
    Dimension,
    Effect,
    EngagementStatus,
    EntryKind,
    EntryTheme,
    IncidentKind,
    IncidentStatus,
    Level,
    NeedStatus,
    ObjectiveStatus,
    ParticipantGroup,
    ParticipantSex,
    PartnerRole,
    PlanStatus,
    PlanStepCode,
    Potential,
    ProfileStatus,
    RespondentGroup,
    RespondentSex,
    ResponseSource,
    Scale5,
    StakeholderKind,
    StepStatus,
    Trust,
    WaveStatus,
    Willingness,
)
from reintegra.core.choices import DataCategory
from reintegra.core.models import TimeStampedModel, VersionedModel
from reintegra.places.choices import PlaceLevel


def _localised(obj: object, stem: str) -> str:
    """`obj.<stem>_<language>` in the active language, falling back to English."""
    language = (get_language() or "en")[:2]
    return str(
        getattr(obj, "{stem}_{lang}".format(stem=stem, lang=language), "") or getattr(obj, stem + "_en")
    )


# --- communities and profiles ------------------------------------------------------------


class Community(VersionedModel):
    """A receiving community: one town or district of the place hierarchy.

    The steward agency set it up and keeps it; it and the partners of the community's
    multi-stakeholder plans form the community team that may change its records.
    """

    place = models.OneToOneField(
        "places.Place",
        verbose_name=_("town or district"),
        on_delete=models.PROTECT,
        related_name="community",
        help_text=_("The community is this place and everything within it."),
    )
    population_estimate = models.PositiveIntegerField(
        _("estimated population"), null=True, blank=True, help_text=_("Leave empty when not known.")
    )
    population_notes = models.TextField(
        _("population notes"),
        blank=True,
        help_text=_(
            "Who lives here: size, languages, displacement and returns, livelihoods. Describe groups, "
            "never individuals."
        ),
    )
    steward_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("steward agency"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agency that keeps this community's records."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering: ClassVar[list[str]] = ["place__name_en"]

    def __str__(self) -> str:
        return self.place.name

    def clean(self) -> None:
        """Communities are towns or districts, not whole regions or countries."""
        if self.place_id and self.place.level not in (PlaceLevel.LOCALITY, PlaceLevel.DISTRICT):
            raise ValidationError({"place": _("Choose a town or a district.")})

    @property
    def name(self) -> str:
        return self.place.name


class CommunityProfile(VersionedModel):
    """One dated version of a community profile (needs, resources, drivers, barriers,
    resilience, services, governance, stigma, absorption capacity, who took part).

    A new version starts as a draft copied from the current one; publishing it makes it the
    current profile and freezes it. Older versions stay readable as the community's history.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="profiles")
    number = models.PositiveIntegerField(_("version"), editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT
    )
    assessed_on = models.DateField(
        _("assessed on"), default=timezone.localdate, help_text=_("When the assessment was carried out.")
    )
    method = models.TextField(
        _("how the assessment was done"),
        blank=True,
        help_text=_(
            "E.g. focus groups with women and young people, key-informant interviews, a town meeting."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    governance = models.TextField(
        _("governance and leaders"),
        blank=True,
        help_text=_(
            "Who decides and who is listened to: local authority, traditional and faith leaders, "
            "councils. Roles, not names."
        ),
    )
    services_notes = models.TextField(
        _("services overview"),
        blank=True,
        help_text=_("What the service map shows for this place; list services below with their coverage."),
    )
    tensions_stigma = models.TextField(
        _("tensions and stigma towards returnees"),
        blank=True,
        help_text=_("How returnees and their families are spoken of and treated; past incidents."),
    )
    stigma_level = models.CharField(_("level of stigma"), max_length=16, choices=Level.choices, blank=True)
    absorption_capacity = models.CharField(
        _("absorption capacity"),
        max_length=16,
        choices=Level.choices,
        blank=True,
        help_text=_(
            "How many returnees and families the community can receive well, given its services, "
            "jobs, housing and attitudes."
        ),
    )
    absorption_notes = models.TextField(_("absorption capacity: reasons"), blank=True)
    data_sources = models.TextField(
        _("data sources"),
        blank=True,
        help_text=_("Reports, statistics and consultations this profile draws on."),
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("community profile")
        verbose_name_plural = _("community profiles")
        ordering: ClassVar[list[str]] = ["community", "-number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["community", "number"], name="profile_version_unique"),
            models.UniqueConstraint(
                fields=["community"],
                condition=models.Q(status="draft"),
                name="profile_one_draft",
                violation_error_message=_("This community already has a draft profile."),
            ),
        ]

    def __str__(self) -> str:
        return "{community} v{n}".format(community=self.community_id, n=self.number)

    @property
    def is_draft(self) -> bool:
        return self.status == ProfileStatus.DRAFT


class ProfileEntry(models.Model):
    """One need, resource, driver, barrier, source of resilience or service, with its evidence."""

    profile = models.ForeignKey(CommunityProfile, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("section"), max_length=16, choices=EntryKind.choices)
    theme = models.CharField(_("theme"), max_length=16, choices=EntryTheme.choices, default=EntryTheme.OTHER)
    description = models.TextField(_("description"))
    evidence = models.TextField(
        _("evidence or source"),
        blank=True,
        help_text=_("Where this comes from: a focus group, a survey, a report, an interview (no names)."),
    )
    coverage = models.CharField(
        _("coverage"),
        max_length=16,
        choices=Coverage.choices,
        blank=True,
        help_text=_("For services: how well it reaches returnees and their families."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("profile entry")
        verbose_name_plural = _("profile entries")
        ordering: ClassVar[list[str]] = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return "{kind} {pk}".format(kind=self.kind, pk=self.pk)

    def clean(self) -> None:
        """Coverage is said of services only, and every service says it."""
        if self.kind == EntryKind.SERVICE and not self.coverage:
            raise ValidationError({"coverage": _("Say how well this service covers returnees and families.")})
        if self.kind != EntryKind.SERVICE:
            self.coverage = ""


class ProfileParticipation(models.Model):
    """How many people of a group, sex and age band took part in the assessment."""

    profile = models.ForeignKey(CommunityProfile, on_delete=models.CASCADE, related_name="participation")
    group = models.CharField(_("group"), max_length=16, choices=ParticipantGroup.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=ParticipantSex.choices)
    age_band = models.CharField(_("age"), max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("number of people"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("participation count")
        verbose_name_plural = _("participation counts")
        ordering: ClassVar[list[str]] = ["group", "sex", "age_band"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["profile", "group", "sex", "age_band"],
                name="participation_unique",
                violation_error_message=_(
                    "This group, sex and age band is already counted; change its number."
                ),
            )
        ]

    def __str__(self) -> str:
        return "{g}/{s}/{a}: {n}".format(g=self.group, s=self.sex, a=self.age_band, n=self.count)


# --- stakeholders ------------------------------------------------------------------------


class Stakeholder(VersionedModel):
    """An actor who matters for reintegration in a community: an agency in the system or an
    informal actor (a faith leader, a mukhtar, a women's forum, a youth club, a newspaper).

    `name` is how the stakeholder appears on the map; for an individual it should be a role
    ("Imam of the old-town mosque"), with the person's name only in the contact fields.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(
        _("name on the map"),
        max_length=160,
        help_text=_("For a person, their role (e.g. “Imam of the old-town mosque”), not their name."),
    )
    kind = models.CharField(_("type"), max_length=24, choices=StakeholderKind.choices)
    is_individual = models.BooleanField(
        _("an individual"), default=False, help_text=_("A person rather than an organisation or group.")
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency in Reintegra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("When the stakeholder is an agency that uses Reintegra."),
    )
    owning_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("relationship held by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agency that holds the relationship; its staff see the contact details."),
    )
    capacity = models.TextField(
        _("capacity"), blank=True, help_text=_("What they can bring: reach, skills, space, staff, influence.")
    )
    needs = models.TextField(_("needs"), blank=True, help_text=_("What they would need to take part."))
    willingness = models.CharField(
        _("willingness"), max_length=16, choices=Willingness.choices, default=Willingness.NEUTRAL
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), choices=Scale5.choices, default=Scale5.MEDIUM
    )
    interest = models.PositiveSmallIntegerField(_("interest"), choices=Scale5.choices, default=Scale5.MEDIUM)
    trust = models.CharField(_("trust level"), max_length=16, choices=Trust.choices, default=Trust.MIXED)
    partnership_potential = models.CharField(
        _("partnership potential"), max_length=16, choices=Potential.choices, default=Potential.MEDIUM
    )
    engagement_strategy = models.TextField(
        _("engagement strategy"),
        blank=True,
        help_text=_("How the stakeholder is approached and the relationship managed over time."),
    )
    communication_strategy = models.TextField(
        _("communication strategy"), blank=True, help_text=_("What is shared with them, how and how often.")
    )
    contact_name = models.CharField(_("contact person"), max_length=160, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_address = models.TextField(_("address or meeting place"), blank=True)
    is_active = models.BooleanField(_("on the map"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="stakeholder_name_unique",
                violation_error_message=_("This community's map already has a stakeholder with this name."),
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["community", "kind"], name="stakeholder_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def quadrant(self) -> str:
        """Where the stakeholder sits on the influence/interest grid."""
        high_influence, high_interest = self.influence >= 3, self.interest >= 3
        if high_influence and high_interest:
            return "manage"
        if high_influence:
            return "satisfy"
        if high_interest:
            return "inform"
        return "monitor"


#: The stakeholder's contact fields are contact-and-location data (policy: contact scope).
STAKEHOLDER_FIELD_CATEGORIES: dict[str, DataCategory] = {
    "contact_name": DataCategory.CONTACT_LOCATION,
    "contact_phone": DataCategory.CONTACT_LOCATION,
    "contact_email": DataCategory.CONTACT_LOCATION,
    "contact_address": DataCategory.CONTACT_LOCATION,
}
STAKEHOLDER_CONTACT_FIELDS = tuple(STAKEHOLDER_FIELD_CATEGORIES)


class StakeholderContact(TimeStampedModel):
    """One contact with a stakeholder: who met them, when, how, and what came of it.
    Contact-and-location data: seen with the stakeholder's contact details only."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("date"), default=timezone.localdate)
    channel = models.CharField(_("how"), max_length=16, choices=ContactChannel.choices)
    summary = models.TextField(_("what was discussed"))
    follow_up = models.TextField(_("agreed follow-up"), blank=True)
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("stakeholder contact")
        verbose_name_plural = _("stakeholder contacts")
        ordering: ClassVar[list[str]] = ["-contacted_on", "-created_at"]

    def __str__(self) -> str:
        return "contact {pk}".format(pk=self.pk)

    def clean(self) -> None:
        day: date | None = self.contacted_on
        if day is not None and day > timezone.localdate():
            raise ValidationError({"contacted_on": _("The date cannot be in the future.")})


# --- social cohesion surveys -------------------------------------------------------------


class SurveyInstrument(TimeStampedModel):
    """A versioned social-cohesion questionnaire: items in six dimensions and their answer
    scales. Loaded from a JSON file (`load_survey_instrument`); never edited in place, so
    results of a wave always refer to the exact items that were asked."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    provenance = models.TextField(_("source and licence"), blank=True)
    is_active = models.BooleanField(_("offered for new waves"), default=True)

    class Meta:
        verbose_name = _("survey instrument")
        verbose_name_plural = _("survey instruments")
        ordering: ClassVar[list[str]] = ["code", "-version"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_version_unique")
        ]

    def __str__(self) -> str:
        return "{name} (v{v})".format(name=self.name, v=self.version)

    @property
    def name(self) -> str:
        return _localised(self, "name")

    @property
    def description(self) -> str:
        return _localised(self, "description")


class SurveyScale(models.Model):
    """An answer scale: points 1..K with labels in three languages. A missing answer ("don't
    know", "refused") is stored as no value and never counted as a score."""

    instrument = models.ForeignKey(SurveyInstrument, on_delete=models.CASCADE, related_name="scales")
    code = models.SlugField(_("code"), max_length=32)
    points = models.JSONField(_("points"), help_text=_('[{"value": 1, "en": "…", "fr": "…", "ar": "…"}, …]'))

    class Meta:
        verbose_name = _("answer scale")
        verbose_name_plural = _("answer scales")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["instrument", "code"], name="scale_code_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def size(self) -> int:
        return len(self.points)

    def labels(self) -> list[tuple[int, str]]:
        """(value, label in the active language) for every point."""
        language = (get_language() or "en")[:2]
        return [(int(p["value"]), str(p.get(language) or p["en"])) for p in self.points]

    def clean(self) -> None:
        values = [p.get("value") for p in self.points] if isinstance(self.points, list) else []
        if len(values) < 2 or values != list(range(1, len(values) + 1)):
            raise ValidationError({"points": _("A scale has two or more points numbered 1, 2, 3 …")})
        if any(not p.get("en") for p in self.points):
            raise ValidationError({"points": _("Every point needs an English label.")})


class SurveyItem(models.Model):
    """One question of an instrument, in one dimension, answered on one scale."""

    instrument = models.ForeignKey(SurveyInstrument, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=32)
    dimension = models.CharField(_("dimension"), max_length=24, choices=Dimension.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.TextField(_("question (English)"))
    text_fr = models.TextField(_("question (French)"), blank=True)
    text_ar = models.TextField(_("question (Arabic)"), blank=True)
    scale = models.ForeignKey(SurveyScale, on_delete=models.PROTECT, related_name="items")
    reverse = models.BooleanField(
        _("reverse-scored"),
        default=False,
        help_text=_("Agreeing means less cohesion (e.g. “I feel like an outsider”)."),
    )

    class Meta:
        verbose_name = _("survey item")
        verbose_name_plural = _("survey items")
        ordering: ClassVar[list[str]] = ["order", "code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["instrument", "code"], name="item_code_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return _localised(self, "text")

    def score(self, value: int | None) -> float | None:
        """The answer on a 0–1 scale, higher meaning more cohesion (None when not answered)."""
        if value is None:
            return None
        size = self.scale.size
        raw = (value - 1) / (size - 1)
        return 1 - raw if self.reverse else raw


class SurveyWave(VersionedModel):
    """One round of the cohesion survey in one community (a baseline, a follow-up …)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="waves")
    instrument = models.ForeignKey(
        SurveyInstrument, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="waves"
    )
    label = models.CharField(_("name"), max_length=80, help_text=_("E.g. “Baseline” or “Follow-up 1”."))
    starts_on = models.DateField(_("collection starts"))
    ends_on = models.DateField(_("collection ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=WaveStatus.choices, default=WaveStatus.PLANNED
    )
    sampling_notes = models.TextField(
        _("sampling and method"),
        blank=True,
        help_text=_("How respondents were chosen and interviewed; languages; who collected."),
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("conducted by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Its M&E officers enter and see the individual responses."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        ordering: ClassVar[list[str]] = ["community", "starts_on", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["community", "label"],
                name="wave_label_unique",
                violation_error_message=_("This community already has a wave with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        start: date | None = self.starts_on
        if self.ends_on and start is not None and self.ends_on < start:
            raise ValidationError({"ends_on": _("Collection cannot end before it starts.")})


class SurveyResponse(TimeStampedModel):
    """One respondent's answers. Anonymous by design: no name, no address, no case; only
    the group, sex and age band the results are split by."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="responses")
    group = models.CharField(_("respondent group"), max_length=24, choices=RespondentGroup.choices)
    sex = models.CharField(_("sex"), max_length=16, choices=RespondentSex.choices)
    age_band = models.CharField(_("age"), max_length=8, choices=AgeGroup.choices)
    collected_on = models.DateField(_("interviewed on"), default=timezone.localdate)
    source = models.CharField(
        _("entered through"), max_length=8, choices=ResponseSource.choices, default=ResponseSource.FORM
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering: ClassVar[list[str]] = ["-collected_on", "-created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["wave", "group"], name="response_wave_group_idx"),
        ]

    def __str__(self) -> str:
        return "response {id}".format(id=str(self.pk)[:8])

    def clean(self) -> None:
        day: date | None = self.collected_on
        if day is not None and day > timezone.localdate():
            raise ValidationError({"collected_on": _("The interview date cannot be in the future.")})


class SurveyAnswer(models.Model):
    """One answer: the point chosen (None for "don't know" or "refused") and its 0–1 score."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    score = models.FloatField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return "{item}={value}".format(item=self.item_id, value=self.value)


# --- incidents ---------------------------------------------------------------------------


class CommunityIncident(VersionedModel):
    """Something that happened in a community and affects reintegration: a hostile article,
    a protest, a threat against a practitioner. Describe events and roles, not returnees by
    name: a name here would reach every reader of the community."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="incidents")
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("where"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The town or district within the community, when more precise."),
    )
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=24, choices=IncidentKind.choices)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(
        _("what happened"),
        help_text=_("Facts and roles (“a local official”, “the newspaper”). No names of returnees."),
    )
    practitioner_safety = models.BooleanField(
        _("practitioner safety"),
        default=False,
        help_text=_(
            "Threats or harm to staff or volunteers. Only supervisors, data-protection officers and "
            "programme managers of the involved agencies will see it."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    follow_up = models.TextField(
        _("follow-up"), blank=True, help_text=_("What still has to be done, by whom.")
    )
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    effect = models.CharField(
        _("effect so far"), max_length=16, choices=Effect.choices, default=Effect.UNKNOWN
    )
    effect_notes = models.TextField(_("effect: what changed"), blank=True)
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("recorded by agency"), on_delete=models.PROTECT, related_name="+"
    )
    involved_agencies = models.ManyToManyField(
        "accounts.Agency",
        verbose_name=_("other agencies involved"),
        blank=True,
        related_name="+",
        help_text=_("For a safety incident: agencies whose staff were affected or must act."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("community incident")
        verbose_name_plural = _("community incidents")
        ordering: ClassVar[list[str]] = ["-occurred_on", "-created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["community", "-occurred_on"], name="incident_community_idx"),
            models.Index(fields=["practitioner_safety", "agency"], name="incident_safety_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        """Threats and attacks on practitioners are always safety incidents."""
        if self.kind in SAFETY_KINDS:
            self.practitioner_safety = True
        day: date | None = self.occurred_on
        if day is not None and day > timezone.localdate():
            raise ValidationError({"occurred_on": _("The date cannot be in the future.")})


class IncidentResponse(TimeStampedModel):
    """Who was asked to respond to an incident, what they did, and the effect."""

    incident = models.ForeignKey(CommunityIncident, on_delete=models.CASCADE, related_name="responses")
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incident_responses",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("responding agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_on = models.DateField(_("asked on"), default=timezone.localdate)
    request = models.TextField(_("what they were asked to do"))
    action = models.TextField(_("what they did"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    effect = models.CharField(_("effect"), max_length=16, choices=Effect.choices, default=Effect.UNKNOWN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("incident response")
        verbose_name_plural = _("incident responses")
        ordering: ClassVar[list[str]] = ["asked_on", "created_at"]

    def __str__(self) -> str:
        return "response {pk}".format(pk=self.pk)

    def clean(self) -> None:
        if not self.stakeholder_id and not self.agency_id:
            raise ValidationError(_("Choose the stakeholder or the agency that was asked to respond."))
        asked: date | None = self.asked_on
        if self.done_on and asked is not None and self.done_on < asked:
            raise ValidationError({"done_on": _("It cannot be done before it was asked.")})


# --- the multi-stakeholder plan ----------------------------------------------------------


class CommunityPlan(VersionedModel):
    """A multi-stakeholder plan for a community or a programme, walking PAVE steps 1–2:
    situational analysis (profile, stakeholder map, service map) and planning and design
    (objectives, engagement per stakeholder, coordination, capacity building)."""

    title = models.CharField(_("title"), max_length=200)
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("lead organisation"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    profile = models.ForeignKey(
        CommunityProfile,
        verbose_name=_("profile version used"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The published profile the situational analysis is based on."),
    )
    analysis_summary = models.TextField(
        _("key findings of the analysis"),
        blank=True,
        help_text=_("What the profile, the stakeholder map and the service map mean for this plan."),
    )
    coordination_mechanism = models.TextField(
        _("coordination mechanism"),
        blank=True,
        help_text=_("Who convenes, who takes part, how decisions are made and recorded."),
    )
    coordination_level = models.CharField(
        _("coordination level"),
        max_length=16,
        choices=CoordinationLevel.choices,
        default=CoordinationLevel.LOCAL,
    )
    meeting_frequency = models.CharField(
        _("meets"), max_length=80, blank=True, help_text=_("E.g. “monthly”, “every two weeks”.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("multi-stakeholder plan")
        verbose_name_plural = _("multi-stakeholder plans")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.community_id and not self.programme_id:
            raise ValidationError(_("A plan is for a community, a programme, or both."))
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The plan cannot end before it starts.")})
        profile: CommunityProfile | None = self.profile if self.profile_id else None
        if profile is not None and (
            profile.community_id != self.community_id or profile.status != ProfileStatus.PUBLISHED
        ):
            raise ValidationError({"profile": _("Choose a published profile of this plan's community.")})


class PlanStep(models.Model):
    """The status of one step of the plan, with what was done or is missing."""

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=16, choices=PlanStepCode.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["plan", "step"], name="plan_step_unique")
        ]

    def __str__(self) -> str:
        return self.step


class PlanPartner(models.Model):
    """An agency taking part in the plan, with its role and responsibilities. Partners of a
    community's plan join its community team and see its stakeholders' contact details."""

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="partners")
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=PartnerRole.choices, default=PartnerRole.IMPLEMENTING
    )
    responsibilities = models.TextField(_("responsibilities"), blank=True)

    class Meta:
        verbose_name = _("plan partner")
        verbose_name_plural = _("plan partners")
        ordering: ClassVar[list[str]] = ["role", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["plan", "agency"],
                name="plan_partner_unique",
                violation_error_message=_("This agency is already a partner of the plan."),
            )
        ]

    def __str__(self) -> str:
        return "partner {pk}".format(pk=self.pk)


class PlanObjective(models.Model):
    """A goal or objective of the plan and how progress will be recognised."""

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="objectives")
    statement = models.TextField(_("objective"))
    measure = models.TextField(
        _("how we will know"),
        blank=True,
        help_text=_("The sign of progress, e.g. a survey dimension or an activity count."),
    )
    due_on = models.DateField(_("by"), null=True, blank=True)
    responsible_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ObjectiveStatus.choices, default=ObjectiveStatus.PLANNED
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("plan objective")
        verbose_name_plural = _("plan objectives")
        ordering: ClassVar[list[str]] = ["order", "pk"]

    def __str__(self) -> str:
        return "objective {pk}".format(pk=self.pk)


class PlanEngagement(models.Model):
    """The engagement strategy for one stakeholder within this plan."""

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="engagements")
    stakeholder = models.ForeignKey(
        Stakeholder, verbose_name=_("stakeholder"), on_delete=models.PROTECT, related_name="engagements"
    )
    expected_role = models.TextField(_("expected role in the plan"))
    approach = models.TextField(_("how we engage them"), blank=True)
    communication = models.TextField(_("communication: what, how, how often"), blank=True)
    responsible_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("who engages them"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EngagementStatus.choices, default=EngagementStatus.NOT_CONTACTED
    )

    class Meta:
        verbose_name = _("stakeholder engagement")
        verbose_name_plural = _("stakeholder engagements")
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["plan", "stakeholder"],
                name="plan_engagement_unique",
                violation_error_message=_("This stakeholder already has an engagement strategy in the plan."),
            )
        ]

    def __str__(self) -> str:
        return "engagement {pk}".format(pk=self.pk)


class PlanMeeting(TimeStampedModel):
    """A meeting of the coordination mechanism: who took part, what was decided."""

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    agencies = models.ManyToManyField(
        "accounts.Agency", verbose_name=_("agencies present"), blank=True, related_name="+"
    )
    other_participants = models.CharField(
        _("other participants"),
        max_length=300,
        blank=True,
        help_text=_("Roles or groups, e.g. “women's forum, two youth club members”."),
    )
    summary = models.TextField(_("discussed"))
    decisions = models.TextField(_("decisions and actions"), blank=True)
    next_meeting_on = models.DateField(_("next meeting"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering: ClassVar[list[str]] = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return "meeting {pk}".format(pk=self.pk)

    def clean(self) -> None:
        held: date | None = self.held_on
        if self.next_meeting_on and held is not None and self.next_meeting_on < held:
            raise ValidationError({"next_meeting_on": _("The next meeting cannot be before this one.")})


class CapacityNeed(models.Model):
    """A capacity-building need of a stakeholder or partner, and the support planned."""

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="capacity_needs")
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.CharField(_("area"), max_length=16, choices=CapacityArea.choices)
    description = models.TextField(_("need"))
    planned_support = models.TextField(_("planned support"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.IDENTIFIED
    )

    class Meta:
        verbose_name = _("capacity-building need")
        verbose_name_plural = _("capacity-building needs")
        ordering: ClassVar[list[str]] = ["status", "pk"]

    def __str__(self) -> str:
        return "capacity need {pk}".format(pk=self.pk)

    def clean(self) -> None:
        if not self.stakeholder_id and not self.agency_id:
            raise ValidationError(_("Say whose capacity this is: a stakeholder or an agency."))
