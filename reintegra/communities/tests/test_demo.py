"""The community track of the demo world: four towns with profiles, maps, two waves each,
incidents with responses (the PAVE newspaper scenario among them) and a plan."""

import pytest
from django.utils import timezone

from reintegra.access import policy
from reintegra.communities import selectors
from reintegra.communities.choices import ProfileStatus
from reintegra.communities.models import (
    Community,
    CommunityIncident,
    CommunityPlan,
    CommunityProfile,
    Stakeholder,
    SurveyWave,
)
from reintegra.core.audit import audit_verify
from reintegra.demo import communities as demo_communities
from reintegra.demo import world as demo_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    world = demo_world._build_accounts()
    demo_communities.build(world, today=timezone.localdate())
    return world


def _the_community_demo(demo):
    # four communities, the four demo towns
    assert set(Community.objects.values_list("place__code", flat=True)) == {
        "port-amani",
        "wadi-nour",
        "bel-air",
        "kassara",
    }
    for community in Community.objects.all():
        # a published profile, a stakeholder map and two waves each
        assert community.profiles.filter(status=ProfileStatus.PUBLISHED).exists()
        assert community.stakeholders.count() >= 5
        assert community.waves.count() == 2
        assert CommunityIncident.objects.filter(community=community).exists()
    # versioned profiles: two published versions in Port Amani, a draft in Kassara
    assert (
        CommunityProfile.objects.filter(community__place__code="port-amani", status="published").count() == 2
    )
    assert CommunityProfile.objects.filter(community__place__code="kassara", status="draft").count() == 1
    # the map has the actors the PAVE module names
    kinds = set(Stakeholder.objects.values_list("kind", flat=True))
    assert {"womens_group", "faith_institution", "traditional_leader", "youth_group", "media"} <= kinds
    # the PAVE newspaper scenario, answered by a faith leader and the women's forum
    article = CommunityIncident.objects.get(title__icontains="Coast Daily")
    responders = {
        r.stakeholder.kind for r in article.responses.select_related("stakeholder") if r.stakeholder
    }
    assert {"faith_leader", "womens_group"} <= responders
    # a practitioner-safety incident
    assert CommunityIncident.objects.filter(practitioner_safety=True).count() == 1
    # plans
    assert CommunityPlan.objects.filter(status="active").exists()
    # every wave has responses in both groups
    assert all(wave.responses.values("group").distinct().count() == 2 for wave in SurveyWave.objects.all())
    _count, findings = audit_verify()
    assert findings == []


def _results_show_most_cells_and_suppress_some(demo):
    outsider = demo.actors[("claire.iors", "iors")]
    shown = hidden = 0
    for community in Community.objects.all():
        for _wave, scores in selectors.community_cohesion(actor=outsider, community=community).waves:
            for row in scores.rows:
                for cell in row.cells.values():
                    hidden += cell.suppressed
                    shown += not cell.suppressed
    assert hidden > 0
    assert shown > 2 * hidden


def _safety_incident_visibility(demo):
    incident = CommunityIncident.objects.get(practitioner_safety=True)

    def sees(username: str, agency: str) -> bool:
        actor = demo.actors[(username, agency)]
        return CommunityIncident.objects.filter(
            policy.community_incident_scope(actor), pk=incident.pk
        ).exists()

    assert sees("zahra.women", "women")  # the reporter
    assert sees("layla.supervisor", "nccr")
    assert sees("sofia.dpo", "nccr")
    assert sees("omar.programme", "nccr")
    assert not sees("rania.me", "nccr")
    assert not sees("claire.iors", "iors")
    assert not sees("walid.bridges", "bridges")


def _plan_partners_see_contacts(demo):
    imam = Stakeholder.objects.get(name="Imam of the old-harbour mosque")

    def sees(username: str, agency: str) -> bool:
        actor = demo.actors[(username, agency)]
        return Stakeholder.objects.filter(policy.stakeholder_contact_scope(actor), pk=imam.pk).exists()

    assert sees("omar.programme", "nccr")
    assert sees("walid.bridges", "bridges")
    assert sees("claire.iors", "iors")
    assert not sees("adil.vocational", "vocational")
    assert not sees("driss.supervisor", "prison")


def test_the_community_demo_world(demo):
    # one build of the demo (it is not cheap), checked from four sides
    _the_community_demo(demo)
    _results_show_most_cells_and_suppress_some(demo)
    _safety_incident_visibility(demo)
    _plan_partners_see_contacts(demo)
