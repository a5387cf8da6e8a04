from typing import Any

from rest_framework import serializers

from reintegra.core.api.serializers import CategorisedSerializer, VersionedInput
from reintegra.core.choices import DataCategory
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
from reintegra.justice.models import CARE_FIELD_CATEGORIES, CHILD_FIELD_CATEGORIES


class FacilitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=FacilityKind.choices)
    population = serializers.ChoiceField(choices=FacilityPopulation.choices)
    place = serializers.CharField(source="place.code", allow_null=True, default=None)
    operator = serializers.IntegerField(source="operator_id", allow_null=True)
    capacity = serializers.IntegerField(allow_null=True)
    programmes_offered = serializers.CharField()
    is_active = serializers.BooleanField()


class LegalEventSerializer(serializers.Serializer):
    """A legal event (legal-status category). Kind-specific fields are empty for other kinds."""

    id = serializers.UUIDField()
    version = serializers.IntegerField()
    person = serializers.UUIDField(source="person_id")
    kind = serializers.ChoiceField(choices=LegalEventKind.choices)
    occurred_on = serializers.DateField()
    authority = serializers.CharField()
    document_reference = serializers.CharField()
    details = serializers.CharField()
    facility = serializers.IntegerField(source="facility_id", allow_null=True)
    alleged_offence_on = serializers.DateField(allow_null=True)
    verdict = serializers.CharField()
    sentence_type = serializers.CharField()
    sentence_months = serializers.IntegerField(allow_null=True)
    sentence_start = serializers.DateField(allow_null=True)
    expected_release = serializers.DateField(allow_null=True)
    conditions = serializers.CharField()
    supervision_until = serializers.DateField(allow_null=True)
    measure = serializers.UUIDField(source="measure_id", allow_null=True)
    breach_response = serializers.CharField()
    screening_outcome = serializers.CharField()
    return_event = serializers.UUIDField(source="return_event_id", allow_null=True)
    entered_in_error = serializers.BooleanField(source="is_void")
    void_reason = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.label")


class LegalEventInput(serializers.Serializer):
    """A new event (`kind` required) or a correction (`version` required, kind unchanged).
    Only the fields of the event's kind are kept."""

    kind = serializers.ChoiceField(choices=LegalEventKind.choices, required=False)
    version = serializers.IntegerField(min_value=1, required=False)
    occurred_on = serializers.DateField(required=False)
    authority = serializers.CharField(max_length=200, required=False, allow_blank=True)
    document_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    details = serializers.CharField(required=False, allow_blank=True)
    facility = serializers.IntegerField(required=False, allow_null=True)
    alleged_offence_on = serializers.DateField(required=False, allow_null=True)
    verdict = serializers.ChoiceField(choices=Verdict.choices, required=False, allow_blank=True)
    sentence_type = serializers.ChoiceField(choices=SentenceType.choices, required=False, allow_blank=True)
    sentence_months = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    sentence_start = serializers.DateField(required=False, allow_null=True)
    expected_release = serializers.DateField(required=False, allow_null=True)
    conditions = serializers.CharField(required=False, allow_blank=True)
    supervision_until = serializers.DateField(required=False, allow_null=True)
    measure = serializers.UUIDField(required=False, allow_null=True)
    breach_response = serializers.ChoiceField(
        choices=BreachResponse.choices, required=False, allow_blank=True
    )
    screening_outcome = serializers.ChoiceField(
        choices=ScreeningOutcome.choices, required=False, allow_blank=True
    )
    return_event = serializers.UUIDField(required=False, allow_null=True)


class VoidInput(VersionedInput):
    reason = serializers.CharField(max_length=300)


class PreReleaseTaskSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    due_on = serializers.DateField()
    status = serializers.CharField()


class LegalStatusSerializer(serializers.Serializer):
    """The legal status derived from the timeline (never typed in)."""

    person = serializers.UUIDField(source="person.pk")
    person_code = serializers.CharField(source="person.code")
    status = serializers.ChoiceField(choices=LegalStatus.choices, source="derived.status")
    status_label = serializers.CharField()
    since = serializers.DateField(source="derived.since", allow_null=True)
    in_custody = serializers.BooleanField(source="derived.in_custody")
    facility = serializers.IntegerField(source="derived.facility_id", allow_null=True)
    expected_release = serializers.DateField(source="derived.expected_release", allow_null=True)
    proceedings = serializers.CharField(source="derived.proceedings")
    screening_pending = serializers.BooleanField(source="derived.screening_pending")
    returned_on = serializers.DateField(source="derived.returned_on", allow_null=True)
    last_breach_on = serializers.DateField(source="derived.last_breach_on", allow_null=True)
    age_at_alleged_offence = serializers.IntegerField(
        source="juvenile.age_at_alleged_offence", allow_null=True
    )
    juvenile_justice = serializers.BooleanField(source="juvenile.applies")
    pre_release_task = PreReleaseTaskSerializer(allow_null=True)


class RegisterRowSerializer(serializers.Serializer):
    person = serializers.UUIDField(source="person_id")
    person_code = serializers.CharField(source="person.code")
    status = serializers.ChoiceField(choices=LegalStatus.choices)
    since = serializers.DateField(allow_null=True)
    facility = serializers.IntegerField(source="facility_id", allow_null=True)
    expected_release = serializers.DateField(allow_null=True)
    last_event_on = serializers.DateField(allow_null=True)
    active_measures = serializers.IntegerField()


class RegisterFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, help_text="Person code or name")
    status = serializers.ChoiceField(choices=LegalStatus.choices, required=False)
    facility = serializers.IntegerField(required=False)
    release_within = serializers.IntegerField(required=False, min_value=1, max_value=3650)
    in_custody = serializers.BooleanField(required=False, default=False)


class MeasureSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    person = serializers.UUIDField(source="person_id")
    case = serializers.UUIDField(source="case_id")
    kind = serializers.ChoiceField(choices=MeasureKind.choices)
    legal_basis = serializers.UUIDField(source="legal_basis_id", allow_null=True)
    ordered_by = serializers.CharField()
    document_reference = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    responsible_officer = serializers.IntegerField(source="responsible_officer_id")
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    weekday = serializers.ChoiceField(choices=Weekday.choices, allow_null=True)
    day_of_month = serializers.IntegerField(allow_null=True)
    report_by = serializers.TimeField(allow_null=True)
    location = serializers.CharField()
    monitoring_provider = serializers.CharField()
    curfew = serializers.CharField()
    hours_ordered = serializers.IntegerField(allow_null=True)
    placement = serializers.CharField()
    consent_given_on = serializers.DateField(allow_null=True)
    details = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    active = serializers.BooleanField(source="is_active")


class MeasureInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False)
    case = serializers.UUIDField(required=False)
    version = serializers.IntegerField(min_value=1, required=False)
    legal_basis = serializers.UUIDField(required=False, allow_null=True)
    ordered_by = serializers.CharField(max_length=200, required=False, allow_blank=True)
    document_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)
    responsible_officer = serializers.IntegerField(required=False)
    frequency = serializers.ChoiceField(choices=Frequency.choices, required=False)
    weekday = serializers.ChoiceField(choices=Weekday.choices, required=False, allow_null=True)
    day_of_month = serializers.IntegerField(min_value=1, max_value=31, required=False, allow_null=True)
    report_by = serializers.TimeField(required=False, allow_null=True)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    monitoring_provider = serializers.CharField(max_length=200, required=False, allow_blank=True)
    curfew = serializers.CharField(max_length=100, required=False, allow_blank=True)
    hours_ordered = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    placement = serializers.CharField(max_length=200, required=False, allow_blank=True)
    consent_given_on = serializers.DateField(required=False, allow_null=True)
    details = serializers.CharField(required=False, allow_blank=True)


class MeasureEndInput(VersionedInput):
    ended_on = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=MeasureEndReason.choices)


class CheckInRowSerializer(serializers.Serializer):
    """An expected or logged check-in: `missed` when logged missed, or due and not logged by
    its time (`overdue`)."""

    due_on = serializers.DateField(source="expected.due_on")
    status = serializers.CharField(source="expected.status")
    scheduled = serializers.BooleanField(source="expected.scheduled")
    overdue = serializers.BooleanField(source="expected.overdue")
    missed = serializers.BooleanField(source="expected.missed")
    reason = serializers.CharField(source="logged.reason", default="")
    hours = serializers.DecimalField(
        source="logged.hours", max_digits=5, decimal_places=1, allow_null=True, default=None
    )
    automatic = serializers.BooleanField(source="logged.automatic", default=False)
    follow_up_task = serializers.UUIDField(source="logged.follow_up_task_id", allow_null=True, default=None)


class MeasureDetailSerializer(serializers.Serializer):
    measure = MeasureSerializer()
    hours_completed = serializers.DecimalField(max_digits=7, decimal_places=1)
    missed_count = serializers.IntegerField()
    check_ins = CheckInRowSerializer(many=True, source="rows")
    breaches = LegalEventSerializer(many=True)


class CheckInInput(serializers.Serializer):
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=CheckInStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True)


class CheckInSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    reason = serializers.CharField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    follow_up_task = serializers.UUIDField(source="follow_up_task_id", allow_null=True)


class MeasureFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False)
    state = serializers.ChoiceField(choices=["active", "ended", "all"], required=False, default="active")
    mine = serializers.BooleanField(required=False, default=False)
    missed = serializers.BooleanField(required=False, default=False)


class ParticipationSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=ParticipationKind.choices)
    category = serializers.CharField(read_only=True)
    title = serializers.CharField(max_length=200)
    provider = serializers.CharField(max_length=200, required=False, allow_blank=True)
    facility = serializers.IntegerField(source="facility_id", required=False, allow_null=True)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ParticipationStatus.choices, required=False)
    sessions_attended = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class FamilyVisitSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    visited_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=VisitKind.choices, required=False)
    visitors = serializers.CharField(max_length=200)
    children_present = serializers.BooleanField(required=False, default=False)
    facility = serializers.IntegerField(source="facility_id", required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class CustodyNoteSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    category = serializers.ChoiceField(choices=DataCategory.choices)
    body = serializers.CharField()
    facility = serializers.IntegerField(source="facility_id", required=False, allow_null=True)
    author = serializers.CharField(source="author.label", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class CustodySerializer(serializers.Serializer):
    participations = ParticipationSerializer(many=True)
    visits = FamilyVisitSerializer(many=True)
    notes = CustodyNoteSerializer(many=True)


class ChildSafeguardSerializer(CategorisedSerializer):
    """A child's safeguards; fields of categories you may not see are absent."""

    field_categories = CHILD_FIELD_CATEGORIES

    person = serializers.UUIDField(source="person_id", read_only=True)
    version = serializers.IntegerField(required=False, min_value=1)
    guardian = serializers.UUIDField(source="guardian_id", required=False, allow_null=True)
    guardian_description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    guardian_consent = serializers.ChoiceField(choices=GuardianConsent.choices, required=False)
    guardian_consent_on = serializers.DateField(required=False, allow_null=True)
    child_views = serializers.CharField(required=False, allow_blank=True)
    child_views_on = serializers.DateField(required=False, allow_null=True)
    best_interests = serializers.CharField(required=False, allow_blank=True)
    best_interests_on = serializers.DateField(required=False, allow_null=True)
    school_status = serializers.ChoiceField(choices=SchoolStatus.choices, required=False)
    school_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    school_since = serializers.DateField(required=False, allow_null=True)
    age_at_alleged_offence = serializers.IntegerField(read_only=True, allow_null=True)
    juvenile_justice = serializers.BooleanField(read_only=True)


class CarePreferenceSerializer(CategorisedSerializer):
    """Care preferences; fields of categories you may not see are absent."""

    field_categories = CARE_FIELD_CATEGORIES

    person = serializers.UUIDField(source="person_id", read_only=True)
    version = serializers.IntegerField(required=False, min_value=1)
    practitioner = serializers.ChoiceField(choices=PractitionerPreference.choices, required=False)
    interpreter_language = serializers.CharField(max_length=60, required=False, allow_blank=True)
    childcare_needed = serializers.BooleanField(required=False)
    specific_needs = serializers.CharField(required=False, allow_blank=True)


class ReturnMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(required=False, min_value=1)
    person = serializers.UUIDField(source="person_id", read_only=True)
    person_code = serializers.CharField(source="person.code", read_only=True)
    role = serializers.ChoiceField(choices=ReturnRole.choices, required=False)
    born_abroad = serializers.BooleanField(required=False)
    identity_papers = serializers.ChoiceField(choices=PapersStatus.choices, required=False)
    citizenship = serializers.ChoiceField(choices=CitizenshipCheck.choices, required=False)
    birth_registration = serializers.ChoiceField(choices=BirthRegistration.choices, required=False)
    documents_note = serializers.CharField(required=False, allow_blank=True)
    screening_outcome = serializers.SerializerMethodField()

    def get_screening_outcome(self, member: Any) -> str:
        """The latest screening on return of this person for this return ("" when none)."""
        screenings: dict[Any, Any] = self.context.get("screenings", {})
        event = screenings.get(member.person_id)
        return event.screening_outcome if event else ""


class NeedSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=NeedKind.choices)
    category = serializers.CharField(read_only=True)
    person = serializers.UUIDField(source="person_id", required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    status = serializers.ChoiceField(choices=NeedStatus.choices, required=False)
    met_on = serializers.DateField(read_only=True, allow_null=True)


class NeedStatusInput(VersionedInput):
    status = serializers.ChoiceField(choices=NeedStatus.choices)


class ReceptionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    step = serializers.CharField(read_only=True)
    done = serializers.BooleanField()
    done_on = serializers.DateField(read_only=True, allow_null=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ReturnSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    returned_on = serializers.DateField()
    from_country = serializers.CharField()
    from_location = serializers.CharField()
    kind = serializers.ChoiceField(choices=ReturnKind.choices)
    arrival_point = serializers.CharField()
    organised_by = serializers.CharField()
    household = serializers.UUIDField(source="household_id", allow_null=True)
    notes = serializers.CharField()


class ReturnDetailSerializer(serializers.Serializer):
    ret = ReturnSerializer()
    members = serializers.SerializerMethodField()
    hidden_members = serializers.IntegerField()
    needs = NeedSerializer(many=True)
    checklist = ReceptionItemSerializer(many=True)

    def get_members(self, detail: Any) -> list[dict[str, Any]]:
        """The returnees you may see, with their documents and screening outcome."""
        screenings = {row.member.person_id: row.screening for row in detail.rows}
        return [
            ReturnMemberSerializer(row.member, context={"screenings": screenings}).data for row in detail.rows
        ]


class ReturnMemberInput(serializers.Serializer):
    person = serializers.UUIDField()
    role = serializers.ChoiceField(choices=ReturnRole.choices)
    born_abroad = serializers.BooleanField(required=False, default=False)


class ReturnInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False)
    returned_on = serializers.DateField(required=False)
    from_country = serializers.CharField(max_length=2, required=False)
    from_location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=ReturnKind.choices, required=False)
    arrival_point = serializers.CharField(max_length=200, required=False, allow_blank=True)
    organised_by = serializers.CharField(max_length=200, required=False, allow_blank=True)
    household = serializers.UUIDField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    members = ReturnMemberInput(many=True, required=False)


class FamilyGoalSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(required=False, min_value=1)
    household = serializers.UUIDField(source="household_id", read_only=True)
    dimension = serializers.ChoiceField(choices=GoalDimension.choices, required=False)
    goal = serializers.CharField(max_length=300, required=False)
    agreed_on = serializers.DateField(required=False, allow_null=True)
    target_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=GoalStatus.choices, required=False)
    support = serializers.CharField(max_length=200, required=False, allow_blank=True)
    progress = serializers.CharField(required=False, allow_blank=True)


class FamilyCaseSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="obj.pk")
    code = serializers.CharField(source="obj.code")
    stage = serializers.CharField(source="obj.stage")


class FamilyMemberSerializer(serializers.Serializer):
    """A member on the family overview; legal status only where you may see it."""

    person = serializers.UUIDField(source="member.person_id")
    person_code = serializers.CharField(source="member.person.code")
    relationship = serializers.CharField(source="member.relationship")
    cases = FamilyCaseSerializer(many=True)
    legal_status = serializers.CharField(source="status_code")
    legal_status_label = serializers.CharField(source="status_label")
    juvenile_justice = serializers.BooleanField(source="juvenile")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not instance.seen.sees[DataCategory.LEGAL_STATUS]:
            for name in ("legal_status", "legal_status_label", "juvenile_justice"):
                data.pop(name, None)
        return data


class FamilyOverviewSerializer(serializers.Serializer):
    household = serializers.UUIDField(source="household.pk")
    household_code = serializers.CharField(source="household.code")
    members = FamilyMemberSerializer(many=True, source="rows")
    hidden_members = serializers.IntegerField()
    goals = FamilyGoalSerializer(many=True)
