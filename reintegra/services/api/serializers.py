from typing import Any

from rest_framework import serializers

from reintegra.core.api.serializers import CategorisedSerializer, VersionedInput
from reintegra.core.choices import DataCategory
from reintegra.services.choices import (
    REFERRAL_CATEGORIES,
    Attendance,
    DeclineReason,
    EndReason,
    FeedbackKind,
    NeedArea,
    ReferralPriority,
    ReferralStatus,
    ServiceOutcome,
)
from reintegra.services.models import REFERRAL_FIELD_CATEGORIES

C = DataCategory


class ServiceTypeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(source="text")  # type: ignore[assignment]
    need_areas = serializers.ListField(child=serializers.ChoiceField(choices=NeedArea.choices))


class ProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    kind = serializers.CharField()
    agency = serializers.IntegerField(source="agency_id", allow_null=True)
    name = serializers.CharField()
    provider_type = serializers.CharField()
    description = serializers.CharField()
    place = serializers.CharField(source="place.code", allow_null=True, default=None)
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    focal_point_name = serializers.CharField()
    focal_point_role = serializers.CharField()
    focal_point_phone = serializers.CharField()
    focal_point_email = serializers.CharField()
    is_active = serializers.BooleanField()


class ServiceSerializer(serializers.Serializer):
    """A directory entry (reference data, not personal data)."""

    id = serializers.IntegerField()
    version = serializers.IntegerField()
    provider = serializers.IntegerField(source="provider_id")
    provider_name = serializers.CharField(source="provider.name")
    provider_has_accounts = serializers.BooleanField(source="provider.has_accounts")
    service_type = serializers.CharField(source="service_type.code")
    name = serializers.CharField()
    description = serializers.CharField()
    min_age = serializers.IntegerField(allow_null=True)
    max_age = serializers.IntegerField(allow_null=True)
    sexes = serializers.CharField()
    beneficiary_types = serializers.SerializerMethodField()
    eligibility_notes = serializers.CharField()
    areas_served = serializers.SerializerMethodField()
    site = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    gender_sensitive = serializers.BooleanField()
    child_friendly = serializers.BooleanField()
    wheelchair_accessible = serializers.BooleanField()
    accessibility_notes = serializers.CharField()
    cost = serializers.CharField()
    cost_notes = serializers.CharField()
    hours = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    waiting_days = serializers.IntegerField(allow_null=True)
    accepting_referrals = serializers.BooleanField()
    quality_rating = serializers.IntegerField(allow_null=True)
    quality_evidence = serializers.CharField()
    quality_assessed_on = serializers.DateField(allow_null=True)
    risk_stigma = serializers.CharField()
    risk_security = serializers.CharField()
    risk_data_exposure = serializers.CharField()
    risk_notes = serializers.CharField()
    willingness = serializers.CharField()
    willingness_notes = serializers.CharField()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    last_verified_on = serializers.DateField(allow_null=True)
    stale = serializers.BooleanField(source="is_stale")
    is_active = serializers.BooleanField()

    def get_beneficiary_types(self, service: Any) -> list[str]:
        """Codes of the beneficiary types accepted (empty: all)."""
        return [label.code for label in service.beneficiary_types.all()]

    def get_areas_served(self, service: Any) -> list[str]:
        """Codes of the places served (a region covers every place within it)."""
        return [place.code for place in service.areas_served.all()]


class ServiceUpdateSerializer(VersionedInput):
    """What a provider keeps current through the API; everything optional."""

    capacity = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    waiting_days = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    accepting_referrals = serializers.BooleanField(required=False)
    hours = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class DirectoryFilterSerializer(serializers.Serializer):
    """Query parameters of the directory (all optional)."""

    q = serializers.CharField(required=False, allow_blank=True)
    need = serializers.ChoiceField(choices=NeedArea.choices, required=False)
    service_type = serializers.SlugField(required=False, help_text="Service type code")
    place = serializers.SlugField(required=False, help_text="Place code (town, district or region)")
    language = serializers.CharField(required=False)
    case = serializers.CharField(required=False, help_text="A case code: only services suiting that person")
    gender_sensitive = serializers.BooleanField(required=False, default=False)
    child_friendly = serializers.BooleanField(required=False, default=False)
    accessible = serializers.BooleanField(required=False, default=False)
    free = serializers.BooleanField(required=False, default=False)
    accepting = serializers.BooleanField(required=False, default=False)
    verified = serializers.BooleanField(required=False, default=False)
    willing = serializers.ChoiceField(choices=[("yes", "yes"), ("open", "open")], required=False)
    ordering = serializers.ChoiceField(
        choices=[("name", "name"), ("waiting", "waiting"), ("quality", "quality"), ("verified", "verified")],
        required=False,
    )


class HouseholdMemberSerializer(serializers.Serializer):
    relationship = serializers.CharField()
    sex = serializers.CharField(source="person.sex")
    age = serializers.IntegerField(source="person.age", allow_null=True)


class SharedCaseSerializer(CategorisedSerializer):
    """What the provider sees of the case: only fields of the categories that travel now."""

    field_categories = {
        "name": C.IDENTITY,
        "sex": C.IDENTITY,
        "age": C.IDENTITY,
        "nationality": C.IDENTITY,
        "languages": C.IDENTITY,
        "phone": C.CONTACT_LOCATION,
        "email": C.CONTACT_LOCATION,
        "address": C.CONTACT_LOCATION,
        "place": C.CONTACT_LOCATION,
        "locality": C.CONTACT_LOCATION,
        "beneficiary_type": C.LEGAL_STATUS,
        "citizenship_status": C.LEGAL_STATUS,
        "disability": C.HEALTH_PSYCHOSOCIAL,
        "disability_notes": C.HEALTH_PSYCHOSOCIAL,
        "household": C.FAMILY_CHILDREN,
        "reason": C.CASE_NOTES,
        "safety_notes": C.RISK_ASSESSMENT,
    }

    case_code = serializers.CharField(source="case.code")
    name = serializers.CharField(source="person.display_name")
    sex = serializers.CharField(source="person.sex")
    age = serializers.IntegerField(source="person.age", allow_null=True)
    nationality = serializers.CharField(source="person.nationality.code")
    languages = serializers.ListField(source="person.languages", child=serializers.CharField())
    phone = serializers.CharField(source="person.phone")
    email = serializers.CharField(source="person.email")
    address = serializers.CharField(source="person.address")
    place = serializers.CharField(source="person.place.code", allow_null=True, default=None)
    locality = serializers.CharField(source="person.locality")
    beneficiary_type = serializers.CharField(source="case.beneficiary_type.code")
    citizenship_status = serializers.CharField(source="person.citizenship_status")
    disability = serializers.CharField(source="person.disability")
    disability_notes = serializers.CharField(source="person.disability_notes")
    household = HouseholdMemberSerializer(many=True)
    reason = serializers.CharField(source="referral.reason")
    safety_notes = serializers.CharField(source="referral.safety_notes")
    categories = serializers.SerializerMethodField()
    withheld = serializers.SerializerMethodField()

    def get_categories(self, shared: Any) -> list[str]:
        """The data categories of the case that travel to the provider now."""
        return sorted(shared.categories)

    def get_withheld(self, shared: Any) -> list[str]:
        """Categories asked for that the sharing policy does not let travel today."""
        return list(shared.withheld)


class ReferralSerializer(CategorisedSerializer):
    """A referral; free text and the person's name only where you may see their category."""

    field_categories = {**REFERRAL_FIELD_CATEGORIES, "person_name": C.IDENTITY}

    id = serializers.UUIDField()
    reference = serializers.CharField()
    version = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id")
    case_code = serializers.CharField(source="case.code")
    person_name = serializers.CharField(source="case.person.display_name")
    provider = serializers.IntegerField(source="provider_id")
    provider_name = serializers.CharField(source="provider.name")
    services = serializers.SerializerMethodField()
    referring_agency = serializers.IntegerField(source="referring_agency_id")
    referred_by = serializers.CharField(source="referred_by.label")
    priority = serializers.ChoiceField(choices=ReferralPriority.choices)
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    reason = serializers.CharField()
    safety_notes = serializers.CharField()
    requested_categories = serializers.ListField(child=serializers.CharField())
    sent_categories = serializers.ListField(child=serializers.CharField())
    target_end_on = serializers.DateField(allow_null=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    due_by = serializers.DateTimeField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()
    end_reason = serializers.CharField()
    outcome = serializers.CharField()
    assigned_to = serializers.IntegerField(source="assigned_to_id", allow_null=True)
    response_overdue = serializers.BooleanField()
    completion_overdue = serializers.BooleanField()
    answered_in_time = serializers.BooleanField(allow_null=True)

    def get_services(self, referral: Any) -> list[int]:
        """Ids of the services requested."""
        return [s.pk for s in referral.services.all()]


class ReferralDetailSerializer(serializers.Serializer):
    """The referral, what the provider sees of the case, and what you may do with it."""

    referral = serializers.DictField()
    shared = serializers.DictField()
    actions = serializers.ListField(child=serializers.CharField())


class ReferralListFilterSerializer(serializers.Serializer):
    side = serializers.ChoiceField(
        choices=[("sent", "sent"), ("incoming", "incoming")], required=False, default="sent"
    )
    tab = serializers.CharField(required=False, allow_blank=True)
    q = serializers.CharField(required=False, allow_blank=True, help_text="Referral reference or case code")
    status = serializers.ChoiceField(choices=ReferralStatus.choices, required=False)
    priority = serializers.ChoiceField(choices=ReferralPriority.choices, required=False)
    provider = serializers.IntegerField(required=False)
    case = serializers.UUIDField(required=False)


_CATEGORY_CHOICES = [(c, c) for c in REFERRAL_CATEGORIES]


class ReferralCreateSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    services = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    priority = serializers.ChoiceField(choices=ReferralPriority.choices)
    reason = serializers.CharField()
    safety_notes = serializers.CharField(required=False, allow_blank=True, default="")
    requested_categories = serializers.ListField(child=serializers.ChoiceField(choices=_CATEGORY_CHOICES))
    target_end_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReferralUpdateSerializer(VersionedInput):
    services = serializers.ListField(child=serializers.IntegerField(), min_length=1, required=False)
    priority = serializers.ChoiceField(choices=ReferralPriority.choices, required=False)
    reason = serializers.CharField(required=False)
    safety_notes = serializers.CharField(required=False, allow_blank=True)
    requested_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=_CATEGORY_CHOICES), required=False
    )
    target_end_on = serializers.DateField(required=False, allow_null=True)


class AcceptSerializer(VersionedInput):
    assignee = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineSerializer(VersionedInput):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EndSerializer(VersionedInput):
    reason = serializers.ChoiceField(choices=EndReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CompleteSerializer(VersionedInput):
    outcome = serializers.ChoiceField(choices=ServiceOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssignSerializer(VersionedInput):
    user = serializers.IntegerField()


class FeedbackSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.ChoiceField(choices=FeedbackKind.choices)
    body = serializers.CharField()
    outcome = serializers.ChoiceField(
        choices=ServiceOutcome.choices, required=False, allow_blank=True, default=""
    )
    author = serializers.CharField(source="author.label", read_only=True)
    on_behalf_of_provider = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class AttendanceSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    session_on = serializers.DateField()
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1440)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    recorded_by = serializers.CharField(source="recorded_by.label", read_only=True)
