"""Template context: the acting user and the agencies they can switch between."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from reintegra.accounts.actors import actor_context


def actor(request: HttpRequest) -> dict[str, Any]:
    """Lazy, so pages that never show the agency picker pay no query for it."""
    context = SimpleLazyObject(lambda: actor_context(request))
    return {"actor_context": context}
