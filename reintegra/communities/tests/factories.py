from datetime import timedelta

import factory
from django.utils import timezone

from reintegra.accounts.tests.factories import AgencyFactory, UserFactory
from reintegra.communities.choices import (
    IncidentKind,
    PartnerRole,
    ProfileStatus,
    StakeholderKind,
    WaveStatus,
)
from reintegra.communities.models import (
    Community,
    CommunityIncident,
    CommunityPlan,
    CommunityProfile,
    PlanPartner,
    Stakeholder,
    SurveyInstrument,
    SurveyWave,
)
from reintegra.core.codes import new_code
from reintegra.places.choices import PlaceLevel
from reintegra.places.models import Place


class PlaceFactory(factory.django.DjangoModelFactory):
    """A town in a district in a region in a country (created up the chain as needed)."""

    class Meta:
        model = Place

    code = factory.Sequence(lambda n: "place-{n}".format(n=n))
    level = PlaceLevel.LOCALITY
    name_en = factory.Sequence(lambda n: "Town {n}".format(n=n))
    name_ar = factory.Sequence(lambda n: "بلدة {n}".format(n=n))
    parent = factory.LazyAttribute(lambda p: _district())


def _district() -> Place:
    country = Place.objects.create(code=new_code("c").lower(), level=PlaceLevel.COUNTRY, name_en="Country")
    region = Place.objects.create(
        code=new_code("r").lower(), level=PlaceLevel.REGION, name_en="Region", parent=country
    )
    return Place.objects.create(
        code=new_code("d").lower(), level=PlaceLevel.DISTRICT, name_en="District", parent=region
    )


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    place = factory.SubFactory(PlaceFactory)
    steward_agency = factory.SubFactory(AgencyFactory)
    created_by = factory.SubFactory(UserFactory)
    population_notes = "About 20,000 people; fishing and the port."


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityProfile

    community = factory.SubFactory(CommunityFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = ProfileStatus.PUBLISHED
    summary = "A port town with high youth unemployment."
    agency = factory.LazyAttribute(lambda p: p.community.steward_agency)
    created_by = factory.SubFactory(UserFactory)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    code = factory.LazyFunction(lambda: new_code("S"))
    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: "Stakeholder {n}".format(n=n))
    kind = StakeholderKind.FAITH_LEADER
    is_individual = True
    owning_agency = factory.LazyAttribute(lambda s: s.community.steward_agency)
    contact_name = "Sheikh Example"
    contact_phone = "+000 555 0101"
    created_by = factory.SubFactory(UserFactory)


def default_instrument() -> SurveyInstrument:
    """The item bank migration 0002 loads."""
    return SurveyInstrument.objects.get(code="reintegra-cohesion", version=1)


class WaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyWave

    community = factory.SubFactory(CommunityFactory)
    instrument = factory.LazyFunction(default_instrument)
    label = factory.Sequence(lambda n: "Wave {n}".format(n=n))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    status = WaveStatus.COLLECTING
    agency = factory.LazyAttribute(lambda w: w.community.steward_agency)
    created_by = factory.SubFactory(UserFactory)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityIncident

    code = factory.LazyFunction(lambda: new_code("I"))
    community = factory.SubFactory(CommunityFactory)
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    kind = IncidentKind.MEDIA
    title = "Hostile article in the local newspaper"
    description = "An article quoted a local official against the returnees."
    agency = factory.LazyAttribute(lambda i: i.community.steward_agency)
    reported_by = factory.SubFactory(UserFactory)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityPlan

    title = factory.Sequence(lambda n: "Plan {n}".format(n=n))
    community = factory.SubFactory(CommunityFactory)
    lead_agency = factory.LazyAttribute(
        lambda p: p.community.steward_agency if p.community else AgencyFactory()
    )
    created_by = factory.SubFactory(UserFactory)


def partner(plan: CommunityPlan, agency, role: str = PartnerRole.IMPLEMENTING) -> PlanPartner:
    return PlanPartner.objects.create(plan=plan, agency=agency, role=role)
