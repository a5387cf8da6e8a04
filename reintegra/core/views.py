"""Small view helpers shared by every app, and the error pages."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reintegra.accounts.actors import get_actor
from reintegra.core.forms import apply_validation_error

# Every page view says how access to it is decided; reintegra/tests/test_url_policy.py
# walks the URL resolver and fails on any route whose view carries no decision.
POLICY_ATTRIBUTE = "reintegra_policy"


def mark_policy(view: Callable[..., HttpResponse], decision: str) -> Callable[..., HttpResponse]:
    """Record on `view` how its access is decided ("agency", "signed_in", "public: <reason>")."""
    setattr(view, POLICY_ATTRIBUTE, decision)
    return view


def agency_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, with an active agency: every page about people and cases needs both."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if get_actor(request).agency_id is None:
            return render(request, "core/no_agency.html", status=403)
        return view(request, *args, **kwargs)

    return mark_policy(wrapped, "agency")


def signed_in_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, any agency or none (e.g. choosing the agency to work for)."""
    return mark_policy(login_required(view), "signed_in")


def paginate(request: HttpRequest, items: QuerySet[Any], per_page: int | None = None) -> Page[Any]:
    """One page of `items`; out-of-range pages show the last page rather than an error."""
    paginator = Paginator(items, per_page or settings.REINTEGRA_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def saved(request: HttpRequest, message: str) -> None:
    messages.success(request, message)


def save_form(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], object],
    to: str,
    *args: Any,
    message: str = "",
    **kwargs: Any,
) -> HttpResponse | None:
    """The POST half of a form page. When the form is valid, run `save` (a service call);
    on success say so (`message`, default "Changes saved.") and redirect (`to`, `*args`,
    `**kwargs` as for `redirect`). When the service refuses, its errors go onto the form
    and None is returned: the page renders again with them and nothing typed is lost."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        save()
    except ValidationError as error:
        apply_validation_error(form, error)
        return None
    saved(request, message or _("Changes saved."))
    return redirect(to, *args, **kwargs)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def denied_message(request: HttpRequest, error: PermissionDenied) -> None:
    messages.error(request, str(error) or _("You are not allowed to do this."))
