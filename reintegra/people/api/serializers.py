from rest_framework import serializers

from reintegra.accounts.choices import Language
from reintegra.core.api.serializers import CategorisedSerializer, VersionedInput
from reintegra.core.choices import DataCategory
from reintegra.people.choices import AliasKind, CitizenshipStatus, Disability, DocumentType, Relationship, Sex
from reintegra.people.models import PERSON_FIELD_CATEGORIES
from reintegra.places.selectors import place_list


class AliasSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=AliasKind.choices)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    document_type = serializers.ChoiceField(choices=DocumentType.choices)
    number = serializers.CharField(max_length=64)
    issuing_country = serializers.CharField(max_length=2)
    issued_on = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)


class PersonOutputSerializer(CategorisedSerializer):
    """A person; fields of categories you may not see are absent from the response."""

    field_categories = PERSON_FIELD_CATEGORIES

    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    display_name = serializers.CharField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    given_name_latin = serializers.CharField()
    family_name_latin = serializers.CharField()
    sex = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    birth_year = serializers.IntegerField()
    birth_date_estimated = serializers.BooleanField()
    age = serializers.IntegerField()
    is_minor = serializers.BooleanField()
    nationality = serializers.CharField(source="nationality.code")
    citizenship_status = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    aliases = AliasSerializer(many=True)
    documents = DocumentSerializer(many=True)
    disability = serializers.CharField()
    disability_notes = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    place = serializers.CharField(source="place.code", read_only=True, allow_null=True)
    locality = serializers.CharField()
    country = serializers.CharField(source="country.code")


class PersonHouseholdSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="household_id")
    code = serializers.CharField(source="household.code")
    relationship = serializers.CharField()


class PersonDetailSerializer(PersonOutputSerializer):
    """One person, with the households you may see them in (family and children category).
    List rows leave households out for everyone."""

    households = PersonHouseholdSerializer(many=True, source="_households")


class PersonInputSerializer(serializers.Serializer):
    given_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    family_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    given_name_latin = serializers.CharField(max_length=120)
    family_name_latin = serializers.CharField(max_length=120, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900)
    birth_date_estimated = serializers.BooleanField(required=False)
    nationality = serializers.CharField(max_length=2, required=False, allow_blank=True)
    citizenship_status = serializers.ChoiceField(choices=CitizenshipStatus.choices, required=False)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices), required=False)
    disability = serializers.ChoiceField(choices=Disability.choices, required=False)
    disability_notes = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    place = serializers.SlugRelatedField(
        slug_field="code",
        queryset=place_list(),
        required=False,
        allow_null=True,
        help_text="Code of the town or area (see the places reference data).",
    )
    locality = serializers.CharField(max_length=120, required=False, allow_blank=True)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)


class PersonUpdateSerializer(PersonInputSerializer, VersionedInput):
    given_name_latin = serializers.CharField(max_length=120, required=False)


class HouseholdMemberOutputSerializer(CategorisedSerializer):
    """A member you may see; the name only where you may see their identity."""

    field_categories = {"person_name": DataCategory.IDENTITY}

    id = serializers.IntegerField()
    person_id = serializers.UUIDField()
    person_code = serializers.CharField(source="person.code")
    person_name = serializers.CharField(source="person.display_name")
    relationship = serializers.CharField()


class HouseholdOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]  # a JSON key; DRF collects it as a field
    place = serializers.CharField(source="place.code", read_only=True, allow_null=True)
    notes = serializers.CharField()


class HouseholdDetailSerializer(HouseholdOutputSerializer):
    members = HouseholdMemberOutputSerializer(many=True, source="_members")
    hidden_members = serializers.IntegerField(source="_hidden_members")


class HouseholdInputSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=120, required=False, allow_blank=True)  # type: ignore[assignment]  # a JSON key; DRF collects it as a field
    place = serializers.SlugRelatedField(
        slug_field="code",
        queryset=place_list(),
        required=False,
        allow_null=True,
        help_text="Code of the town or area.",
    )
    notes = serializers.CharField(required=False, allow_blank=True)


class HouseholdUpdateSerializer(HouseholdInputSerializer, VersionedInput):
    pass


class HouseholdMemberInputSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    relationship = serializers.ChoiceField(choices=Relationship.choices)
