"""Cases: one person's enrolment in a programme, its team, notes, tasks and stage history."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reintegra.cases.choices import CaseOutcome, CaseRole, CaseStage, TaskStatus
from reintegra.core.choices import DataCategory
from reintegra.core.fields import EncryptedTextField
from reintegra.core.models import TimeStampedModel, VersionedModel

#: Beneficiary types worded as offending; never shown for a child.
OFFENDER_TYPES = frozenset({"convicted_offender", "pre_trial_detainee"})


class Case(VersionedModel):
    """One person's enrolment in one programme, led by one agency.

    A person may have several cases over time but only one open case per programme.
    `stage` changes only through the services in cases.services (guarded transitions).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("case code"), max_length=16, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    lead_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="led_cases",
    )
    beneficiary_type = models.ForeignKey(
        "core.Label",
        verbose_name=_("beneficiary type"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "beneficiary_type"},
    )
    stage = models.CharField(_("stage"), max_length=16, choices=CaseStage.choices, default=CaseStage.REFERRAL)
    stage_changed_at = models.DateTimeField(_("stage changed at"), default=timezone.now)
    referral_source = models.CharField(
        _("referred by"),
        max_length=200,
        blank=True,
        help_text=_("Who referred or identified the person, e.g. prison service, family, self."),
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    outcome = models.CharField(_("outcome"), max_length=16, choices=CaseOutcome.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering: ClassVar[list[str]] = ["-opened_on", "code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["person", "programme"],
                condition=~models.Q(stage="closed"),
                name="case_one_open_per_programme",
                violation_error_message=_("This person already has an open case in this programme."),
            ),
            models.CheckConstraint(
                condition=models.Q(stage="closed", outcome__gt="") | ~models.Q(stage="closed"),
                name="case_closed_has_outcome",
                violation_error_message=_("A closed case needs an outcome."),
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["lead_agency", "stage"], name="case_agency_stage_idx"),
            models.Index(fields=["lead_agency", "-opened_on"], name="case_agency_opened_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_closed(self) -> bool:
        return self.stage == CaseStage.CLOSED

    @property
    def beneficiary_label(self) -> str:
        """The beneficiary type as pages show it: a child is never labelled with offender
        wording (docs/justice.md); the recorded type is unchanged."""
        kind = self.beneficiary_type
        if kind.code in OFFENDER_TYPES and self.person.is_minor:
            return str(pgettext_lazy("a person under 18", "Child"))
        return str(kind.text)


CASE_FIELD_CATEGORIES: dict[str, DataCategory] = {
    # "Convicted offender" or "pre-trial detainee" says something about legal status.
    "beneficiary_type": DataCategory.LEGAL_STATUS,
    "outcome": DataCategory.OUTCOMES,
    "closed_on": DataCategory.OUTCOMES,
    "referral_source": DataCategory.CASE_NOTES,
}


class CaseStageChange(models.Model):
    """History of stage changes; the lifecycle's own record beside the audit trail."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=16, choices=CaseStage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=16, choices=CaseStage.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering: ClassVar[list[str]] = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return "{a} → {b}".format(a=self.from_stage, b=self.to_stage)


class CaseTeamMember(TimeStampedModel):
    """A user with a role on a case, acting for one agency. Ended memberships grant nothing."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="case_roles",
    )
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role on case"), max_length=24, choices=CaseRole.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case team member")
        verbose_name_plural = _("case team members")
        ordering: ClassVar[list[str]] = ["role", "created_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="case_team_one_active_role",
                violation_error_message=_("This person is already on the case team."),
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "agency", "case"], name="case_team_user_idx"),
        ]

    def __str__(self) -> str:
        return "{user} ({role})".format(user=self.user_id, role=self.role)


class CaseNote(TimeStampedModel):
    """A dated note on a case. Its data category decides who may read it.

    Notes are records: they are not edited or deleted; a correction is a new note.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    category = models.CharField(
        _("data category"),
        max_length=24,
        choices=DataCategory.choices,
        default=DataCategory.CASE_NOTES,
        help_text=_("Only people allowed to see this category will see the note."),
    )
    # Encrypted at rest, bound to this row (reintegra/core/fields.py): notes carry the most
    # sensitive categories (belief and ideology, health and psychosocial, risk).
    body = EncryptedTextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering: ClassVar[list[str]] = ["-created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["case", "category", "-created_at"], name="case_note_idx"),
        ]

    def __str__(self) -> str:
        return "note {id}".format(id=str(self.id)[:8])


class Task(TimeStampedModel):
    """Something someone must do by a date, usually about a case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="tasks",
        null=True,
        blank=True,
    )
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    status = models.CharField(_("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering: ClassVar[list[str]] = ["due_on", "created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["assignee", "status", "due_on"], name="task_assignee_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status == TaskStatus.OPEN and self.due_on < timezone.localdate()
