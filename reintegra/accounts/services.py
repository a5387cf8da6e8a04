"""Writes about accounts: switching the agency a user acts for."""

from django.http import HttpRequest

from reintegra.accounts.actors import ACTIVE_AGENCY_SESSION_KEY
from reintegra.accounts.models import Agency
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record


def agency_switch(*, actor: Actor, request: HttpRequest, agency: Agency) -> None:
    """Act for another of the user's agencies from the next request on. Audited, because
    what a user may see depends on it. The caller checks the membership."""
    request.session[ACTIVE_AGENCY_SESSION_KEY] = agency.pk
    audit_record(
        actor=actor,
        action="user.agency_switched",
        target=agency,
        changes={"agency": [actor.agency_id, agency.pk]},
    )
