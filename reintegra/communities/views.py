import csv
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.actors import get_actor
from reintegra.accounts.selectors import agency_list
from reintegra.communities import charts, selectors, services
from reintegra.communities.choices import (
    DIMENSION_ORDER,
    PLAN_STEPS,
    Dimension,
    StepStatus,
)
from reintegra.communities.cohesion import GROUPS, OVERALL
from reintegra.communities.forms import (
    CommunityCreateForm,
    CommunityEditForm,
    CommunityFilterForm,
    ImportForm,
    IncidentFilterForm,
    IncidentForm,
    IncidentResponseForm,
    ParticipationForm,
    PlanFilterForm,
    PlanForm,
    PlanStepForm,
    ProfileEntryForm,
    ProfileForm,
    ResponseForm,
    StakeholderContactForm,
    StakeholderFilterForm,
    StakeholderForm,
    VersionForm,
    WaveForm,
    plan_item_form,
)
from reintegra.communities.models import Community, CommunityPlan, CommunityProfile
from reintegra.communities.services import Respondent
from reintegra.core.forms import apply_validation_error
from reintegra.core.views import agency_required, paginate, save_form, saved
from reintegra.places.choices import PlaceLevel
from reintegra.places.selectors import place_list
from reintegra.programmes.selectors import programme_list


def _partial(request: HttpRequest) -> bool:
    return bool(request.htmx and not request.htmx.history_restore_request)  # type: ignore[attr-defined]


def _community_context(request: HttpRequest, community: Community, section: str) -> dict[str, Any]:
    """What every page of a community shows above its content: title and sub-navigation."""
    actor = get_actor(request)
    return {
        "community": community,
        "section": section,
        "can_change": selectors.may_change_community(actor, community),
    }


# --- communities -------------------------------------------------------------------------


@agency_required
@require_GET
def community_list_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = CommunityFilterForm(request.GET, regions=place_list(level=PlaceLevel.REGION).order_by("name_en"))
    data = form.cleaned()
    filters = selectors.CommunityFilters(
        query=data.get("q") or "",
        region=data["region"].pk if data.get("region") else None,
        mine=bool(data.get("mine")),
    )
    page = paginate(request, selectors.community_search(actor=actor, filters=filters))
    template = "communities/_community_rows.html" if _partial(request) else "communities/community_list.html"
    return render(
        request, template, {"form": form, "page": page, "may_create": policy.may_edit_communities(actor)}
    )


@agency_required
def community_create_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    if not policy.may_edit_communities(actor):
        raise PermissionDenied
    places = place_list().filter(level__in=(PlaceLevel.LOCALITY, PlaceLevel.DISTRICT), community__isnull=True)
    form = CommunityCreateForm(request.POST or None, places=places.order_by("name_en"))
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(
                request, _("{name} is now a community. Start its profile next.").format(name=community.name)
            )
            return redirect("communities:community_detail", community_id=community.pk)
    return render(
        request, "communities/community_form.html", {"form": form, "title": _("Set up a community")}
    )


@agency_required
@require_GET
def community_detail_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    overview = selectors.community_overview(actor=actor, community_id=community_id)
    context = _community_context(request, overview.community, "overview")
    context.update({"overview": overview, "chart": _overall_chart(overview.cohesion)})
    return render(request, "communities/community_detail.html", context)


@agency_required
def community_edit_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community = selectors.community_get(actor=actor, community_id=community_id, action=Action.CHANGE)
    form = CommunityEditForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ("population_estimate", "population_notes")}
        try:
            services.community_update(
                actor=actor, community=community, values=values, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Changes saved."))
            return redirect("communities:community_detail", community_id=community.pk)
    context = _community_context(request, community, "overview")
    context.update({"form": form, "title": _("Population of {name}").format(name=community.name)})
    return render(request, "communities/community_form.html", context)


# --- profiles ----------------------------------------------------------------------------


@agency_required
@require_GET
def profile_view(request: HttpRequest, community_id: int, number: int | None = None) -> HttpResponse:
    actor = get_actor(request)
    community = selectors.community_get(actor=actor, community_id=community_id)
    detail = selectors.profile_detail(actor=actor, community=community, number=number)
    if detail.profile is not None and detail.profile.is_draft:
        return redirect("communities:profile_draft", community_id=community.pk)
    context = _community_context(request, community, "profile")
    context.update({"detail": detail, "profile": detail.profile})
    return render(request, "communities/profile_detail.html", context)


def _draft(request: HttpRequest, community_id: int) -> tuple[Community, CommunityProfile]:
    """The community (changeable by the actor) and its draft, or 404."""
    actor = get_actor(request)
    community = selectors.community_get(actor=actor, community_id=community_id, action=Action.CHANGE)
    draft = selectors.draft_profile(actor=actor, community=community, action=Action.CHANGE)
    if draft is None:
        raise Http404(_("There is no draft profile."))
    return community, draft


def _draft_page(
    request: HttpRequest, community: Community, draft: CommunityProfile, status: int = 200, **forms: Any
) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.profile_detail(actor=actor, community=community, number=draft.number)
    context = _community_context(request, community, "profile")
    context.update(
        {
            "detail": detail,
            "profile": draft,
            "form": ProfileForm(instance=draft),
            "entry_form": ProfileEntryForm(),
            "participation_form": ParticipationForm(),
            "publish_form": VersionForm(initial={"version": draft.version}, auto_id="publish-%s"),
            "participation_rows": list(draft.participation.all()),
        }
    )
    context.update(forms)
    return render(request, "communities/profile_draft.html", context, status=status)


@agency_required
def profile_draft_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community, draft = _draft(request, community_id)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=draft)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.profile_draft_update(
                    actor=actor, profile=draft, values=values, expected_version=form.cleaned_data["version"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                saved(request, _("Draft saved."))
                return redirect("communities:profile_draft", community_id=community.pk)
        draft.refresh_from_db()
        return _draft_page(request, community, draft, status=400, form=form)
    return _draft_page(request, community, draft)


@agency_required
@require_POST
def profile_draft_start_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community = selectors.community_get(actor=actor, community_id=community_id, action=Action.CHANGE)
    try:
        draft = services.profile_draft_start(actor=actor, community=community)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("communities:profile", community_id=community.pk)
    saved(
        request,
        _(
            "Draft version {n} started from the current profile. Publish it when the assessment is complete."
        ).format(n=draft.number),
    )
    return redirect("communities:profile_draft", community_id=community.pk)


@agency_required
@require_POST
def profile_entry_add_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community, draft = _draft(request, community_id)
    form = ProfileEntryForm(request.POST)
    if form.is_valid():
        try:
            services.profile_entry_save(actor=actor, profile=draft, values=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Entry added."))
            return redirect(
                "{url}#section-{kind}".format(
                    url=reverse("communities:profile_draft", args=[community.pk]),
                    kind=form.cleaned_data["kind"],
                )
            )
    return _draft_page(request, community, draft, status=400, entry_form=form)


@agency_required
def profile_entry_edit_view(request: HttpRequest, community_id: int, entry_id: int) -> HttpResponse:
    actor = get_actor(request)
    community, draft = _draft(request, community_id)
    entry = selectors.profile_entry_get(actor=actor, profile=draft, entry_id=entry_id)
    form = ProfileEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_entry_save(actor=actor, profile=draft, values=form.cleaned_data, entry=entry)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Entry saved."))
            return redirect("communities:profile_draft", community_id=community.pk)
    context = _community_context(request, community, "profile")
    context.update(
        {
            "form": form,
            "title": _("Edit a profile entry"),
            "cancel": reverse("communities:profile_draft", args=[community.pk]),
        }
    )
    return render(request, "communities/community_form.html", context)


@agency_required
@require_POST
def profile_entry_remove_view(request: HttpRequest, community_id: int, entry_id: int) -> HttpResponse:
    actor = get_actor(request)
    community, draft = _draft(request, community_id)
    entry = selectors.profile_entry_get(actor=actor, profile=draft, entry_id=entry_id)
    services.profile_entry_remove(actor=actor, profile=draft, entry=entry)
    saved(request, _("Entry removed."))
    return redirect("communities:profile_draft", community_id=community.pk)


@agency_required
@require_POST
def profile_participation_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community, draft = _draft(request, community_id)
    form = ParticipationForm(request.POST)
    if form.is_valid():
        try:
            services.profile_participation_set(actor=actor, profile=draft, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Participation updated."))
            return redirect(
                "{url}#participation".format(url=reverse("communities:profile_draft", args=[community.pk]))
            )
    return _draft_page(request, community, draft, status=400, participation_form=form)


@agency_required
@require_POST
def profile_publish_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community, draft = _draft(request, community_id)
    form = VersionForm(request.POST, auto_id="publish-%s")
    if form.is_valid():
        try:
            published = services.profile_publish(
                actor=actor, profile=draft, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Version {n} is now the community's profile.").format(n=published.number))
            return redirect("communities:profile", community_id=community.pk)
    return _draft_page(request, community, draft, status=400, publish_form=form)


@agency_required
@require_POST
def profile_discard_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community, draft = _draft(request, community_id)
    services.profile_draft_discard(actor=actor, profile=draft)
    saved(request, _("The draft was discarded."))
    return redirect("communities:profile", community_id=community.pk)


# --- stakeholders ------------------------------------------------------------------------


@agency_required
@require_GET
def stakeholder_map_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community = selectors.community_get(actor=actor, community_id=community_id)
    form = StakeholderFilterForm(request.GET)
    data = form.cleaned()
    filters = selectors.StakeholderFilters(
        query=data.get("q") or "",
        kind=data.get("kind") or "",
        willingness=data.get("willingness") or "",
        trust=data.get("trust") or "",
        quadrant=data.get("quadrant") or "",
        include_inactive=bool(data.get("inactive")),
    )
    stakeholders = selectors.stakeholder_search(actor=actor, community=community, filters=filters)
    page = paginate(request, stakeholders)
    context = _community_context(request, community, "stakeholders")
    context.update(
        {
            "form": form,
            "page": page,
            "grid": selectors.influence_grid(stakeholders),
            "may_add": context["can_change"],
        }
    )
    template = (
        "communities/_stakeholder_rows.html" if _partial(request) else "communities/stakeholder_map.html"
    )
    return render(request, template, context)


@agency_required
def stakeholder_create_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community = selectors.community_get(actor=actor, community_id=community_id, action=Action.CHANGE)
    form = StakeholderForm(request.POST or None, agencies=agency_list())
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.stakeholder_create(actor=actor, community=community, values=form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("{name} is on the map.").format(name=stakeholder.name))
            return redirect("communities:stakeholder_detail", stakeholder_id=stakeholder.pk)
    context = _community_context(request, community, "stakeholders")
    context.update({"form": form, "title": _("Add a stakeholder"), "stakeholder_form": True})
    return render(request, "communities/community_form.html", context)


@agency_required
@require_GET
def stakeholder_detail_view(request: HttpRequest, stakeholder_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.stakeholder_detail(actor=actor, stakeholder_id=stakeholder_id)
    context = _community_context(request, detail.stakeholder.community, "stakeholders")
    context.update(
        {"detail": detail, "stakeholder": detail.stakeholder, "contact_form": StakeholderContactForm()}
    )
    return render(request, "communities/stakeholder_detail.html", context)


@agency_required
def stakeholder_edit_view(request: HttpRequest, stakeholder_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    stakeholder = selectors.stakeholder_get(actor=actor, stakeholder_id=stakeholder_id, action=Action.CHANGE)
    form = StakeholderForm(request.POST or None, instance=stakeholder, agencies=agency_list())
    done = save_form(
        request,
        form,
        lambda: services.stakeholder_update(
            actor=actor,
            stakeholder=stakeholder,
            values=form.values(),
            expected_version=form.cleaned_data["version"],
        ),
        "communities:stakeholder_detail",
        stakeholder_id=stakeholder.pk,
    )
    if done is not None:
        return done
    selectors.stakeholder_detail(
        actor=actor, stakeholder_id=stakeholder.pk
    )  # the form shows contacts: audited
    context = _community_context(request, stakeholder.community, "stakeholders")
    context.update(
        {
            "form": form,
            "title": _("Edit {name}").format(name=stakeholder.name),
            "stakeholder_form": True,
            "cancel": reverse("communities:stakeholder_detail", args=[stakeholder.pk]),
        }
    )
    return render(request, "communities/community_form.html", context)


@agency_required
@require_POST
def stakeholder_contact_add_view(request: HttpRequest, stakeholder_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    stakeholder = selectors.stakeholder_get(actor=actor, stakeholder_id=stakeholder_id)
    if not stakeholder.contact_visible:  # type: ignore[attr-defined]
        raise Http404
    form = StakeholderContactForm(request.POST)
    if form.is_valid():
        try:
            services.stakeholder_contact_add(actor=actor, stakeholder=stakeholder, values=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Contact logged."))
            return redirect(
                "{url}#contacts".format(url=reverse("communities:stakeholder_detail", args=[stakeholder.pk]))
            )
    detail = selectors.stakeholder_detail(actor=actor, stakeholder_id=stakeholder.pk)
    context = _community_context(request, stakeholder.community, "stakeholders")
    context.update({"detail": detail, "stakeholder": detail.stakeholder, "contact_form": form})
    return render(request, "communities/stakeholder_detail.html", context, status=400)


# --- social cohesion ---------------------------------------------------------------------


def _chart_for(
    summary: selectors.CohesionSummary, key: str, title: str, *, small: bool = False
) -> charts.LineChart:
    labels = [wave.label for wave, _scores in summary.waves]
    return charts.line_chart(
        categories=labels,
        series=summary.series(key),
        title=title,
        description=_("Scores from 0 to 100 for each respondent group, wave by wave."),
        rtl=get_language_bidi(),
        width=360 if small else 560,
        height=200 if small else 260,
    )


def _overall_chart(summary: selectors.CohesionSummary) -> charts.LineChart | None:
    if not summary.waves:
        return None
    return _chart_for(summary, OVERALL, _("Overall cohesion score by wave"))


@agency_required
@require_GET
def cohesion_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community = selectors.community_get(actor=actor, community_id=community_id)
    summary = selectors.community_cohesion(actor=actor, community=community)
    dimension_charts = (
        [
            (str(Dimension(d).label), _chart_for(summary, d, str(Dimension(d).label), small=True))
            for d in DIMENSION_ORDER
        ]
        if summary.waves
        else []
    )
    context = _community_context(request, community, "cohesion")
    context.update(
        {
            "summary": summary,
            "chart": _overall_chart(summary),
            "dimension_charts": dimension_charts,
            "groups": GROUPS,
            "may_add_wave": context["can_change"],
        }
    )
    return render(request, "communities/cohesion.html", context)


@agency_required
def wave_create_view(request: HttpRequest, community_id: int) -> HttpResponse:
    actor = get_actor(request)
    community = selectors.community_get(actor=actor, community_id=community_id, action=Action.CHANGE)
    form = WaveForm(request.POST or None, instruments=selectors.instrument_list(active_only=True))
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            wave = services.wave_create(actor=actor, community=community, values=values)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Wave “{label}” planned.").format(label=wave.label))
            return redirect("communities:wave_detail", wave_id=wave.pk)
    context = _community_context(request, community, "cohesion")
    context.update({"form": form, "title": _("Plan a survey wave")})
    return render(request, "communities/community_form.html", context)


@agency_required
def wave_edit_view(request: HttpRequest, wave_id: int) -> HttpResponse:
    actor = get_actor(request)
    wave = selectors.wave_get(actor=actor, wave_id=wave_id, action=Action.CHANGE)
    form = WaveForm(request.POST or None, instance=wave, instruments=selectors.instrument_list())
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.wave_update(
                actor=actor, wave=wave, values=values, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Changes saved."))
            return redirect("communities:wave_detail", wave_id=wave.pk)
    context = _community_context(request, wave.community, "cohesion")
    context.update(
        {
            "form": form,
            "title": _("Edit wave “{label}”").format(label=wave.label),
            "cancel": reverse("communities:wave_detail", args=[wave.pk]),
        }
    )
    return render(request, "communities/community_form.html", context)


@agency_required
@require_GET
def wave_detail_view(request: HttpRequest, wave_id: int) -> HttpResponse:
    actor = get_actor(request)
    wave = selectors.wave_get(actor=actor, wave_id=wave_id)
    context = _community_context(request, wave.community, "cohesion")
    context.update(
        {
            "wave": wave,
            "results": selectors.wave_results(actor=actor, wave=wave),
            "groups": GROUPS,
            "may_enter": selectors.may_enter_responses(actor, wave),
            "may_edit_wave": selectors.wave_list(actor=actor, action=Action.CHANGE)
            .filter(pk=wave.pk)
            .exists(),
        }
    )
    return render(request, "communities/wave_detail.html", context)


def _data_wave(request: HttpRequest, wave_id: int) -> Any:
    """A wave whose individual responses the actor may enter and read, or 404."""
    actor = get_actor(request)
    wave = selectors.wave_get(actor=actor, wave_id=wave_id)
    if not selectors.may_enter_responses(actor, wave):
        raise Http404
    return wave


@agency_required
@require_GET
def wave_responses_view(request: HttpRequest, wave_id: int) -> HttpResponse:
    actor = get_actor(request)
    wave = _data_wave(request, wave_id)
    page = selectors.response_listing(actor=actor, wave=wave).page(request.GET.get("page"))
    items = list(wave.instrument.items.order_by("order", "code"))
    rows = []
    for response in page.object_list:
        values = {answer.item_id: answer.value for answer in response.answers.all()}
        rows.append((response, [values.get(item.pk) for item in items]))
    context = _community_context(request, wave.community, "cohesion")
    context.update({"wave": wave, "page": page, "rows": rows, "items": items})
    return render(request, "communities/wave_responses.html", context)


@agency_required
def response_create_view(request: HttpRequest, wave_id: int) -> HttpResponse:
    actor = get_actor(request)
    wave = _data_wave(request, wave_id)
    items = list(wave.instrument.items.select_related("scale").order_by("order", "code"))
    form = ResponseForm(request.POST or None, items=items, initial={"collected_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        respondent = Respondent(
            group=form.cleaned_data["group"],
            sex=form.cleaned_data["sex"],
            age_band=form.cleaned_data["age_band"],
            collected_on=form.cleaned_data["collected_on"],
            answers=form.answers(),
        )
        try:
            services.survey_response_record(actor=actor, wave=wave, respondent=respondent)
        except ValidationError as error:
            apply_validation_error(form, _rename_item_errors(error))
        else:
            saved(request, _("Response saved. The form is ready for the next respondent."))
            return redirect("communities:response_create", wave_id=wave.pk)
    context = _community_context(request, wave.community, "cohesion")
    context.update({"wave": wave, "form": form, "count": wave.responses.count()})
    return render(request, "communities/response_form.html", context, status=400 if form.errors else 200)


def _rename_item_errors(error: ValidationError) -> ValidationError:
    """Service errors name items by code; the form's fields are item_<code>."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {
            (
                name
                if name in ("group", "sex", "age_band", "collected_on", "__all__")
                else "__all__"
                if name == "answers"
                else "item_{code}".format(code=name)
            ): messages_
            for name, messages_ in error.error_dict.items()
        }
    )


@agency_required
@require_POST
def response_delete_view(request: HttpRequest, wave_id: int, response_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    wave = _data_wave(request, wave_id)
    response = selectors.response_get(actor=actor, wave=wave, response_id=response_id)
    try:
        services.survey_response_delete(actor=actor, response=response)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        saved(request, _("Response removed."))
    return redirect("communities:wave_responses", wave_id=wave.pk)


@agency_required
def responses_import_view(request: HttpRequest, wave_id: int) -> HttpResponse:
    actor = get_actor(request)
    wave = _data_wave(request, wave_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.IMPORT_MAX_BYTES:
            problems = [_("The file is larger than 2 MB; split it.")]
        else:
            try:
                count = services.survey_responses_import(actor=actor, wave=wave, data=upload.read())
            except ValidationError as error:
                problems = list(error.messages)
            else:
                saved(request, _("{n} responses imported.").format(n=count))
                return redirect("communities:wave_detail", wave_id=wave.pk)
    context = _community_context(request, wave.community, "cohesion")
    context.update(
        {"wave": wave, "form": form, "problems": problems, "columns": services.import_columns(wave)}
    )
    return render(request, "communities/responses_import.html", context, status=400 if problems else 200)


@agency_required
@require_GET
def responses_template_view(request: HttpRequest, wave_id: int) -> HttpResponse:
    wave = _data_wave(request, wave_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="responses-template-{pk}.csv"'.format(pk=wave.pk)
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(services.import_columns(wave))
    return response


@agency_required
@require_GET
def instrument_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "communities/instrument_list.html",
        {"instruments": selectors.instrument_list().order_by("code", "-version")},
    )


@agency_required
@require_GET
def instrument_detail_view(request: HttpRequest, instrument_id: int) -> HttpResponse:
    instrument = selectors.instrument_get(instrument_id)
    by_dimension = [
        (str(Dimension(d).label), [item for item in instrument.items.all() if item.dimension == d])
        for d in DIMENSION_ORDER
    ]
    return render(
        request,
        "communities/instrument_detail.html",
        {"instrument": instrument, "by_dimension": by_dimension, "scales": list(instrument.scales.all())},
    )


# --- incidents ---------------------------------------------------------------------------


def _incident_list(request: HttpRequest, community: Community | None) -> HttpResponse:
    actor = get_actor(request)
    form = IncidentFilterForm(request.GET, communities=selectors.community_list(actor=actor))
    data = form.cleaned()
    filters = selectors.IncidentFilters(
        query=data.get("q") or "",
        community=community.pk if community else (data["community"].pk if data.get("community") else None),
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        safety=bool(data.get("safety")),
        open_only=bool(data.get("open_only")),
    )
    page = selectors.incident_search(actor=actor, filters=filters).page(request.GET.get("page"))
    context: dict[str, Any] = _community_context(request, community, "incidents") if community else {}
    context.update(
        {
            "form": form,
            "page": page,
            "may_report": policy.may_report_incidents(actor),
            "fixed_community": community,
        }
    )
    if _partial(request):
        return render(request, "communities/_incident_rows.html", context)
    return render(request, "communities/incident_list.html", context)


@agency_required
@require_GET
def incident_list_view(request: HttpRequest) -> HttpResponse:
    return _incident_list(request, None)


@agency_required
@require_GET
def community_incidents_view(request: HttpRequest, community_id: int) -> HttpResponse:
    community = selectors.community_get(actor=get_actor(request), community_id=community_id)
    return _incident_list(request, community)


@agency_required
def incident_create_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    if not policy.may_report_incidents(actor):
        raise PermissionDenied
    communities = selectors.community_list(actor=actor)
    chosen = request.POST.get("community") or request.GET.get("community")
    community = communities.filter(pk=chosen).first() if chosen and str(chosen).isdigit() else None
    places = selectors.community_places(community) if community else place_list().none()
    form = IncidentForm(
        request.POST or None,
        initial={
            "community": community,
            "occurred_on": timezone.localdate(),
            "place": community.place if community else None,
        },
        communities=communities,
        places=places,
        agencies=agency_list(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_report(
                actor=actor,
                community=form.cleaned_data["community"],
                values=form.values(),
                involved_agencies=form.cleaned_data["involved_agencies"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Incident {code} recorded.").format(code=incident.code))
            return redirect("communities:incident_detail", incident_id=incident.pk)
    context = _community_context(request, community, "incidents") if community else {}
    context.update({"form": form, "title": _("Report an incident"), "incident_form": True})
    return render(request, "communities/incident_form.html", context)


@agency_required
@require_GET
def incident_detail_view(request: HttpRequest, incident_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.incident_detail(actor=actor, incident_id=incident_id)
    incident = detail.incident
    context = _community_context(request, incident.community, "incidents")
    context.update(
        {"detail": detail, "incident": incident, "response_form": _response_form(request, incident)}
    )
    return render(request, "communities/incident_detail.html", context)


def _response_form(request: HttpRequest, incident: Any, *args: Any, **kwargs: Any) -> IncidentResponseForm:
    actor = get_actor(request)
    return IncidentResponseForm(
        *args,
        stakeholders=selectors.stakeholder_options(actor=actor, community=incident.community),
        agencies=agency_list(),
        **kwargs,
    )


@agency_required
def incident_edit_view(request: HttpRequest, incident_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    incident = selectors.incident_get(actor=actor, incident_id=incident_id, action=Action.CHANGE)
    form = IncidentForm(
        request.POST or None,
        instance=incident,
        communities=selectors.community_list(actor=actor),
        places=selectors.community_places(incident.community),
        agencies=agency_list(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.incident_update(
                actor=actor,
                incident=incident,
                values=form.values(),
                expected_version=form.cleaned_data["version"],
                involved_agencies=form.cleaned_data["involved_agencies"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Changes saved."))
            if not selectors.incident_list(actor=actor).filter(pk=updated.pk).exists():
                messages.info(request, _("The incident is now restricted to the practitioner-safety roles."))
                return redirect("communities:incident_list")
            return redirect("communities:incident_detail", incident_id=incident.pk)
    selectors.incident_detail(actor=actor, incident_id=incident.pk)  # the form shows the incident: audited
    context = _community_context(request, incident.community, "incidents")
    context.update(
        {
            "form": form,
            "title": _("Edit incident {code}").format(code=incident.code),
            "cancel": reverse("communities:incident_detail", args=[incident.pk]),
            "incident_form": True,
        }
    )
    return render(request, "communities/incident_form.html", context)


@agency_required
def incident_response_view(
    request: HttpRequest, incident_id: UUID, response_id: int | None = None
) -> HttpResponse:
    actor = get_actor(request)
    incident = selectors.incident_get(actor=actor, incident_id=incident_id, action=Action.CHANGE)
    existing = (
        selectors.incident_response_get(actor=actor, incident=incident, response_id=response_id)
        if response_id is not None
        else None
    )
    if request.method == "GET" and existing is None:
        return redirect(
            "{url}#responses".format(url=reverse("communities:incident_detail", args=[incident.pk]))
        )
    form = _response_form(request, incident, request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_response_save(
                actor=actor, incident=incident, values=form.cleaned_data, response=existing
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Response recorded."))
            return redirect(
                "{url}#responses".format(url=reverse("communities:incident_detail", args=[incident.pk]))
            )
    if existing is None:
        detail = selectors.incident_detail(actor=actor, incident_id=incident.pk)
        context = _community_context(request, incident.community, "incidents")
        context.update({"detail": detail, "incident": incident, "response_form": form})
        return render(request, "communities/incident_detail.html", context, status=400)
    context = _community_context(request, incident.community, "incidents")
    context.update(
        {
            "form": form,
            "title": _("Edit the response"),
            "cancel": reverse("communities:incident_detail", args=[incident.pk]),
        }
    )
    return render(request, "communities/community_form.html", context, status=400 if form.errors else 200)


# --- plans -------------------------------------------------------------------------------


def _plan_list(request: HttpRequest, community: Community | None) -> HttpResponse:
    actor = get_actor(request)
    form = PlanFilterForm(request.GET, communities=selectors.community_list(actor=actor))
    data = form.cleaned()
    filters = selectors.PlanFilters(
        query=data.get("q") or "",
        community=community.pk if community else (data["community"].pk if data.get("community") else None),
        status=data.get("status") or "",
        mine=bool(data.get("mine")),
    )
    page = paginate(request, selectors.plan_search(actor=actor, filters=filters))
    context: dict[str, Any] = _community_context(request, community, "plans") if community else {}
    context.update(
        {
            "form": form,
            "page": page,
            "may_create": policy.may_edit_communities(actor),
            "fixed_community": community,
            "step_total": sum(len(s) for s in PLAN_STEPS.values()),
        }
    )
    template = "communities/_plan_rows.html" if _partial(request) else "communities/plan_list.html"
    return render(request, template, context)


@agency_required
@require_GET
def plan_list_view(request: HttpRequest) -> HttpResponse:
    return _plan_list(request, None)


@agency_required
@require_GET
def community_plans_view(request: HttpRequest, community_id: int) -> HttpResponse:
    community = selectors.community_get(actor=get_actor(request), community_id=community_id)
    return _plan_list(request, community)


def _plan_form(request: HttpRequest, *args: Any, community: Community | None, **kwargs: Any) -> PlanForm:
    actor = get_actor(request)
    profiles = (
        selectors.profile_list(actor=actor).filter(community=community, status="published")
        if community
        else selectors.profile_list(actor=actor).none()
    )
    return PlanForm(
        *args,
        communities=selectors.community_list(actor=actor, action=Action.CHANGE),
        programmes=programme_list(),
        profiles=profiles,
        **kwargs,
    )


@agency_required
def plan_create_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    if not policy.may_edit_communities(actor):
        raise PermissionDenied
    chosen = request.POST.get("community") or request.GET.get("community")
    changeable = selectors.community_list(actor=actor, action=Action.CHANGE)
    community = changeable.filter(pk=chosen).first() if chosen and str(chosen).isdigit() else None
    current = selectors.current_profile(community) if community else None
    form = _plan_form(
        request,
        request.POST or None,
        community=community,
        initial={
            "community": community,
            "profile": current,
            "title": _("Reintegration plan for {name}").format(name=community.name) if community else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=actor, values=form.values())
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(
                form, error if isinstance(error, ValidationError) else ValidationError(str(error))
            )
        else:
            saved(request, _("Plan started. Walk through the steps below."))
            return redirect("communities:plan_detail", plan_id=plan.pk)
    context = _community_context(request, community, "plans") if community else {}
    context.update({"form": form, "title": _("Start a multi-stakeholder plan")})
    return render(request, "communities/community_form.html", context)


def _plan_page(request: HttpRequest, plan_id: int, status: int = 200, **forms: Any) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.plan_detail(actor=actor, plan_id=plan_id)
    plan = detail.plan
    stakeholders = (
        selectors.stakeholder_options(actor=actor, community=plan.community) if plan.community else []
    )
    agencies = agency_list()
    context: dict[str, Any] = _community_context(request, plan.community, "plans") if plan.community else {}
    context.update(
        {
            "detail": detail,
            "plan": plan,
            "step_forms": {
                step.step: PlanStepForm(
                    initial={"status": step.status, "notes": step.notes}, auto_id="step-" + step.step + "-%s"
                )
                for phase in detail.phases
                for step in phase.steps
            },
            "item_forms": {
                kind: plan_item_form(kind, agencies=agencies, stakeholders=stakeholders, auto_id=kind + "-%s")
                for kind in ("objective", "engagement", "partner", "meeting", "capacity")
            },
            "StepStatus": StepStatus,
        }
    )
    for name, form in forms.items():
        if name.startswith("item_"):
            context["item_forms"][name[5:]] = form
        else:
            context[name] = form
    return render(request, "communities/plan_detail.html", context, status=status)


@agency_required
@require_GET
def plan_detail_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_page(request, plan_id)


@agency_required
def plan_edit_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor = get_actor(request)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id, action=Action.CHANGE)
    form = _plan_form(request, request.POST or None, instance=plan, community=plan.community)
    done = save_form(
        request,
        form,
        lambda: services.plan_update(
            actor=actor, plan=plan, values=form.values(), expected_version=form.cleaned_data["version"]
        ),
        "communities:plan_detail",
        plan_id=plan.pk,
    )
    if done is not None:
        return done
    context = _community_context(request, plan.community, "plans") if plan.community else {}
    context.update(
        {
            "form": form,
            "title": _("Edit the plan"),
            "cancel": reverse("communities:plan_detail", args=[plan.pk]),
        }
    )
    return render(request, "communities/community_form.html", context)


@agency_required
@require_POST
def plan_step_view(request: HttpRequest, plan_id: int, step: str) -> HttpResponse:
    actor = get_actor(request)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id, action=Action.CHANGE)
    form = PlanStepForm(request.POST)
    if form.is_valid():
        try:
            services.plan_step_set(actor=actor, plan=plan, step=step, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            saved(request, _("Step updated."))
    else:
        messages.error(request, _("Choose a status for the step."))
    return redirect(
        "{url}#step-{step}".format(url=reverse("communities:plan_detail", args=[plan.pk]), step=step)
    )


PLAN_ITEM_ANCHORS = {
    "objective": "objectives",
    "engagement": "engagement",
    "partner": "partners",
    "meeting": "meetings",
    "capacity": "capacity",
}


def _plan_item_form(request: HttpRequest, plan: CommunityPlan, kind: str, *args: Any, **kwargs: Any) -> Any:
    actor = get_actor(request)
    stakeholders = (
        selectors.stakeholder_options(actor=actor, community=plan.community)
        if plan.community
        else selectors.stakeholder_list(actor=actor).none()
    )
    return plan_item_form(kind, *args, agencies=agency_list(), stakeholders=stakeholders, **kwargs)


def _item_values(form: Any) -> tuple[dict[str, Any], Any]:
    values = dict(form.cleaned_data)
    agencies = values.pop("agencies", None)
    return values, agencies


@agency_required
def plan_item_view(request: HttpRequest, plan_id: int, kind: str, item_id: int | None = None) -> HttpResponse:
    """Add (POST without an id) or edit (GET/POST with an id) a row of the plan."""
    if kind not in PLAN_ITEM_ANCHORS:
        raise Http404
    actor = get_actor(request)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id, action=Action.CHANGE)
    item = selectors.plan_child_get(plan=plan, kind=kind, item_id=item_id) if item_id is not None else None
    if request.method == "GET" and item is None:
        return redirect("communities:plan_detail", plan_id=plan.pk)
    form = _plan_item_form(
        request,
        plan,
        kind,
        request.POST or None,
        instance=item,
        auto_id=(kind + "-%s") if item is None else "id_%s",
    )
    back = "{url}#{anchor}".format(
        url=reverse("communities:plan_detail", args=[plan.pk]), anchor=PLAN_ITEM_ANCHORS[kind]
    )
    if request.method == "POST" and form.is_valid():
        values, agencies = _item_values(form)
        try:
            services.plan_item_save(
                actor=actor, plan=plan, kind=kind, values=values, item=item, agencies=agencies
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Saved."))
            return redirect(back)
    if item is None:
        return _plan_page(request, plan.pk, status=400, **{"item_" + kind: form})
    context: dict[str, Any] = _community_context(request, plan.community, "plans") if plan.community else {}
    context.update({"form": form, "title": _("Edit: {plan}").format(plan=plan.title), "cancel": back})
    return render(request, "communities/community_form.html", context, status=400 if form.errors else 200)


@agency_required
@require_POST
def plan_item_remove_view(request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    if kind not in PLAN_ITEM_ANCHORS:
        raise Http404
    actor = get_actor(request)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id, action=Action.CHANGE)
    item = selectors.plan_child_get(plan=plan, kind=kind, item_id=item_id)
    try:
        services.plan_item_remove(actor=actor, plan=plan, kind=kind, item=item)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        saved(request, _("Removed."))
    return redirect(
        "{url}#{anchor}".format(
            url=reverse("communities:plan_detail", args=[plan.pk]), anchor=PLAN_ITEM_ANCHORS[kind]
        )
    )
