import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.actors import get_actor
from reintegra.assessments import selectors, services
from reintegra.assessments.choices import SurveyWave, VersionStatus
from reintegra.assessments.forms import (
    AssessmentForm,
    AssessmentStartForm,
    CorrectForm,
    CountersignForm,
    ImportForm,
    ReturnForm,
    SignForm,
    SurveyForm,
)
from reintegra.assessments.models import SurveyQuestionSet, TemplateVersion
from reintegra.cases.selectors import case_get, seen_case
from reintegra.core.choices import DataCategory
from reintegra.core.forms import apply_validation_error
from reintegra.core.views import agency_required, saved


def _posted(request: HttpRequest) -> Any:
    """The posted data, even when empty (an empty form is still a submission)."""
    return request.POST if request.method == "POST" else None


def _role(case: object) -> str | None:
    return getattr(case, "actor_role", None)


def _errors_as_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- assessments ------------------------------------------------------------------------


@agency_required
@require_GET
def case_assessments_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    data = selectors.case_assessments(actor=actor, case_id=case_id, page=request.GET.get("page"))
    return render(
        request,
        "assessments/case_assessments.html",
        {"data": data, "case": data.case.obj, "sees": data.case.sees, "active": "assessments"},
    )


@agency_required
def assessment_start_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = case_get(actor=actor, case_id=case_id)
    versions = selectors.startable_versions(actor=actor, case=case)
    if not versions or case.is_closed:
        raise PermissionDenied
    queryset = selectors.template_version_list(actor=actor, usable_only=True).filter(
        pk__in=[v.pk for v in versions]
    )
    form = AssessmentStartForm(
        _posted(request),
        versions=queryset,
        initial={"assessed_on": timezone.localdate(), "version": versions[0]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                actor=actor,
                case=case,
                version=form.cleaned_data["version"],
                team_role=_role(case),
                context=form.cleaned_data["context"],
                assessed_on=form.cleaned_data["assessed_on"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Assessment {code} started as a draft.").format(code=assessment.code))
            return redirect("assessments:assessment_edit", assessment_id=assessment.pk)
    seen = seen_case(actor, case)
    return render(
        request,
        "assessments/assessment_start.html",
        {"form": form, "case": case, "sees": seen.sees, "active": "assessments"},
    )


@agency_required
@require_GET
def assessment_detail_view(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.assessment_read(actor=actor, assessment_id=assessment_id)
    assessment = detail.seen.obj
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "detail": detail,
            "assessment": assessment,
            "case": detail.case.obj,
            "sees": detail.case.sees,
            "active": "assessments",
            "sign_form": SignForm(initial={"version": assessment.version}),
            "countersign_form": CountersignForm(initial={"version": assessment.version}),
            "return_form": ReturnForm(initial={"version": assessment.version}),
            "correct_form": CorrectForm(),
        },
    )


@agency_required
def assessment_edit_view(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.assessment_read(actor=actor, assessment_id=assessment_id)  # the form shows it: audited
    assessment = detail.seen.obj
    if not detail.permissions.edit:
        raise PermissionDenied
    ratings = selectors.assessment_ratings(assessment)
    form = AssessmentForm(_posted(request), instance=assessment, structure=detail.structure, ratings=ratings)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            case = detail.case.obj
            try:
                saved_assessment = services.assessment_save(
                    actor=actor,
                    assessment=assessment,
                    team_role=_role(case),
                    values=form.values(),
                    ratings=form.ratings(),
                    expected_version=form.cleaned_data["version"],
                )
                if "sign" in request.POST:
                    services.assessment_sign(
                        actor=actor,
                        assessment=saved_assessment,
                        team_role=_role(case),
                        expected_version=saved_assessment.version,
                    )
            except ValidationError as error:
                form.apply(error)
            else:
                if "sign" in request.POST:
                    saved(
                        request,
                        _("Assessment signed. It now waits for a second qualified colleague to countersign."),
                    )
                    return redirect("assessments:assessment_detail", assessment_id=assessment.pk)
                saved(request, _("Draft saved."))
                return redirect("assessments:assessment_edit", assessment_id=assessment.pk)
        status = 400
    return render(
        request,
        "assessments/assessment_edit.html",
        {
            "form": form,
            "detail": detail,
            "assessment": assessment,
            "case": detail.case.obj,
            "sees": detail.case.sees,
            "active": "assessments",
        },
        status=status,
    )


def _signature_action(request: HttpRequest, assessment_id: UUID, form_class: type, act: str) -> HttpResponse:
    actor = get_actor(request)
    assessment = selectors.assessment_get(actor=actor, assessment_id=assessment_id, action=Action.CHANGE)
    case = case_get(actor=actor, case_id=assessment.case_id)
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if act == "sign":
                services.assessment_sign(
                    actor=actor,
                    assessment=assessment,
                    team_role=_role(case),
                    expected_version=data["version"],
                )
                saved(
                    request,
                    _("Assessment signed. It now waits for a second qualified colleague to countersign."),
                )
            elif act == "countersign":
                services.assessment_countersign(
                    actor=actor,
                    assessment=assessment,
                    team_role=_role(case),
                    comment=data["comment"],
                    dissent=data["dissent"],
                    expected_version=data["version"],
                )
                saved(request, _("Assessment countersigned. It is final now."))
            elif act == "return":
                services.assessment_return(
                    actor=actor,
                    assessment=assessment,
                    team_role=_role(case),
                    reason=data["reason"],
                    expected_version=data["version"],
                )
                saved(request, _("Assessment returned to its assessor as a draft."))
            else:
                revision = services.assessment_correct(
                    actor=actor, assessment=assessment, team_role=_role(case), reason=data["reason"]
                )
                saved(request, _("Correction {code} started as a draft.").format(code=revision.code))
                return redirect("assessments:assessment_edit", assessment_id=revision.pk)
        except ValidationError as error:
            _errors_as_messages(request, error)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("assessments:assessment_detail", assessment_id=assessment.pk)


@agency_required
@require_POST
def assessment_sign_view(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    return _signature_action(request, assessment_id, SignForm, "sign")


@agency_required
@require_POST
def assessment_countersign_view(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    return _signature_action(request, assessment_id, CountersignForm, "countersign")


@agency_required
@require_POST
def assessment_return_view(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    return _signature_action(request, assessment_id, ReturnForm, "return")


@agency_required
@require_POST
def assessment_correct_view(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    return _signature_action(request, assessment_id, CorrectForm, "correct")


@agency_required
@require_GET
def change_over_time_view(request: HttpRequest, case_id: UUID, template_id: int) -> HttpResponse:
    actor = get_actor(request)
    grid = selectors.change_over_time(actor=actor, case_id=case_id, template_id=template_id)
    return render(
        request,
        "assessments/change_over_time.html",
        {"grid": grid, "case": grid.case.obj, "sees": grid.case.sees, "active": "assessments"},
    )


# --- instruments ------------------------------------------------------------------------


@agency_required
@require_GET
def instrument_list_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    return render(
        request,
        "assessments/instrument_list.html",
        {
            "templates": selectors.template_list(actor=actor),
            "question_sets": selectors.question_set_list(actor=actor).order_by("code", "-number"),
            "may_manage": policy.may_manage_instruments(actor),
            "import_form": ImportForm(),
        },
    )


@agency_required
@require_POST
def instrument_import_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    if not policy.may_manage_instruments(actor):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        try:
            loaded = services.instrument_import(actor=actor, raw=form.cleaned_data["file"].read())
        except ValidationError as error:
            problems = list(error.messages)
        else:
            saved(request, _("Loaded as a draft. Check it, then publish it to put it into use."))
            return redirect(_instrument_url(loaded))
    return render(
        request,
        "assessments/instrument_list.html",
        {
            "templates": selectors.template_list(actor=actor),
            "question_sets": selectors.question_set_list(actor=actor).order_by("code", "-number"),
            "may_manage": True,
            "import_form": form,
            "problems": problems,
        },
        status=400,
    )


def _instrument_url(instrument: TemplateVersion | SurveyQuestionSet) -> str:
    if isinstance(instrument, TemplateVersion):
        return reverse("assessments:template_version", kwargs={"version_id": instrument.pk})
    return reverse("assessments:question_set", kwargs={"set_id": instrument.pk})


@agency_required
@require_GET
def template_version_view(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = get_actor(request)
    version = selectors.template_version_get(actor=actor, version_id=version_id)
    return render(
        request,
        "assessments/template_version.html",
        {
            "version": version,
            "structure": selectors.template_structure(version),
            "may_manage": policy.may_manage_instruments(actor)
            and version.template.owner_agency_id == actor.agency_id,
        },
    )


@agency_required
@require_GET
def question_set_view(request: HttpRequest, set_id: int) -> HttpResponse:
    actor = get_actor(request)
    question_set = selectors.question_set_get(actor=actor, set_id=set_id)
    return render(
        request,
        "assessments/question_set.html",
        {
            "question_set": question_set,
            "questions": selectors.questions_of(question_set),
            "may_manage": policy.may_manage_instruments(actor)
            and question_set.owner_agency_id == actor.agency_id,
        },
    )


def _download(data: dict, name: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="{name}.json"'.format(name=slugify(name))
    return response


@agency_required
@require_GET
def template_export_view(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = get_actor(request)
    version = selectors.template_version_get(actor=actor, version_id=version_id)
    data = selectors.instrument_export(actor=actor, instrument=version)
    return _download(data, "{code}-v{n}".format(code=version.template.code, n=version.number))


@agency_required
@require_GET
def question_set_export_view(request: HttpRequest, set_id: int) -> HttpResponse:
    actor = get_actor(request)
    question_set = selectors.question_set_get(actor=actor, set_id=set_id)
    data = selectors.instrument_export(actor=actor, instrument=question_set)
    return _download(data, "{code}-v{n}".format(code=question_set.code, n=question_set.number))


@agency_required
@require_POST
def instrument_status_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    actor = get_actor(request)
    instrument: TemplateVersion | SurveyQuestionSet
    if kind not in ("templates", "surveys"):
        raise Http404
    if kind == "templates":
        instrument = selectors.template_version_get(actor=actor, version_id=pk)
    else:
        instrument = selectors.question_set_get(actor=actor, set_id=pk)
    status = request.POST.get("status", "")
    if status not in (VersionStatus.PUBLISHED, VersionStatus.RETIRED):
        messages.error(request, _("Choose publish or retire."))
    else:
        try:
            services.instrument_set_status(actor=actor, instrument=instrument, status=status)
        except ValidationError as error:
            _errors_as_messages(request, error)
        else:
            saved(request, _("Published.") if status == VersionStatus.PUBLISHED else _("Retired."))
    return redirect(_instrument_url(instrument))


# --- surveys ----------------------------------------------------------------------------


@agency_required
@require_GET
def case_surveys_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    data = selectors.case_surveys(actor=actor, case_id=case_id)
    return render(
        request,
        "assessments/case_surveys.html",
        {"data": data, "case": data.case.obj, "sees": data.case.sees, "active": "surveys"},
    )


@agency_required
def survey_record_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = case_get(actor=actor, case_id=case_id)
    sets = selectors.question_set_list(actor=actor, usable_only=True)
    question_set = (
        sets.filter(pk=request.GET.get("set") or request.POST.get("set") or 0).first() or sets.first()
    )
    if (
        question_set is None
        or case.is_closed
        or not policy.is_qualified_assessor(actor, case, _role(case), DataCategory.HEALTH_PSYCHOSOCIAL)
    ):
        raise PermissionDenied
    questions = selectors.questions_of(question_set)
    has_intake = selectors.survey_list(actor=actor).filter(case=case, wave=SurveyWave.INTAKE).exists()
    form = SurveyForm(
        _posted(request),
        questions=questions,
        initial={
            "conducted_on": timezone.localdate(),
            "wave": SurveyWave.FOLLOW_UP if has_intake else SurveyWave.INTAKE,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_record(
                actor=actor,
                case=case,
                question_set=question_set,
                team_role=_role(case),
                wave=form.cleaned_data["wave"],
                conducted_on=form.cleaned_data["conducted_on"],
                answers=form.answers(),
            )
        except ValidationError as error:
            form.apply(error)
        else:
            saved(request, _("Survey recorded."))
            return redirect("assessments:survey_detail", survey_id=survey.pk)
    return render(
        request,
        "assessments/survey_form.html",
        {
            "form": form,
            "case": case,
            "sees": seen_case(actor, case).sees,
            "question_set": question_set,
            "question_sets": sets,
            "active": "surveys",
        },
        status=400 if form.errors else 200,
    )


@agency_required
@require_GET
def survey_detail_view(request: HttpRequest, survey_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.survey_read(actor=actor, survey_id=survey_id)
    return render(
        request,
        "assessments/survey_detail.html",
        {
            "detail": detail,
            "survey": detail.seen.obj,
            "case": detail.case.obj,
            "sees": detail.case.sees,
            "active": "surveys",
        },
    )


@agency_required
def survey_edit_view(request: HttpRequest, survey_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.survey_read(actor=actor, survey_id=survey_id)  # the form shows it: audited
    if not detail.may_change:
        raise PermissionDenied
    survey = selectors.survey_get(actor=actor, survey_id=survey_id, action=Action.CHANGE)
    case = case_get(actor=actor, case_id=survey.case_id)
    form = SurveyForm(
        _posted(request),
        questions=selectors.questions_of(survey.question_set),
        answers=survey.answers,
        editing=True,
        initial={"version": survey.version, "wave": survey.wave, "conducted_on": survey.conducted_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(
                actor=actor,
                survey=survey,
                team_role=_role(case),
                wave=form.cleaned_data["wave"],
                conducted_on=form.cleaned_data["conducted_on"],
                answers=form.answers(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.apply(error)
        else:
            saved(request, _("Changes saved."))
            return redirect("assessments:survey_detail", survey_id=survey.pk)
    return render(
        request,
        "assessments/survey_form.html",
        {
            "form": form,
            "case": case,
            "sees": detail.case.sees,
            "question_set": survey.question_set,
            "survey": survey,
            "active": "surveys",
        },
        status=400 if form.errors else 200,
    )
