"""A case shared with a partner: agency B's case worker is on the team of agency A's case,
under an active protocol and the person's consent covering identity and case notes only."""

import pytest

from reintegra.cases.choices import CaseRole
from reintegra.cases.tests.factories import NoteFactory, TeamMemberFactory
from reintegra.core.choices import DataCategory as C
from reintegra.sharing.tests.factories import basis_for, protocol_between


@pytest.fixture
def shared(world):
    person = world.case.person
    person.phone = "+000 555 0101"
    person.disability_notes = "Uses a hearing aid"
    person.save()
    TeamMemberFactory(
        case=world.case,
        user=world.users["other_worker"],
        agency=world.agency_b,
        role=CaseRole.SERVICE_PROVIDER,
    )
    world.version = protocol_between(
        world.agency_a,
        world.agency_b,
        world.users["supervisor"],
        categories=[C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES, C.HEALTH_PSYCHOSOCIAL],
        receives=[C.IDENTITY, C.CASE_NOTES, C.HEALTH_PSYCHOSOCIAL],
    )
    world.basis = basis_for(
        person,
        recipient=world.agency_b,
        other=world.agency_a,
        user=world.users["case_manager"],
        recording_agency=world.agency_a,
        categories=[C.IDENTITY, C.CASE_NOTES],
    )
    NoteFactory(case=world.case, body="Attended the vocational class", author=world.users["case_manager"])
    NoteFactory(
        case=world.case,
        category=C.HEALTH_PSYCHOSOCIAL,
        body="Sleep problems discussed",
        author=world.users["psychologist"],
    )
    return world
