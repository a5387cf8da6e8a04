"""The people and household pages: search across scripts, registration with the duplicate
warning, edits that refuse stale versions, documents, households, who sees what, the
audit rows they write, and query budgets that must not grow with the data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegra.cases.choices import CaseRole
from reintegra.cases.tests.factories import CaseFactory, ProgrammeFactory, TeamMemberFactory
from reintegra.core.models import AuditEvent
from reintegra.people.choices import Relationship
from reintegra.people.models import Household, HouseholdMember, IdentityDocument, Person, PersonAlias
from reintegra.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

STALE = "Someone else changed this record"


def client_for(user, agency=None) -> Client:
    """A separate signed-in client, so one test can act as several users."""
    client = Client()
    client.force_login(user)
    if agency is not None:
        session = client.session
        session["reintegra_active_agency"] = agency.pk
        session.save()
    return client


def html(response) -> str:
    return response.content.decode()


def person_url(person, name="person_detail") -> str:
    return reverse("people:{name}".format(name=name), kwargs={"person_id": person.pk})


def household_url(household, name="household_detail") -> str:
    return reverse("people:{name}".format(name=name), kwargs={"household_id": household.pk})


def registered(world, user_name="case_manager", **fields) -> Person:
    """A person registered in agency A by `user_name`, with no case yet."""
    return PersonFactory(registering_agency=world.agency_a, created_by=world.users[user_name], **fields)


def on_case(world, person, user_name="case_manager", role=CaseRole.CASE_MANAGER):
    case = CaseFactory(person=person, lead_agency=world.agency_a, programme=world.programme)
    TeamMemberFactory(case=case, user=world.users[user_name], role=role)
    return case


def person_form(**values) -> dict:
    """A complete person form as the page posts it."""
    data = {
        "given_name": "",
        "family_name": "",
        "given_name_latin": "Leila",
        "family_name_latin": "Benali",
        "sex": "female",
        "birth_year": "1995",
        "citizenship_status": "citizen",
        "disability": "none",
    }
    data.update(values)
    return data


@pytest.fixture
def cm(world, login) -> Client:
    return login(world.users["case_manager"])


# --- people list and search --------------------------------------------------------------


def test_person_list_shows_people_on_my_cases(world, cm):
    stranger = PersonFactory(registering_agency=world.agency_b)
    response = cm.get(reverse("people:person_list"))
    assert response.status_code == 200
    body = html(response)
    assert world.case.person.code in body
    assert world.case.person.given_name_latin in body
    assert stranger.code not in body


def test_search_by_code(world, cm):
    other = registered(world)
    body = html(cm.get(reverse("people:person_list"), {"q": other.code.lower()}))
    assert other.code in body
    assert world.case.person.code not in body


def test_search_matches_arabic_script_and_variant_spellings(world, cm):
    # given one person recorded in Arabic script (Latin initial only), one as "Mohamed"
    arabic = registered(world, given_name="محمد", family_name="حسن", given_name_latin="M.")
    latin = registered(world, given_name_latin="Mohamed", family_name_latin="Traoré")
    other = registered(world, given_name_latin="Karim", family_name_latin="Haddad")
    # when searching "Muhammad"
    body = html(cm.get(reverse("people:person_list"), {"q": "Muhammad"}))
    # then both are found through their name keys, and nobody else
    assert arabic.code in body
    assert latin.code in body
    assert other.code not in body
    # and searching in Arabic script finds the Latin spelling
    body = html(cm.get(reverse("people:person_list"), {"q": "محمد"}))
    assert latin.code in body
    assert arabic.code in body
    assert other.code not in body
    # and the family name written without its accent still matches
    assert latin.code in html(cm.get(reverse("people:person_list"), {"q": "traore"}))


def test_search_does_not_find_people_of_another_agency(world, cm):
    PersonFactory(registering_agency=world.agency_b, given_name_latin="Muhammad")
    body = html(cm.get(reverse("people:person_list"), {"q": "Muhammad"}))
    assert "Nobody found." in body


def test_person_list_htmx_request_gets_only_the_rows(world, cm):
    response = cm.get(reverse("people:person_list"), {"q": ""}, headers={"HX-Request": "true"})
    assert "<html" not in html(response)
    assert world.case.person.code in html(response)
    restore = cm.get(
        reverse("people:person_list"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in html(restore)


def test_person_search_is_audited_without_the_words(world, cm):
    cm.get(reverse("people:person_list"), {"q": "Muhammad"})
    event = AuditEvent.objects.get(action="person.searched")
    assert event.changes == {"query_given": True, "shown": 0}
    assert "Muhammad" not in str(event.changes)
    assert event.actor_user_id == world.users["case_manager"].pk


# --- registration and the duplicate warning --------------------------------------------------


def test_person_create_saves_and_opens_the_record(world, cm):
    assert cm.get(reverse("people:person_create")).status_code == 200
    response = cm.post(reverse("people:person_create"), person_form(languages=["ar", "fr"]))
    person = Person.objects.get(given_name_latin="Leila")
    assert response.status_code == 302
    assert response.url == person_url(person)
    assert person.registering_agency == world.agency_a
    assert person.created_by == world.users["case_manager"]
    assert person.languages == ["ar", "fr"]
    assert " bnl " in person.name_key


def test_person_create_without_a_name_saves_nothing(world, cm):
    before = Person.objects.count()
    response = cm.post(reverse("people:person_create"), person_form(given_name_latin=""))
    assert response.status_code == 200
    assert "Enter at least a given name." in html(response) or "This field is required." in html(response)
    assert Person.objects.count() == before


def test_duplicate_warning_then_confirmation(world, cm):
    # given a visible person "Mohamed Traoré" born 1990
    existing = registered(world, given_name_latin="Mohamed", family_name_latin="Traoré", birth_year=1990)
    before = Person.objects.count()
    data = person_form(given_name_latin="Muhammad", family_name_latin="Traore", birth_year="1991")
    # when the form is first posted
    first = cm.post(reverse("people:person_create"), data)
    # then the possible duplicate is shown, the confirmation asked for, and nothing saved
    assert first.status_code == 200
    body = html(first)
    assert "Possible duplicates" in body
    assert existing.code in body
    assert 'name="duplicates_shown" value="1"' in body
    assert 'name="not_a_duplicate"' in body
    assert Person.objects.count() == before
    # when posted again without ticking the box, it still saves nothing and says why
    second = cm.post(reverse("people:person_create"), {**data, "duplicates_shown": "1"})
    assert second.status_code == 200
    assert "Confirm that this is a different person" in html(second)
    assert Person.objects.count() == before
    # when posted with the confirmation, the new person is saved
    third = cm.post(
        reverse("people:person_create"), {**data, "duplicates_shown": "1", "not_a_duplicate": "on"}
    )
    assert third.status_code == 302
    assert Person.objects.count() == before + 1
    assert Person.objects.filter(given_name_latin="Muhammad").exists()


def test_duplicate_warning_does_not_reveal_people_of_other_agencies(world, cm):
    PersonFactory(registering_agency=world.agency_b, given_name_latin="Leila", family_name_latin="Benali")
    response = cm.post(reverse("people:person_create"), person_form())
    assert response.status_code == 302


def test_duplicate_check_while_typing(world, cm):
    existing = registered(world, given_name_latin="Mohamed", family_name_latin="Traoré", birth_year=1990)
    response = cm.get(
        reverse("people:person_duplicates"),
        {"given_name_latin": "Muhammad", "family_name_latin": "Traore", "birth_year": "1990"},
    )
    assert response.status_code == 200
    assert existing.code in html(response)
    excluded = cm.get(
        reverse("people:person_duplicates"),
        {"given_name_latin": "Mohamed", "family_name_latin": "Traoré", "exclude": str(existing.pk)},
    )
    assert existing.code not in html(excluded)


@pytest.mark.parametrize("name", ["me_officer", "psychologist", "mentor", "provider"])
def test_users_without_an_intake_role_cannot_register(world, name):
    client = client_for(world.users[name])
    before = (Person.objects.count(), Household.objects.count())
    assert client.get(reverse("people:person_create")).status_code == 403
    assert client.post(reverse("people:person_create"), person_form()).status_code == 403
    assert client.get(reverse("people:household_create")).status_code == 403
    assert client.post(reverse("people:household_create"), {"label": "X"}).status_code == 403
    assert (Person.objects.count(), Household.objects.count()) == before
    assert "Register a person" not in html(client.get(reverse("people:person_list")))


# --- person page, edit, aliases, documents ---------------------------------------------------


def test_person_page_shows_the_record_to_the_case_manager(world, cm):
    person = world.case.person
    # disability_notes is encrypted for its row, so it is written by save(), not update()
    person.disability, person.disability_notes, person.phone = "physical", "Uses a wheelchair", "+212 600 000"
    person.save()
    response = cm.get(person_url(person))
    assert response.status_code == 200
    body = html(response)
    assert person.given_name_latin in body
    assert "Uses a wheelchair" in body
    assert "+212 600 000" in body
    assert world.case.code in body
    assert "Disclosure log" in body


def test_mentor_sees_neither_disability_nor_disclosure_log(world, login):
    person = world.case.person
    person.disability, person.disability_notes = "physical", "Uses a wheelchair"
    person.save()
    client = login(world.users["mentor"])
    body = html(client.get(person_url(person)))
    assert person.given_name_latin in body
    assert "Uses a wheelchair" not in body
    assert '<h2 class="h5">Disability</h2>' not in body
    assert "Disclosure log" not in body
    assert person_url(person, "person_edit") not in body


def test_person_page_writes_person_viewed(world, login):
    client = login(world.users["mentor"])
    client.get(person_url(world.case.person))
    event = AuditEvent.objects.get(action="person.viewed")
    assert event.person_id == world.case.person.pk
    assert event.actor_user_id == world.users["mentor"].pk
    assert event.channel == "page"
    assert "health_psychosocial" not in event.categories
    assert "identity" in event.categories


def test_disclosure_log_lists_who_saw_the_person(world, login):
    client_for(world.users["mentor"]).get(person_url(world.case.person))
    body = html(login(world.users["case_manager"]).get(person_url(world.case.person)))
    assert world.users["mentor"].label in body
    assert "Viewed the person&#x27;s record" in body or "Viewed the person's record" in body


def test_the_edit_form_is_an_audited_disclosure(world, cm):
    cm.get(person_url(world.case.person, "person_edit"))
    event = AuditEvent.objects.get(action="person.viewed")
    assert event.person_id == world.case.person.pk
    assert "health_psychosocial" in event.categories


def test_person_edit_saves_changes(world, cm):
    person = world.case.person
    assert cm.get(person_url(person, "person_edit")).status_code == 200
    response = cm.post(
        person_url(person, "person_edit"),
        person_form(version=person.version, given_name_latin="Salma", family_name_latin="Idrissi"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.given_name_latin, person.version) == ("Salma", 2)
    assert " slm " in person.name_key


def test_person_edit_with_stale_version_changes_nothing(world, cm):
    person = world.case.person
    Person.objects.filter(pk=person.pk).update(version=2, phone="111")
    response = cm.post(person_url(person, "person_edit"), person_form(version=1, phone="222"))
    assert response.status_code == 200
    assert STALE in html(response)
    person.refresh_from_db()
    assert (person.phone, person.version, person.given_name_latin) == ("111", 2, person.given_name_latin)
    assert person.given_name_latin != "Leila"


def test_alias_add_makes_the_name_searchable_and_remove_undoes_it(world, cm):
    person = world.case.person
    response = cm.post(person_url(person, "person_alias_add"), {"name": "Abou Hamza", "kind": "kunya"})
    assert response.status_code == 302
    alias = PersonAlias.objects.get(person=person)
    assert person.code in html(cm.get(reverse("people:person_list"), {"q": "Hamza"}))
    remove_url = reverse("people:person_alias_remove", kwargs={"person_id": person.pk, "alias_id": alias.pk})
    assert cm.post(remove_url).status_code == 302
    assert not PersonAlias.objects.exists()
    assert person.code not in html(cm.get(reverse("people:person_list"), {"q": "Hamza"}))


def test_empty_alias_is_refused(world, cm):
    response = cm.post(person_url(world.case.person, "person_alias_add"), {"name": "", "kind": "alias"})
    assert response.status_code == 302
    assert not PersonAlias.objects.exists()


def document(**values) -> dict:
    return {"document_type": "passport", "number": "AB 123-456", "issuing_country": "MA", **values}


def test_document_add(world, cm):
    person = world.case.person
    assert cm.get(person_url(person, "person_document_add")).status_code == 200
    response = cm.post(person_url(person, "person_document_add"), document())
    assert response.status_code == 302
    saved = IdentityDocument.objects.get(person=person)
    assert saved.number_normalised == "AB123456"
    assert "AB 123-456" in html(cm.get(person_url(person)))


def test_duplicate_document_is_refused_clearly(world, cm):
    # given the same passport, written differently, is registered for someone else
    IdentityDocument.objects.create(
        person=registered(world), document_type="passport", number="ab123456", issuing_country="MA",
        number_normalised="AB123456",
    )  # fmt: skip
    # when it is added to this person
    response = cm.post(person_url(world.case.person, "person_document_add"), document())
    # then the page says so and saves nothing
    assert response.status_code == 200
    assert "This identity document is already registered for another person." in html(response)
    assert IdentityDocument.objects.count() == 1


def test_document_remove(world, cm):
    person = world.case.person
    cm.post(person_url(person, "person_document_add"), document())
    saved = IdentityDocument.objects.get()
    url = reverse("people:person_document_remove", kwargs={"person_id": person.pk, "document_id": saved.pk})
    assert cm.post(url).status_code == 302
    assert not IdentityDocument.objects.exists()


# --- households ------------------------------------------------------------------------------


@pytest.fixture
def household(world) -> Household:
    household = HouseholdFactory(
        registering_agency=world.agency_a, created_by=world.users["case_manager"], label="Returning family"
    )
    HouseholdMemberFactory(household=household, person=world.case.person, relationship=Relationship.REFERENCE)
    return household


def test_household_list_and_search(world, cm, household):
    elsewhere = HouseholdFactory(registering_agency=world.agency_b, label="Returning family")
    body = html(cm.get(reverse("people:household_list")))
    assert household.code in body
    assert elsewhere.code not in body
    found = html(cm.get(reverse("people:household_list"), {"q": "returning"}))
    assert household.code in found
    assert elsewhere.code not in found
    assert AuditEvent.objects.filter(action="household.searched").count() == 2


def test_household_create(world, cm):
    assert cm.get(reverse("people:household_create")).status_code == 200
    response = cm.post(reverse("people:household_create"), {"label": "Family B"})
    household = Household.objects.get(label="Family B")
    assert response.status_code == 302
    assert response.url == household_url(household)
    assert html(cm.get(response.url)).count(household.code) >= 1


def test_household_edit_and_stale_edit(world, cm, household):
    assert cm.get(household_url(household, "household_edit")).status_code == 200
    response = cm.post(household_url(household, "household_edit"), {"version": 1, "label": "Family C"})
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.label, household.version) == ("Family C", 2)
    stale = cm.post(household_url(household, "household_edit"), {"version": 1, "label": "Family D"})
    assert stale.status_code == 200
    assert STALE in html(stale)
    household.refresh_from_db()
    assert household.label == "Family C"


def test_household_member_add_and_remove(world, cm, household):
    child = registered(world, given_name_latin="Yasmine")
    response = cm.post(
        household_url(household, "household_member_add"), {"person": child.pk, "relationship": "child"}
    )
    assert response.status_code == 302
    member = HouseholdMember.objects.get(household=household, person=child)
    assert "Yasmine" in html(cm.get(household_url(household)))
    remove = reverse(
        "people:household_member_remove", kwargs={"household_id": household.pk, "member_id": member.pk}
    )
    assert cm.post(remove).status_code == 302
    assert not HouseholdMember.objects.filter(pk=member.pk).exists()


def test_second_reference_person_is_refused(world, cm, household):
    other = registered(world)
    response = cm.post(
        household_url(household, "household_member_add"), {"person": other.pk, "relationship": "reference"}
    )
    assert response.status_code == 400
    assert "The household already has a reference person." in html(response)
    assert household.memberships.count() == 1


def test_household_member_add_of_someone_i_cannot_change_is_refused(world, cm, household):
    stranger = PersonFactory(registering_agency=world.agency_b)
    response = cm.post(
        household_url(household, "household_member_add"), {"person": stranger.pk, "relationship": "child"}
    )
    assert response.status_code == 400
    assert not HouseholdMember.objects.filter(person=stranger).exists()


def test_hidden_household_member_cannot_be_removed(world, cm, household):
    # given a member of the household known only to agency B
    outsider = PersonFactory(registering_agency=world.agency_b, given_name_latin="Hidden")
    CaseFactory(person=outsider, lead_agency=world.agency_b, programme=ProgrammeFactory())
    hidden = HouseholdMemberFactory(household=household, person=outsider, relationship=Relationship.SPOUSE)
    page = html(cm.get(household_url(household)))
    assert "Hidden" not in page
    assert "1 other member is not shown to you." in page
    # when the case manager posts the removal of that membership anyway
    remove = reverse(
        "people:household_member_remove", kwargs={"household_id": household.pk, "member_id": hidden.pk}
    )
    response = cm.post(remove)
    # then it is not found and the membership stays
    assert response.status_code == 404
    assert HouseholdMember.objects.filter(pk=hidden.pk).exists()


def test_household_page_audits_each_member_shown(world, cm, household):
    cm.get(household_url(household))
    assert AuditEvent.objects.filter(action="household.viewed", target_id=str(household.pk)).count() == 1
    assert AuditEvent.objects.filter(action="person.viewed", person_id=world.case.person.pk).count() == 1


# --- denied paths --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["other_worker", "other_supervisor", "colleague"])
def test_outsiders_get_404_on_person_and_household_pages(world, household, name):
    client = client_for(world.users[name])
    person = world.case.person
    alias = PersonAlias.objects.create(person=person, name="Old name")
    member = household.memberships.get()
    for url in (
        person_url(person),
        person_url(person, "person_edit"),
        person_url(person, "person_document_add"),
        household_url(household),
        household_url(household, "household_edit"),
    ):
        assert client.get(url).status_code == 404, url
    posts = [
        (person_url(person, "person_edit"), person_form(version=1)),
        (person_url(person, "person_alias_add"), {"name": "New", "kind": "alias"}),
        (reverse("people:person_alias_remove", kwargs={"person_id": person.pk, "alias_id": alias.pk}), {}),
        (person_url(person, "person_document_add"), document()),
        (household_url(household, "household_edit"), {"version": 1, "label": "X"}),
        (household_url(household, "household_member_add"), {"person": person.pk, "relationship": "child"}),
        (
            reverse(
                "people:household_member_remove",
                kwargs={"household_id": household.pk, "member_id": member.pk},
            ),
            {},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    person.refresh_from_db()
    household.refresh_from_db()
    assert (person.version, household.version, household.label) == (1, 1, "Returning family")
    assert list(PersonAlias.objects.values_list("name", flat=True)) == ["Old name"]
    assert not IdentityDocument.objects.exists()
    assert household.memberships.count() == 1


def test_mentor_sees_the_household_but_cannot_change_it(world, login, household):
    client = login(world.users["mentor"])
    body = html(client.get(household_url(household)))
    assert household.code in body
    assert household_url(household, "household_edit") not in body
    assert client.get(household_url(household, "household_edit")).status_code == 404


def test_service_provider_does_not_see_the_household(world, login, household):
    client = login(world.users["provider"])
    assert client.get(household_url(household)).status_code == 404
    assert household.code not in html(client.get(person_url(world.case.person)))
    assert household.code not in html(client.get(reverse("people:household_list")))


# --- query budgets --------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _people_on_cases(world, count: int) -> list[Person]:
    people = [registered(world) for _ in range(count)]
    for person in people:
        on_case(world, person)
    return people


def test_person_list_query_count_does_not_grow(world, cm, django_assert_max_num_queries):
    _people_on_cases(world, 4)
    few = _count(cm, reverse("people:person_list"))
    _people_on_cases(world, 26)
    assert _count(cm, reverse("people:person_list")) == few
    with django_assert_max_num_queries(25):
        response = cm.get(reverse("people:person_list"))
    assert len(response.context["rows"]) == 25


def test_household_list_query_count_does_not_grow(world, cm, django_assert_max_num_queries):
    def households(count):
        for person in _people_on_cases(world, count):
            household = HouseholdFactory(registering_agency=world.agency_a)
            HouseholdMemberFactory(household=household, person=person, relationship=Relationship.REFERENCE)

    households(4)
    few = _count(cm, reverse("people:household_list"))
    households(26)
    assert _count(cm, reverse("people:household_list")) == few
    with django_assert_max_num_queries(25):
        response = cm.get(reverse("people:household_list"))
    assert len(response.context["page"].object_list) == 25


def test_person_page_query_budget(world, cm, household, django_assert_max_num_queries):
    person = world.case.person
    for index in range(5):
        PersonAlias.objects.create(person=person, name="Alias {i}".format(i=index))
        programme = ProgrammeFactory(lead_agency=world.agency_a)
        case = CaseFactory(person=person, lead_agency=world.agency_a, programme=programme)
        TeamMemberFactory(case=case, user=world.users["case_manager"])
    with django_assert_max_num_queries(30):
        assert cm.get(person_url(person)).status_code == 200
