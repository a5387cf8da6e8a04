from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reintegra.access import policy
from reintegra.access.policy import Action, ReferralAction
from reintegra.accounts.actors import get_actor
from reintegra.accounts.ratelimit import rate_limited
from reintegra.accounts.stepup import require_recent_authentication
from reintegra.cases.selectors import case_get
from reintegra.core.forms import apply_validation_error
from reintegra.core.views import agency_required, paginate, save_form, saved
from reintegra.services import selectors, services
from reintegra.services.choices import ReferralStatus
from reintegra.services.forms import (
    AcceptForm,
    AssignForm,
    AttendanceForm,
    CompleteForm,
    DeclineForm,
    DirectoryFilterForm,
    EndForm,
    FeedbackForm,
    GapFilterForm,
    ProviderForm,
    ReferralFilterForm,
    ReferralForm,
    ServiceForm,
    VersionOnlyForm,
    beneficiary_type_labels,
    service_form_places,
)
from reintegra.services.models import Referral, Service
from reintegra.services.sheet import referral_sheet_pdf


def _site(request: HttpRequest) -> str:
    """The address e-mails link to, from the request (REINTEGRA_BASE_URL wins when set)."""
    return request.build_absolute_uri("/")


def _partial(request: HttpRequest) -> bool:
    return bool(request.htmx and not request.htmx.history_restore_request)  # type: ignore[attr-defined]


# --- directory ----------------------------------------------------------------------------


@agency_required
@require_GET
def directory_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = DirectoryFilterForm(request.GET, types=selectors.service_type_list())
    filters = form.filters()
    profile = None
    code = (form.cleaned_data.get("case") if hasattr(form, "cleaned_data") else "") or ""
    if code:
        profile = selectors.suitability_for(actor=actor, case_code=code)
        if profile is None:
            form.add_error("case", _("No case with this code that you can see."))
    page = paginate(request, selectors.service_search(actor=actor, filters=filters, suitability=profile))
    context = {
        "form": form,
        "page": page,
        "profile": profile,
        "today": timezone.localdate(),
        "may_refer": selectors.referable_cases(actor=actor).exists(),
        "may_manage": policy.may_manage_directory(actor),
    }
    template = "services/_directory_results.html" if _partial(request) else "services/directory.html"
    return render(request, template, context)


@agency_required
@require_GET
def service_detail_view(request: HttpRequest, service_id: int) -> HttpResponse:
    actor = get_actor(request)
    service = selectors.service_get(actor=actor, service_id=service_id)
    can_change = selectors.service_list(actor=actor, action=Action.CHANGE).filter(pk=service.pk).exists()
    return render(
        request,
        "services/service_detail.html",
        {
            "service": service,
            "can_change": can_change,
            "may_refer": selectors.referable_cases(actor=actor).exists(),
            "verify_form": VersionOnlyForm(initial={"version": service.version}),
            "warnings": selectors.eligibility_warnings(service, None, timezone.localdate()),
        },
    )


def _service_form(request: HttpRequest, instance: Service) -> ServiceForm:
    return ServiceForm(
        request.POST or None,
        instance=instance,
        types=selectors.service_type_list(),
        places=service_form_places(),
        labels=beneficiary_type_labels(),
    )


def _service_values(form: ServiceForm) -> dict[str, Any]:
    return {
        k: v
        for k, v in form.cleaned_data.items()
        if k not in ("areas_served", "beneficiary_types", "version")
    }


@agency_required
def service_create_view(request: HttpRequest, provider_id: int) -> HttpResponse:
    actor = get_actor(request)
    provider = selectors.provider_get(actor=actor, provider_id=provider_id, action=Action.CHANGE)
    form = _service_form(request, Service(provider=provider))
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                actor=actor,
                provider=provider,
                values=_service_values(form),
                areas_served=form.cleaned_data["areas_served"],
                beneficiary_types=form.cleaned_data["beneficiary_types"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Service added to the directory."))
            return redirect("services:service_detail", service_id=service.pk)
    return render(
        request, "services/service_form.html", {"form": form, "provider": provider, "service": None}
    )


@agency_required
def service_edit_view(request: HttpRequest, service_id: int) -> HttpResponse:
    actor = get_actor(request)
    service = selectors.service_get(actor=actor, service_id=service_id, action=Action.CHANGE)
    form = _service_form(request, service)
    done = save_form(
        request,
        form,
        lambda: services.service_update(
            actor=actor,
            service=service,
            values=_service_values(form),
            areas_served=form.cleaned_data["areas_served"],
            beneficiary_types=form.cleaned_data["beneficiary_types"],
            expected_version=form.cleaned_data["version"],
        ),
        "services:service_detail",
        service_id=service.pk,
    )
    if done is not None:
        return done
    return render(
        request,
        "services/service_form.html",
        {"form": form, "provider": service.provider, "service": service},
    )


@agency_required
@require_POST
def service_verify_view(request: HttpRequest, service_id: int) -> HttpResponse:
    actor = get_actor(request)
    service = selectors.service_get(actor=actor, service_id=service_id, action=Action.CHANGE)
    form = VersionOnlyForm(request.POST)
    if form.is_valid():
        try:
            services.service_verify(
                actor=actor, service=service, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            saved(request, _("Marked as verified today."))
    else:
        messages.error(request, _("This form is out of date. Reload the page and make your changes again."))
    return redirect("services:service_detail", service_id=service.pk)


@agency_required
@require_GET
def provider_list_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    providers = selectors.provider_search(actor=actor, query=query, kind=kind)
    return render(
        request,
        "services/provider_list.html",
        {
            "page": paginate(request, providers),
            "query": query,
            "kind": kind,
            "may_manage": policy.may_manage_directory(actor),
        },
    )


@agency_required
@require_GET
def provider_detail_view(request: HttpRequest, provider_id: int) -> HttpResponse:
    actor = get_actor(request)
    provider = selectors.provider_get(actor=actor, provider_id=provider_id)
    can_change = selectors.provider_list(actor=actor, action=Action.CHANGE).filter(pk=provider.pk).exists()
    offered = selectors.service_list(actor=actor).filter(provider=provider).order_by("-is_active", "name")
    return render(
        request,
        "services/provider_detail.html",
        {
            "provider": provider,
            "services": offered,
            "can_change": can_change,
            "today": timezone.localdate(),
        },
    )


@agency_required
def provider_create_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    if not policy.may_manage_directory(actor):
        raise PermissionDenied
    form = ProviderForm(request.POST or None, agencies=selectors.linkable_agencies(None), can_relink=True)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_create(
                actor=actor, values={k: v for k, v in form.cleaned_data.items() if k != "version"}
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Provider added. Now add the services it offers."))
            return redirect("services:provider_detail", provider_id=provider.pk)
    return render(request, "services/provider_form.html", {"form": form, "provider": None})


@agency_required
def provider_edit_view(request: HttpRequest, provider_id: int) -> HttpResponse:
    actor = get_actor(request)
    provider = selectors.provider_get(actor=actor, provider_id=provider_id, action=Action.CHANGE)
    can_relink = policy.may_manage_directory(actor)
    form = ProviderForm(
        request.POST or None,
        instance=provider,
        agencies=selectors.linkable_agencies(provider),
        can_relink=can_relink,
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if values.get("agency") is not None and not (values.get("name") or "").strip():
            values["name"] = values["agency"].name
        try:
            services.provider_update(
                actor=actor, provider=provider, values=values, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Changes saved."))
            return redirect("services:provider_detail", provider_id=provider.pk)
    return render(request, "services/provider_form.html", {"form": form, "provider": provider})


@agency_required
@require_GET
def gap_report_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = GapFilterForm(request.GET)
    need = form.cleaned_data.get("need", "") if form.is_valid() else ""
    report = selectors.gap_report(actor=actor, page_number=request.GET.get("page"), need=need)
    return render(request, "services/gap_report.html", {"form": form, "report": report})


# --- referrals: lists ---------------------------------------------------------------------


@agency_required
@require_GET
def referral_list_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = ReferralFilterForm(request.GET, providers=selectors.provider_list(actor=actor).order_by("name"))
    result = selectors.referral_sent_search(actor=actor, filters=form.filters())
    page = result.listing.page(request.GET.get("page"))
    rows = [selectors.seen_referral(actor, r) for r in page.object_list]
    context = {
        "form": form,
        "result": result,
        "page": page,
        "rows": rows,
        "side": "sent",
        "tabs": selectors.SENT_TABS,
        "now": timezone.now(),
        "may_refer": selectors.referable_cases(actor=actor).exists(),
        "on_desk": selectors.is_provider_desk(actor),
    }
    template = "services/_referral_results.html" if _partial(request) else "services/referral_list.html"
    return render(request, template, context)


@agency_required
@require_GET
def referral_incoming_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = ReferralFilterForm(request.GET, providers=None)
    result = selectors.referral_incoming_search(actor=actor, filters=form.filters())
    page = result.listing.page(request.GET.get("page"))
    context = {
        "form": form,
        "result": result,
        "page": page,
        "rows": [selectors.Seen(r, frozenset()) for r in page.object_list],
        "side": "incoming",
        "tabs": selectors.INCOMING_TABS,
        "now": timezone.now(),
        "on_desk": selectors.is_provider_desk(actor),
    }
    template = "services/_referral_results.html" if _partial(request) else "services/referral_list.html"
    return render(request, template, context)


# --- referrals: making --------------------------------------------------------------------


def _referral_form(
    request: HttpRequest, *, cases: Any, fixed_case: Any, service_ids: list[str], initial: dict[str, Any]
) -> ReferralForm:
    actor = get_actor(request)
    offered = selectors.referable_services(actor=actor)
    provider_id = None
    chosen = [s for s in service_ids if s.isdigit()]
    if chosen:
        provider_id = offered.filter(pk__in=chosen).values_list("provider_id", flat=True).first()
    if provider_id is not None:
        offered = offered.filter(provider_id=provider_id)
    return ReferralForm(
        request.POST or None, cases=cases, services=offered, fixed_case=fixed_case, initial=initial
    )


@agency_required
def referral_new_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    cases = selectors.referable_cases(actor=actor)
    fixed_case = None
    case_param = request.POST.get("case") or request.GET.get("case")
    if case_param and request.method == "GET":
        fixed_case = case_get(actor=actor, case_id=case_param, action=Action.CHANGE)
    service_ids = request.POST.getlist("services") or request.GET.getlist("service")
    initial: dict[str, Any] = {"services": [s for s in service_ids if s.isdigit()]}
    if fixed_case is not None:
        initial["case"] = fixed_case.pk
    form = _referral_form(
        request, cases=cases, fixed_case=fixed_case, service_ids=service_ids, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        case = form.cleaned_data["case"]
        try:
            referral = services.referral_create(
                actor=actor,
                case=case,
                services=list(form.cleaned_data["services"]),
                priority=form.cleaned_data["priority"],
                reason=form.cleaned_data["reason"],
                safety_notes=form.cleaned_data["safety_notes"],
                requested_categories=form.cleaned_data["requested_categories"],
                target_end_on=form.cleaned_data["target_end_on"],
                case_role=getattr(case, "actor_role", None),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Draft saved. Check what the provider will see, then send it."))
            return redirect("services:referral_detail", referral_id=referral.pk)
    if not cases.exists():
        messages.info(request, _("You can refer only cases you manage: none of your open cases allows it."))
    return render(
        request, "services/referral_form.html", {"form": form, "referral": None, "case": fixed_case}
    )


@agency_required
def referral_edit_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    referral = selectors.referral_get(actor=actor, referral_id=referral_id, action=ReferralAction.REFER)
    if referral.status != ReferralStatus.DRAFT:
        messages.error(request, _("Only a draft can be edited; this referral was already sent."))
        return redirect("services:referral_detail", referral_id=referral.pk)
    service_ids = request.POST.getlist("services") or [
        str(pk) for pk in referral.services.values_list("pk", flat=True)
    ]
    initial = {
        "version": referral.version,
        "case": referral.case_id,
        "services": service_ids,
        "priority": referral.priority,
        "reason": referral.reason,
        "safety_notes": referral.safety_notes,
        "requested_categories": referral.requested_categories,
        "target_end_on": referral.target_end_on,
    }
    cases = selectors.referable_cases(actor=actor).filter(pk=referral.case_id)
    form = _referral_form(
        request, cases=cases, fixed_case=referral.case, service_ids=service_ids, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_update(
                actor=actor,
                referral=referral,
                values={k: data[k] for k in services.REFERRAL_EDITABLE_FIELDS},
                services=list(data["services"]),
                case_role=getattr(referral, "actor_case_role", None),
                expected_version=data["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Draft saved."))
            return redirect("services:referral_detail", referral_id=referral.pk)
    selectors.referral_detail(actor=actor, referral_id=referral.pk)  # the form shows it: audited
    return render(
        request, "services/referral_form.html", {"form": form, "referral": referral, "case": referral.case}
    )


# --- referrals: the page and its actions --------------------------------------------------


def _detail_context(request: HttpRequest, referral_id: UUID, **forms: Any) -> dict[str, Any]:
    actor = get_actor(request)
    detail = selectors.referral_detail(actor=actor, referral_id=referral_id)
    referral = detail.seen.obj
    version = {"version": referral.version}
    staff = selectors.provider_staff(referral.provider)
    context: dict[str, Any] = {
        "detail": detail,
        "referral": referral,
        "sees": detail.seen.sees,
        "shared": detail.shared,
        "send_form": VersionOnlyForm(initial=version),
        "discard_form": VersionOnlyForm(initial=version),
        "withdraw_form": EndForm(initial=version, withdrawing=True, prefix="withdraw"),
        "accept_form": AcceptForm(initial=version, staff=staff),
        "decline_form": DeclineForm(initial=version),
        "start_form": VersionOnlyForm(initial=version),
        "complete_form": CompleteForm(initial=version),
        "stop_form": EndForm(initial=version, prefix="stop"),
        "assign_form": AssignForm(initial={**version, "user": referral.assigned_to_id}, staff=staff),
        "feedback_form": FeedbackForm(),
        "attendance_form": AttendanceForm(initial={"session_on": timezone.localdate()}),
        "today": timezone.localdate(),
    }
    context.update(forms)
    return context


@agency_required
@require_GET
def referral_detail_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    return render(request, "services/referral_detail.html", _detail_context(request, referral_id))


def _rerender(request: HttpRequest, referral_id: UUID, **forms: Any) -> HttpResponse:
    """The referral page again with the failing form and its messages (status 400). When
    the form is no longer offered (someone moved the referral on), its errors become page
    messages."""
    context = _detail_context(request, referral_id, **forms)
    for form in forms.values():
        for error in form.non_field_errors():
            messages.error(request, error)
    return render(request, "services/referral_detail.html", context, status=400)


def _done(referral: Referral) -> HttpResponse:
    return redirect("services:referral_detail", referral_id=referral.pk)


def _run(
    request: HttpRequest,
    referral: Referral,
    form_name: str,
    form: Any,
    call: Any,
    success: str,
) -> HttpResponse:
    """Validate `form`, run the service `call(data)`, and answer with the page or its errors."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, success)
            return _done(referral)
    return _rerender(request, referral.pk, **{form_name: form})


@agency_required
@require_POST
def referral_send_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    referral = selectors.referral_get(actor=actor, referral_id=referral_id, action=ReferralAction.REFER)
    return _run(
        request,
        referral,
        "send_form",
        VersionOnlyForm(request.POST),
        lambda d: services.referral_send(
            actor=actor, referral=referral, expected_version=d["version"], site_url=_site(request)
        ),
        _("Referral sent. The provider was told by e-mail (reference and link only)."),
    )


@agency_required
@require_POST
def referral_discard_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    referral = selectors.referral_get(actor=actor, referral_id=referral_id, action=ReferralAction.REFER)
    try:
        services.referral_discard(actor=actor, referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _done(referral)
    saved(request, _("Draft discarded."))
    return redirect("services:referral_list")


@agency_required
@require_POST
def referral_withdraw_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    referral = selectors.referral_get(actor=actor, referral_id=referral_id, action=ReferralAction.REFER)
    form = EndForm(request.POST, prefix="withdraw")
    return _run(
        request,
        referral,
        "withdraw_form",
        form,
        lambda d: services.referral_end(
            actor=actor,
            referral=referral,
            reason=d["reason"],
            note=d["note"],
            expected_version=d["version"],
            by_provider=False,
            site_url=_site(request),
        ),
        _("The referral has ended."),
    )


def _respond(request: HttpRequest, referral_id: UUID) -> tuple[Any, Referral, bool]:
    """The referral for a provider-side action, and whether the actor answers on behalf of
    a provider without accounts."""
    actor = get_actor(request)
    referral = selectors.referral_get(actor=actor, referral_id=referral_id, action=ReferralAction.RESPOND)
    return actor, referral, not policy.on_referral_desk(actor, referral)


@agency_required
@require_POST
def referral_accept_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor, referral, on_behalf = _respond(request, referral_id)
    form = AcceptForm(request.POST, staff=selectors.provider_staff(referral.provider))
    return _run(
        request,
        referral,
        "accept_form",
        form,
        lambda d: services.referral_accept(
            actor=actor,
            referral=referral,
            expected_version=d["version"],
            assignee=d.get("assignee"),
            note=d["note"],
            by_provider=not on_behalf,
            site_url=_site(request),
        ),
        _("Referral accepted. The referring agency was told."),
    )


@agency_required
@require_POST
def referral_decline_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor, referral, on_behalf = _respond(request, referral_id)
    return _run(
        request,
        referral,
        "decline_form",
        DeclineForm(request.POST),
        lambda d: services.referral_decline(
            actor=actor,
            referral=referral,
            reason=d["reason"],
            note=d["note"],
            expected_version=d["version"],
            by_provider=not on_behalf,
            site_url=_site(request),
        ),
        _("Referral declined. The referring agency was told."),
    )


@agency_required
@require_POST
def referral_assign_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor, referral, _on_behalf = _respond(request, referral_id)
    form = AssignForm(request.POST, staff=selectors.provider_staff(referral.provider))
    return _run(
        request,
        referral,
        "assign_form",
        form,
        lambda d: services.referral_assign(
            actor=actor,
            referral=referral,
            user=d["user"],
            expected_version=d["version"],
            site_url=_site(request),
        ),
        _("Referral assigned."),
    )


@agency_required
@require_POST
def referral_start_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor, referral, on_behalf = _respond(request, referral_id)
    return _run(
        request,
        referral,
        "start_form",
        VersionOnlyForm(request.POST),
        lambda d: services.referral_start(
            actor=actor, referral=referral, expected_version=d["version"], by_provider=not on_behalf
        ),
        _("The service has started."),
    )


@agency_required
@require_POST
def referral_complete_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor, referral, on_behalf = _respond(request, referral_id)
    return _run(
        request,
        referral,
        "complete_form",
        CompleteForm(request.POST),
        lambda d: services.referral_complete(
            actor=actor,
            referral=referral,
            outcome=d["outcome"],
            note=d["note"],
            expected_version=d["version"],
            by_provider=not on_behalf,
            site_url=_site(request),
        ),
        _("Referral completed. The referring agency was told."),
    )


@agency_required
@require_POST
def referral_stop_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor, referral, on_behalf = _respond(request, referral_id)
    form = EndForm(request.POST, prefix="stop")
    return _run(
        request,
        referral,
        "stop_form",
        form,
        lambda d: services.referral_end(
            actor=actor,
            referral=referral,
            reason=d["reason"],
            note=d["note"],
            expected_version=d["version"],
            by_provider=not on_behalf,
            site_url=_site(request),
        ),
        _("The referral has ended."),
    )


@agency_required
@require_POST
def referral_feedback_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor, referral, on_behalf = _respond(request, referral_id)
    return _run(
        request,
        referral,
        "feedback_form",
        FeedbackForm(request.POST),
        lambda d: services.referral_feedback_add(
            actor=actor,
            referral=referral,
            kind=d["kind"],
            body=d["body"],
            outcome=d["outcome"],
            on_behalf_of_provider=on_behalf,
            site_url=_site(request),
        ),
        _("Feedback saved."),
    )


@agency_required
@require_POST
def referral_attendance_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor, referral, on_behalf = _respond(request, referral_id)
    return _run(
        request,
        referral,
        "attendance_form",
        AttendanceForm(request.POST),
        lambda d: services.referral_attendance_record(
            actor=actor,
            referral=referral,
            session_on=d["session_on"],
            attendance=d["attendance"],
            duration_minutes=d["duration_minutes"],
            note=d["note"],
            on_behalf_of_provider=on_behalf,
        ),
        _("Attendance recorded."),
    )


@agency_required
@require_GET
@require_recent_authentication()
@rate_limited("export")
def referral_sheet_view(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    referral, shared = selectors.referral_sheet(actor=actor, referral_id=referral_id)
    response = HttpResponse(referral_sheet_pdf(referral, shared), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="referral-{ref}.pdf"'.format(
        ref=referral.reference
    )
    return response
