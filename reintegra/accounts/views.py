from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.accounts.actors import actor_context
from reintegra.accounts.services import agency_switch
from reintegra.core.views import signed_in_required


@signed_in_required
@require_POST
def switch_agency_view(request: HttpRequest) -> HttpResponse:
    context = actor_context(request)
    agency = next((a for a in context.agencies if str(a.pk) == request.POST.get("agency")), None)
    if agency is None:
        messages.error(request, _("You are not a member of that agency."))
    else:
        agency_switch(actor=context.actor, request=request, agency=agency)
        messages.success(request, _("You are now working for {agency}.").format(agency=agency.name))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "cases:dashboard"
    return redirect(target)
