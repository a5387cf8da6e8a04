"""The acting user, as every service, selector and policy function receives it."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Actor:
    """Who is acting, in which agency, with which roles there.

    Built once per request by `reintegra.accounts.actors.get_actor` and passed explicitly;
    thread-locals never decide authorisation. `roles` are the actor's membership roles in
    the *active* agency only: a user who belongs to several agencies acts in one at a time.
    """

    user_id: int | None
    name: str
    agency_id: int | None = None
    agency_name: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def user_pk(self) -> int:
        """The user's id; refuses (403) for an actor without one, so a write can never be
        attributed to nobody."""
        if self.user_id is None:
            raise PermissionDenied(_("Sign in first."))
        return self.user_id

    @property
    def agency_pk(self) -> int:
        """The active agency's id; refuses (403) when the actor acts for no agency."""
        if self.agency_id is None:
            raise PermissionDenied(_("Choose the agency you are working for first."))
        return self.agency_id

    def has_role(self, *roles: str) -> bool:
        """True when the actor holds any of `roles` in the active agency."""
        return bool(self.roles.intersection(roles))
