from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from reintegra.accounts.actors import get_actor


class HasActiveAgency(BasePermission):
    """Signed in and acting for an agency. Object access is decided by selectors (404)."""

    message = _("Sign in and choose an agency first.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.is_authenticated and get_actor(request).agency_id)
