"""One computation of the live protocols per request, none carried into the next."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from reintegra.sharing.rules import request_memo


class SharingMemoMiddleware:
    """Lets the policy look up live protocols and partner access once per request.
    Each request starts empty, so a withdrawal or expiry applies to the very next one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            request_memo.reset(token)
