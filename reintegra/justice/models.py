"""The justice pathway beside the case lifecycle: a dated legal timeline per person, the
legal status derived from it, supervision and alternatives to imprisonment with their
check-ins, custody records, returns from abroad, children's safeguards, gender-sensitive
care preferences and family goals.

Data categories (the access policy decides per category, see docs/justice.md):

- legal events, the derived status, measures, check-ins, breaches (legal events), custody
  participation in education or training, family visits in custody, returns, documents
  status of returnees and the reception checklist: **legal status**;
- immediate needs on arrival: medical and psychosocial needs are **health and
  psychosocial**, shelter is **contact and location**, cash, food, clothing and other
  needs are **case notes** (whoever delivers them must read them);
- participation in religious counselling is **belief and ideology**, in psychosocial
  support **health and psychosocial** (`PARTICIPATION_CATEGORIES`);
- custody notes carry the category their author chose, as case notes do;
- children's safeguards (guardian, guardian's consent to take part, the child's views,
  best-interests note, schooling): **family and children**;
- care preferences: the practitioner preference, interpreter and childcare are **case
  notes** (everyone who meets the person needs them), gender-specific needs are **health
  and psychosocial**;
- family goals: **family and children**.
"""

import uuid
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from reintegra.core.choices import DataCategory
from reintegra.core.fields import EncryptedTextField, seal_key_field
from reintegra.core.models import TimeStampedModel, VersionedModel
from reintegra.justice.choices import (
    BirthRegistration,
    BreachResponse,
    CheckInStatus,
    CitizenshipCheck,
    FacilityKind,
    FacilityPopulation,
    Frequency,
    GoalDimension,
    GoalStatus,
    GuardianConsent,
    LegalEventKind,
    LegalStatus,
    MeasureEndReason,
    MeasureKind,
    NeedKind,
    NeedStatus,
    PapersStatus,
    ParticipationKind,
    ParticipationStatus,
    PractitionerPreference,
    ReceptionStep,
    ReturnKind,
    ReturnRole,
    SchoolStatus,
    ScreeningOutcome,
    SentenceType,
    Urgency,
    Verdict,
    VisitKind,
    Weekday,
)
from reintegra.justice.status import EventFacts

K = LegalEventKind


class Facility(TimeStampedModel):
    """A prison, detention or reception centre, police station or probation office.

    Reference data (the facility register), managed in the admin; not personal data.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=FacilityKind.choices)
    population = models.CharField(
        _("holds"), max_length=16, choices=FacilityPopulation.choices, default=FacilityPopulation.MEN
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("town or area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    operator = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    programmes_offered = models.TextField(
        _("programmes offered"),
        blank=True,
        help_text=_("Education, vocational training, dialogue or peer-coaching schemes run there."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


# --- the legal timeline -------------------------------------------------------------------

#: Fields each kind of event uses beyond date, authority, reference and details; the
#: ones in the second set are required. Forms, the API and `clean()` all read this.
KIND_FIELDS: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    K.ARREST: (("facility", "alleged_offence_on"), frozenset()),
    K.CHARGE: (("alleged_offence_on",), frozenset()),
    K.NO_CHARGE: ((), frozenset()),
    K.PRE_TRIAL_DETENTION: (("facility",), frozenset({"facility"})),
    K.BAIL: (("conditions",), frozenset({"conditions"})),
    K.TRIAL: ((), frozenset()),
    K.VERDICT: (("verdict",), frozenset({"verdict"})),
    K.SENTENCE: (
        ("sentence_type", "sentence_months", "sentence_start", "expected_release", "facility"),
        frozenset({"sentence_type"}),
    ),
    K.CUSTODY: (("facility",), frozenset({"facility"})),
    K.TRANSFER: (("facility",), frozenset({"facility"})),
    K.EARLY_RELEASE: (("conditions",), frozenset()),
    K.RELEASE: ((), frozenset()),
    K.SUPERVISION_ORDER: (("conditions", "supervision_until"), frozenset({"conditions"})),
    K.BREACH: (("measure", "breach_response"), frozenset({"breach_response"})),
    K.SUPERVISION_END: ((), frozenset()),
    K.REPATRIATION: (("return_event",), frozenset()),
    K.RETURN_SCREENING: (("screening_outcome", "return_event"), frozenset({"screening_outcome"})),
}
TYPED_FIELDS = frozenset(name for fields, _req in KIND_FIELDS.values() for name in fields)

#: What the "details" box means for each kind (its label on the form).
DETAILS_LABELS: dict[str, Promise] = {
    K.ARREST: _("Circumstances"),
    K.CHARGE: _("Charges"),
    K.NO_CHARGE: _("Reasons given"),
    K.TRIAL: _("Hearing"),
    K.VERDICT: _("Decision"),
    K.BREACH: _("What happened"),
    K.REPATRIATION: _("Circumstances"),
    K.RETURN_SCREENING: _("Screening summary"),
}


class LegalEvent(VersionedModel):
    """A dated step of a person's legal history, with the authority that took it and its
    document reference. The person's legal status is derived from these events.

    Corrections edit the event (versioned, audited); an event recorded by mistake is
    marked "entered in error" and kept, so the timeline others relied on stays readable.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="legal_events"
    )
    kind = models.CharField(_("event"), max_length=24, choices=LegalEventKind.choices)
    occurred_on = models.DateField(_("date"))
    authority = models.CharField(
        _("authority"),
        max_length=200,
        blank=True,
        help_text=_("The court, prosecutor, police unit or service that took the decision."),
    )
    document_reference = models.CharField(
        _("document reference"),
        max_length=100,
        blank=True,
        help_text=_("Case number, order or decision reference."),
    )
    # Charges, circumstances and conditions: encrypted at rest, bound to this row.
    details = EncryptedTextField(_("details"), blank=True)
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    alleged_offence_on = models.DateField(
        _("date of the alleged offence"),
        null=True,
        blank=True,
        help_text=_("Used to tell whether juvenile justice applies (age at the time)."),
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices, blank=True)
    sentence_type = models.CharField(_("sentence"), max_length=16, choices=SentenceType.choices, blank=True)
    sentence_months = models.PositiveIntegerField(
        _("length (months)"), null=True, blank=True, help_text=_("Length of the sentence in months.")
    )
    sentence_start = models.DateField(_("sentence starts"), null=True, blank=True)
    expected_release = models.DateField(
        _("expected release"),
        null=True,
        blank=True,
        help_text=_("Creates a pre-release planning task on the person's case ahead of this date."),
    )
    conditions = EncryptedTextField(_("conditions"), blank=True)
    supervision_until = models.DateField(_("supervision until"), null=True, blank=True)
    measure = models.ForeignKey(
        "SupervisionMeasure",
        verbose_name=_("measure breached"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="breaches",
    )
    breach_response = models.CharField(
        _("response"), max_length=24, choices=BreachResponse.choices, blank=True
    )
    screening_outcome = models.CharField(
        _("screening outcome"), max_length=24, choices=ScreeningOutcome.choices, blank=True
    )
    return_event = models.ForeignKey(
        "ReturnEvent",
        verbose_name=_("return"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_events",
    )
    voided_at = models.DateTimeField(_("marked as entered in error"), null=True, blank=True)
    void_reason = models.CharField(_("why it was entered in error"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("legal event")
        verbose_name_plural = _("legal events")
        ordering: ClassVar[list[str]] = ["occurred_on", "created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["person", "occurred_on"], name="legal_event_person_idx"),
        ]

    def __str__(self) -> str:
        return "legal event {id}".format(id=str(self.id)[:8])

    def clean(self) -> None:
        """Each kind has its own required fields; dates must hang together."""
        errors: dict[str, object] = {}
        required = KIND_FIELDS.get(self.kind, ((), frozenset()))[1]
        for name in required:
            if getattr(self, name) in (None, ""):
                errors[name] = _("This is needed for this kind of event.")
        today = timezone.localdate()
        occurred: date | None = self.occurred_on  # None until the form's own validation passed
        if occurred and occurred > today and self.kind != K.TRIAL:
            errors["occurred_on"] = _("Only a trial hearing can be recorded ahead of its date.")
        if self.alleged_offence_on and occurred and self.alleged_offence_on > occurred:
            errors["alleged_offence_on"] = _("The alleged offence cannot be after this event.")
        if self.kind == K.CHARGE and not self.details.strip():
            errors["details"] = _("Describe the charges.")
        if self.kind == K.SENTENCE and self.sentence_type == SentenceType.CUSTODIAL:
            if not self.sentence_months:
                errors["sentence_months"] = _("Give the length of a custodial sentence.")
            start = self.sentence_start or occurred
            if self.expected_release and start and self.expected_release < start:
                errors["expected_release"] = _("The expected release is before the sentence starts.")
        if self.supervision_until and occurred and self.supervision_until < occurred:
            errors["supervision_until"] = _("Supervision cannot end before the order.")
        person_id: uuid.UUID | None = self.person_id  # set by the service, not the form
        measure = self.measure if self.measure_id else None
        if measure is not None and person_id is not None and measure.person_id != person_id:
            errors["measure"] = _("This measure belongs to someone else.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    @property
    def details_label(self) -> str:
        """What the details box holds for this kind (e.g. "Charges")."""
        return str(DETAILS_LABELS.get(self.kind, _("Details")))

    @property
    def field_names(self) -> tuple[str, ...]:
        """The kind-specific fields this event uses (for pages and the API)."""
        return KIND_FIELDS.get(self.kind, ((), frozenset()))[0]

    def facts(self) -> EventFacts:
        """What `status.derive_status` needs of this event."""
        return EventFacts(
            kind=self.kind,
            occurred_on=self.occurred_on,
            sequence=(self.created_at, str(self.pk)),
            facility_id=self.facility_id,
            verdict=self.verdict,
            sentence_type=self.sentence_type,
            expected_release=self.expected_release,
            screening_outcome=self.screening_outcome,
            alleged_offence_on=self.alleged_offence_on,
            voided=self.is_void,
        )


class PersonLegalStatus(TimeStampedModel):
    """The derived legal status of a person, kept for lists and filters.

    Written only by services, right after they change the timeline, from
    `status.derive_status`; it is never edited by hand. It also remembers the pre-release
    planning task made for the current expected release.
    """

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="legal_status",
    )
    status = models.CharField(_("legal status"), max_length=24, choices=LegalStatus.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_release = models.DateField(_("expected release"), null=True, blank=True)
    last_event_on = models.DateField(_("last event"), null=True, blank=True)
    pre_release_for = models.DateField(_("planning task made for the release on"), null=True, blank=True)
    pre_release_task = models.ForeignKey(
        "cases.Task",
        verbose_name=_("pre-release planning task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("legal status")
        verbose_name_plural = _("legal statuses")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status"], name="legal_status_idx"),
            models.Index(fields=["expected_release"], name="legal_status_release_idx"),
        ]

    def __str__(self) -> str:
        return "legal status of {person}".format(person=self.person_id)


# --- supervision and alternatives to imprisonment -----------------------------------------


class SupervisionMeasure(VersionedModel):
    """A measure supervised in the community: reporting to the authorities on a schedule,
    electronic monitoring, community service, voluntary participation in the programme, or
    another condition. Check-ins are expected from its schedule.

    Runs through one of the person's cases: its responsible officer is on that case's
    team, and missed check-ins become tasks there.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="measures"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="measures",
        help_text=_("The case through which the measure is followed; its team is alerted."),
    )
    kind = models.CharField(_("measure"), max_length=24, choices=MeasureKind.choices)
    legal_basis = models.ForeignKey(
        LegalEvent,
        verbose_name=_("ordered by (timeline event)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
        help_text=_("The bail decision, sentence or supervision order that set the measure."),
    )
    ordered_by = models.CharField(_("ordered by"), max_length=200, blank=True)
    document_reference = models.CharField(_("document reference"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Is alerted when a check-in is missed. Must be on the case team."),
    )
    frequency = models.CharField(
        _("check-ins"), max_length=16, choices=Frequency.choices, default=Frequency.NONE
    )
    weekday = models.PositiveSmallIntegerField(_("on"), choices=Weekday.choices, null=True, blank=True)
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), null=True, blank=True, help_text=_("For monthly check-ins (1–31).")
    )
    report_by = models.TimeField(
        _("report by"), null=True, blank=True, help_text=_("After this time a check-in not logged is missed.")
    )
    location = models.CharField(
        _("where"), max_length=200, blank=True, help_text=_("e.g. the police station or office to report to.")
    )
    monitoring_provider = models.CharField(_("monitoring provider"), max_length=200, blank=True)
    curfew = models.CharField(_("curfew hours"), max_length=100, blank=True)
    hours_ordered = models.PositiveIntegerField(_("hours ordered"), null=True, blank=True)
    placement = models.CharField(
        _("placement"), max_length=200, blank=True, help_text=_("Where the community service is done.")
    )
    consent_given_on = models.DateField(
        _("agreed to take part on"),
        null=True,
        blank=True,
        help_text=_("Voluntary participation: the date the person agreed."),
    )
    details = models.TextField(_("conditions and details"), blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=16, choices=MeasureEndReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("supervision measure")
        verbose_name_plural = _("supervision measures")
        ordering: ClassVar[list[str]] = ["-starts_on"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["responsible_officer", "ended_on"], name="measure_officer_idx"),
            models.Index(fields=["person", "-starts_on"], name="measure_person_idx"),
        ]

    def __str__(self) -> str:
        return "measure {id}".format(id=str(self.id)[:8])

    def clean(self) -> None:
        errors: dict[str, object] = {}
        starts: date | None = self.starts_on
        if self.ends_on and starts and self.ends_on < starts:
            errors["ends_on"] = _("The planned end is before the start.")
        if self.ended_on and starts and self.ended_on < starts:
            errors["ended_on"] = _("A measure cannot end before it starts.")
        if self.ended_on and not self.end_reason:
            errors["end_reason"] = _("Say why the measure ended.")
        if self.frequency in (Frequency.WEEKLY, Frequency.FORTNIGHTLY) and self.weekday is None:
            errors["weekday"] = _("Choose the day of the week for the check-ins.")
        if self.frequency == Frequency.MONTHLY and not self.day_of_month:
            errors["day_of_month"] = _("Choose the day of the month for the check-ins.")
        if self.day_of_month is not None and not 1 <= self.day_of_month <= 31:
            errors["day_of_month"] = _("Enter a day between 1 and 31.")
        if self.kind == MeasureKind.COMMUNITY_SERVICE and not self.hours_ordered:
            errors["hours_ordered"] = _("Give the number of hours ordered.")
        if self.kind == MeasureKind.REPORTING and self.frequency == Frequency.NONE:
            errors["frequency"] = _("Reporting needs a schedule.")
        case_id: uuid.UUID | None = self.case_id
        person_id: uuid.UUID | None = self.person_id  # set by the service, not the form
        if case_id is not None and person_id is not None and self.case.person_id != person_id:
            errors["case"] = _("Choose one of this person's cases.")
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day: date) -> bool:
        return (
            self.starts_on <= day
            and (self.ended_on is None or self.ended_on >= day)
            and (self.ends_on is None or self.ends_on >= day)
        )

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    @property
    def schedule_end(self) -> date | None:
        """The last day check-ins can be expected (None: still open-ended)."""
        ends = [d for d in (self.ends_on, self.ended_on) if d]
        return min(ends) if ends else None


class CheckIn(TimeStampedModel):
    """A check-in of a measure on one day: attended, missed (with the reason, when known)
    or excused in advance. Community-service days carry the hours done.

    A missed check-in creates a follow-up task for the responsible officer. Rows marked
    `automatic` were written by the scheduled check (nobody logged the check-in in time).
    """

    measure = models.ForeignKey(
        SupervisionMeasure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="check_ins"
    )
    seal_key = seal_key_field()
    due_on = models.DateField(_("date"))
    status = models.CharField(_("check-in"), max_length=16, choices=CheckInStatus.choices)
    reason = EncryptedTextField(
        _("reason"),
        blank=True,
        row_key="seal_key",
        help_text=_("Why it was missed or excused, as far as known."),
    )
    hours = models.DecimalField(_("hours done"), max_digits=5, decimal_places=1, null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    automatic = models.BooleanField(_("recorded automatically"), default=False)
    follow_up_task = models.ForeignKey(
        "cases.Task",
        verbose_name=_("follow-up task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering: ClassVar[list[str]] = ["-due_on"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["measure", "due_on"],
                name="check_in_one_per_day",
                violation_error_message=_("A check-in is already logged for this day."),
            )
        ]

    def __str__(self) -> str:
        return "check-in {day}".format(day=self.due_on.isoformat())

    def clean(self) -> None:
        errors: dict[str, object] = {}
        due: date | None = self.due_on
        if due and due > timezone.localdate():
            errors["due_on"] = _("A check-in cannot be logged ahead of its day.")
        if self.status == CheckInStatus.EXCUSED and not self.reason.strip():
            errors["reason"] = _("Say why the check-in was excused.")
        if self.hours is not None and self.status != CheckInStatus.ATTENDED:
            errors["hours"] = _("Hours are only counted on days attended.")
        if self.hours is not None and not 0 < self.hours <= 24:
            errors["hours"] = _("Enter the hours done that day (up to 24).")
        measure_id: uuid.UUID | None = self.measure_id
        if measure_id is not None and due and self.measure.starts_on > due:
            errors["due_on"] = _("The measure had not started on this day.")
        if errors:
            raise ValidationError(errors)


# --- custody --------------------------------------------------------------------------------

#: Participation records are legal status, except where the activity itself says more.
PARTICIPATION_CATEGORIES: dict[str, str] = {
    ParticipationKind.RELIGIOUS: DataCategory.BELIEF_IDEOLOGY,
    ParticipationKind.PSYCHOSOCIAL: DataCategory.HEALTH_PSYCHOSOCIAL,
}


class CustodyParticipation(VersionedModel):
    """Taking part, in custody, in education, vocational training, religious counselling, a
    peer-coaching scheme (such as Morocco's Moussalaha) or another activity."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="custody_participations",
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("activity"), max_length=24, choices=ParticipationKind.choices)
    category = models.CharField(
        _("data category"), max_length=24, choices=DataCategory.choices, editable=False
    )
    title = models.CharField(
        _("programme or course"),
        max_length=200,
        help_text=_("e.g. literacy course, Moussalaha reconciliation programme."),
    )
    provider = models.CharField(_("run by"), max_length=200, blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ParticipationStatus.choices, default=ParticipationStatus.ACTIVE
    )
    sessions_attended = models.PositiveIntegerField(_("sessions attended"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("custody programme participation")
        verbose_name_plural = _("custody programme participations")
        ordering: ClassVar[list[str]] = ["-started_on"]

    def __str__(self) -> str:
        return "participation {id}".format(id=str(self.id)[:8])

    def clean(self) -> None:
        self.category = PARTICIPATION_CATEGORIES.get(self.kind, DataCategory.LEGAL_STATUS)
        started: date | None = self.started_on
        if self.ended_on and started and self.ended_on < started:
            raise ValidationError({"ended_on": _("The end is before the start.")})
        if started and started > timezone.localdate():
            raise ValidationError({"started_on": _("Record participation once it has started.")})


class FamilyVisit(TimeStampedModel):
    """A family visit or call in custody. Visitors are described by their relationship,
    not their names."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="family_visits"
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visited_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=VisitKind.choices, default=VisitKind.IN_PERSON)
    visitors = models.CharField(
        _("who came"), max_length=200, help_text=_("By relationship, e.g. “mother and two children”.")
    )
    children_present = models.BooleanField(_("children took part"), default=False)
    notes = EncryptedTextField(_("how it went"), blank=True, row_key="seal_key")
    seal_key = seal_key_field()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("family visit")
        verbose_name_plural = _("family visits")
        ordering: ClassVar[list[str]] = ["-visited_on"]

    def __str__(self) -> str:
        return "visit {day}".format(day=self.visited_on.isoformat())

    def clean(self) -> None:
        visited: date | None = self.visited_on
        if visited and visited > timezone.localdate():
            raise ValidationError({"visited_on": _("Record a visit once it has taken place.")})


class CustodyNote(TimeStampedModel):
    """A note written in custody, in a data category chosen by its author (who may only
    choose categories they may read). Like case notes, never edited or deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="custody_notes"
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField(
        _("data category"),
        max_length=24,
        choices=DataCategory.choices,
        default=DataCategory.LEGAL_STATUS,
        help_text=_("Only people allowed to see this category will see the note."),
    )
    # Custody notes may be in any category (belief, health...): encrypted at rest.
    body = EncryptedTextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("custody note")
        verbose_name_plural = _("custody notes")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return "custody note {id}".format(id=str(self.id)[:8])


# --- returns from abroad ------------------------------------------------------------------


class ReturnEvent(VersionedModel):
    """A return from a conflict zone or a camp abroad: where from, when, with whom. Each
    person who came back is a `ReturnMember`; the return also records the needs met on
    arrival and the reception checklist. Screening on return is a legal event."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("return code"), max_length=16, unique=True, editable=False)
    returned_on = models.DateField(_("date of return"))
    from_country = CountryField(_("returned from (country)"))
    from_location = models.CharField(
        _("camp or place"), max_length=200, blank=True, help_text=_("e.g. the camp or town they left.")
    )
    kind = models.CharField(_("kind of return"), max_length=16, choices=ReturnKind.choices)
    arrival_point = models.CharField(_("arrival point"), max_length=200, blank=True)
    organised_by = models.CharField(_("organised by"), max_length=200, blank=True)
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    registering_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("recorded by agency"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        ordering: ClassVar[list[str]] = ["-returned_on", "code"]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        returned: date | None = self.returned_on
        if returned and returned > timezone.localdate():
            raise ValidationError({"returned_on": _("Record a return once it has happened.")})


class ReturnMember(VersionedModel):
    """One person who came back, and the state of their documents: identity papers,
    citizenship, and the birth registration of children born abroad."""

    return_event = models.ForeignKey(
        ReturnEvent, verbose_name=_("return"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="returns"
    )
    role = models.CharField(_("came back as"), max_length=16, choices=ReturnRole.choices)
    born_abroad = models.BooleanField(_("born abroad"), default=False)
    identity_papers = models.CharField(
        _("identity papers"), max_length=16, choices=PapersStatus.choices, default=PapersStatus.UNKNOWN
    )
    citizenship = models.CharField(
        _("citizenship"), max_length=16, choices=CitizenshipCheck.choices, default=CitizenshipCheck.UNKNOWN
    )
    birth_registration = models.CharField(
        _("birth registration"),
        max_length=16,
        choices=BirthRegistration.choices,
        default=BirthRegistration.UNKNOWN,
    )
    documents_note = models.TextField(_("documents: what is being done"), blank=True)

    class Meta:
        verbose_name = _("returnee")
        verbose_name_plural = _("returnees")
        ordering: ClassVar[list[str]] = ["role", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["return_event", "person"],
                name="return_member_unique",
                violation_error_message=_("This person is already part of this return."),
            )
        ]

    def __str__(self) -> str:
        return "{person} in {ret}".format(person=self.person_id, ret=self.return_event_id)

    def clean(self) -> None:
        if self.born_abroad and self.birth_registration == BirthRegistration.NOT_APPLICABLE:
            raise ValidationError(
                {"birth_registration": _("A child born abroad needs a birth registration at home.")}
            )

    @property
    def documents_missing(self) -> bool:
        return (
            self.identity_papers in (PapersStatus.NONE, PapersStatus.EXPIRED)
            or self.citizenship in (CitizenshipCheck.DISPUTED, CitizenshipCheck.STATELESS_RISK)
            or self.birth_registration == BirthRegistration.NOT_REGISTERED
        )


#: Which data category each kind of immediate need belongs to (see the module docstring).
NEED_CATEGORIES: dict[str, str] = {
    NeedKind.MEDICAL: DataCategory.HEALTH_PSYCHOSOCIAL,
    NeedKind.PSYCHOSOCIAL: DataCategory.HEALTH_PSYCHOSOCIAL,
    NeedKind.SHELTER: DataCategory.CONTACT_LOCATION,
    NeedKind.CASH: DataCategory.CASE_NOTES,
    NeedKind.FOOD: DataCategory.CASE_NOTES,
    NeedKind.CLOTHING: DataCategory.CASE_NOTES,
    NeedKind.OTHER: DataCategory.CASE_NOTES,
}


class ArrivalNeed(VersionedModel):
    """An immediate need on arrival (medical care, shelter, cash...), of one person or of
    the whole family, and whether it was met."""

    return_event = models.ForeignKey(
        ReturnEvent, verbose_name=_("return"), on_delete=models.CASCADE, related_name="needs"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for a need of the whole family."),
    )
    kind = models.CharField(_("need"), max_length=16, choices=NeedKind.choices)
    category = models.CharField(
        _("data category"), max_length=24, choices=DataCategory.choices, editable=False
    )
    description = EncryptedTextField(_("description"), blank=True, row_key="seal_key")
    seal_key = seal_key_field()
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.IMMEDIATE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.IDENTIFIED
    )
    met_on = models.DateField(_("met on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("immediate need")
        verbose_name_plural = _("immediate needs")
        ordering: ClassVar[list[str]] = ["status", "kind", "pk"]

    def __str__(self) -> str:
        return "need {pk}".format(pk=self.pk)

    def clean(self) -> None:
        self.category = NEED_CATEGORIES.get(self.kind, DataCategory.CASE_NOTES)
        if self.status == NeedStatus.MET and not self.met_on:
            self.met_on = timezone.localdate()
        if self.status != NeedStatus.MET:
            self.met_on = None


class ReceptionItem(TimeStampedModel):
    """One step of the reception checklist of a return, done or not."""

    return_event = models.ForeignKey(
        ReturnEvent, verbose_name=_("return"), on_delete=models.CASCADE, related_name="checklist"
    )
    step = models.CharField(_("step"), max_length=24, choices=ReceptionStep.choices)
    order = models.PositiveSmallIntegerField(default=0)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reception checklist item")
        verbose_name_plural = _("reception checklist items")
        ordering: ClassVar[list[str]] = ["order"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["return_event", "step"], name="reception_step_unique")
        ]

    def __str__(self) -> str:
        return self.step

    @property
    def done(self) -> bool:
        return self.done_on is not None


# --- children and care preferences --------------------------------------------------------


class ChildSafeguard(VersionedModel):
    """What protects a child in the programme: their guardian and the guardian's consent to
    the child taking part, the child's own views, a best-interests note and schooling.

    The child's views and the best-interests note are encrypted at rest, bound to the
    child's person key (the primary key of this row).

    Whether juvenile justice applies is not typed here: it is derived from the person's age
    on the dates of alleged offences in the legal timeline.
    """

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("child"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="child_safeguard",
    )
    guardian = models.ForeignKey(
        "people.Person",
        verbose_name=_("guardian (registered person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A member of the child's household, when the guardian is registered."),
    )
    guardian_description = models.CharField(
        _("guardian"),
        max_length=200,
        blank=True,
        help_text=_("Relationship or institution, e.g. “mother”, “appointed guardian, social services”."),
    )
    guardian_consent = models.CharField(
        _("guardian's consent to take part"),
        max_length=16,
        choices=GuardianConsent.choices,
        default=GuardianConsent.PENDING,
        help_text=_(
            "Consent to the child taking part in the programme (sharing data is consented separately)."
        ),
    )
    guardian_consent_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    child_views = EncryptedTextField(
        _("the child's views"), blank=True, help_text=_("In the child's own words, as far as possible.")
    )
    child_views_on = models.DateField(_("views heard on"), null=True, blank=True)
    best_interests = EncryptedTextField(
        _("best-interests note"),
        blank=True,
        help_text=_("What is in the child's best interests and why; who was consulted."),
    )
    best_interests_on = models.DateField(_("best interests considered on"), null=True, blank=True)
    school_status = models.CharField(
        _("school"), max_length=16, choices=SchoolStatus.choices, default=SchoolStatus.UNKNOWN
    )
    school_name = models.CharField(_("school or centre"), max_length=200, blank=True)
    school_since = models.DateField(_("since"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("child safeguards")
        verbose_name_plural = _("child safeguards")

    def __str__(self) -> str:
        return "safeguards of {person}".format(person=self.person_id)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.guardian_consent in (
            GuardianConsent.GIVEN,
            GuardianConsent.REFUSED,
            GuardianConsent.WITHDRAWN,
        ):
            if not self.guardian_consent_on:
                errors["guardian_consent_on"] = _("Give the date the guardian's answer was recorded.")
            if not (self.guardian_id or self.guardian_description.strip()):
                errors["guardian_description"] = _("Say who the guardian is.")
        if self.guardian_id and self.guardian_id == self.person_id:
            errors["guardian"] = _("A child cannot be their own guardian.")
        if self.child_views.strip() and not self.child_views_on:
            errors["child_views_on"] = _("Give the date the child's views were heard.")
        if self.best_interests.strip() and not self.best_interests_on:
            errors["best_interests_on"] = _("Give the date of the best-interests note.")
        today = timezone.localdate()
        for name in ("guardian_consent_on", "child_views_on", "best_interests_on"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = _("This date is in the future.")
        if errors:
            raise ValidationError(errors)


class CarePreference(VersionedModel):
    """Gender-sensitive and practical preferences for working with a person: a woman (or
    man) practitioner, an interpreter, childcare during sessions, and gender-specific
    needs."""

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="care_preference",
    )
    practitioner = models.CharField(
        _("prefers to work with"),
        max_length=8,
        choices=PractitionerPreference.choices,
        default=PractitionerPreference.NONE,
    )
    interpreter_language = models.CharField(
        _("interpreter needed for"), max_length=60, blank=True, help_text=_("Leave empty if none is needed.")
    )
    childcare_needed = models.BooleanField(_("needs childcare during sessions"), default=False)
    specific_needs = EncryptedTextField(
        _("women's or gender-specific needs"),
        blank=True,
        help_text=_("e.g. maternal health, a safe space, support after gender-based violence."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("care preferences")
        verbose_name_plural = _("care preferences")

    def __str__(self) -> str:
        return "care preferences of {person}".format(person=self.person_id)


CHILD_FIELD_CATEGORIES: dict[str, DataCategory] = dict.fromkeys(
    (
        "guardian",
        "guardian_description",
        "guardian_consent",
        "guardian_consent_on",
        "child_views",
        "child_views_on",
        "best_interests",
        "best_interests_on",
        "school_status",
        "school_name",
        "school_since",
    ),
    DataCategory.FAMILY_CHILDREN,
) | {"age_at_alleged_offence": DataCategory.LEGAL_STATUS, "juvenile_justice": DataCategory.LEGAL_STATUS}

CARE_FIELD_CATEGORIES: dict[str, DataCategory] = {
    "practitioner": DataCategory.CASE_NOTES,
    "interpreter_language": DataCategory.CASE_NOTES,
    "childcare_needed": DataCategory.CASE_NOTES,
    "specific_needs": DataCategory.HEALTH_PSYCHOSOCIAL,
}


class FamilyGoal(VersionedModel):
    """A goal the whole family works towards (e.g. children in school, a home of their
    own), recorded with whether the family agreed to it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(
        "people.Household", verbose_name=_("household"), on_delete=models.CASCADE, related_name="family_goals"
    )
    dimension = models.CharField(_("area"), max_length=16, choices=GoalDimension.choices)
    goal = models.CharField(_("goal"), max_length=300)
    agreed_on = models.DateField(
        _("agreed with the family on"),
        null=True,
        blank=True,
        help_text=_("Leave empty until the family agrees."),
    )
    target_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    support = models.CharField(_("who supports it"), max_length=200, blank=True)
    progress = models.TextField(_("progress"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("family goal")
        verbose_name_plural = _("family goals")
        ordering: ClassVar[list[str]] = ["status", "target_on", "created_at"]

    def __str__(self) -> str:
        return "family goal {id}".format(id=str(self.id)[:8])

    def clean(self) -> None:
        if self.agreed_on and self.agreed_on > timezone.localdate():
            raise ValidationError({"agreed_on": _("This date is in the future.")})
