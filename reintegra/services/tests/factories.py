import factory
from django.utils import timezone

from reintegra.accounts.tests.factories import UserFactory
from reintegra.places.choices import PlaceLevel
from reintegra.places.models import Place
from reintegra.services.choices import ProviderKind, ProviderType, Willingness
from reintegra.services.models import Provider, Service, ServiceType


def service_type(code: str = "psychosocial") -> ServiceType:
    """A default service type, created by migration 0002."""
    return ServiceType.objects.get(code=code)


def place_tree() -> dict[str, Place]:
    """A country with two regions, a district and a town in each."""
    country = Place.objects.create(code="t-country", level=PlaceLevel.COUNTRY, name_en="Testland")
    places = {"country": country}
    for key in ("north", "south"):
        region = Place.objects.create(
            code="t-{k}".format(k=key), level=PlaceLevel.REGION, parent=country, name_en=key.title()
        )
        district = Place.objects.create(
            code="t-{k}-d".format(k=key),
            level=PlaceLevel.DISTRICT,
            parent=region,
            name_en=key.title() + " District",
        )
        town = Place.objects.create(
            code="t-{k}-town".format(k=key),
            level=PlaceLevel.LOCALITY,
            parent=district,
            name_en=key.title() + "ville",
        )
        places.update({key: region, key + "_district": district, key + "_town": town})
    return places


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    kind = ProviderKind.INFORMAL
    agency = None
    name = factory.Sequence(lambda n: "Provider {n}".format(n=n))
    provider_type = ProviderType.COMMUNITY_GROUP
    languages = ["ar"]
    created_by = factory.SubFactory(UserFactory)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    service_type = factory.LazyFunction(service_type)
    name = factory.Sequence(lambda n: "Service {n}".format(n=n))
    languages = ["ar", "fr"]
    willingness = Willingness.YES
    last_verified_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.areas_served.set(extracted)
