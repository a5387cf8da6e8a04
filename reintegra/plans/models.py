"""Individual reintegration plans, their goals and actions, the participant's acceptance,
reviews, the contact log (sessions) and mentor assignments.

Data categories: who sees a record is decided per category, like case notes.

- A plan, its versions (the snapshots the participant accepted), its reviews: case notes.
- A goal and its actions: the category of the goal's dimension (`GOAL_DIMENSION_CATEGORIES`),
  so a mentor sees economic, social, education and family goals but not psychosocial,
  health, spiritual or legal ones.
- Free text (the plan's aim, goals and actions, the participant's words, the accepted
  snapshot, review notes, session notes and concern resolutions) is encrypted at rest:
  goals name beliefs, health and family matters in the participant's own words.
- A session: the category of its type (`SESSION_TYPE_CATEGORIES`: psychotherapy is health
  and psychosocial, dialogue is belief and ideology, a family meeting is family);
  each session note has the category its author chose.
- A mentor assignment: case notes for the participant, family and children for a family
  member or significant other.
"""

import json
import uuid
from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.choices import DataCategory
from reintegra.core.fields import EncryptedCharField, EncryptedTextField
from reintegra.core.models import TimeStampedModel, VersionedModel
from reintegra.plans.choices import (
    OPEN_ACTION_STATUSES,
    AcceptanceMethod,
    ActionStatus,
    Attendance,
    GoalDimension,
    GoalStatus,
    MenteeKind,
    NonAttendanceReason,
    PlanStatus,
    ResponsibleKind,
    ReviewStatus,
    SessionType,
)

C = DataCategory

#: The category of a goal (and its actions) follows its life area.
GOAL_DIMENSION_CATEGORIES: dict[str, str] = {
    GoalDimension.ECONOMIC: C.CASE_NOTES,
    GoalDimension.SOCIAL: C.CASE_NOTES,
    GoalDimension.EDUCATION: C.CASE_NOTES,
    GoalDimension.FAMILY: C.FAMILY_CHILDREN,
    GoalDimension.PSYCHOSOCIAL: C.HEALTH_PSYCHOSOCIAL,
    GoalDimension.HEALTH: C.HEALTH_PSYCHOSOCIAL,
    GoalDimension.SPIRITUAL: C.BELIEF_IDEOLOGY,
    GoalDimension.LEGAL: C.LEGAL_STATUS,
}

#: The category of a session (its type, date, attendance) follows its type: that someone
#: has psychotherapy is itself health data.
SESSION_TYPE_CATEGORIES: dict[str, str] = {
    SessionType.MENTORING: C.CASE_NOTES,
    SessionType.COUNSELLING: C.HEALTH_PSYCHOSOCIAL,
    SessionType.PSYCHOTHERAPY: C.HEALTH_PSYCHOSOCIAL,
    SessionType.DIALOGUE: C.BELIEF_IDEOLOGY,
    SessionType.FAMILY_MEETING: C.FAMILY_CHILDREN,
    SessionType.VOCATIONAL: C.CASE_NOTES,
    SessionType.EDUCATION: C.CASE_NOTES,
    SessionType.SPORT_ARTS: C.CASE_NOTES,
    SessionType.HOME_VISIT: C.CASE_NOTES,
    SessionType.CHECK_IN: C.CASE_NOTES,
}

#: The category of a mentor assignment follows who is mentored.
MENTEE_CATEGORIES: dict[str, str] = {
    MenteeKind.PARTICIPANT: C.CASE_NOTES,
    MenteeKind.FAMILY_MEMBER: C.FAMILY_CHILDREN,
    MenteeKind.SIGNIFICANT_OTHER: C.FAMILY_CHILDREN,
}

PLAN_CATEGORY = C.CASE_NOTES


class Plan(VersionedModel):
    """An individual reintegration plan: goals in each life area, agreed with the
    participant ("returnees must themselves accept the goals for change", PAVE module)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("plan code"), max_length=16, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="plans"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    summary = EncryptedTextField(
        _("aim of the plan"),
        blank=True,
        help_text=_("What the plan is for, in a few plain sentences the participant would recognise."),
    )
    review_every_weeks = models.PositiveSmallIntegerField(
        _("review every (weeks)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("A review task is created for the case manager each time."),
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("reintegration plan")
        verbose_name_plural = _("reintegration plans")
        ordering: ClassVar[list[str]] = ["-started_on", "-created_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["case"],
                condition=~models.Q(status="closed"),
                name="plans_plan_one_open_per_case",
                violation_error_message=_("This case already has a plan that is not closed."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class PlanVersion(TimeStampedModel):
    """What the participant accepted, when, how and in their own words: a frozen copy of
    the plan's goals and actions at that moment. Every acceptance makes a new version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    accepted_on = models.DateField(_("accepted on"))
    method = models.CharField(_("how"), max_length=24, choices=AcceptanceMethod.choices)
    participant_words = EncryptedTextField(
        _("in the participant's own words"),
        help_text=_(
            "Write down what the participant said about the goals, as close to their words as you can."
        ),
    )
    # The goals and actions as accepted, as JSON, encrypted like the goals themselves;
    # read and written through `snapshot`.
    snapshot_text = EncryptedTextField(_("goals as accepted"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering: ClassVar[list[str]] = ["plan", "-number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_plan_version_unique"),
        ]

    def __str__(self) -> str:
        return "plan version {n}".format(n=self.number)

    @property
    def snapshot(self) -> dict[str, Any]:
        return json.loads(self.snapshot_text) if self.snapshot_text else {}

    @snapshot.setter
    def snapshot(self, value: dict[str, Any]) -> None:
        self.snapshot_text = json.dumps(value, ensure_ascii=False, default=str)


class Goal(VersionedModel):
    """A goal for change in one life area. Accepted by the participant when a plan version
    they accepted includes it unchanged; changing its wording asks for acceptance again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    dimension = models.CharField(_("life area"), max_length=16, choices=GoalDimension.choices)
    category = models.CharField(
        _("data category"), max_length=24, choices=C.choices, editable=False, blank=True
    )
    title = EncryptedCharField(_("goal"), max_length=300)
    participant_words = EncryptedTextField(
        _("the goal in the participant's words"),
        blank=True,
        help_text=_("How the participant puts this goal. Their own aim matters more than ours."),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.PROPOSED
    )
    accepted_in = models.ForeignKey(
        PlanVersion,
        verbose_name=_("accepted in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    from_assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("from assessment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    from_item_code = models.CharField(_("from item"), max_length=60, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering: ClassVar[list[str]] = ["plan", "dimension", "position", "created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["plan", "category"], name="plan_goal_category_idx"),
        ]

    def __str__(self) -> str:
        return "goal {id}".format(id=str(self.id)[:8])

    def save(self, *args: object, **kwargs: object) -> None:
        self.category = GOAL_DIMENSION_CATEGORIES[self.dimension]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_accepted(self) -> bool:
        return self.accepted_in_id is not None


class PlanAction(VersionedModel):
    """A step towards a goal: who does it, by when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = EncryptedCharField(_("action"), max_length=300)
    responsible_kind = models.CharField(
        _("who is responsible"), max_length=16, choices=ResponsibleKind.choices, default=ResponsibleKind.USER
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague responsible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    responsible_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency responsible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_name = models.CharField(
        _("service or provider"),
        max_length=200,
        blank=True,
        help_text=_("The service, provider or programme that will do this."),
    )
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering: ClassVar[list[str]] = ["target_date", "created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "target_date"], name="plan_action_due_idx"),
        ]

    def __str__(self) -> str:
        return "action {id}".format(id=str(self.id)[:8])

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES and self.target_date < timezone.localdate()

    def clean(self) -> None:
        required = {
            ResponsibleKind.USER: ("responsible_user", _("Choose the colleague responsible.")),
            ResponsibleKind.AGENCY: ("responsible_agency", _("Choose the agency responsible.")),
            ResponsibleKind.SERVICE: ("responsible_name", _("Name the service or provider.")),
        }.get(self.responsible_kind)  # type: ignore[call-overload]
        if required and not getattr(self, required[0]):
            raise ValidationError({required[0]: required[1]})


class PlanReview(TimeStampedModel):
    """A scheduled review of the plan with the participant; scheduling creates a task."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(_("review due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.SCHEDULED
    )
    task = models.ForeignKey(
        "cases.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    notes = EncryptedTextField(
        _("what was reviewed"),
        blank=True,
        help_text=_("Progress on the goals, what the participant said, what changes."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering: ClassVar[list[str]] = ["-due_on"]

    def __str__(self) -> str:
        return "review {id}".format(id=str(self.id)[:8])


class Session(VersionedModel):
    """One contact with the participant (or their family): the contact log.

    Sessions are records: type, date and attendance can be corrected by the person who
    logged them or a case manager (versioned and audited); notes are added, never edited.
    A concern flag creates a task for the case manager until someone resolves it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("session code"), max_length=16, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="sessions"
    )
    session_type = models.CharField(_("type"), max_length=16, choices=SessionType.choices)
    category = models.CharField(
        _("data category"), max_length=24, choices=C.choices, editable=False, blank=True
    )
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    attendance = models.CharField(_("attendance"), max_length=16, choices=Attendance.choices)
    non_attendance_reason = models.CharField(
        _("reason for not attending"), max_length=16, choices=NonAttendanceReason.choices, blank=True
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="+"
    )
    with_family = models.BooleanField(_("family members took part"), default=False)
    concern = models.BooleanField(
        _("raise a concern"),
        default=False,
        help_text=_("Something the case manager must know about soon. A task is created for them."),
    )
    concern_task = models.ForeignKey(
        "cases.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    concern_resolved_at = models.DateTimeField(
        _("concern resolved at"), null=True, blank=True, editable=False
    )
    concern_resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concern resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    concern_resolution = EncryptedTextField(_("what was done about the concern"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering: ClassVar[list[str]] = ["-occurred_on", "-created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["case", "category", "-occurred_on"], name="plan_session_case_idx"),
            models.Index(fields=["concern", "concern_resolved_at"], name="plan_session_concern_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: object, **kwargs: object) -> None:
        self.category = SESSION_TYPE_CATEGORIES[self.session_type]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def concern_open(self) -> bool:
        return self.concern and self.concern_resolved_at is None

    def clean(self) -> None:
        if self.attendance == Attendance.DID_NOT_ATTEND and not self.non_attendance_reason:
            raise ValidationError({"non_attendance_reason": _("Say why the session did not take place.")})
        if self.attendance != Attendance.DID_NOT_ATTEND:
            self.non_attendance_reason = ""
        occurred_on: date | None = self.occurred_on  # None while a form is half filled in
        if occurred_on is not None and occurred_on > timezone.localdate():
            raise ValidationError(
                {"occurred_on": _("Log sessions that took place: the date is in the future.")}
            )


class SessionNote(TimeStampedModel):
    """A note on a session in the category its author chose (like case notes). Notes are
    records: never edited; a correction is a new note."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notes")
    category = models.CharField(
        _("data category"),
        max_length=24,
        choices=C.choices,
        default=C.CASE_NOTES,
        help_text=_("Only people allowed to see this category will see the note."),
    )
    body = EncryptedTextField(_("note"))
    is_concern = models.BooleanField(_("describes the concern"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("session note")
        verbose_name_plural = _("session notes")
        ordering: ClassVar[list[str]] = ["created_at"]

    def __str__(self) -> str:
        return "session note {id}".format(id=str(self.id)[:8])


class MentorAssignment(TimeStampedModel):
    """A mentor for the participant, or for a family member or significant other of theirs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="mentor_assignments"
    )
    mentee_kind = models.CharField(_("mentoring for"), max_length=24, choices=MenteeKind.choices)
    category = models.CharField(
        _("data category"), max_length=24, choices=C.choices, editable=False, blank=True
    )
    mentee_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("family member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    mentee_description = models.CharField(
        _("who"),
        max_length=200,
        blank=True,
        help_text=_("For someone not registered: how they relate to the participant (e.g. older brother)."),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="+"
    )
    focus = models.CharField(
        _("focus"), max_length=300, blank=True, help_text=_("What the mentoring is meant to help with.")
    )
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        ordering: ClassVar[list[str]] = ["ended_on", "-started_on"]

    def __str__(self) -> str:
        return "mentoring {id}".format(id=str(self.id)[:8])

    def save(self, *args: object, **kwargs: object) -> None:
        self.category = MENTEE_CATEGORIES[self.mentee_kind]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        if self.mentee_kind == MenteeKind.PARTICIPANT:
            self.mentee_person = None
            self.mentee_description = ""
        elif not self.mentee_person_id and not self.mentee_description.strip():
            raise ValidationError(
                {"mentee_person": _("Choose the family member, or describe who the mentoring is for.")}
            )
        started_on: date | None = self.started_on
        if self.ended_on is not None and started_on is not None and self.ended_on < started_on:
            raise ValidationError({"ended_on": _("The end date is before the start date.")})
