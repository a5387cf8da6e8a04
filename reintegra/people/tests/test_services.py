"""People services: registration, derived fields, documents, aliases, households."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reintegra.core.models import AuditEvent
from reintegra.core.services import StaleEditError
from reintegra.people import services
from reintegra.people.choices import DocumentType, Relationship
from reintegra.people.matching import name_tokens
from reintegra.people.models import HouseholdMember, IdentityDocument, Person

pytestmark = pytest.mark.django_db
CANARY = "Zzcanaryqx"


def _register(world, **values):
    defaults = {"given_name_latin": "Amina", "family_name_latin": "Haddad"}
    return services.person_create(actor=world.actor("case_manager"), values={**defaults, **values})


def test_registration_derives_code_birth_year_and_search_key(world):
    person = _register(world, given_name="محمد", given_name_latin="Mohamed", date_of_birth=date(2010, 5, 1))
    assert person.code.startswith("P-")
    assert person.birth_year == 2010
    assert " mhmd " in person.name_key
    assert person.registering_agency == world.agency_a


def test_minor_status_is_derived_from_the_birth_date(world):
    today = timezone.localdate()
    child = _register(world, date_of_birth=today.replace(year=today.year - 17))
    adult = _register(world, birth_year=today.year - 30, birth_date_estimated=True)
    unknown = _register(world)
    assert (child.is_minor, adult.is_minor, unknown.is_minor) == (True, False, False)
    assert child.age == 17


def test_impossible_dates_are_refused_with_field_errors(world):
    with pytest.raises(ValidationError) as error:
        _register(world, date_of_birth=timezone.localdate() + timedelta(days=1))
    assert "date_of_birth" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _register(world, date_of_birth=date(1990, 1, 1), birth_year=1991)
    assert "birth_year" in error.value.message_dict
    assert Person.objects.filter(given_name_latin="Amina").count() == 0


def test_changing_the_birth_date_updates_the_derived_year(world):
    person = _register(world, date_of_birth=date(1990, 1, 1))
    updated = services.person_update(
        actor=world.actor("case_manager"),
        person=person,
        values={"date_of_birth": date(1992, 6, 1), "birth_year": 1990},
        expected_version=person.version,
    )
    assert updated.birth_year == 1992


def test_only_intake_roles_register(world):
    with pytest.raises(PermissionDenied):
        services.person_create(actor=world.actor("mentor"), values={"given_name_latin": "X"})


def test_the_audit_trail_records_which_fields_changed_never_their_values(world):
    person = _register(world, given_name_latin=CANARY, phone="+000 CANARY")
    services.person_update(
        actor=world.actor("case_manager"),
        person=person,
        values={"family_name_latin": CANARY + "b"},
        expected_version=person.version,
    )
    rows = AuditEvent.objects.filter(person_id=person.pk)
    assert set(rows.values_list("action", flat=True)) == {"person.created", "person.updated"}
    for row in rows.values():
        assert CANARY not in str(row)
        assert "CANARY" not in str(row)


def test_stale_person_edit_is_refused(world):
    person = _register(world)
    services.person_update(
        actor=world.actor("case_manager"), person=person, values={"phone": "1"}, expected_version=1
    )
    with pytest.raises(StaleEditError):
        services.person_update(
            actor=world.actor("case_manager"), person=person, values={"phone": "2"}, expected_version=1
        )
    assert Person.objects.get(pk=person.pk).phone == "1"


def test_aliases_become_searchable(world):
    person = _register(world)
    alias = services.person_alias_add(
        actor=world.actor("case_manager"), person=person, name="Umm Youssef", kind="kunya"
    )
    key = " {k} ".format(k=name_tokens("Youssef")[0])
    assert key in Person.objects.get(pk=person.pk).name_key
    services.person_alias_remove(actor=world.actor("case_manager"), alias=alias)
    assert key not in Person.objects.get(pk=person.pk).name_key


def test_a_document_already_registered_is_refused_clearly(world):
    first, second = _register(world), _register(world, given_name_latin="Other")
    values = {"document_type": DocumentType.PASSPORT, "number": "AB 123-456", "issuing_country": "BA"}
    services.identity_document_add(actor=world.actor("case_manager"), person=first, values=values)
    with pytest.raises(ValidationError, match="already registered"):
        services.identity_document_add(
            actor=world.actor("case_manager"), person=second, values={**values, "number": "ab123456"}
        )
    assert IdentityDocument.objects.count() == 1
    # the same number from another country, or another type, is a different document
    services.identity_document_add(
        actor=world.actor("case_manager"), person=second, values={**values, "issuing_country": "IQ"}
    )
    assert IdentityDocument.objects.count() == 2


def test_document_dates_must_make_sense(world):
    with pytest.raises(ValidationError):
        services.identity_document_add(
            actor=world.actor("case_manager"),
            person=_register(world),
            values={
                "document_type": "passport",
                "number": "X1",
                "issuing_country": "BA",
                "issued_on": date(2020, 1, 1),
                "expires_on": date(2019, 1, 1),
            },
        )


def test_a_household_has_one_reference_person(world):
    actor = world.actor("case_manager")
    household = services.household_create(actor=actor, values={"label": "Family"})
    father, mother, child = _register(world), _register(world), _register(world)
    services.household_member_add(
        actor=actor, household=household, person=father, relationship=Relationship.REFERENCE
    )
    with pytest.raises(ValidationError, match="reference person"):
        services.household_member_add(
            actor=actor, household=household, person=mother, relationship=Relationship.REFERENCE
        )
    services.household_member_add(
        actor=actor, household=household, person=mother, relationship=Relationship.SPOUSE
    )
    with pytest.raises(ValidationError, match="already a member"):
        services.household_member_add(
            actor=actor, household=household, person=mother, relationship=Relationship.SPOUSE
        )
    member = services.household_member_add(
        actor=actor, household=household, person=child, relationship=Relationship.CHILD
    )
    reference = HouseholdMember.objects.get(person=father)
    with pytest.raises(ValidationError, match="another member"):
        services.household_member_remove(actor=actor, member=reference)
    services.household_member_remove(actor=actor, member=member)
    assert household.memberships.count() == 2


def test_stale_household_edit(world):
    actor = world.actor("case_manager")
    household = services.household_create(actor=actor, values={"label": "A"})
    services.household_update(actor=actor, household=household, values={"label": "B"}, expected_version=1)
    with pytest.raises(StaleEditError):
        services.household_update(actor=actor, household=household, values={"label": "C"}, expected_version=1)
