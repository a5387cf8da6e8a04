from typing import Any

from rest_framework import serializers

from reintegra.communities.choices import (
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
    ObjectiveStatus,
    PartnerRole,
    PlanStatus,
    PlanStepCode,
    Potential,
    RespondentGroup,
    RespondentSex,
    StakeholderKind,
    StepStatus,
    Trust,
    WaveStatus,
    Willingness,
)
from reintegra.communities.models import STAKEHOLDER_FIELD_CATEGORIES
from reintegra.core.api.serializers import CategorisedSerializer, VersionedInput
from reintegra.core.statistics import Cell


class CellSerializer(serializers.Serializer):
    """A figure after small-cell suppression: `value` and `n` are null when suppressed."""

    value = serializers.FloatField(source="shown", allow_null=True)
    n = serializers.IntegerField(source="shown_n", allow_null=True)
    suppressed = serializers.BooleanField()
    display = serializers.CharField()


def cell_data(cell: Cell) -> dict[str, Any]:
    return dict(CellSerializer(cell).data)


class PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    level = serializers.CharField()
    name = serializers.CharField()


class CommunityOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    place = PlaceSerializer()
    population_estimate = serializers.IntegerField(allow_null=True)
    population_notes = serializers.CharField()
    steward_agency = serializers.IntegerField(source="steward_agency_id")


class CommunityCreateSerializer(serializers.Serializer):
    place = serializers.SlugField(help_text="Code of a town or district")
    population_estimate = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    population_notes = serializers.CharField(required=False, allow_blank=True)


class CommunityUpdateSerializer(VersionedInput):
    population_estimate = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    population_notes = serializers.CharField(required=False, allow_blank=True)


class CommunityFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, help_text="Place name, any language")
    region = serializers.IntegerField(required=False)
    mine = serializers.BooleanField(required=False, default=False)


class ProfileEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    theme = serializers.ChoiceField(choices=EntryTheme.choices)
    description = serializers.CharField()
    evidence = serializers.CharField(required=False, allow_blank=True)
    coverage = serializers.ChoiceField(choices=Coverage.choices, required=False, allow_blank=True)


class ProfileOutputSerializer(serializers.Serializer):
    """A profile version; `participation` has margins (by group, sex, age) after suppression."""

    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.CharField()
    assessed_on = serializers.DateField()
    method = serializers.CharField()
    summary = serializers.CharField()
    governance = serializers.CharField()
    services_notes = serializers.CharField()
    tensions_stigma = serializers.CharField()
    stigma_level = serializers.ChoiceField(choices=Level.choices, allow_blank=True)
    absorption_capacity = serializers.ChoiceField(choices=Level.choices, allow_blank=True)
    absorption_notes = serializers.CharField()
    data_sources = serializers.CharField()
    agency = serializers.IntegerField(source="agency_id")
    published_at = serializers.DateTimeField(allow_null=True)
    entries = serializers.SerializerMethodField()
    participation = serializers.SerializerMethodField()

    def get_entries(self, profile: Any) -> list[dict[str, Any]]:
        return [dict(ProfileEntrySerializer(entry).data) for entry in profile.entries.all()]

    def get_participation(self, profile: Any) -> dict[str, Any]:
        """{"by_group": {key: cell}, "by_sex": …, "by_age": …, "total": cell}"""
        tables = self.context.get("participation")
        if tables is None:
            return {}
        return {
            "by_group": {k: cell_data(c) for k, c in tables.by_group.cells.items()},
            "by_sex": {k: cell_data(c) for k, c in tables.by_sex.cells.items()},
            "by_age": {k: cell_data(c) for k, c in tables.by_age.cells.items()},
            "total": cell_data(tables.total),
        }


class StakeholderOutputSerializer(CategorisedSerializer):
    """A stakeholder; the contact fields are absent unless you may see them."""

    field_categories = STAKEHOLDER_FIELD_CATEGORIES

    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    community = serializers.IntegerField(source="community_id")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=StakeholderKind.choices)
    is_individual = serializers.BooleanField()
    agency = serializers.IntegerField(source="agency_id", allow_null=True)
    owning_agency = serializers.IntegerField(source="owning_agency_id")
    capacity = serializers.CharField()
    needs = serializers.CharField()
    willingness = serializers.ChoiceField(choices=Willingness.choices)
    influence = serializers.IntegerField()
    interest = serializers.IntegerField()
    quadrant = serializers.CharField()
    trust = serializers.ChoiceField(choices=Trust.choices)
    partnership_potential = serializers.ChoiceField(choices=Potential.choices)
    engagement_strategy = serializers.CharField()
    communication_strategy = serializers.CharField()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    contact_address = serializers.CharField()
    is_active = serializers.BooleanField()


class StakeholderInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=160)
    kind = serializers.ChoiceField(choices=StakeholderKind.choices)
    is_individual = serializers.BooleanField(required=False)
    agency = serializers.IntegerField(required=False, allow_null=True)
    capacity = serializers.CharField(required=False, allow_blank=True)
    needs = serializers.CharField(required=False, allow_blank=True)
    willingness = serializers.ChoiceField(choices=Willingness.choices, required=False)
    influence = serializers.IntegerField(min_value=1, max_value=5, required=False)
    interest = serializers.IntegerField(min_value=1, max_value=5, required=False)
    trust = serializers.ChoiceField(choices=Trust.choices, required=False)
    partnership_potential = serializers.ChoiceField(choices=Potential.choices, required=False)
    engagement_strategy = serializers.CharField(required=False, allow_blank=True)
    communication_strategy = serializers.CharField(required=False, allow_blank=True)
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=160)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_address = serializers.CharField(required=False, allow_blank=True)


class StakeholderCreateSerializer(StakeholderInputSerializer):
    community = serializers.IntegerField()


class StakeholderUpdateSerializer(VersionedInput, StakeholderInputSerializer):
    name = serializers.CharField(max_length=160, required=False)
    kind = serializers.ChoiceField(choices=StakeholderKind.choices, required=False)
    is_active = serializers.BooleanField(required=False)


class StakeholderContactSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    contacted_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    summary = serializers.CharField()
    follow_up = serializers.CharField(required=False, allow_blank=True)
    agency = serializers.IntegerField(source="agency_id", read_only=True)


class ScaleSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.JSONField()


class ItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    text = serializers.CharField()
    scale = serializers.CharField(source="scale.code")
    reverse = serializers.BooleanField()


class InstrumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    provenance = serializers.CharField()
    is_active = serializers.BooleanField()


class InstrumentDetailSerializer(InstrumentSerializer):
    scales = ScaleSerializer(many=True)
    items = ItemSerializer(many=True)


class WaveOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    community = serializers.IntegerField(source="community_id")
    instrument = serializers.IntegerField(source="instrument_id")
    label = serializers.CharField()  # type: ignore[assignment]  # a JSON key; DRF collects it as a field
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=WaveStatus.choices)
    sampling_notes = serializers.CharField()
    agency = serializers.IntegerField(source="agency_id")
    results = serializers.SerializerMethodField()

    def get_results(self, wave: Any) -> dict[str, Any] | None:
        """{"exact": bool, "respondents": {group: cell, "total": cell},
        "scores": {dimension or "overall": {group: cell}}} (0–100), when asked for."""
        scores = self.context.get("results", {}).get(wave.pk)
        if scores is None:
            return None
        return {
            "exact": scores.exact,
            "respondents": {
                **{k: cell_data(c) for k, c in scores.respondents.cells.items()},
                "total": cell_data(scores.respondents.total),
            },
            "scores": {row.key: {g: cell_data(c) for g, c in row.cells.items()} for row in scores.rows},
        }


class WaveInputSerializer(serializers.Serializer):
    community = serializers.IntegerField()
    instrument = serializers.IntegerField()
    label = serializers.CharField(max_length=80)  # type: ignore[assignment]  # a JSON key
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=WaveStatus.choices, required=False)
    sampling_notes = serializers.CharField(required=False, allow_blank=True)


class ResponseInputSerializer(serializers.Serializer):
    """One anonymous respondent: no name, address or case code."""

    group = serializers.ChoiceField(choices=RespondentGroup.choices)
    sex = serializers.ChoiceField(choices=RespondentSex.choices)
    age_band = serializers.ChoiceField(choices=AgeGroup.choices)
    collected_on = serializers.DateField()
    answers = serializers.DictField(
        child=serializers.IntegerField(allow_null=True, min_value=1),
        help_text='Item code → answer point; null for "don\'t know" or "refused".',
    )


class ResponseOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    group = serializers.CharField()
    sex = serializers.CharField()
    age_band = serializers.CharField()
    collected_on = serializers.DateField()
    source = serializers.CharField()  # type: ignore[assignment]  # a JSON key
    answers = serializers.SerializerMethodField()

    def get_answers(self, response: Any) -> dict[str, int | None]:
        return {answer.item.code: answer.value for answer in response.answers.all()}


class IncidentResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    stakeholder = serializers.UUIDField(source="stakeholder_id", allow_null=True, required=False)
    agency = serializers.IntegerField(source="agency_id", allow_null=True, required=False)
    asked_on = serializers.DateField()
    request = serializers.CharField()
    action = serializers.CharField(required=False, allow_blank=True)
    done_on = serializers.DateField(required=False, allow_null=True)
    effect = serializers.ChoiceField(choices=Effect.choices, required=False)


class IncidentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    community = serializers.IntegerField(source="community_id")
    place = serializers.IntegerField(source="place_id", allow_null=True)
    occurred_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    title = serializers.CharField()
    description = serializers.CharField()
    practitioner_safety = serializers.BooleanField()
    status = serializers.ChoiceField(choices=IncidentStatus.choices)
    follow_up = serializers.CharField()
    follow_up_due = serializers.DateField(allow_null=True)
    effect = serializers.ChoiceField(choices=Effect.choices)
    effect_notes = serializers.CharField()
    agency = serializers.IntegerField(source="agency_id")


class IncidentDetailSerializer(IncidentOutputSerializer):
    involved_agencies = serializers.SerializerMethodField()
    responses = IncidentResponseSerializer(many=True)

    def get_involved_agencies(self, incident: Any) -> list[int]:
        return [agency.pk for agency in incident.involved_agencies.all()]


class IncidentInputSerializer(serializers.Serializer):
    community = serializers.IntegerField()
    place = serializers.IntegerField(required=False, allow_null=True)
    occurred_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    title = serializers.CharField(max_length=160)
    description = serializers.CharField()
    practitioner_safety = serializers.BooleanField(required=False)
    involved_agencies = serializers.ListField(child=serializers.IntegerField(), required=False)
    status = serializers.ChoiceField(choices=IncidentStatus.choices, required=False)
    follow_up = serializers.CharField(required=False, allow_blank=True)
    follow_up_due = serializers.DateField(required=False, allow_null=True)
    effect = serializers.ChoiceField(choices=Effect.choices, required=False)
    effect_notes = serializers.CharField(required=False, allow_blank=True)


class IncidentUpdateSerializer(VersionedInput):
    occurred_on = serializers.DateField(required=False)
    kind = serializers.ChoiceField(choices=IncidentKind.choices, required=False)
    title = serializers.CharField(max_length=160, required=False)
    description = serializers.CharField(required=False)
    status = serializers.ChoiceField(choices=IncidentStatus.choices, required=False)
    follow_up = serializers.CharField(required=False, allow_blank=True)
    follow_up_due = serializers.DateField(required=False, allow_null=True)
    effect = serializers.ChoiceField(choices=Effect.choices, required=False)
    effect_notes = serializers.CharField(required=False, allow_blank=True)


class IncidentFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True)
    community = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=IncidentKind.choices, required=False)
    status = serializers.ChoiceField(choices=IncidentStatus.choices, required=False)
    safety = serializers.BooleanField(required=False, default=False)
    open_only = serializers.BooleanField(required=False, default=False)


class PlanStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=PlanStepCode.choices)
    status = serializers.ChoiceField(choices=StepStatus.choices)
    notes = serializers.CharField(required=False, allow_blank=True)


class PlanPartnerSerializer(serializers.Serializer):
    agency = serializers.IntegerField(source="agency_id")
    role = serializers.ChoiceField(choices=PartnerRole.choices)
    responsibilities = serializers.CharField()


class PlanObjectiveSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    statement = serializers.CharField()
    measure = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    responsible_agency = serializers.IntegerField(source="responsible_agency_id", allow_null=True)
    status = serializers.ChoiceField(choices=ObjectiveStatus.choices)


class PlanEngagementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stakeholder = serializers.UUIDField(source="stakeholder_id")
    expected_role = serializers.CharField()
    approach = serializers.CharField()
    communication = serializers.CharField()
    responsible_agency = serializers.IntegerField(source="responsible_agency_id", allow_null=True)
    status = serializers.ChoiceField(choices=EngagementStatus.choices)


class PlanMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    agencies = serializers.SerializerMethodField()
    other_participants = serializers.CharField()
    summary = serializers.CharField()
    decisions = serializers.CharField()
    next_meeting_on = serializers.DateField(allow_null=True)

    def get_agencies(self, meeting: Any) -> list[int]:
        return [agency.pk for agency in meeting.agencies.all()]


class CapacityNeedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stakeholder = serializers.UUIDField(source="stakeholder_id", allow_null=True)
    agency = serializers.IntegerField(source="agency_id", allow_null=True)
    area = serializers.ChoiceField(choices=CapacityArea.choices)
    description = serializers.CharField()
    planned_support = serializers.CharField()
    status = serializers.CharField()


class PlanOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    community = serializers.IntegerField(source="community_id", allow_null=True)
    programme = serializers.IntegerField(source="programme_id", allow_null=True)
    lead_agency = serializers.IntegerField(source="lead_agency_id")
    status = serializers.ChoiceField(choices=PlanStatus.choices)
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    profile = serializers.IntegerField(source="profile_id", allow_null=True)
    analysis_summary = serializers.CharField()
    coordination_mechanism = serializers.CharField()
    coordination_level = serializers.ChoiceField(choices=CoordinationLevel.choices)
    meeting_frequency = serializers.CharField()


class PlanDetailSerializer(PlanOutputSerializer):
    steps = PlanStepSerializer(many=True)
    partners = PlanPartnerSerializer(many=True)
    objectives = PlanObjectiveSerializer(many=True)
    engagements = PlanEngagementSerializer(many=True)
    meetings = PlanMeetingSerializer(many=True)
    capacity_needs = CapacityNeedSerializer(many=True)


class PlanInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    community = serializers.IntegerField(required=False, allow_null=True)
    programme = serializers.SlugField(required=False, allow_blank=True, help_text="Programme code")
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    analysis_summary = serializers.CharField(required=False, allow_blank=True)
    coordination_mechanism = serializers.CharField(required=False, allow_blank=True)
    coordination_level = serializers.ChoiceField(choices=CoordinationLevel.choices, required=False)
    meeting_frequency = serializers.CharField(required=False, allow_blank=True, max_length=80)
