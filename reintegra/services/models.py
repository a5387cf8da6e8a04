"""The service directory (providers, service types, services) and referrals.

The directory is reference data shared by the whole programme: it says who offers what,
where, to whom, how well and at what risk, so a coordinator can find the right help for a
returnee in a given town. Referrals are case data: they belong to a case and follow its
access policy; the provider sees of the case only what the sharing policy lets travel
(`policy.referral_travel_categories`). A referral never copies the person's data: pages
and the referral sheet read it from the case when they are shown.
"""

import uuid
from datetime import date, datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reintegra.core.choices import DataCategory
from reintegra.core.fields import EncryptedTextField
from reintegra.core.models import TimeStampedModel, VersionedModel
from reintegra.services import sla
from reintegra.services.choices import (
    ACTIVE_STATUSES,
    Attendance,
    Cost,
    DeclineReason,
    EligibleSex,
    EndReason,
    FeedbackKind,
    ProviderKind,
    ProviderType,
    QualityRating,
    ReferralPriority,
    ReferralStatus,
    RiskLevel,
    ServiceOutcome,
    Willingness,
)

#: A service not verified for this long is marked stale in the directory.
STALE_AFTER = timedelta(days=183)  # six months


class ServiceType(models.Model):
    """An entry of the service taxonomy (job placement, mental health, religious guidance…).

    Data, not code: a programme adds its own types in the admin, in three languages, and
    says which areas of need each meets (the service-gap report matches on them).
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    label_en = models.CharField(_("name (English)"), max_length=120)
    label_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    label_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    need_areas = models.JSONField(
        _("areas of need met"),
        default=list,
        blank=True,
        help_text=_("Codes of the areas of need this type of service meets, e.g. economic, health."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering: ClassVar[list[str]] = ["order", "code"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The name in the active language, falling back to English."""
        language = (get_language() or "en")[:2]
        return str(getattr(self, "label_{lang}".format(lang=language), "") or self.label_en)

    def clean(self) -> None:
        from reintegra.services.choices import NeedArea

        if not isinstance(self.need_areas, list) or any(a not in NeedArea.values for a in self.need_areas):
            raise ValidationError({"need_areas": _("Choose areas of need from the list.")})


class Provider(VersionedModel):
    """Who offers services: an agency with Reintegra accounts, or a community actor without
    accounts (an imam, a women's group, a football school) who receives referrals on paper.

    The focal point is the provider's contact person for referrals; their details are
    professional contact data, shown to every signed-in user of the programme.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ProviderKind.choices)
    agency = models.OneToOneField(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provider",
        help_text=_("For agencies whose staff use Reintegra: referrals reach their staff here."),
    )
    name = models.CharField(_("name"), max_length=200)
    provider_type = models.CharField(_("type"), max_length=24, choices=ProviderType.choices)
    description = models.TextField(_("description"), blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("based in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    focal_point_name = models.CharField(_("focal point"), max_length=150, blank=True)
    focal_point_role = models.CharField(_("focal point's role"), max_length=150, blank=True)
    focal_point_phone = models.CharField(_("focal point's phone"), max_length=40, blank=True)
    focal_point_email = models.EmailField(_("focal point's e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(kind="agency", agency__isnull=False)
                | models.Q(kind="informal", agency__isnull=True),
                name="provider_kind_matches_agency",
                violation_error_message=_("An agency provider names its agency; a community actor has none."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_accounts(self) -> bool:
        return self.kind == ProviderKind.AGENCY

    def clean(self) -> None:
        from reintegra.accounts.choices import Language

        errors: dict[str, object] = {}
        if self.kind == ProviderKind.AGENCY and not self.agency_id:
            errors["agency"] = _("Choose the agency whose staff receive the referrals.")
        if self.kind == ProviderKind.INFORMAL and self.agency_id:
            errors["agency"] = _("A community actor without accounts is not linked to an agency.")
        if not isinstance(self.languages, list) or any(c not in Language.values for c in self.languages):
            errors["languages"] = _("Choose languages from the list.")
        if errors:
            raise ValidationError(errors)


class Service(VersionedModel):
    """One service a provider offers: to whom, where, in which languages, how well, at what
    risk of access, and when someone last checked that all this is still true."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="services"
    )
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("type of service"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Eligibility
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    sexes = models.CharField(_("open to"), max_length=8, choices=EligibleSex.choices, default=EligibleSex.ANY)
    beneficiary_types = models.ManyToManyField(
        "core.Label",
        verbose_name=_("beneficiary types accepted"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "beneficiary_type"},
        help_text=_("Leave empty when the service accepts every beneficiary type."),
    )
    eligibility_notes = models.TextField(_("other access criteria"), blank=True)
    # Where and how
    areas_served = models.ManyToManyField(
        "places.Place",
        verbose_name=_("areas served"),
        related_name="+",
        help_text=_("A service serving a region or district serves every town within it."),
    )
    site = models.TextField(_("where the service is given"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    gender_sensitive = models.BooleanField(
        _("gender-sensitive"),
        default=False,
        help_text=_("Female staff available, separate spaces or times, childcare during sessions."),
    )
    child_friendly = models.BooleanField(
        _("child-friendly"), default=False, help_text=_("Staff trained to work with children; safe spaces.")
    )
    wheelchair_accessible = models.BooleanField(_("step-free access"), default=False)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    cost = models.CharField(_("cost"), max_length=16, choices=Cost.choices, default=Cost.UNKNOWN)
    cost_notes = models.CharField(_("cost details"), max_length=200, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    # Capacity
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("How many people the service can take a month.")
    )
    waiting_days = models.PositiveIntegerField(
        _("current waiting time (days)"),
        null=True,
        blank=True,
        help_text=_("How long someone referred today waits before the first session."),
    )
    accepting_referrals = models.BooleanField(_("accepting referrals"), default=True)
    # Quality
    quality_rating = models.PositiveSmallIntegerField(
        _("quality"), choices=QualityRating.choices, null=True, blank=True
    )
    quality_evidence = models.TextField(
        _("evidence for the quality rating"),
        blank=True,
        help_text=_(
            "What the rating rests on: a monitoring visit, participants' feedback, an accreditation."
        ),
    )
    quality_assessed_on = models.DateField(_("quality assessed on"), null=True, blank=True)
    # Risks of access
    risk_stigma = models.CharField(
        _("risk of stigma"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.NOT_ASSESSED
    )
    risk_security = models.CharField(
        _("security risk"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.NOT_ASSESSED
    )
    risk_data_exposure = models.CharField(
        _("risk of data exposure"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.NOT_ASSESSED
    )
    risk_notes = models.TextField(
        _("risks of access"),
        blank=True,
        help_text=_(
            "E.g. the centre is next to the police station; staff are known to share gossip; "
            "registration asks for documents returnees rarely have."
        ),
    )
    willingness = models.CharField(
        _("willing to serve this population"),
        max_length=16,
        choices=Willingness.choices,
        default=Willingness.CASE_BY_CASE,
    )
    willingness_notes = models.TextField(_("willingness: details"), blank=True)
    # Contact
    focal_point_name = models.CharField(
        _("focal point"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty to use the provider's focal point."),
    )
    focal_point_phone = models.CharField(_("focal point's phone"), max_length=40, blank=True)
    focal_point_email = models.EmailField(_("focal point's e-mail"), blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering: ClassVar[list[str]] = ["name"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["service_type", "is_active"], name="service_type_active_idx"),
            models.Index(fields=["provider", "is_active"], name="service_provider_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from reintegra.accounts.choices import Language

        errors: dict[str, object] = {}
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = _("The maximum age must not be below the minimum age.")
        if self.max_age is not None and self.max_age > 120:
            errors["max_age"] = _("Enter an age of 120 or less.")
        if not isinstance(self.languages, list) or any(c not in Language.values for c in self.languages):
            errors["languages"] = _("Choose languages from the list.")
        if self.quality_rating and not self.quality_evidence.strip():
            errors["quality_evidence"] = _("Say what the quality rating rests on.")
        if self.quality_assessed_on and self.quality_assessed_on > timezone.localdate():
            errors["quality_assessed_on"] = _("This date cannot be in the future.")
        if self.last_verified_on and self.last_verified_on > timezone.localdate():
            errors["last_verified_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    def is_stale_on(self, day: date) -> bool:
        """Not verified for six months (or never): the directory marks it."""
        return self.last_verified_on is None or self.last_verified_on < day - STALE_AFTER

    @property
    def is_stale(self) -> bool:
        return self.is_stale_on(timezone.localdate())

    @property
    def contact_name(self) -> str:
        return self.focal_point_name or self.provider.focal_point_name

    @property
    def contact_phone(self) -> str:
        return self.focal_point_phone if self.focal_point_name else self.provider.focal_point_phone

    @property
    def contact_email(self) -> str:
        return self.focal_point_email if self.focal_point_name else self.provider.focal_point_email

    @property
    def age_range(self) -> str:
        if self.min_age is None and self.max_age is None:
            return str(_("all ages"))
        if self.max_age is None:
            return str(_("{n} and over")).format(n=self.min_age)
        if self.min_age is None:
            return str(_("up to {n}")).format(n=self.max_age)
        return "{a}–{b}".format(a=self.min_age, b=self.max_age)

    @property
    def serious_risks(self) -> list[tuple[str, str]]:
        """(risk, level) pairs of medium and high risks, for the directory's badges."""
        return [
            (name, level)
            for name, level in self.risks_recorded
            if level in (RiskLevel.MEDIUM, RiskLevel.HIGH)
        ]

    @property
    def risks_recorded(self) -> list[tuple[str, str]]:
        """(risk, level) pairs for risks assessed as more than none, for badges."""
        pairs = [
            (str(_("stigma")), self.risk_stigma),
            (str(_("security")), self.risk_security),
            (str(_("data exposure")), self.risk_data_exposure),
        ]
        return [
            (name, level)
            for name, level in pairs
            if level in (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH)
        ]


class Referral(VersionedModel):
    """A case referred to one provider for one or more of its services.

    Who sees it: the referring side through the case's access policy; the provider's
    service-provider staff and supervisors once it is sent (see `referral_scope`). What the
    provider sees of the case is `requested_categories` ∩ what the sharing policy lets the
    lead agency share with them now, re-checked every time it is shown.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals"
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="referrals"
    )
    services = models.ManyToManyField(Service, verbose_name=_("services requested"), related_name="referrals")
    referring_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("referring agency"), on_delete=models.PROTECT, related_name="+"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referred by"), on_delete=models.PROTECT, related_name="+"
    )
    priority = models.CharField(
        _("priority"), max_length=16, choices=ReferralPriority.choices, default=ReferralPriority.NORMAL
    )
    # The referral's free text is about the person: encrypted at rest like case notes.
    reason = EncryptedTextField(
        _("reason for the referral"),
        help_text=_("What the person needs from this provider and why. Shared only as case notes may be."),
    )
    safety_notes = EncryptedTextField(
        _("safety information for the provider"),
        blank=True,
        help_text=_(
            "What the provider's staff should know to work safely. Shared only as risk assessments may be."
        ),
    )
    requested_categories = models.JSONField(
        _("data the referral asks to share"),
        default=list,
        blank=True,
        help_text=_(
            "Data categories of the case the provider needs; what travels also depends on the sharing policy."
        ),
    )
    target_end_on = models.DateField(
        _("target end date"),
        null=True,
        blank=True,
        help_text=_(
            "When the service should be complete. Left empty, it is set from the priority when sent."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    due_by = models.DateTimeField(_("answer due by"), null=True, blank=True)
    sent_categories = models.JSONField(
        _("data shared when sent"),
        default=list,
        blank=True,
        help_text=_("The categories the referrer was shown as travelling when they sent it."),
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason declined"), max_length=24, choices=DeclineReason.choices, blank=True
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    end_reason = models.CharField(_("reason ended"), max_length=24, choices=EndReason.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ServiceOutcome.choices, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_referrals",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    response_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    completion_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering: ClassVar[list[str]] = ["-created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["provider", "status"], name="referral_provider_status_idx"),
            models.Index(fields=["case", "status"], name="referral_case_status_idx"),
            models.Index(fields=["referring_agency", "status"], name="referral_agency_status_idx"),
            models.Index(fields=["status", "due_by"], name="referral_status_due_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(sent_at__isnull=False, due_by__isnull=False),
                name="referral_sent_has_due_by",
                violation_error_message=_("A sent referral has a sending time and a due time."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="referral_declined_has_reason",
                violation_error_message=_("A declined referral needs a reason."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ended") | ~models.Q(end_reason=""),
                name="referral_ended_has_reason",
                violation_error_message=_("A referral ended without completion needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    # SLA, computed (see sla.py for the rules)
    def response_overdue_at(self, now: datetime) -> bool:
        return sla.response_overdue(self.status, self.due_by, now)

    def completion_overdue_on(self, today: date) -> bool:
        return sla.completion_overdue(self.status, self.target_end_on, today)

    @property
    def response_overdue(self) -> bool:
        return self.response_overdue_at(timezone.now())

    @property
    def completion_overdue(self) -> bool:
        return self.completion_overdue_on(timezone.localdate())

    @property
    def is_overdue(self) -> bool:
        return self.response_overdue or self.completion_overdue

    @property
    def response_time(self) -> timedelta | None:
        return sla.elapsed(self.sent_at, self.responded_at)

    @property
    def completion_time(self) -> timedelta | None:
        return sla.elapsed(self.sent_at, self.closed_at) if self.status == ReferralStatus.COMPLETED else None

    @property
    def answered_in_time(self) -> bool | None:
        return sla.answered_in_time(self.due_by, self.responded_at)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


REFERRAL_FIELD_CATEGORIES: dict[str, DataCategory] = {
    # The referral's own free text is about the person: it travels as its category does.
    "reason": DataCategory.CASE_NOTES,
    "safety_notes": DataCategory.RISK_ASSESSMENT,
}
#: Status-change notes, feedback and attendance records are contact-log material.
REFERRAL_NOTE_CATEGORY = DataCategory.CASE_NOTES


class ReferralStatusChange(models.Model):
    """The referral's own lifecycle record (beside the audit trail): who moved it, when, why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=16, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=ReferralStatus.choices)
    reason = models.CharField(_("reason"), max_length=24, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    by_provider = models.BooleanField(_("by the provider"), default=False)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("referral status change")
        verbose_name_plural = _("referral status changes")
        ordering: ClassVar[list[str]] = ["changed_at"]

    def __str__(self) -> str:
        return "{a} → {b}".format(a=self.from_status, b=self.to_status)


class ReferralFeedback(TimeStampedModel):
    """Counter-referral feedback: the provider tells the referring agency how it is going."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(
        _("kind"), max_length=16, choices=FeedbackKind.choices, default=FeedbackKind.PROGRESS
    )
    body = EncryptedTextField(_("feedback"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=ServiceOutcome.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of_provider = models.BooleanField(
        _("recorded on behalf of the provider"),
        default=False,
        help_text=_("Written down by the referring agency for a provider without accounts."),
    )

    class Meta:
        verbose_name = _("referral feedback")
        verbose_name_plural = _("referral feedback")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return "feedback {id}".format(id=str(self.id)[:8])


class ReferralAttendance(TimeStampedModel):
    """A session the provider held (or planned) with the person, and whether they came.

    `contact_entry_id` points at the case's contact-log entry made from this record, once the
    contact log exists (see docs/services.md).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attendance")
    session_on = models.DateField(_("session date"))
    attendance = models.CharField(_("attendance"), max_length=24, choices=Attendance.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_entry_id = models.UUIDField(_("contact-log entry"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        ordering: ClassVar[list[str]] = ["-session_on", "-created_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["referral", "session_on"],
                name="referral_attendance_one_per_day",
                violation_error_message=_("Attendance for this day is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return "attendance {id}".format(id=str(self.id)[:8])

    def clean(self) -> None:
        session_on: date | None = self.session_on
        if session_on is not None and session_on > timezone.localdate():
            raise ValidationError({"session_on": _("Record attendance on or after the day of the session.")})
        if self.duration_minutes is not None and self.duration_minutes > 24 * 60:
            raise ValidationError({"duration_minutes": _("Enter a duration of one day or less.")})
