"""The demo world a newcomer sees after `make demo`: loaded once, complete, consistent."""

import io

from django.core.management import call_command
from django.db.models import Count

from reintegra.accounts.models import Agency, User
from reintegra.cases.choices import CaseStage
from reintegra.cases.models import Case
from reintegra.core.audit import audit_verify
from reintegra.people.models import Household, Person


def test_the_demo_world_is_complete(demo):
    # enough agencies of different types, users and people
    assert Agency.objects.values("agency_type").distinct().count() >= 8
    assert User.objects.count() >= 30
    assert Person.objects.count() >= 60
    # everybody lives in a household
    assert Person.objects.filter(household_memberships__isnull=True).count() == 0
    # cases in every stage, closed ones with an outcome
    stages = set(Case.objects.values_list("stage", flat=True))
    assert stages == set(CaseStage.values)
    assert not Case.objects.filter(stage=CaseStage.CLOSED, outcome="").exists()
    # the audit chain of all that work is intact
    _count, findings = audit_verify()
    assert findings == []
    # and the PAVE case study: a couple from Bosnia and Herzegovina back from Iraq
    # with two children born there
    family = Household.objects.get(label__icontains="PAVE")
    members = {m.person.given_name_latin: m for m in family.memberships.select_related("person")}
    assert set(members) == {"Emir", "Amela", "Adnan", "Lejla"}
    assert {m.person.nationality.code for m in members.values()} == {"BA"}
    children = [members["Adnan"].person, members["Lejla"].person]
    assert all(child.is_minor for child in children)
    assert all(child.age < 10 for child in children)  # born in Iraq, after the parents left ten years ago
    assert Case.objects.filter(person__in=[m.person for m in members.values()]).count() == 4


def test_loading_twice_changes_nothing(demo):
    counts = (Agency.objects.count(), User.objects.count(), Person.objects.count(), Case.objects.count())
    call_command("demo_load", stdout=io.StringIO())
    assert counts == (
        Agency.objects.count(),
        User.objects.count(),
        Person.objects.count(),
        Case.objects.count(),
    )
    assert not User.objects.values("username").annotate(n=Count("pk")).filter(n__gt=1).exists()
