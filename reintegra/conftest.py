"""Fixtures shared by every app's tests: a small multi-agency world, and signed-in clients."""

import io
import os
import time
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import settings as hypothesis_settings

from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.models import Agency, User
from reintegra.accounts.tests.factories import AgencyFactory, actor_for, member
from reintegra.cases.choices import CaseRole
from reintegra.cases.models import Case
from reintegra.cases.tests.factories import CaseFactory, ProgrammeFactory, TeamMemberFactory
from reintegra.core.actors import Actor
from reintegra.people.tests.factories import PersonFactory
from reintegra.programmes.models import Programme

# Hypothesis explores new examples on every developer run ("dev"); CI runs the same
# examples every time ("ci", set by .ci/run) so that a landing is not decided by chance.
# A counterexample found locally is fixed in the code, or pinned with @example.
hypothesis_settings.register_profile("dev", database=None)
hypothesis_settings.register_profile("ci", database=None, derandomize=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@dataclass
class World:
    """Agency A leads `case`; agency B is an unrelated agency.

    Users of A: the case manager, a mentor and a service provider on the team, a colleague
    not on the team, a supervisor, and an M&E officer. Users of B: a supervisor and a case
    worker. `dual` is a case worker in both A (not on the team) and B.
    """

    agency_a: Agency
    agency_b: Agency
    programme: Programme
    case: Case
    users: dict[str, User]

    def actor(self, name: str, agency: Agency | None = None) -> Actor:
        return actor_for(self.users[name], agency or self.agency_a)


@pytest.fixture
def world(db) -> World:
    agency_a, agency_b = AgencyFactory(name="Agency A"), AgencyFactory(name="Agency B")
    users = {
        "case_manager": member(agency_a, R.CASE_WORKER),
        "mentor": member(agency_a, R.MENTOR),
        "provider": member(agency_a, R.SERVICE_PROVIDER_STAFF),
        "psychologist": member(agency_a, R.PSYCHOLOGIST),
        "colleague": member(agency_a, R.CASE_WORKER),
        "supervisor": member(agency_a, R.SUPERVISOR),
        "me_officer": member(agency_a, R.ME_OFFICER),
        "other_supervisor": member(agency_b, R.SUPERVISOR),
        "other_worker": member(agency_b, R.CASE_WORKER),
    }
    users["dual"] = member(agency_b, R.CASE_WORKER, user=member(agency_a, R.CASE_WORKER))
    programme = ProgrammeFactory(lead_agency=agency_a)
    person = PersonFactory(registering_agency=agency_a, created_by=users["case_manager"])
    case = CaseFactory(
        person=person, lead_agency=agency_a, programme=programme, created_by=users["case_manager"]
    )
    for name, role in (
        ("case_manager", CaseRole.CASE_MANAGER),
        ("mentor", CaseRole.MENTOR),
        ("provider", CaseRole.SERVICE_PROVIDER),
        ("psychologist", CaseRole.PSYCHOLOGIST),
    ):
        TeamMemberFactory(case=case, user=users[name], role=role)
    return World(agency_a, agency_b, programme, case, users)


def sign_in(client: Client, user: User, agency: Agency | None = None, *, recently: bool = True) -> Client:
    """Sign `user` in on `client`, acting for `agency` (default: their first agency).

    The session records a password sign-in made just now, as a real sign-in does, so
    step-up pages (reintegra/accounts/stepup.py) open; `recently=False` leaves it out.
    """
    client.force_login(user)
    session = client.session
    if agency is not None:
        session["reintegra_active_agency"] = agency.pk
    if recently:
        session["account_authentication_methods"] = [{"method": "password", "at": time.time()}]
        session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.fixture
def login(client: Client):
    """`login(user, agency=None, recently=True)`: `sign_in` on the test client."""

    def signed_in(user: User, agency: Agency | None = None, *, recently: bool = True) -> Client:
        return sign_in(client, user, agency, recently=recently)

    return signed_in


@pytest.fixture
def demo(db, settings, tmp_path):
    """The demo world `make demo` loads, as a newcomer sees it (its own checkpoint file)."""
    settings.DEMO_MODE = True
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    call_command("demo_load", stdout=io.StringIO())
