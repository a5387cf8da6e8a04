"""The community section of the access policy, rule by rule (C1–C6 in policy.py).

Denials first: who must NOT see a stakeholder's contacts, a practitioner-safety incident or
individual survey responses. Expectations are written out by hand, not derived from the
policy's own role tables.
"""

import pytest

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.communities.choices import PlanStatus
from reintegra.communities.models import (
    Community,
    CommunityIncident,
    CommunityPlan,
    CommunityProfile,
    Stakeholder,
    SurveyResponse,
    SurveyWave,
)
from reintegra.communities.services import Respondent, survey_response_record
from reintegra.communities.tests.conftest import USERS
from reintegra.communities.tests.factories import ProfileFactory
from reintegra.core.actors import Actor

pytestmark = pytest.mark.django_db

EVERYONE = set(USERS)
A_STAFF = {u for u in USERS if u.startswith("a_")}
B_STAFF = {u for u in USERS if u.startswith("b_")}
TEAM_EDITORS = {"a_supervisor", "a_pm", "a_me", "b_supervisor", "b_pm"}


def _sees(model, scope, pk) -> bool:
    return model.objects.filter(scope).filter(pk=pk).exists()


# --- denials ------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", sorted(EVERYONE))
def test_stakeholder_contacts_only_for_the_owning_agency_and_plan_partners(cworld, viewer):
    # given the imam, owned by agency A, in a community whose open plan has B as partner
    # when asking who may see his contact details (C3)
    sees = _sees(Stakeholder, policy.stakeholder_contact_scope(cworld.actor(viewer)), cworld.imam.pk)
    # then A's and B's staff do, agency C's do not, whatever their role
    assert sees is (viewer in A_STAFF | B_STAFF)


def test_a_closed_plan_no_longer_opens_contact_details(cworld):
    # given the plan that made B a partner is closed
    CommunityPlan.objects.filter(pk=cworld.plan.pk).update(status=PlanStatus.CLOSED)
    # then B's staff lose the contact details, and B is off the community's team
    assert not _sees(Stakeholder, policy.stakeholder_contact_scope(cworld.actor("b_pm")), cworld.imam.pk)
    assert not _sees(
        Community, policy.community_scope(cworld.actor("b_pm"), Action.CHANGE), cworld.community.pk
    )


SAFETY_READERS = {"a_supervisor", "a_pm", "a_dpo", "a_mentor", "b_supervisor", "b_pm"}


@pytest.mark.parametrize("viewer", sorted(EVERYONE))
def test_practitioner_safety_incidents_only_for_the_roles_that_act_on_them(cworld, viewer):
    # given a threat against A's mentor, reported by the mentor, with B named as involved (C5)
    sees = _sees(
        CommunityIncident, policy.community_incident_scope(cworld.actor(viewer)), cworld.safety_incident.pk
    )
    # then its reporter and the supervisors, DPOs and programme managers of A and B see it;
    # A's case worker and M&E officer, B's case worker and all of C do not
    assert sees is (viewer in SAFETY_READERS)


@pytest.mark.parametrize("viewer", sorted(EVERYONE))
def test_individual_survey_responses_only_for_the_conducting_agencys_me_officers(cworld, viewer):
    # given a response in agency A's wave
    response = survey_response_record(
        actor=cworld.actor("a_me"),
        wave=cworld.wave,
        respondent=Respondent("residents", "female", "25-34", cworld.wave.starts_on, {"trust_1": 4}),
    )
    # when asking who may read individual responses (C4)
    sees = _sees(SurveyResponse, policy.survey_response_scope(cworld.actor(viewer)), response.pk)
    # then only A's M&E officer does: not A's supervisor, not another agency's M&E officer
    assert sees is (viewer == "a_me")
    assert policy.survey_sees_exact(cworld.actor(viewer), cworld.wave.agency_id) is (viewer == "a_me")


def test_an_actor_without_agency_sees_nothing():
    nobody = Actor(user_id=1, name="x")
    for scope in (
        policy.community_scope(nobody),
        policy.community_profile_scope(nobody),
        policy.stakeholder_scope(nobody),
        policy.stakeholder_contact_scope(nobody),
        policy.survey_wave_scope(nobody),
        policy.survey_response_scope(nobody),
        policy.community_incident_scope(nobody),
        policy.community_plan_scope(nobody),
    ):
        assert scope == policy.NOTHING
    assert not policy.may_report_incidents(nobody)


# --- what everyone may read (C1) -----------------------------------------------------------


@pytest.mark.parametrize("viewer", sorted(EVERYONE))
def test_shared_knowledge_is_read_by_everyone(cworld, viewer):
    actor = cworld.actor(viewer)
    published = ProfileFactory(community=cworld.community, agency=cworld.agencies["a"])
    assert _sees(Community, policy.community_scope(actor), cworld.community.pk)
    assert _sees(CommunityProfile, policy.community_profile_scope(actor), published.pk)
    assert _sees(Stakeholder, policy.stakeholder_scope(actor), cworld.imam.pk)
    assert _sees(SurveyWave, policy.survey_wave_scope(actor), cworld.wave.pk)
    assert _sees(CommunityIncident, policy.community_incident_scope(actor), cworld.newspaper_incident.pk)
    assert _sees(CommunityPlan, policy.community_plan_scope(actor), cworld.plan.pk)


@pytest.mark.parametrize("viewer", sorted(EVERYONE))
def test_draft_profiles_are_seen_by_the_community_team(cworld, viewer):
    draft = ProfileFactory(community=cworld.community, status="draft", agency=cworld.agencies["a"])
    sees = _sees(CommunityProfile, policy.community_profile_scope(cworld.actor(viewer)), draft.pk)
    assert sees is (viewer in A_STAFF | B_STAFF)


# --- who changes what (C2, C3, C5, C6) -----------------------------------------------------


@pytest.mark.parametrize("viewer", sorted(EVERYONE))
def test_community_records_are_changed_by_the_teams_editors(cworld, viewer):
    actor = cworld.actor(viewer)
    expected = viewer in TEAM_EDITORS
    assert _sees(Community, policy.community_scope(actor, Action.CHANGE), cworld.community.pk) is expected
    assert _sees(SurveyWave, policy.survey_wave_scope(actor, Action.CHANGE), cworld.wave.pk) is expected
    assert _sees(Stakeholder, policy.stakeholder_scope(actor, Action.CHANGE), cworld.imam.pk) is expected
    assert _sees(CommunityPlan, policy.community_plan_scope(actor, Action.CHANGE), cworld.plan.pk) is expected
    assert policy.may_create_community_plan(actor, cworld.community, None) is expected


@pytest.mark.parametrize("viewer", sorted(EVERYONE))
def test_ordinary_incidents_are_changed_by_the_team_editors_and_the_reporter(cworld, viewer):
    changes = _sees(
        CommunityIncident,
        policy.community_incident_scope(cworld.actor(viewer), Action.CHANGE),
        cworld.newspaper_incident.pk,
    )
    assert changes is (viewer in TEAM_EDITORS)  # a_pm is also its reporter


@pytest.mark.parametrize("viewer", sorted(EVERYONE))
def test_safety_incidents_are_changed_by_those_who_see_them(cworld, viewer):
    changes = _sees(
        CommunityIncident,
        policy.community_incident_scope(cworld.actor(viewer), Action.CHANGE),
        cworld.safety_incident.pk,
    )
    assert changes is (viewer in SAFETY_READERS)


def test_anyone_with_an_agency_may_report_an_incident(cworld):
    assert all(policy.may_report_incidents(cworld.actor(name)) for name in USERS)


def test_editor_roles(cworld):
    assert {name for name in USERS if policy.may_edit_communities(cworld.actor(name))} == {
        "a_supervisor",
        "a_pm",
        "a_me",
        "b_supervisor",
        "b_pm",
        "c_supervisor",
        "c_pm",
        "c_me",
    }


def test_programme_plans_are_started_by_the_programmes_lead_agency(cworld):
    programme = cworld.base.programme  # led by agency A
    assert policy.may_create_community_plan(cworld.actor("a_pm"), None, programme)
    assert not policy.may_create_community_plan(cworld.actor("b_pm"), None, programme)
    assert not policy.may_create_community_plan(cworld.actor("a_worker"), None, programme)
