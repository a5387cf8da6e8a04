"""Structured assessments and the reintegration-sustainability survey.

Two kinds of record live here:

- **Instruments** (reference data, no personal data): assessment templates with their
  versions, scales, rating dimensions, domains and items; survey question sets with their
  versioned weights. Imported and exported as JSON (`reintegra/assessments/importer.py`).
- **Assessments and survey responses** (personal data, protected by the access policy):
  one per case, in the data category of the instrument.

Structured professional judgement: scales are ordered labels with *no numeric weights*,
"insufficient information" is recorded apart from every rating, and the overall judgement
is written and chosen by a person with a required rationale. Nothing here adds ratings up:
`reintegra/assessments/tests/test_no_totals.py` fails if a total or score appears on the
assessment side. Only the sustainability survey scores, from its own versioned weights.

Data categories (`ASSESSMENT_CATEGORIES`, `SURVEY_FIELD_CATEGORIES`): an assessment and
everything in it has its template's category (risk assessment by default, so mentors and
service providers never see one); a survey response is an outcome, except its
psychosocial answers and scores, and the composite (from which the psychosocial score
could be worked out), which are health and psychosocial data.
"""

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reintegra.assessments.choices import (
    AssessmentContext,
    AssessmentStatus,
    DomainKind,
    EvidenceSource,
    SurveyDimension,
    SurveyWave,
    TemplateKind,
    VersionStatus,
)
from reintegra.core.choices import DataCategory
from reintegra.core.fields import EncryptedTextField
from reintegra.core.models import TimeStampedModel, VersionedModel

#: Categories an instrument may put its assessments in. Risk assessment is the default.
ASSESSMENT_CATEGORIES: tuple[str, ...] = (
    DataCategory.RISK_ASSESSMENT,
    DataCategory.HEALTH_PSYCHOSOCIAL,
    DataCategory.BELIEF_IDEOLOGY,
)

#: A rating value meaning "not enough information to rate": never a point on the scale.
INSUFFICIENT = "insufficient_information"


def translated(texts: dict[str, str] | None) -> str:
    """The text of a `{"en": ..., "fr": ..., "ar": ...}` mapping in the active language,
    falling back to English, then to any language given."""
    if not texts:
        return ""
    language = (get_language() or "en")[:2]
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


class MultilingualText(models.JSONField):
    """Instrument wording in several languages (`{"en": "...", "fr": "...", "ar": "..."}`).

    Instrument text is data a programme imports (possibly licensed), not part of the
    application's translation catalogue, so it carries its own languages.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)


# --- instruments (reference data) ------------------------------------------------------


class InstrumentTemplate(TimeStampedModel):
    """An assessment instrument across its versions (e.g. the open "Reintegration needs
    and strengths" template, or a licensed tool a programme loads privately)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = MultilingualText(_("name"))
    kind = models.CharField(_("kind"), max_length=16, choices=TemplateKind.choices)
    category = models.CharField(
        _("data category"),
        max_length=24,
        choices=[(c, DataCategory(c).label) for c in ASSESSMENT_CATEGORIES],
        default=DataCategory.RISK_ASSESSMENT,
        help_text=_("Assessments made with this instrument are shown only to people allowed this category."),
    )
    owner_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("private to agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A licensed instrument is visible only to its agency. Empty: open to every agency."),
    )
    is_shipped = models.BooleanField(_("shipped with Reintegra"), default=False, editable=False)

    class Meta:
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return translated(self.name) or self.code

    @property
    def is_risk(self) -> bool:
        return self.kind == TemplateKind.RISK


class TemplateVersion(TimeStampedModel):
    """One version of an instrument. Published versions are frozen: a change is a new
    version, so every assessment keeps the exact wording it was made with."""

    template = models.ForeignKey(InstrumentTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    description = MultilingualText(_("description"), blank=True)
    judgement_label = MultilingualText(_("name of the final judgement"))
    judgement_guidance = MultilingualText(_("guidance for the final judgement"), blank=True)
    judgement_scale = models.ForeignKey(
        "Scale", verbose_name=_("judgement scale"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    reassessment_months = models.PositiveSmallIntegerField(
        _("reassess after (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    licence_holder = models.CharField(_("licence holder"), max_length=200, blank=True)
    licence_reference = models.CharField(_("licence reference"), max_length=200, blank=True)
    licence_expires_on = models.DateField(_("licence expires on"), null=True, blank=True)
    licence_note = models.TextField(_("licence note"), blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering: ClassVar[list[str]] = ["template__code", "-number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["template", "number"], name="assessments_template_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return "{code} v{n}".format(code=self.template.code, n=self.number)

    @property
    def judgement_name(self) -> str:
        return translated(self.judgement_label)

    @property
    def judgement_guidance_text(self) -> str:
        return translated(self.judgement_guidance)

    @property
    def description_text(self) -> str:
        return translated(self.description)

    @property
    def licence_expired(self) -> bool:
        return self.licence_expires_on is not None and self.licence_expires_on < timezone.localdate()

    @property
    def usable(self) -> bool:
        """New assessments may use a published version whose licence has not expired."""
        return self.status == VersionStatus.PUBLISHED and not self.licence_expired


class Scale(models.Model):
    """An ordered set of labelled options, without numbers (e.g. absent / partly / present)."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="scales")
    code = models.SlugField(_("code"), max_length=60)
    label = MultilingualText(_("label"))

    class Meta:
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")
        ordering: ClassVar[list[str]] = ["version", "code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["version", "code"], name="assessments_scale_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class ScaleOption(models.Model):
    """One point of a scale. `position` orders the options; it is not a weight and is never
    added up (the change-over-time grid uses it only to say "higher" or "lower")."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("code"), max_length=60)
    label = MultilingualText(_("label"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("scale option")
        verbose_name_plural = _("scale options")
        ordering: ClassVar[list[str]] = ["scale", "position"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["scale", "code"], name="assessments_scale_option_code_unique"),
            models.UniqueConstraint(
                fields=["scale", "position"], name="assessments_scale_option_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return translated(self.label) or self.code


class RatingDimension(models.Model):
    """What an item is rated on (e.g. "presence" and "relevance"), with its scale."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(_("code"), max_length=60)
    label = MultilingualText(_("label"))
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="dimensions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("rating dimension")
        verbose_name_plural = _("rating dimensions")
        ordering: ClassVar[list[str]] = ["version", "position", "code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["version", "code"], name="assessments_rating_dimension_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return translated(self.label) or self.code


class Domain(models.Model):
    """A group of items of one kind (risk, protective, need, motivation, other)."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=DomainKind.choices)
    label = MultilingualText(_("label"))
    guidance = MultilingualText(_("guidance"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering: ClassVar[list[str]] = ["version", "position", "code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["version", "code"], name="assessments_domain_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return translated(self.label) or self.code

    @property
    def guidance_text(self) -> str:
        return translated(self.guidance)


class Item(models.Model):
    """One factor or life area to rate, with guidance in the instrument's own words."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=60)
    label = MultilingualText(_("short label"))
    guidance = MultilingualText(_("guidance"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    dimensions = models.ManyToManyField(RatingDimension, verbose_name=_("rated on"), related_name="items")
    insufficient_allowed = models.BooleanField(_("“insufficient information” allowed"), default=True)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering: ClassVar[list[str]] = ["domain__position", "position", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return translated(self.label) or self.code

    @property
    def guidance_text(self) -> str:
        return translated(self.guidance)


# --- assessments (personal data) ------------------------------------------------------


class Assessment(VersionedModel):
    """A structured professional judgement about one person on one case.

    The assessor rates items, writes a formulation and chooses a final judgement with a
    rationale; signing locks it; a second qualified user countersigns (and may record
    dissent). A countersigned assessment is never edited: a correction is a new revision
    (`supersedes`, `correction_reason`). The reassessment date creates a task on signing.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("assessment code"), max_length=16, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="assessments"
    )
    template_version = models.ForeignKey(
        TemplateVersion, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="assessments"
    )
    category = models.CharField(
        _("data category"),
        max_length=24,
        choices=[(c, DataCategory(c).label) for c in ASSESSMENT_CATEGORIES],
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1, editable=False)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("date of assessment"), default=timezone.localdate)
    context = models.CharField(_("context"), max_length=16, choices=AssessmentContext.choices)
    sources_summary = models.TextField(
        _("information used"),
        blank=True,
        help_text=_("Interviews held, records read, people consulted. Say what was not available."),
    )
    formulation = EncryptedTextField(
        _("formulation"),
        blank=True,
        help_text=_(
            "Your explanation of the person's situation: how the factors you rated fit together, "
            "what drives change, what supports it. In your own words."
        ),
    )
    judgement = models.CharField(_("final judgement"), max_length=60, blank=True)
    judgement_rationale = EncryptedTextField(
        _("rationale for the judgement"),
        blank=True,
        help_text=_("Why you chose this judgement. Required: a judgement without reasons is not recorded."),
    )
    reassessment_due = models.DateField(_("reassess by"), null=True, blank=True)
    reassessment_task = models.ForeignKey(
        "cases.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True, editable=False)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("countersigned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True, editable=False)
    countersign_comment = EncryptedTextField(
        _("countersigner's comment"),
        blank=True,
        help_text=_("Record here if you disagree with part of the assessment, and why."),
    )
    countersigner_dissents = models.BooleanField(_("countersigner records dissent"), default=False)
    returned_reason = models.TextField(_("returned for changes because"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering: ClassVar[list[str]] = ["-assessed_on", "-created_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~models.Q(countersigned_by=models.F("assessor")),
                name="assessments_assessment_countersigner_not_assessor",
                violation_error_message=_("The countersigner must be someone other than the assessor."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(judgement__gt="") & models.Q(reassessment_due__isnull=False)),
                name="assessments_assessment_signed_has_judgement",
                violation_error_message=_("A signed assessment needs a judgement and a reassessment date."),
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["case", "template_version", "-assessed_on"], name="assessment_case_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_locked(self) -> bool:
        return self.status != AssessmentStatus.DRAFT

    @property
    def is_final(self) -> bool:
        return self.status in (AssessmentStatus.COUNTERSIGNED, AssessmentStatus.SUPERSEDED)

    def clean(self) -> None:
        assessed_on: date | None = self.assessed_on  # None while a form is half filled in
        if (
            self.reassessment_due is not None
            and assessed_on is not None
            and self.reassessment_due <= assessed_on
        ):
            raise ValidationError(
                {"reassessment_due": _("The reassessment date must be after the date of assessment.")}
            )
        if assessed_on is not None and assessed_on > timezone.localdate():
            raise ValidationError({"assessed_on": _("The date of assessment cannot be in the future.")})


class ItemRating(TimeStampedModel):
    """The ratings of one item in one assessment, with the evidence for them.

    `values` maps a rating dimension's code to an option code of its scale, or to
    `INSUFFICIENT` ("not enough information to rate"), which is never a point on a scale.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    values = models.JSONField(_("ratings"), default=dict, blank=True)
    evidence = EncryptedTextField(
        _("evidence"),
        help_text=_("What was seen, heard or read that supports the rating, and from whom."),
    )
    sources = models.JSONField(_("sources"), default=list, blank=True)
    person_view = EncryptedTextField(
        _("the person's own view"),
        blank=True,
        help_text=_("How the person sees this area of their life, in their words where possible."),
    )

    class Meta:
        verbose_name = _("item rating")
        verbose_name_plural = _("item ratings")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["assessment", "item"], name="assessments_item_rating_unique"),
        ]

    def __str__(self) -> str:
        return "rating {id}".format(id=str(self.id)[:8])

    def clean(self) -> None:
        unknown = [s for s in self.sources if s not in EvidenceSource.values]
        if unknown:
            raise ValidationError({"sources": _("Unknown source of evidence.")})


# --- sustainability survey ----------------------------------------------------------


class SurveyQuestionSet(TimeStampedModel):
    """A versioned set of survey questions with their weights.

    Weights are data, not code: a programme replaces Reintegra's documented default set by
    importing a new version with its official weights (see docs/assessments.md).
    """

    code = models.SlugField(_("code"), max_length=60)
    number = models.PositiveIntegerField(_("version"))
    name = MultilingualText(_("name"))
    description = MultilingualText(_("description"), blank=True)
    source_note = models.TextField(
        _("where the questions and weights come from"),
        blank=True,
        help_text=_("Cite the official source, or say that these are Reintegra's own defaults."),
    )
    is_reintegra_default = models.BooleanField(
        _("Reintegra's own default weights"),
        default=False,
        help_text=_("Marked so nobody mistakes our defaults for an official scoring system."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    completeness_threshold = models.DecimalField(
        _("complete when at least this share of weight is answered"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    owner_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("private to agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey question set")
        verbose_name_plural = _("survey question sets")
        ordering: ClassVar[list[str]] = ["code", "-number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["code", "number"], name="assessments_survey_set_version_unique"),
        ]

    def __str__(self) -> str:
        return "{code} v{n}".format(code=self.code, n=self.number)

    @property
    def label(self) -> str:
        return translated(self.name) or self.code

    @property
    def description_text(self) -> str:
        return translated(self.description)


class SurveyQuestion(models.Model):
    """One question, its ordered answer options and its two weights.

    `options` is a list of `{"code", "label": {...}, "missing": bool}` from the worst to the
    best situation (or the reverse when `reverse` is set). Options marked `missing` ("don't
    know", "prefer not to say") are never scored: they leave the question unanswered.
    """

    question_set = models.ForeignKey(SurveyQuestionSet, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=60)
    dimension = models.CharField(_("dimension"), max_length=16, choices=SurveyDimension.choices)
    indicator = models.CharField(_("indicator"), max_length=60, blank=True)
    text = MultilingualText(_("question"))
    options = models.JSONField(_("answer options"), default=list)
    reverse = models.BooleanField(_("a higher option is a worse situation"), default=False)
    weight_dimension = models.DecimalField(
        _("weight in its dimension"), max_digits=6, decimal_places=4, validators=[MinValueValidator(0)]
    )
    weight_composite = models.DecimalField(
        _("weight in the composite"), max_digits=6, decimal_places=4, validators=[MinValueValidator(0)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering: ClassVar[list[str]] = ["question_set", "position", "code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["question_set", "code"], name="assessments_survey_question_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return translated(self.text) or self.code

    def scored_options(self) -> list[str]:
        """Codes of the options that count, in scale order."""
        return [o["code"] for o in self.options if not o.get("missing")]

    def option_rows(self) -> list[dict[str, Any]]:
        """The options with their label in the active language, for display."""
        return [
            {
                "code": o["code"],
                "label": translated(o.get("label")) or o["code"],
                "missing": bool(o.get("missing")),
            }
            for o in self.options
        ]

    def option_label(self, code: str) -> str:
        for option in self.options:
            if option["code"] == code:
                return translated(option.get("label")) or code
        return code


class SurveyResponse(VersionedModel):
    """One wave of the survey for one person. Scores are computed by the service from the
    answered questions only; `complete` says whether enough weight was answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("survey code"), max_length=16, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="surveys"
    )
    question_set = models.ForeignKey(
        SurveyQuestionSet, verbose_name=_("question set"), on_delete=models.PROTECT, related_name="responses"
    )
    wave = models.CharField(_("wave"), max_length=16, choices=SurveyWave.choices)
    conducted_on = models.DateField(_("date"), default=timezone.localdate)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("interviewer"), on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    economic_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    social_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    psychosocial_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    composite_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    economic_answered = models.DecimalField(max_digits=5, decimal_places=4, default=0)
    social_answered = models.DecimalField(max_digits=5, decimal_places=4, default=0)
    psychosocial_answered = models.DecimalField(max_digits=5, decimal_places=4, default=0)
    complete = models.BooleanField(_("complete"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sustainability survey")
        verbose_name_plural = _("sustainability surveys")
        ordering: ClassVar[list[str]] = ["-conducted_on", "-created_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(wave="intake"),
                name="assessments_survey_one_intake_per_case",
                violation_error_message=_("This case already has an intake survey."),
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["case", "conducted_on"], name="survey_case_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        conducted_on: date | None = self.conducted_on  # None while a form is half filled in
        if conducted_on is not None and conducted_on > timezone.localdate():
            raise ValidationError({"conducted_on": _("The survey date cannot be in the future.")})


SURVEY_FIELD_CATEGORIES: dict[str, str] = {
    "economic_score": DataCategory.OUTCOMES,
    "social_score": DataCategory.OUTCOMES,
    "psychosocial_score": DataCategory.HEALTH_PSYCHOSOCIAL,
    "composite_score": DataCategory.HEALTH_PSYCHOSOCIAL,
}
#: The category of a survey's answers and scores per dimension.
SURVEY_DIMENSION_CATEGORIES: dict[str, str] = {
    SurveyDimension.ECONOMIC: DataCategory.OUTCOMES,
    SurveyDimension.SOCIAL: DataCategory.OUTCOMES,
    SurveyDimension.PSYCHOSOCIAL: DataCategory.HEALTH_PSYCHOSOCIAL,
}
