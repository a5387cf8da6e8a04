import factory

from reintegra.accounts.tests.factories import AgencyFactory, UserFactory
from reintegra.core.codes import new_code
from reintegra.people.choices import Relationship, Sex
from reintegra.people.matching import name_key
from reintegra.people.models import Household, HouseholdMember, Person


class PersonFactory(factory.django.DjangoModelFactory):
    """A person row as the service would leave it (code and name key set)."""

    class Meta:
        model = Person

    code = factory.LazyFunction(lambda: new_code("P"))
    given_name = ""
    family_name = ""
    given_name_latin = factory.Sequence(lambda n: "Given{n}".format(n=n))
    family_name_latin = "Family"
    sex = Sex.FEMALE
    birth_year = 1990
    registering_agency = factory.SubFactory(AgencyFactory)
    created_by = factory.SubFactory(UserFactory)
    name_key = factory.LazyAttribute(
        lambda p: name_key([p.given_name, p.family_name, p.given_name_latin, p.family_name_latin])
    )


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    code = factory.LazyFunction(lambda: new_code("H"))
    registering_agency = factory.SubFactory(AgencyFactory)
    created_by = factory.SubFactory(UserFactory)


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    relationship = Relationship.CHILD
