"""Fixtures for the directory and referrals, on top of the shared two-agency world.

Agency A leads `world.case`; the provider agency P runs a service; its desk has a
service-provider staff member, a supervisor and a psychologist (not on the desk). A
community actor without accounts runs another service.
"""

from dataclasses import dataclass

import pytest

from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.models import Agency, User
from reintegra.accounts.tests.factories import AgencyFactory, actor_for, member
from reintegra.core.actors import Actor
from reintegra.places.models import Place
from reintegra.services.choices import ProviderKind, ProviderType
from reintegra.services.models import Provider, Service
from reintegra.services.tests.factories import ProviderFactory, ServiceFactory, place_tree


@dataclass
class Directory:
    agency_p: Agency
    provider: Provider
    informal: Provider
    service: Service
    informal_service: Service
    places: dict[str, Place]
    users: dict[str, User]

    def actor(self, name: str) -> Actor:
        return actor_for(self.users[name], self.agency_p)


@pytest.fixture
def directory(world) -> Directory:
    places = place_tree()
    agency_p = AgencyFactory(name="Provider Agency")
    users = {
        "desk": member(agency_p, R.SERVICE_PROVIDER_STAFF),
        "desk2": member(agency_p, R.SERVICE_PROVIDER_STAFF),
        "p_supervisor": member(agency_p, R.SUPERVISOR),
        "p_psychologist": member(agency_p, R.PSYCHOLOGIST),
    }
    provider = ProviderFactory(
        kind=ProviderKind.AGENCY,
        agency=agency_p,
        name=agency_p.name,
        provider_type=ProviderType.CIVIL_SOCIETY,
    )
    informal = ProviderFactory(name="Football school")
    service = ServiceFactory(provider=provider, areas=[places["north"]])
    informal_service = ServiceFactory(provider=informal, areas=[places["north_town"]])
    world.case.person.place = places["north_town"]
    world.case.person.save()
    return Directory(agency_p, provider, informal, service, informal_service, places, users)
