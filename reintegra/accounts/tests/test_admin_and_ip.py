"""Admin changes are audited; the client address is the one the trusted proxies vouch for."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from reintegra.accounts.choices import MembershipRole
from reintegra.accounts.client_ip import client_ip
from reintegra.accounts.models import Membership
from reintegra.accounts.tests.factories import AgencyFactory, UserFactory
from reintegra.core.models import AuditEvent


@pytest.mark.django_db
def test_granting_a_role_in_the_admin_is_in_the_audit_chain(client):
    # given a superuser editing their own account in the admin
    root = UserFactory(is_superuser=True, is_staff=True)
    agency = AgencyFactory()
    client.force_login(root)
    data = {
        "username": root.username, "display_name": "Root", "email": root.email, "is_active": "on",
        "is_staff": "on", "is_superuser": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-0-agency": agency.pk, "memberships-0-role": MembershipRole.SUPERVISOR,
        "memberships-0-is_active": "on",
    }  # fmt: skip
    # when they give themselves a supervisor role
    response = client.post(reverse("admin:accounts_user_change", args=[root.pk]), data)
    # then the change is saved and recorded in the chained audit trail
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=root, role=MembershipRole.SUPERVISOR).exists()
    event = AuditEvent.objects.get(action="admin.user_changed")
    assert event.actor_user_id == root.pk
    assert "membership" in str(event.changes).lower()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a forged first hop is ignored
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: fall back
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_right(settings, proxies, forwarded, expected):
    settings.REINTEGRA_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
