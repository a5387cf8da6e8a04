"""A community world on top of the shared two-agency world.

Agency A is the community's steward; agency B is a partner of its open plan; agency C is
unrelated. A's individual stakeholder (an imam) is owned by A. A practitioner-safety incident
was reported by A's mentor, with B named as involved; an ordinary incident (the newspaper
article) is visible to all. A's survey wave has responses.
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.models import Agency, User
from reintegra.accounts.tests.factories import AgencyFactory, actor_for, member
from reintegra.communities.choices import IncidentKind, PlanStatus
from reintegra.communities.models import Community, CommunityIncident, CommunityPlan, Stakeholder, SurveyWave
from reintegra.communities.tests.factories import (
    CommunityFactory,
    IncidentFactory,
    PlanFactory,
    StakeholderFactory,
    WaveFactory,
    partner,
)
from reintegra.core.actors import Actor

#: user key -> (agency key, world user name or None for a new user, role for new users)
USERS = {
    "a_supervisor": ("a", "supervisor", None),
    "a_pm": ("a", None, R.PROGRAMME_MANAGER),
    "a_me": ("a", "me_officer", None),
    "a_worker": ("a", "colleague", None),
    "a_dpo": ("a", None, R.DATA_PROTECTION_OFFICER),
    "a_mentor": ("a", "mentor", None),
    "b_supervisor": ("b", "other_supervisor", None),
    "b_pm": ("b", None, R.PROGRAMME_MANAGER),
    "b_worker": ("b", "other_worker", None),
    "c_supervisor": ("c", None, R.SUPERVISOR),
    "c_pm": ("c", None, R.PROGRAMME_MANAGER),
    "c_me": ("c", None, R.ME_OFFICER),
    "c_worker": ("c", None, R.CASE_WORKER),
}


@dataclass
class CommunityWorld:
    agencies: dict[str, Agency]
    users: dict[str, User]
    community: Community
    plan: CommunityPlan
    imam: Stakeholder
    newspaper_incident: CommunityIncident
    safety_incident: CommunityIncident
    wave: SurveyWave
    base: object

    def actor(self, name: str) -> Actor:
        return actor_for(self.users[name], self.agencies[USERS[name][0]])

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(self.users[name])
        session = client.session
        session["reintegra_active_agency"] = self.agencies[USERS[name][0]].pk
        session["reintegra_mfa_ok"] = True  # a session that passed two-factor sign-in
        session.save()
        return client


@pytest.fixture
def cworld(world) -> CommunityWorld:
    agencies = {"a": world.agency_a, "b": world.agency_b, "c": AgencyFactory(name="Agency C")}
    users = {}
    for key, (agency_key, existing, role) in USERS.items():
        users[key] = world.users[existing] if existing else member(agencies[agency_key], role)
    community = CommunityFactory(steward_agency=agencies["a"], created_by=users["a_pm"])
    plan = PlanFactory(
        community=community, lead_agency=agencies["a"], status=PlanStatus.ACTIVE, created_by=users["a_pm"]
    )
    partner(plan, agencies["a"], role="lead")
    partner(plan, agencies["b"])
    imam = StakeholderFactory(
        community=community,
        name="Imam of the old-town mosque",
        owning_agency=agencies["a"],
        created_by=users["a_pm"],
    )
    newspaper = IncidentFactory(community=community, agency=agencies["a"], reported_by=users["a_pm"])
    safety = IncidentFactory(
        community=community,
        kind=IncidentKind.PRACTITIONER_THREAT,
        practitioner_safety=True,
        title="Threat against a mentor",
        description="A mentor received threatening messages after a home visit.",
        agency=agencies["a"],
        reported_by=users["a_mentor"],
    )
    safety.involved_agencies.add(agencies["b"])
    wave = WaveFactory(community=community, agency=agencies["a"], label="Baseline", created_by=users["a_me"])
    return CommunityWorld(agencies, users, community, plan, imam, newspaper, safety, wave, world)
