"""Request plumbing: a request id for the audit trail, and no caching of personal pages."""

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from reintegra.core.choices import AuditChannel
from reintegra.core.context import channel_var, request_id_var

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (a proxy's X-Request-ID when well-formed) and a channel."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        channel = AuditChannel.API if request.path.startswith("/api/") else AuditChannel.PAGE
        id_token = request_id_var.set(request_id)
        channel_token = channel_var.set(channel)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(id_token)
            channel_var.reset(channel_token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreMiddleware:
    """Pages for signed-in users must never be kept by browsers or proxies (shared PCs)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response
