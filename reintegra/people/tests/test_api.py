"""The person and household API: fields of categories you may not see are absent (not
null), 404 for records you may not see, 400 with field errors, 409 for stale versions."""

import pytest
from rest_framework.test import APIClient

from reintegra.core.models import AuditEvent
from reintegra.people.choices import Relationship
from reintegra.people.models import (
    PERSON_FIELD_CATEGORIES,
    Household,
    HouseholdMember,
    IdentityDocument,
    Person,
    PersonAlias,
)
from reintegra.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

PERSONS = "/api/v1/persons/"
HOUSEHOLDS = "/api/v1/households/"


def api_for(user, agency=None) -> APIClient:
    client = APIClient()
    client.force_login(user)
    if agency is not None:
        session = client.session
        session["reintegra_active_agency"] = agency.pk
        session.save()
    return client


def person_api(person) -> str:
    return "{base}{pk}/".format(base=PERSONS, pk=person.pk)


def household_api(household, action="") -> str:
    return "{base}{pk}/{action}".format(
        base=HOUSEHOLDS, pk=household.pk, action=action + "/" if action else ""
    )


def fields_of(*categories: str) -> set[str]:
    return {name for name, category in PERSON_FIELD_CATEGORIES.items() if category in categories}


@pytest.fixture
def cm(world) -> APIClient:
    return api_for(world.users["case_manager"])


@pytest.fixture
def household(world) -> Household:
    household = HouseholdFactory(registering_agency=world.agency_a, created_by=world.users["case_manager"])
    HouseholdMemberFactory(household=household, person=world.case.person, relationship=Relationship.REFERENCE)
    return household


# --- persons: read -------------------------------------------------------------------------


def test_person_list_and_search(world, cm):
    arabic = PersonFactory(
        registering_agency=world.agency_a,
        created_by=world.users["case_manager"],
        given_name="محمد",
        given_name_latin="M.",
    )
    PersonFactory(registering_agency=world.agency_b, given_name_latin="Mohamed")
    listed = cm.get(PERSONS)
    assert listed.status_code == 200
    assert {p["code"] for p in listed.json()["results"]} == {world.case.person.code, arabic.code}
    found = cm.get(PERSONS, {"q": "Mohammed"})
    assert [p["code"] for p in found.json()["results"]] == [arabic.code]
    assert AuditEvent.objects.filter(action="person.searched", channel="api").count() == 2


def test_person_retrieve_for_the_case_manager_has_every_field(world, cm, household):
    PersonAlias.objects.create(person=world.case.person, name="Abou Hamza")
    response = cm.get(person_api(world.case.person))
    assert response.status_code == 200
    body = response.json()
    assert set(PERSON_FIELD_CATEGORIES) <= set(body)
    assert body["aliases"][0]["name"] == "Abou Hamza"
    assert body["households"] == [
        {"id": str(household.pk), "code": household.code, "relationship": Relationship.REFERENCE}
    ]


def test_documents_are_listed_with_their_country_code(world, cm):
    IdentityDocument.objects.create(
        person=world.case.person, document_type="passport", number="AB 1", issuing_country="MA"
    )
    (document,) = cm.get(person_api(world.case.person)).json()["documents"]
    assert (document["document_type"], document["number"], document["issuing_country"]) == (
        "passport",
        "AB 1",
        "MA",
    )


def test_mentor_response_has_no_health_or_legal_fields(world, household):
    body = api_for(world.users["mentor"]).get(person_api(world.case.person)).json()
    for name in fields_of("health_psychosocial", "legal_status"):
        assert name not in body, name
    assert "disability" not in body
    assert body["given_name_latin"] == world.case.person.given_name_latin
    assert [h["code"] for h in body["households"]] == [household.code]


def test_service_provider_response_has_no_family_or_health_fields(world, household):
    body = api_for(world.users["provider"]).get(person_api(world.case.person)).json()
    for name in fields_of("family_children", "health_psychosocial", "legal_status"):
        assert name not in body, name
    assert "households" not in body
    assert "phone" in body


def test_person_list_rows_leave_out_unseen_fields_too(world):
    (row,) = api_for(world.users["mentor"]).get(PERSONS).json()["results"]
    assert "disability" not in row
    assert "disability_notes" not in row
    assert "given_name_latin" in row


def test_person_retrieve_is_audited_on_the_api_channel(world):
    api_for(world.users["mentor"]).get(person_api(world.case.person))
    event = AuditEvent.objects.get(action="person.viewed")
    assert event.channel == "api"
    assert event.person_id == world.case.person.pk
    assert "health_psychosocial" not in event.categories


@pytest.mark.parametrize("name", ["other_worker", "other_supervisor", "colleague"])
def test_outsiders_get_404_for_people_and_households(world, household, name):
    client = api_for(world.users[name])
    person = world.case.person
    assert client.get(person_api(person)).status_code == 404
    assert client.patch(person_api(person), {"version": 1, "phone": "1"}).status_code == 404
    assert client.get(household_api(household)).status_code == 404
    assert client.patch(household_api(household), {"version": 1, "label": "x"}).status_code == 404
    other = PersonFactory(registering_agency=world.agency_a, created_by=world.users["case_manager"])
    response = client.post(
        household_api(household, "members"), {"person": str(other.pk), "relationship": "child"}
    )
    assert response.status_code == 404
    person.refresh_from_db()
    household.refresh_from_db()
    assert (person.version, household.version) == (1, 1)
    assert household.memberships.count() == 1


# --- persons: write ------------------------------------------------------------------------


def test_person_create(world, cm):
    response = cm.post(
        PERSONS,
        {
            "given_name": "ليلى",
            "given_name_latin": "Leila",
            "family_name_latin": "Benali",
            "birth_year": 1995,
        },
    )
    assert response.status_code == 201
    body = response.json()
    person = Person.objects.get(pk=body["id"])
    assert person.registering_agency == world.agency_a
    assert body["display_name"] == "ليلى (Leila Benali)"
    assert body["households"] == []


def test_person_create_without_latin_given_name_is_400(world, cm):
    response = cm.post(PERSONS, {"given_name": "ليلى"})
    assert response.status_code == 400
    assert "given_name_latin" in response.json()
    assert Person.objects.count() == 1


def test_person_create_with_bad_values_is_400(world, cm):
    response = cm.post(PERSONS, {"given_name_latin": "Leila", "nationality": "ZZ", "sex": "robot"})
    assert response.status_code == 400
    assert "sex" in response.json()
    response = cm.post(PERSONS, {"given_name_latin": "Leila", "nationality": "ZZ"})
    assert response.status_code == 400
    assert "nationality" in response.json()
    assert Person.objects.count() == 1


@pytest.mark.parametrize("name", ["me_officer", "psychologist"])
def test_person_create_without_intake_role_is_403(world, name):
    response = api_for(world.users[name]).post(PERSONS, {"given_name_latin": "Leila"})
    assert response.status_code == 403
    assert Person.objects.count() == 1


def test_person_partial_update_and_stale_version(world, cm):
    person = world.case.person
    response = cm.patch(person_api(person), {"version": 1, "phone": "+212 600"})
    assert response.status_code == 200
    assert (response.json()["phone"], response.json()["version"]) == ("+212 600", 2)
    stale = cm.patch(person_api(person), {"version": 1, "phone": "+212 700"})
    assert stale.status_code == 409
    assert "non_field_errors" in stale.json()
    person.refresh_from_db()
    assert (person.phone, person.version) == ("+212 600", 2)


def test_person_partial_update_needs_a_version(world, cm):
    response = cm.patch(person_api(world.case.person), {"phone": "1"})
    assert response.status_code == 400
    assert "version" in response.json()


def test_mentor_cannot_update_a_person(world):
    response = api_for(world.users["mentor"]).patch(
        person_api(world.case.person), {"version": 1, "phone": "1"}
    )
    assert response.status_code == 404


# --- households ----------------------------------------------------------------------------


def test_household_list_and_retrieve(world, cm, household):
    HouseholdFactory(registering_agency=world.agency_b)
    listed = cm.get(HOUSEHOLDS)
    assert [h["code"] for h in listed.json()["results"]] == [household.code]
    detail = cm.get(household_api(household))
    assert detail.status_code == 200
    (member,) = detail.json()["members"]
    assert member["person_code"] == world.case.person.code
    assert member["person_name"] == world.case.person.display_name
    assert detail.json()["hidden_members"] == 0
    assert AuditEvent.objects.filter(action="household.viewed", channel="api").count() == 1


def test_household_hides_members_you_may_not_see(world, cm, household):
    outsider = PersonFactory(registering_agency=world.agency_b)
    HouseholdMemberFactory(household=household, person=outsider, relationship=Relationship.SPOUSE)
    body = cm.get(household_api(household)).json()
    assert [m["person_code"] for m in body["members"]] == [world.case.person.code]
    assert body["hidden_members"] == 1
    assert outsider.code not in str(body)


def test_household_create_update_and_stale(world, cm):
    created = cm.post(HOUSEHOLDS, {"label": "Family B"})
    assert created.status_code == 201
    household = Household.objects.get(pk=created.json()["id"])
    assert created.json()["members"] == []
    updated = cm.patch(household_api(household), {"version": 1, "label": "Family C"})
    assert updated.status_code == 200
    assert updated.json()["version"] == 2
    stale = cm.patch(household_api(household), {"version": 1, "label": "Family D"})
    assert stale.status_code == 409
    household.refresh_from_db()
    assert household.label == "Family C"


def test_household_create_without_intake_role_is_403(world):
    assert api_for(world.users["me_officer"]).post(HOUSEHOLDS, {"label": "X"}).status_code == 403
    assert not Household.objects.exists()


def test_household_members_post(world, cm, household):
    child = PersonFactory(registering_agency=world.agency_a, created_by=world.users["case_manager"])
    response = cm.post(
        household_api(household, "members"), {"person": str(child.pk), "relationship": "child"}
    )
    assert response.status_code == 201
    assert {m["person_code"] for m in response.json()["members"]} == {world.case.person.code, child.code}


def test_household_member_errors(world, cm, household):
    other = PersonFactory(registering_agency=world.agency_a, created_by=world.users["case_manager"])
    second_reference = cm.post(
        household_api(household, "members"), {"person": str(other.pk), "relationship": "reference"}
    )
    assert second_reference.status_code == 400
    assert "non_field_errors" in second_reference.json()
    bad_relationship = cm.post(
        household_api(household, "members"), {"person": str(other.pk), "relationship": "x"}
    )
    assert bad_relationship.status_code == 400
    assert "relationship" in bad_relationship.json()
    stranger = PersonFactory(registering_agency=world.agency_b)
    hidden = cm.post(
        household_api(household, "members"), {"person": str(stranger.pk), "relationship": "child"}
    )
    assert hidden.status_code == 404
    assert not HouseholdMember.objects.filter(person__in=[other, stranger]).exists()


def test_api_person_list_query_count_does_not_grow(world, cm, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count):
        for _ in range(count):
            PersonFactory(registering_agency=world.agency_a, created_by=world.users["case_manager"])

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert cm.get(PERSONS).status_code == 200
        return len(captured)

    add(4)
    few = count_queries()
    add(26)
    assert count_queries() == few
    with django_assert_max_num_queries(20):
        cm.get(PERSONS)
