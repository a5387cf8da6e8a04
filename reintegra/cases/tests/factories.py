import factory

from reintegra.accounts.tests.factories import AgencyFactory, UserFactory
from reintegra.cases.choices import CaseRole, CaseStage
from reintegra.cases.models import Case, CaseNote, CaseTeamMember, Task
from reintegra.core.choices import DataCategory
from reintegra.core.codes import new_code
from reintegra.core.models import Label
from reintegra.people.tests.factories import PersonFactory
from reintegra.programmes.models import Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: "Programme {n}".format(n=n))
    code = factory.Sequence(lambda n: "prog{n}".format(n=n))
    lead_agency = factory.SubFactory(AgencyFactory)


def beneficiary_type(code: str = "returnee") -> Label:
    """A default label, created by migration 0003."""
    return Label.objects.get(kind="beneficiary_type", code=code)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    code = factory.LazyFunction(lambda: new_code("C"))
    person = factory.SubFactory(PersonFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    lead_agency = factory.SubFactory(AgencyFactory)
    beneficiary_type = factory.LazyFunction(beneficiary_type)
    stage = CaseStage.INTAKE
    created_by = factory.SubFactory(UserFactory)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseTeamMember

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    agency = factory.LazyAttribute(lambda m: m.case.lead_agency)
    role = CaseRole.CASE_MANAGER
    added_by = factory.LazyAttribute(lambda m: m.user)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    case = factory.SubFactory(CaseFactory)
    category = DataCategory.CASE_NOTES
    body = "A note."
    author = factory.SubFactory(UserFactory)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    case = factory.SubFactory(CaseFactory)
    title = "Follow up"
    due_on = factory.Faker("date_between", start_date="-5d", end_date="+20d")
    assignee = factory.SubFactory(UserFactory)
    created_by = factory.LazyAttribute(lambda t: t.assignee)
