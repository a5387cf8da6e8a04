"""Reads of reference data about organisations (not personal data)."""

from django.db.models import QuerySet

from reintegra.accounts.models import Agency


def agency_list(*, include_inactive: bool = False) -> QuerySet[Agency]:
    """Agencies taking part in the programme; every signed-in user may see them."""
    agencies = Agency.objects.all()
    return agencies if include_inactive else agencies.filter(is_active=True)
