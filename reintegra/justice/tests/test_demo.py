"""The demo world's justice pathway: the PAVE family's return, a pre-trial detainee, a
release within 90 days with its planning task, community service with a missed check-in on
the officer's dashboard, and a juvenile."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reintegra.accounts.models import User
from reintegra.cases.choices import TaskStatus
from reintegra.justice import selectors
from reintegra.justice.choices import BirthRegistration, LegalStatus
from reintegra.justice.models import ChildSafeguard, LegalEvent, PersonLegalStatus, ReturnEvent
from reintegra.justice.tests.factories import K


def status_of(given: str, family: str) -> PersonLegalStatus:
    return PersonLegalStatus.objects.select_related("person", "pre_release_task").get(
        person__given_name_latin=given, person__family_name_latin=family
    )


def test_the_demo_justice_pathway(demo):
    today = timezone.localdate()
    # the PAVE family came back from Iraq about 45 days ago, with children born abroad
    ret = ReturnEvent.objects.get(household__label__icontains="PAVE")
    assert ret.from_country.code == "IQ"
    assert ret.returned_on == today - timedelta(days=45)
    members = {m.person.given_name_latin: m for m in ret.members.select_related("person")}
    assert set(members) == {"Emir", "Amela", "Adnan", "Lejla"}
    for child in ("Adnan", "Lejla"):
        assert members[child].born_abroad
        assert members[child].birth_registration == BirthRegistration.NOT_REGISTERED
    assert ret.needs.count() >= 3
    assert 0 < ret.checklist.filter(done_on__isnull=False).count() < ret.checklist.count()
    assert LegalEvent.objects.filter(return_event=ret, kind=K.RETURN_SCREENING).count() == 4
    assert ret.household.family_goals.count() >= 3
    assert ChildSafeguard.objects.filter(person__given_name_latin__in=["Adnan", "Lejla"]).count() == 2
    # a pre-trial detainee
    assert status_of("Yassine", "El Alaoui").status == LegalStatus.PRE_TRIAL_DETENTION
    # a sentenced person due for release within 90 days, with the planning task
    hamza = status_of("Hamza", "Bennani")
    assert hamza.status == LegalStatus.SERVING_SENTENCE
    assert today < hamza.expected_release <= today + timedelta(days=90)
    assert hamza.pre_release_task.status == TaskStatus.OPEN
    # community service with a missed check-in, on the officer's dashboard
    anas = status_of("Anas", "Belkacem")
    assert anas.status == LegalStatus.COMMUNITY_SENTENCE
    amal = User.objects.get(username="amal.caseworker")
    from reintegra.accounts.tests.factories import actor_for

    missed, count = selectors.missed_check_ins(actor=actor_for(amal, amal.memberships.get().agency))
    assert count == 1
    assert missed[0].measure.person == anas.person
    client = Client()
    client.force_login(amal)
    assert "missed check-in" in client.get(reverse("cases:dashboard")).content.decode()
    # a juvenile: under 18 at the time of the alleged offence, safeguards recorded
    ilyas = status_of("Ilyas", "Ziani")
    derived = selectors.derived_status(ilyas.person)
    juvenile = selectors.juvenile_info(ilyas.person, derived)
    assert juvenile.applies
    assert juvenile.age_at_alleged_offence < 18
    safeguard = ChildSafeguard.objects.get(person=ilyas.person)
    assert safeguard.guardian is not None
    assert safeguard.guardian_consent == "given"
    assert safeguard.child_views
    assert safeguard.best_interests
    assert safeguard.school_status == "enrolled"
    # the karim case worker's pages open on the PAVE father
    karim = Client()
    karim.force_login(User.objects.get(username="karim.caseworker"))
    father = members["Emir"].person
    page = karim.get(reverse("justice:pathway", args=[father.pk])).content.decode()
    assert "On bail or pre-trial conditions" in page
