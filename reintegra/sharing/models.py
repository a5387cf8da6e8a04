"""Information-sharing protocols, consent and other legal bases, break-glass grants.

A partner agency sees a category of a case only when all three line up (see
reintegra/access/policy.py): it is on the case team, an active protocol signed by every
party lets the lead agency share that category with it, and the person's consent (or a
recorded legal basis) covers it. These models hold the facts; `sharing.rules` reads them.
"""

import calendar
import hashlib
import json
import uuid
from datetime import date, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.choices import DataCategory
from reintegra.core.fields import EncryptedTextField
from reintegra.core.models import TimeStampedModel
from reintegra.services.choices import ProviderKind
from reintegra.sharing.choices import (
    BasisKind,
    BreakGlassReview,
    ConsentMethod,
    ProtocolState,
    ReviewOutcome,
    SharingPurpose,
)


def _months_later(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _valid_choices(values: Any, allowed: list[str], field: str) -> None:
    if not isinstance(values, list) or not values or any(v not in allowed for v in values):
        raise ValidationError({field: _("Choose at least one item from the list.")})


class SharingProtocol(TimeStampedModel):
    """An information-sharing protocol between agencies, across all its versions.

    What is agreed lives in `ProtocolVersion`: an amendment is a new version that every
    party signs again, while the previous version stays in force until it is.
    """

    code = models.CharField(_("reference"), max_length=24, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    coordinating_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("coordinating agency"),
        on_delete=models.PROTECT,
        related_name="coordinated_protocols",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("information-sharing protocol")
        verbose_name_plural = _("information-sharing protocols")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return self.code


class ProtocolVersion(TimeStampedModel):
    """One version of a protocol: the six PAVE steps, written down.

    1. why information is shared (`purpose_text`, `purposes`); 2. which categories
    (`categories`); 3. each partner's tasks, what it holds and what it needs
    (`ProtocolParty`); 4. when and how, and who coordinates (`arrangements`, `coordinator`);
    5. signed by every party (`ProtocolSignature`); 6. reviewed every few months
    (`ProtocolReview`). Its content is frozen once opened for signature.
    """

    protocol = models.ForeignKey(SharingProtocol, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    purpose_text = models.TextField(
        _("why information is shared"),
        help_text=_("Step 1: the reason the partners need to share information about participants."),
    )
    purposes = models.JSONField(_("purposes"), default=list)
    categories = models.JSONField(
        _("data categories"),
        default=list,
        help_text=_("Step 2: the categories that may be shared under this protocol at all."),
    )
    arrangements = models.TextField(
        _("when and how information is shared"),
        help_text=_("Step 4: occasions, channels (meetings, this system, phone), and safeguards."),
    )
    legal_basis_text = models.TextField(
        _("legal basis"), help_text=_("The laws, mandates or agreements that allow the sharing.")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who coordinates the sharing and receives the review reminders."),
    )
    starts_on = models.DateField(_("in force from"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(_("review every (months)"), default=3)
    review_grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=30,
        help_text=_("How long sharing continues after a missed review before it stops."),
    )
    amendment_note = models.TextField(_("what changed in this version"), blank=True)
    opened_for_signature_at = models.DateTimeField(_("opened for signature"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("protocol version")
        verbose_name_plural = _("protocol versions")
        ordering: ClassVar[list[str]] = ["protocol", "-number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["protocol", "number"], name="protocol_version_unique")
        ]

    def __str__(self) -> str:
        return "{code} v{n}".format(code=self.protocol.code, n=self.number)

    def clean(self) -> None:
        """Purposes and categories from the vocabularies; dates in order."""
        _valid_choices(self.purposes, SharingPurpose.values, "purposes")
        _valid_choices(self.categories, DataCategory.values, "categories")
        if self.expires_on and self.expires_on <= self.starts_on:
            raise ValidationError({"expires_on": _("The protocol must expire after it comes into force.")})
        if not 1 <= self.review_interval_months <= 24:
            raise ValidationError({"review_interval_months": _("Review at least every two years.")})

    @property
    def is_open_for_signature(self) -> bool:
        return self.opened_for_signature_at is not None

    def compute_content_hash(self) -> str:
        """SHA-256 of what the parties agree to; a signature is bound to it."""
        parties = [
            {
                "agency": p.agency_id,
                "tasks": p.tasks,
                "holds": p.holds,
                "needs": p.needs,
                "receives": sorted(p.receives),
            }
            for p in self.parties.order_by("agency_id")
        ]
        content = {
            "protocol": self.protocol.code, "number": self.number, "purpose": self.purpose_text,
            "purposes": sorted(self.purposes), "categories": sorted(self.categories),
            "arrangements": self.arrangements, "legal_basis": self.legal_basis_text,
            "coordinator": self.coordinator_id, "starts_on": self.starts_on.isoformat(),
            "expires_on": self.expires_on.isoformat() if self.expires_on else None,
            "review_interval_months": self.review_interval_months, "parties": parties,
        }  # fmt: skip
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()

    def signed_on(self) -> date | None:
        """The day the last party signed, when every party has."""
        parties = list(self.parties.all())
        signatures = [getattr(p, "signature", None) for p in parties]
        if not parties or any(s is None for s in signatures):
            return None
        return max(timezone.localdate(s.signed_at) for s in signatures if s is not None)

    def next_review_on(self, reviews: list["ProtocolReview"] | None = None) -> date | None:
        """The date the next review is due: a review interval after the last review (or signing)."""
        signed = self.signed_on()
        if signed is None:
            return None
        done = reviews if reviews is not None else list(self.reviews.all())
        last = max([r.reviewed_on for r in done], default=signed)
        return _months_later(last, self.review_interval_months)

    def state(self, today: date | None = None, superseded: bool = False) -> ProtocolState:
        """Where the version stands today. Sharing happens only when ACTIVE or REVIEW_OVERDUE."""
        today = today or timezone.localdate()
        if self.opened_for_signature_at is None:
            return ProtocolState.DRAFT
        signed = self.signed_on()
        if signed is None:
            return ProtocolState.SIGNING
        if superseded:
            return ProtocolState.SUPERSEDED
        if (self.ended_on and self.ended_on <= today) or (self.expires_on and self.expires_on < today):
            return ProtocolState.EXPIRED
        if today < self.starts_on:
            return ProtocolState.NOT_YET
        review = self.next_review_on()
        if review is not None and today > review + timedelta(days=self.review_grace_days):
            return ProtocolState.SUSPENDED
        if review is not None and today > review:
            return ProtocolState.REVIEW_OVERDUE
        return ProtocolState.ACTIVE


SHARING_STATES = (ProtocolState.ACTIVE, ProtocolState.REVIEW_OVERDUE)


class ProtocolParty(TimeStampedModel):
    """An agency in a protocol version: its tasks, what it holds and needs, what it may receive (step 3)."""

    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="parties")
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    tasks = models.TextField(_("tasks and responsibilities"))
    holds = models.TextField(_("information it holds and can share"), blank=True)
    needs = models.TextField(_("information it needs, and from whom"), blank=True)
    receives = models.JSONField(
        _("categories it may receive"),
        default=list,
        blank=True,
        help_text=_("Need to know: only what this partner needs for its tasks."),
    )

    class Meta:
        verbose_name = _("protocol party")
        verbose_name_plural = _("protocol parties")
        ordering: ClassVar[list[str]] = ["agency__name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["version", "agency"],
                name="protocol_party_unique",
                violation_error_message=_("This agency is already a party to this version."),
            )
        ]

    def __str__(self) -> str:
        return "{agency} in {version}".format(agency=self.agency_id, version=self.version_id)

    def clean(self) -> None:
        """A party receives only categories the protocol covers (an empty list: it only gives)."""
        allowed = set(self.version.categories) if self.version_id else set(DataCategory.values)
        if not isinstance(self.receives, list) or any(c not in allowed for c in self.receives):
            raise ValidationError({"receives": _("Choose categories this protocol covers.")})


class ProtocolSignature(models.Model):
    """A party's authorised signatory signed exactly this content (step 5)."""

    party = models.OneToOneField(ProtocolParty, on_delete=models.PROTECT, related_name="signature")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signatory_title = models.CharField(_("signing as"), max_length=120)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    content_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return "signature of party {p}".format(p=self.party_id)


class ProtocolReview(models.Model):
    """A periodic review of how the protocol works (step 6)."""

    version = models.ForeignKey(ProtocolVersion, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReviewOutcome.choices)
    notes = models.TextField(
        _("what was found"), help_text=_("How the sharing worked, problems, changes needed.")
    )

    class Meta:
        verbose_name = _("protocol review")
        verbose_name_plural = _("protocol reviews")
        ordering: ClassVar[list[str]] = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return "review of {v} on {d}".format(v=self.version_id, d=self.reviewed_on)


class SharingBasisQuerySet(models.QuerySet["SharingBasis"]):
    """Queries about consents and legal bases."""

    def in_force(self, today: date | None = None) -> "QuerySet[SharingBasis]":
        """Not withdrawn and within its dates. Read on every request: a withdrawal applies at once."""
        today = today or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, valid_from__lte=today).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )


class SharingBasis(TimeStampedModel):
    """Why a person's information may go to certain recipients: their consent (or a
    guardian's, for a child), or a legal basis such as a court order.

    Recipients are agencies, every party of a protocol, or community actors without
    accounts (an imam, a women's group) named one by one: they sign no protocol, so only
    the person's own word lets anything of theirs reach them, on a paper referral sheet.
    What it covers (categories, purposes) is in `SharingBasisTerm` rows so the access
    policy can query it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="sharing_bases")
    kind = models.CharField(_("basis"), max_length=24, choices=BasisKind.choices)
    recipient_agencies = models.ManyToManyField(
        "accounts.Agency", verbose_name=_("recipient agencies"), blank=True, related_name="+"
    )
    recipient_community_actors = models.ManyToManyField(
        "services.Provider",
        verbose_name=_("community actors"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": ProviderKind.INFORMAL},
        help_text=_(
            "Community actors without accounts (an imam, a women's group) who may receive what "
            "this covers on a referral sheet."
        ),
    )
    recipient_protocol = models.ForeignKey(
        SharingProtocol,
        verbose_name=_("every party of protocol"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    method = models.CharField(
        _("how consent was given"), max_length=24, choices=ConsentMethod.choices, blank=True
    )
    witness = models.CharField(_("witness"), max_length=150, blank=True)
    form = models.FileField(_("scanned form"), upload_to="consent-forms/%Y/", blank=True)
    guardian = models.ForeignKey(
        "people.Person",
        verbose_name=_("guardian who consented"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    child_views = EncryptedTextField(
        _("the child's own views"),
        blank=True,
        help_text=_("What the child said about sharing, in their own words where possible."),
    )
    reference = models.CharField(
        _("reference"), max_length=120, blank=True, help_text=_("E.g. the court order number or the law.")
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    recording_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = EncryptedTextField(_("reason for withdrawal"), blank=True)

    objects = SharingBasisQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent or legal basis")
        verbose_name_plural = _("consents and legal bases")
        ordering: ClassVar[list[str]] = ["-valid_from", "code"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["person", "withdrawn_at"], name="basis_person_idx")
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        """Consent needs a method (and a witness when oral); a legal basis needs a reference."""
        errors: dict[str, Any] = {}
        if self.kind in (BasisKind.CONSENT, BasisKind.GUARDIAN_CONSENT):
            if not self.method:
                errors["method"] = _("Say how consent was given.")
            elif self.method == ConsentMethod.ORAL_WITNESSED and not self.witness.strip():
                errors["witness"] = _("Oral consent needs the name of the witness.")
        if self.kind == BasisKind.GUARDIAN_CONSENT and not self.guardian_id:
            errors["guardian"] = _("Choose the guardian who consented.")
        if self.kind in (BasisKind.COURT_ORDER, BasisKind.STATUTORY_DUTY) and not self.reference.strip():
            errors["reference"] = _("Give the reference of the court order or the law.")
        if self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_consent(self) -> bool:
        return self.kind in (BasisKind.CONSENT, BasisKind.GUARDIAN_CONSENT)

    def in_force_on(self, day: date) -> bool:
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_to is None or self.valid_to >= day)
        )


class TermKind(models.TextChoices):
    """What a SharingBasisTerm row names."""

    CATEGORY = "category", _("Data category")
    PURPOSE = "purpose", _("Purpose")


class SharingBasisTerm(models.Model):
    """One category or purpose a consent or legal basis covers (queryable by the policy)."""

    basis = models.ForeignKey(SharingBasis, on_delete=models.CASCADE, related_name="terms")
    kind = models.CharField(max_length=16, choices=TermKind.choices)
    value = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("consent term")
        verbose_name_plural = _("consent terms")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["basis", "kind", "value"], name="basis_term_unique")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["kind", "value"], name="basis_term_idx")
        ]

    def __str__(self) -> str:
        return "{k}={v}".format(k=self.kind, v=self.value)


class BreakGlassGrantQuerySet(models.QuerySet["BreakGlassGrant"]):
    """Queries about break-glass grants."""

    def open_now(self) -> "QuerySet[BreakGlassGrant]":
        """Grants still running: not ended and not yet expired."""
        return self.filter(ended_at__isnull=True, expires_at__gt=timezone.now())


class BreakGlassGrant(models.Model):
    """Emergency access to one case outside the normal rules: a written reason, a time
    limit, an alert to the data-protection officer and a review afterwards."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="break_glass_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_outcome = models.CharField(
        _("review"), max_length=16, choices=BreakGlassReview.choices, blank=True
    )
    review_notes = EncryptedTextField(_("review notes"), blank=True)

    objects = BreakGlassGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass accesses")
        ordering: ClassVar[list[str]] = ["-started_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "expires_at"], name="break_glass_user_idx")
        ]

    def __str__(self) -> str:
        return "break-glass {id}".format(id=str(self.id)[:8])

    @property
    def is_open(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()
