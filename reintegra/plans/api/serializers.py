"""API shapes of plans, goals, actions, reviews, sessions and mentor assignments."""

from typing import Any

from rest_framework import serializers

from reintegra.core.api.serializers import VersionedInput
from reintegra.core.choices import DataCategory
from reintegra.plans.choices import (
    AcceptanceMethod,
    ActionStatus,
    Attendance,
    GoalDimension,
    GoalStatus,
    MenteeKind,
    NonAttendanceReason,
    ResponsibleKind,
    SessionType,
)


class PlanActionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    goal = serializers.UUIDField(source="goal_id")
    description = serializers.CharField()
    responsible_kind = serializers.ChoiceField(choices=ResponsibleKind.choices)
    responsible_user = serializers.IntegerField(source="responsible_user_id", allow_null=True)
    responsible_agency = serializers.IntegerField(source="responsible_agency_id", allow_null=True)
    responsible_name = serializers.CharField()
    target_date = serializers.DateField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    done_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField(source="is_overdue")


class GoalSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    plan = serializers.UUIDField(source="plan_id")
    dimension = serializers.ChoiceField(choices=GoalDimension.choices)
    category = serializers.CharField()
    title = serializers.CharField()
    participant_words = serializers.CharField()
    target_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=GoalStatus.choices)
    accepted_in_version = serializers.IntegerField(source="accepted_in.number", allow_null=True, default=None)
    from_item = serializers.CharField(source="from_item_code")
    actions = PlanActionSerializer(many=True, source="actions.all")


class PlanVersionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.IntegerField()
    accepted_on = serializers.DateField()
    method = serializers.ChoiceField(choices=AcceptanceMethod.choices)
    participant_words = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.label")


class PlanReviewSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    held_on = serializers.DateField(allow_null=True)
    notes = serializers.CharField()


class IndividualPlanSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    status = serializers.CharField()
    summary = serializers.CharField()
    review_every_weeks = serializers.IntegerField()
    started_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)


class IndividualPlanDetailSerializer(IndividualPlanSerializer):
    """A plan with the goals you may see (by life area), its versions and reviews."""

    goals = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    lowest_survey_dimension = serializers.SerializerMethodField()

    def get_goals(self, plan: Any) -> list[dict[str, Any]]:
        return [dict(GoalSerializer(g).data) for g in self.context.get("goals", [])]

    def get_versions(self, plan: Any) -> list[dict[str, Any]]:
        return [dict(PlanVersionSerializer(v).data) for v in self.context.get("versions", [])]

    def get_reviews(self, plan: Any) -> list[dict[str, Any]]:
        return [dict(PlanReviewSerializer(r).data) for r in self.context.get("reviews", [])]

    def get_lowest_survey_dimension(self, plan: Any) -> str | None:
        """The lowest dimension of the latest sustainability survey you may see."""
        survey = self.context.get("survey")
        return survey.lowest if survey else None


class IndividualPlanInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    summary = serializers.CharField(allow_blank=True, required=False, default="")
    review_every_weeks = serializers.IntegerField(min_value=1, max_value=52, required=False, default=12)
    started_on = serializers.DateField(required=False)


class IndividualPlanUpdateSerializer(VersionedInput):
    summary = serializers.CharField(allow_blank=True, required=False)
    review_every_weeks = serializers.IntegerField(min_value=1, max_value=52, required=False)
    started_on = serializers.DateField(required=False)


class AcceptanceSerializer(VersionedInput):
    goals = serializers.ListField(child=serializers.UUIDField(), allow_empty=False)
    accepted_on = serializers.DateField()
    method = serializers.ChoiceField(choices=AcceptanceMethod.choices)
    participant_words = serializers.CharField()


class GoalInputSerializer(serializers.Serializer):
    plan = serializers.UUIDField()
    dimension = serializers.ChoiceField(choices=GoalDimension.choices)
    title = serializers.CharField(max_length=300)
    participant_words = serializers.CharField(allow_blank=True, required=False, default="")
    target_date = serializers.DateField(required=False, allow_null=True, default=None)


class GoalUpdateSerializer(VersionedInput):
    dimension = serializers.ChoiceField(choices=GoalDimension.choices, required=False)
    title = serializers.CharField(max_length=300, required=False)
    participant_words = serializers.CharField(allow_blank=True, required=False)
    target_date = serializers.DateField(required=False, allow_null=True)


class StatusInputSerializer(serializers.Serializer):
    status = serializers.CharField()
    version = serializers.IntegerField(min_value=1, required=False)


class ActionInputSerializer(serializers.Serializer):
    goal = serializers.UUIDField()
    description = serializers.CharField(max_length=300)
    responsible_kind = serializers.ChoiceField(choices=ResponsibleKind.choices)
    responsible_user = serializers.IntegerField(required=False, allow_null=True, default=None)
    responsible_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    responsible_name = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    target_date = serializers.DateField()


class ActionUpdateSerializer(VersionedInput):
    description = serializers.CharField(max_length=300, required=False)
    responsible_kind = serializers.ChoiceField(choices=ResponsibleKind.choices, required=False)
    responsible_user = serializers.IntegerField(required=False, allow_null=True)
    responsible_agency = serializers.IntegerField(required=False, allow_null=True)
    responsible_name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    target_date = serializers.DateField(required=False)


class ReviewScheduleSerializer(serializers.Serializer):
    due_on = serializers.DateField()


class ReviewRecordSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    notes = serializers.CharField()
    schedule_next = serializers.BooleanField(required=False, default=True)


class SessionNoteSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    category = serializers.ChoiceField(choices=DataCategory.choices)
    body = serializers.CharField()
    is_concern = serializers.BooleanField(required=False, default=False)
    author = serializers.CharField(source="author.label", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class SessionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    session_type = serializers.ChoiceField(choices=SessionType.choices)
    category = serializers.CharField()
    occurred_on = serializers.DateField()
    duration_minutes = serializers.IntegerField(allow_null=True)
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    non_attendance_reason = serializers.CharField()
    with_family = serializers.BooleanField()
    held_by = serializers.CharField(source="facilitator.label")
    concern = serializers.BooleanField()
    concern_open = serializers.BooleanField()
    concern_resolution = serializers.CharField()


class SessionDetailSerializer(SessionSerializer):
    notes = serializers.SerializerMethodField()

    def get_notes(self, session: Any) -> list[dict[str, Any]]:
        """The notes whose category you may read."""
        return [dict(SessionNoteSerializer(n).data) for n in self.context.get("notes", [])]


class SessionInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    session_type = serializers.ChoiceField(choices=SessionType.choices)
    occurred_on = serializers.DateField()
    duration_minutes = serializers.IntegerField(
        min_value=1, max_value=1440, required=False, allow_null=True, default=None
    )
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    non_attendance_reason = serializers.ChoiceField(
        choices=NonAttendanceReason.choices, required=False, allow_blank=True, default=""
    )
    with_family = serializers.BooleanField(required=False, default=False)
    concern = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(allow_blank=True, required=False, default="")
    note_category = serializers.ChoiceField(
        choices=DataCategory.choices, required=False, default=DataCategory.CASE_NOTES
    )


class SessionUpdateSerializer(VersionedInput):
    session_type = serializers.ChoiceField(choices=SessionType.choices, required=False)
    occurred_on = serializers.DateField(required=False)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440, required=False, allow_null=True)
    attendance = serializers.ChoiceField(choices=Attendance.choices, required=False)
    non_attendance_reason = serializers.ChoiceField(
        choices=NonAttendanceReason.choices, required=False, allow_blank=True
    )
    with_family = serializers.BooleanField(required=False)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField()


class MentorAssignmentSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id")
    mentor = serializers.IntegerField(source="mentor_id")
    mentor_name = serializers.CharField(source="mentor.label", read_only=True)
    mentee_kind = serializers.ChoiceField(choices=MenteeKind.choices)
    mentee_person = serializers.UUIDField(
        source="mentee_person_id", allow_null=True, required=False, default=None
    )
    mentee_description = serializers.CharField(allow_blank=True, required=False, default="")
    focus = serializers.CharField(allow_blank=True, required=False, default="")
    started_on = serializers.DateField(required=False)
    ended_on = serializers.DateField(read_only=True, allow_null=True)
    end_reason = serializers.CharField(read_only=True)


class MentorEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    end_reason = serializers.CharField(allow_blank=True, required=False, default="")
