from rest_framework import serializers

from reintegra.cases.choices import CaseOutcome, CaseRole, CaseStage, TaskStatus
from reintegra.cases.models import CASE_FIELD_CATEGORIES
from reintegra.core.api.serializers import CategorisedSerializer, VersionedInput
from reintegra.core.choices import DataCategory
from reintegra.people.choices import AgeBand, Sex


class AgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    agency_type = serializers.CharField()
    region = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())


class LabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(source="text")  # type: ignore[assignment]  # a JSON key; DRF collects it as a field


class CaseOutputSerializer(CategorisedSerializer):
    """A case; person names appear only where you may see the identity category."""

    field_categories = {**CASE_FIELD_CATEGORIES, "person_name": DataCategory.IDENTITY}

    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    person_id = serializers.UUIDField()
    person_code = serializers.CharField(source="person.code")
    person_name = serializers.CharField(source="person.display_name")
    programme = serializers.CharField(source="programme.code")
    lead_agency = serializers.IntegerField(source="lead_agency_id")
    beneficiary_type = LabelSerializer()
    stage = serializers.ChoiceField(choices=CaseStage.choices)
    stage_changed_at = serializers.DateTimeField()
    opened_on = serializers.DateField()
    referral_source = serializers.CharField()
    outcome = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    my_role = serializers.CharField(source="actor_role", allow_null=True)
    categories = serializers.SerializerMethodField()

    def get_categories(self, case: object) -> list[str]:
        """The data categories of this case you may see."""
        return sorted(self.context.get("categories_of", lambda _c: frozenset())(case))


class CaseOpenSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    programme = serializers.SlugField(help_text="Programme code")
    beneficiary_type = serializers.SlugField(help_text="Beneficiary type code")
    referral_source = serializers.CharField(max_length=200, required=False, allow_blank=True)
    opened_on = serializers.DateField(required=False)


class CaseUpdateSerializer(VersionedInput):
    beneficiary_type = serializers.SlugField(required=False)
    referral_source = serializers.CharField(max_length=200, required=False, allow_blank=True)
    opened_on = serializers.DateField(required=False)


class TransitionSerializer(VersionedInput):
    to_stage = serializers.ChoiceField(choices=CaseStage.choices)
    reason = serializers.CharField(required=False, allow_blank=True)


class CloseSerializer(VersionedInput):
    outcome = serializers.ChoiceField(choices=CaseOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True)


class ReopenSerializer(VersionedInput):
    reason = serializers.CharField()


class TeamMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    user = serializers.IntegerField(source="user_id")
    user_name = serializers.CharField(source="user.label", read_only=True)
    agency = serializers.IntegerField(source="agency_id", read_only=True)
    role = serializers.ChoiceField(choices=CaseRole.choices)


class NoteSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    category = serializers.ChoiceField(choices=DataCategory.choices)
    body = serializers.CharField()
    author = serializers.CharField(source="author.label", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class TaskSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True, allow_null=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    due_on = serializers.DateField()
    assignee = serializers.IntegerField(source="assignee_id")
    status = serializers.ChoiceField(choices=TaskStatus.choices, read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)


class TaskStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TaskStatus.choices)


class CaseFilterSerializer(serializers.Serializer):
    """Query parameters of the case list (all optional)."""

    q = serializers.CharField(required=False, allow_blank=True, help_text="Case code, person code or name")
    stage = serializers.ChoiceField(choices=CaseStage.choices, required=False)
    agency = serializers.IntegerField(required=False)
    beneficiary_type = serializers.SlugField(required=False)
    programme = serializers.SlugField(required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    age_band = serializers.ChoiceField(choices=AgeBand.choices, required=False)
    mine = serializers.BooleanField(required=False, default=False)
    ordering = serializers.CharField(required=False)
