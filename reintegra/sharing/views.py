import json
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reintegra.access import policy
from reintegra.accounts.actors import get_actor
from reintegra.accounts.ratelimit import rate_limited
from reintegra.accounts.selectors import agency_list
from reintegra.accounts.stepup import require_recent_authentication
from reintegra.cases.choices import CaseRole
from reintegra.cases.selectors import colleagues
from reintegra.cases.services import case_team_add_partner
from reintegra.core.forms import apply_validation_error
from reintegra.core.views import agency_required, paginate, save_form, saved
from reintegra.people.selectors import person_get, person_list
from reintegra.services.selectors import community_actor_list
from reintegra.sharing import reports, selectors, services
from reintegra.sharing.choices import BasisKind
from reintegra.sharing.forms import (
    BasisForm,
    BreakGlassForm,
    BreakGlassReviewForm,
    PartnerChoiceForm,
    PartnerMemberForm,
    PartyForm,
    ProtocolCreateForm,
    ProtocolVersionForm,
    ReviewForm,
    SignForm,
    WithdrawForm,
)


def _protocol_url(protocol_id: int) -> str:
    return reverse("sharing:protocol_detail", kwargs={"protocol_id": protocol_id})


@agency_required
@require_GET
def protocol_list_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    protocols = list(selectors.protocol_list(actor=actor).order_by("code"))
    states = selectors.protocol_states_for(protocols)
    rows = [(p, *states.get(p.pk, (None, None))) for p in protocols]
    return render(
        request,
        "sharing/protocol_list.html",
        {
            "rows": rows,
            "may_create": policy.may_manage_protocols(actor),
        },
    )


@agency_required
def protocol_create_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    if not policy.may_manage_protocols(actor):
        raise PermissionDenied
    form = ProtocolCreateForm(
        request.POST or None,
        coordinators=colleagues(actor=actor),
        initial={"starts_on": timezone.localdate(), "review_interval_months": 3, "review_grace_days": 30},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.protocol_create(
                actor=actor, title=form.cleaned_data["title"], values=form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(
                request,
                _("Protocol {code} drafted. Now add the partner agencies.").format(
                    code=version.protocol.code
                ),
            )
            return redirect(_protocol_url(version.protocol_id))
    return render(
        request, "sharing/protocol_form.html", {"form": form, "title": _("New information-sharing protocol")}
    )


@agency_required
@require_GET
def protocol_detail_view(request: HttpRequest, protocol_id: int) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.protocol_detail(actor=actor, protocol_id=protocol_id)
    party_form = None
    if detail.draft is not None and detail.can_manage:
        party_form = PartyForm(agencies=agency_list(), categories=detail.draft.version.categories)
    return render(
        request,
        "sharing/protocol_detail.html",
        {
            "detail": detail,
            "party_form": party_form,
            "sign_form": SignForm(),
            "review_form": ReviewForm(),
        },
    )


@agency_required
def version_edit_view(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = get_actor(request)
    version = selectors.version_get(actor=actor, version_id=version_id, manage=True)
    form = ProtocolVersionForm(request.POST or None, instance=version, coordinators=colleagues(actor=actor))
    done = save_form(
        request,
        form,
        lambda: services.version_update(
            actor=actor,
            version=version,
            values=form.cleaned_data,
            opened_at=form.cleaned_data["opened_at"] or None,
        ),
        _protocol_url(version.protocol_id),
    )
    if done is not None:
        return done
    return render(
        request,
        "sharing/protocol_form.html",
        {"form": form, "version": version, "title": _("Edit {v}").format(v=version)},
    )


@agency_required
@require_POST
def party_save_view(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = get_actor(request)
    version = selectors.version_get(actor=actor, version_id=version_id, manage=True)
    form = PartyForm(request.POST, agencies=agency_list(), categories=version.categories)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.party_save(actor=actor, version=version, agency=data["agency"], values=data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            saved(request, _("{agency} is a party.").format(agency=data["agency"]))
    else:
        messages.error(
            request,
            _("Check the partner's details: ")
            + "; ".join(
                "{f}: {e}".format(f=form.fields[f].label, e=" ".join(str(m) for m in e))
                for f, e in form.errors.items()
            ),
        )
    return redirect(_protocol_url(version.protocol_id))


@agency_required
@require_POST
def party_remove_view(request: HttpRequest, party_id: int) -> HttpResponse:
    actor = get_actor(request)
    party = selectors.party_get(actor=actor, party_id=party_id)
    if not policy.may_manage_protocol(actor, party.version.protocol):
        raise Http404
    try:
        services.party_remove(actor=actor, party=party)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_protocol_url(party.version.protocol_id))


@agency_required
@require_POST
def version_open_view(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = get_actor(request)
    version = selectors.version_get(actor=actor, version_id=version_id, manage=True)
    try:
        services.version_open_for_signature(actor=actor, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        saved(request, _("The version is open for signature; each party's signatory can sign it now."))
    return redirect(_protocol_url(version.protocol_id))


@agency_required
@require_POST
@require_recent_authentication()
def party_sign_view(request: HttpRequest, party_id: int) -> HttpResponse:
    actor = get_actor(request)
    party = selectors.party_get(actor=actor, party_id=party_id)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.protocol_sign(
                actor=actor, party=party, signatory_title=form.cleaned_data["signatory_title"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            saved(request, _("Signed for {agency}.").format(agency=party.agency))
    else:
        messages.error(request, _("Give your title and confirm that you sign."))
    return redirect(_protocol_url(party.version.protocol_id))


@agency_required
@require_POST
def protocol_review_view(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = get_actor(request)
    version = selectors.version_get(actor=actor, version_id=version_id, manage=True)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.protocol_review(
                actor=actor,
                version=version,
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
                reviewed_on=form.cleaned_data["reviewed_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            saved(request, _("Review recorded."))
    else:
        messages.error(request, _("Write down what the review found."))
    return redirect(_protocol_url(version.protocol_id))


@agency_required
@require_POST
def protocol_amend_view(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = get_actor(request)
    version = selectors.version_get(actor=actor, version_id=version_id, manage=True)
    try:
        amended = services.protocol_amend(actor=actor, version=version, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_protocol_url(version.protocol_id))
    saved(request, _("Version {n} drafted: edit it, then open it for signature.").format(n=amended.number))
    return redirect(_protocol_url(version.protocol_id))


@agency_required
@require_GET
def person_bases_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person = person_get(actor=actor, person_id=person_id)
    if not selectors.basis_kinds(actor, person) and not policy.disclosure_report_allowed(actor, person):
        raise Http404
    today = timezone.localdate()
    bases = [(b, b.in_force_on(today)) for b in selectors.basis_list(actor=actor, person=person)]
    return render(
        request,
        "sharing/person_bases.html",
        {
            "person": person,
            "bases": bases,
            "kinds": selectors.basis_kinds(actor, person),
            "withdraw_form": WithdrawForm(),
        },
    )


@agency_required
def basis_create_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person = person_get(actor=actor, person_id=person_id)
    kinds = selectors.basis_kinds(actor, person)
    if not kinds:
        raise PermissionDenied
    guardians = person_list(actor=actor).exclude(pk=person.pk)
    form = BasisForm(
        request.POST or None,
        request.FILES or None,
        agencies=agency_list(),
        protocols=selectors.protocol_list(actor=actor),
        guardians=guardians,
        kinds=kinds,
        community_actors=community_actor_list(actor=actor),
        initial={"valid_from": timezone.localdate(), "kind": kinds[0]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            basis = services.basis_record(
                actor=actor,
                person=person,
                kind=data["kind"],
                categories=data["categories"],
                purposes=data["purposes"],
                recipient_agencies=data["recipient_agencies"],
                recipient_protocol=data["recipient_protocol"],
                recipient_community_actors=data["recipient_community_actors"],
                form=data["form"],
                values=form.values(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("{code} recorded. It applies from now on.").format(code=basis.code))
            return redirect("sharing:person_bases", person_id=person.pk)
    return render(
        request,
        "sharing/basis_form.html",
        {"form": form, "person": person, "guardian_kind": BasisKind.GUARDIAN_CONSENT},
    )


@agency_required
@require_POST
def basis_withdraw_view(request: HttpRequest, basis_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    basis = selectors.basis_get(actor=actor, basis_id=basis_id)
    if not policy.may_record_consent(actor, basis.person) and not policy.may_record_legal_basis(
        actor, basis.person
    ):
        raise Http404
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.basis_withdraw(actor=actor, basis=basis, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            saved(
                request,
                _("{code} withdrawn. Partners lose access from their next request.").format(code=basis.code),
            )
    else:
        messages.error(request, _("Say why, or record the person's own words."))
    return redirect("sharing:person_bases", person_id=basis.person_id)


@agency_required
def case_sharing_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    partners = agency_list().exclude(pk=actor.agency_pk)
    choice = PartnerChoiceForm(request.GET or None, agencies=partners)
    partner = choice.cleaned_data["partner"] if choice.is_bound and choice.is_valid() else None
    case, views, chosen = selectors.case_sharing(actor=actor, case_id=case_id, partner=partner)
    member_form = None
    if partner is not None and chosen is not None and chosen.categories:
        member_form = PartnerMemberForm(
            request.POST or None, users=services.partner_staff(partner), roles=CaseRole.choices
        )
        if request.method == "POST" and member_form.is_valid():
            try:
                case_team_add_partner(
                    actor=actor,
                    case=case,
                    user=member_form.cleaned_data["user"],
                    agency_id=partner.pk,
                    role=member_form.cleaned_data["role"],
                )
            except ValidationError as error:
                apply_validation_error(member_form, error)
            else:
                saved(
                    request,
                    _(
                        "{user} of {agency} is on the team and sees what the protocol and consent allow."
                    ).format(user=member_form.cleaned_data["user"].label, agency=partner),
                )
                return redirect(request.get_full_path())
    return render(
        request,
        "sharing/case_sharing.html",
        {
            "case": case,
            "views": views,
            "chosen": chosen,
            "choice": choice,
            "member_form": member_form,
            "partner": partner,
        },
    )


@agency_required
def break_glass_view(request: HttpRequest) -> HttpResponse:
    """The emergency-access page: past grants, and the form that opens one (after step-up)."""
    if request.method == "POST":
        return _break_glass_start(request)
    return _break_glass_page(request, BreakGlassForm())


@require_recent_authentication()
def _break_glass_start(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    if not policy.may_break_glass(actor):
        raise PermissionDenied
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            grant = services.break_glass_start(
                actor=actor, case_code=form.cleaned_data["case_code"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.warning(
                request,
                _(
                    "Emergency access granted until {time}. The data-protection officer has been alerted."
                ).format(time=timezone.localtime(grant.expires_at).strftime("%H:%M")),
            )
            return redirect("cases:case_detail", case_id=grant.case_id)
    return _break_glass_page(request, form)


def _break_glass_page(request: HttpRequest, form: BreakGlassForm) -> HttpResponse:
    actor = get_actor(request)
    return render(
        request,
        "sharing/break_glass.html",
        {
            "form": form,
            "page": paginate(request, selectors.break_glass_list(actor=actor)),
            "may_break_glass": policy.may_break_glass(actor),
        },
    )


@agency_required
def break_glass_review_view(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    grant = selectors.break_glass_get(actor=actor, grant_id=grant_id)
    may_review = policy.may_review_break_glass(actor, grant)
    form = BreakGlassReviewForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("end") and grant.user_id == actor.user_id:
            services.break_glass_end(actor=actor, grant=grant)
            saved(request, _("Emergency access ended."))
            return redirect("sharing:break_glass")
        if not may_review:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.break_glass_review(
                    actor=actor,
                    grant=grant,
                    outcome=form.cleaned_data["outcome"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                saved(request, _("Review recorded."))
                return redirect("sharing:break_glass")
    reads = list(selectors.break_glass_reads(grant)) if may_review or grant.user_id == actor.user_id else []
    return render(
        request,
        "sharing/break_glass_review.html",
        {
            "grant": grant,
            "form": form,
            "may_review": may_review,
            "reads": reads,
        },
    )


@agency_required
@require_GET
@require_recent_authentication()
@rate_limited("export")
def disclosure_report_view(request: HttpRequest, person_id: UUID, fmt: str) -> HttpResponse:
    report = selectors.disclosure_report(actor=get_actor(request), person_id=person_id, fmt=fmt)
    filename = "disclosures-{code}.{fmt}".format(code=report.person.code, fmt=fmt)
    if fmt == "json":
        body = json.dumps(reports.as_json(report), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(reports.as_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="{name}"'.format(name=filename)
    return response
