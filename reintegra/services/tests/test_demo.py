"""The demo's directory and referrals: forty-odd services across the four towns, referrals
in every state (the PAVE family's among them), and an audit chain that still verifies."""

from django.db.models import Count

from reintegra.core.audit import audit_verify
from reintegra.demo.places import TOWN_CODES
from reintegra.places.models import Place
from reintegra.places.selectors import place_and_descendant_ids
from reintegra.services.choices import ReferralStatus
from reintegra.services.models import Provider, Referral, Service


def test_the_demo_directory_and_referrals(demo):
    # at least forty services, and each town served by at least eight of them
    services = Service.objects.filter(is_active=True)
    assert services.count() >= 40
    for code in TOWN_CODES:
        town = Place.objects.get(code=code)
        covering = {p.pk for p in [town, *_ancestors(town)]}
        assert services.filter(areas_served__in=covering).distinct().count() >= 8, code
        assert place_and_descendant_ids(town) == {town.pk}
    # agencies with accounts and community actors without
    kinds = dict(Provider.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds["agency"] >= 5
    assert kinds["informal"] >= 8
    # some stale and some unwilling services, for the directory's markings
    assert any(s.is_stale for s in services)
    assert services.filter(willingness="no").exists()
    # referrals in every state, the PAVE family's included
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    pave = Referral.objects.filter(case__person__household_memberships__household__label__icontains="PAVE")
    assert set(pave.values_list("status", flat=True)) == set(ReferralStatus.values)
    # overdue ones exist and were flagged with a task
    assert Referral.objects.filter(response_alerted_at__isnull=False).exists()
    assert Referral.objects.filter(completion_alerted_at__isnull=False).exists()
    # and the trail of all that work verifies
    _count, findings = audit_verify()
    assert findings == []


def _ancestors(place):
    found = []
    while place.parent_id:
        place = place.parent
        found.append(place)
    return found
