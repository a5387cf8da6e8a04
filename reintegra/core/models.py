"""Shared models: the audit trail, its checkpoints, and configurable labels."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reintegra.core.choices import AuditChannel, LabelKind


class TimeStampedModel(models.Model):
    """Creation and modification times for every domain record."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited through forms that must detect concurrent edits.

    `version` rises by one on every change; a form carries the version it was opened
    with and the service refuses the save when they differ (see core.services).
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Append-only record of every read and change of personal data.

    Written by services inside the transaction that makes the change (never by signals).
    Names of actors and agencies are copied so the trail outlives deleted users; targets
    are identified by pseudonymous codes, never by a person's name. Each row carries the
    MAC of the previous row (a hash chain keyed with a secret kept outside the database),
    so `manage.py audit_verify` can detect edited, deleted, inserted or reordered rows.
    The database refuses UPDATE and DELETE on this table (migration 0002).
    """

    seq = models.BigIntegerField(_("sequence"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True, editable=False)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("user name"), max_length=150)
    actor_agency_id = models.BigIntegerField(_("agency id"), null=True, blank=True)
    actor_agency_name = models.CharField(_("agency"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    channel = models.CharField(_("channel"), max_length=16, choices=AuditChannel.choices)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    person_id = models.UUIDField(_("person"), null=True, blank=True, db_index=True)
    case_id = models.UUIDField(_("case"), null=True, blank=True, db_index=True)
    categories = models.JSONField(_("data categories"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    protocol_ref = models.CharField(_("under protocol"), max_length=120, blank=True)
    basis_ref = models.CharField(_("consent or legal basis"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    subjects = models.JSONField(
        _("people and cases shown"),
        default=list,
        blank=True,
        help_text=_("For lists and searches: [person id, case id] of every row disclosed."),
    )
    flagged = models.BooleanField(_("flagged for review"), default=False)
    prev_mac = models.CharField(max_length=64, editable=False)
    mac = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering: ClassVar[list[str]] = ["seq"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return "#{seq} {action} {target} by {actor}".format(
            seq=self.seq, action=self.action, target=self.target_repr, actor=self.actor_name
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only: an existing audit row is never rewritten."""
        if not self._state.adding:
            raise RuntimeError("AuditEvent is append-only")
        super().save(*args, **kwargs)


class AuditSubject(models.Model):
    """Index of `AuditEvent.subjects`, so a person's disclosure log finds every list and
    search they appeared in. Derived from the chained JSON; `audit_verify` cross-checks it."""

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="subject_rows")
    person_id = models.UUIDField(null=True, blank=True)
    case_id = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit subject")
        verbose_name_plural = _("audit subjects")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["person_id"], name="audit_subject_person_idx"),
            models.Index(fields=["case_id"], name="audit_subject_case_idx"),
        ]

    def __str__(self) -> str:
        return "subject of #{event}".format(event=self.event_id)


class AuditCheckpoint(models.Model):
    """A signed statement that the chain had `seq` rows ending in `mac` at `created_at`.

    Checkpoints are also appended to a file outside the database; the newest one lets
    `audit_verify` notice rows cut from the tail, which a chain alone cannot show.
    """

    seq = models.BigIntegerField(_("sequence"))
    mac = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"))
    signature = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering: ClassVar[list[str]] = ["seq"]

    def __str__(self) -> str:
        return "checkpoint at #{seq}".format(seq=self.seq)


class Label(models.Model):
    """A programme-configurable label (e.g. a beneficiary type) in three languages.

    Programmes choose their own wording (a programme may never want "terrorism" on screen);
    `code` is stable for reports and the API, the labels are what people read.
    """

    kind = models.CharField(_("label set"), max_length=32, choices=LabelKind.choices)
    code = models.SlugField(_("code"), max_length=64)
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_fr = models.CharField(_("label (French)"), max_length=120, blank=True)
    label_ar = models.CharField(_("label (Arabic)"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering: ClassVar[list[str]] = ["kind", "order", "code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["kind", "code"], name="label_kind_code_unique")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The label in the active language, falling back to English."""
        language = (get_language() or "en")[:2]
        return str(getattr(self, "label_{lang}".format(lang=language), "") or self.label_en)
