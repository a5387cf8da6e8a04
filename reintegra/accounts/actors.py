"""Build the `Actor` for a request: the user, their active agency and their roles there."""

from dataclasses import dataclass

from django.http import HttpRequest

from reintegra.accounts.models import Agency, Membership
from reintegra.core.actors import Actor

ACTIVE_AGENCY_SESSION_KEY = "reintegra_active_agency"


@dataclass(frozen=True)
class ActorContext:
    """The actor plus the agencies they may switch to (for the agency picker)."""

    actor: Actor
    agencies: tuple[Agency, ...]


def actor_context(request: HttpRequest) -> ActorContext:
    """Resolve once per request; one query for all of the user's active memberships."""
    cached: ActorContext | None = getattr(request, "_reintegra_actor", None)
    if cached is not None:
        return cached
    user = request.user
    if not user.is_authenticated:
        context = ActorContext(Actor(user_id=None, name="anonymous"), ())
    else:
        memberships = list(
            Membership.objects.filter(user=user, is_active=True, agency__is_active=True)
            .select_related("agency")
            .order_by("agency__name")
        )
        agencies = tuple({m.agency_id: m.agency for m in memberships}.values())
        session = getattr(request, "session", None)  # absent on schema-generation requests
        chosen = session.get(ACTIVE_AGENCY_SESSION_KEY) if session is not None else None
        agency = next((a for a in agencies if a.pk == chosen), agencies[0] if agencies else None)
        roles = frozenset(m.role for m in memberships if agency and m.agency_id == agency.pk)
        context = ActorContext(
            Actor(
                user_id=user.pk,
                name=user.label,
                agency_id=agency.pk if agency else None,
                agency_name=agency.name if agency else "",
                roles=roles,
            ),
            agencies,
        )
    request._reintegra_actor = context  # type: ignore[attr-defined]
    return context


def get_actor(request: HttpRequest) -> Actor:
    """The acting user for this request, as services and selectors expect it."""
    return actor_context(request).actor
