"""Sharing in the API: protocols with their state, consents and legal bases, the partner
check of a case, break-glass grants. Outputs are plain; inputs mirror the pages' forms."""

from typing import Any

from rest_framework import serializers

from reintegra.core.choices import DataCategory
from reintegra.sharing.choices import BasisKind, BreakGlassReview, ConsentMethod, SharingPurpose
from reintegra.sharing.models import (
    BreakGlassGrant,
    ProtocolParty,
    ProtocolVersion,
    SharingBasis,
    SharingProtocol,
    TermKind,
)


class ProtocolSerializer(serializers.ModelSerializer):
    """A protocol in a list: the version that matters today and its state."""

    coordinating_agency = serializers.CharField(source="coordinating_agency.name")
    version = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()

    class Meta:
        model = SharingProtocol
        fields = ("id", "code", "title", "coordinating_agency", "version", "state")

    def _current(self, protocol: SharingProtocol) -> Any:
        return self.context["states"].get(protocol.pk)

    def get_version(self, protocol: SharingProtocol) -> int | None:
        current = self._current(protocol)
        return current[0].number if current else None

    def get_state(self, protocol: SharingProtocol) -> str:
        current = self._current(protocol)
        return str(current[1]) if current else "draft"


class PartySerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")
    agency_id = serializers.IntegerField()
    signed_at = serializers.SerializerMethodField()
    signed_by = serializers.SerializerMethodField()

    class Meta:
        model = ProtocolParty
        fields = ("id", "agency_id", "agency", "tasks", "receives", "signed_at", "signed_by")

    def get_signed_at(self, party: ProtocolParty) -> str | None:
        signature = getattr(party, "signature", None)
        return signature.signed_at.isoformat() if signature else None

    def get_signed_by(self, party: ProtocolParty) -> str | None:
        signature = getattr(party, "signature", None)
        return f"{signature.signed_by.label}, {signature.signatory_title}" if signature else None


class VersionSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()
    next_review_on = serializers.SerializerMethodField()
    parties = serializers.SerializerMethodField()

    class Meta:
        model = ProtocolVersion
        fields = (
            "id",
            "number",
            "state",
            "purpose_text",
            "purposes",
            "categories",
            "arrangements",
            "legal_basis_text",
            "starts_on",
            "expires_on",
            "ended_on",
            "review_interval_months",
            "review_grace_days",
            "next_review_on",
            "amendment_note",
            "content_hash",
            "parties",
        )

    def get_state(self, version: ProtocolVersion) -> str:
        return str(self.context["view_of"][version.pk].state)

    def get_next_review_on(self, version: ProtocolVersion) -> str | None:
        upcoming = self.context["view_of"][version.pk].next_review
        return upcoming.isoformat() if upcoming else None

    def get_parties(self, version: ProtocolVersion) -> Any:
        return PartySerializer(self.context["view_of"][version.pk].parties, many=True).data


class ProtocolDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="protocol.pk")
    code = serializers.CharField(source="protocol.code")
    title = serializers.CharField(source="protocol.title")
    coordinating_agency = serializers.CharField(source="protocol.coordinating_agency.name")
    can_manage = serializers.BooleanField()
    may_sign_for = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    def get_may_sign_for(self, detail: Any) -> list[int]:
        return [party.pk for party in detail.sign_for]

    def get_versions(self, detail: Any) -> Any:
        view_of = {view.version.pk: view for view in detail.versions}
        versions = [view.version for view in detail.versions]
        return VersionSerializer(versions, many=True, context={"view_of": view_of}).data


class SignSerializer(serializers.Serializer):
    party = serializers.IntegerField(help_text="The party (agency) you sign for.")
    signatory_title = serializers.CharField(max_length=120)
    confirm = serializers.BooleanField(help_text="You have read this version and sign it for your agency.")

    def validate_confirm(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(self.fields["confirm"].help_text)
        return value


class BasisSerializer(serializers.ModelSerializer):
    person = serializers.UUIDField(source="person_id")
    recipient_agencies = serializers.SerializerMethodField()
    recipient_protocol = serializers.CharField(source="recipient_protocol.code", default=None)
    recipient_community_actors = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    purposes = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = SharingBasis
        fields = (
            "id",
            "code",
            "person",
            "kind",
            "recipient_agencies",
            "recipient_protocol",
            "recipient_community_actors",
            "categories",
            "purposes",
            "valid_from",
            "valid_to",
            "method",
            "witness",
            "reference",
            "in_force",
            "withdrawn_at",
            "withdrawal_reason",
        )

    def get_recipient_agencies(self, basis: SharingBasis) -> list[int]:
        return sorted(a.pk for a in basis.recipient_agencies.all())

    def get_recipient_community_actors(self, basis: SharingBasis) -> list[int]:
        """Ids of community actors without accounts (services' providers) it names."""
        return sorted(p.pk for p in basis.recipient_community_actors.all())

    def _terms(self, basis: SharingBasis, kind: str) -> list[str]:
        return sorted(t.value for t in basis.terms.all() if t.kind == kind)

    def get_categories(self, basis: SharingBasis) -> list[str]:
        return self._terms(basis, TermKind.CATEGORY)

    def get_purposes(self, basis: SharingBasis) -> list[str]:
        return self._terms(basis, TermKind.PURPOSE)

    def get_in_force(self, basis: SharingBasis) -> bool:
        return bool(basis.in_force_on(self.context["today"]))


class BasisInputSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=BasisKind.choices)
    recipient_agencies = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    recipient_protocol = serializers.CharField(
        required=False, allow_blank=True, help_text="Code of a protocol: every party of it."
    )
    recipient_community_actors = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of community actors without accounts (providers of kind 'informal').",
    )
    categories = serializers.ListField(child=serializers.ChoiceField(choices=DataCategory.choices))
    purposes = serializers.ListField(child=serializers.ChoiceField(choices=SharingPurpose.choices))
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    method = serializers.ChoiceField(
        choices=ConsentMethod.choices, required=False, allow_blank=True, default=""
    )
    witness = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    guardian = serializers.UUIDField(required=False, allow_null=True, default=None)
    child_views = serializers.CharField(required=False, allow_blank=True, default="")
    reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why, or the person's own words.")


class SharingCheckSerializer(serializers.Serializer):
    """What a partner agency sees of a case today, or exactly what is missing."""

    partner = serializers.CharField(source="partner_name")
    categories = serializers.SerializerMethodField()
    blockers = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())
    by_category = serializers.DictField(child=serializers.CharField())

    def get_categories(self, explanation: Any) -> list[str]:
        return sorted(explanation.categories)


class BreakGlassSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.code")
    case_id = serializers.UUIDField()
    user = serializers.CharField(source="user.label")
    agency = serializers.CharField(source="agency.name")
    is_open = serializers.BooleanField()
    reviewed_by = serializers.CharField(source="reviewed_by.label", default=None)

    class Meta:
        model = BreakGlassGrant
        fields = (
            "id",
            "case",
            "case_id",
            "user",
            "agency",
            "reason",
            "started_at",
            "expires_at",
            "ended_at",
            "is_open",
            "reviewed_by",
            "reviewed_at",
            "review_outcome",
            "review_notes",
        )


class BreakGlassInputSerializer(serializers.Serializer):
    case_code = serializers.CharField(max_length=16)
    reason = serializers.CharField(help_text="Why this is an emergency (the DPO reviews it).")


class BreakGlassReviewSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=BreakGlassReview.choices)
    notes = serializers.CharField()
