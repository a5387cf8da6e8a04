from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.actors import actor_context, get_actor
from reintegra.accounts.selectors import agency_list
from reintegra.cases import selectors, services
from reintegra.cases.choices import CaseStage
from reintegra.cases.forms import (
    CaseEditForm,
    CaseFilterForm,
    CaseOpenForm,
    CloseForm,
    NoteForm,
    ReopenForm,
    TaskForm,
    TaskStatusForm,
    TeamMemberForm,
    TransitionForm,
)
from reintegra.core.choices import DataCategory
from reintegra.core.forms import apply_validation_error, choice
from reintegra.core.views import agency_required, saved
from reintegra.people.selectors import person_get, person_list


@agency_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    return render(request, "cases/dashboard.html", {"dashboard": selectors.dashboard(actor=actor)})


@agency_required
@require_GET
def case_list_view(request: HttpRequest) -> HttpResponse:
    context = actor_context(request)
    actor = context.actor
    agencies = agency_list().filter(pk__in=[a.pk for a in context.agencies])
    form = CaseFilterForm(request.GET, agencies=agencies)
    page = selectors.case_search(actor=actor, filters=form.filters()).page(request.GET.get("page"))
    rows = [selectors.seen_case(actor, case) for case in page.object_list]
    partial = request.htmx and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    template = "cases/_case_results.html" if partial else "cases/case_list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": rows,
            "may_open": policy.may_open_cases(actor),
        },
    )


@agency_required
def case_open_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    if not policy.may_open_cases(actor):
        raise PermissionDenied
    people = person_list(actor=actor, action=Action.CHANGE)
    initial = {}
    if request.GET.get("person"):
        initial["person"] = person_get(actor=actor, person_id=request.GET["person"], action=Action.CHANGE)
    form = CaseOpenForm(request.POST or None, initial=initial, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Case {code} opened at the referral stage.").format(code=case.code))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_open.html", {"form": form})


def _detail_context(request: HttpRequest, case_id: UUID, **forms: object) -> dict[str, object]:
    actor = get_actor(request)
    detail = selectors.case_detail(actor=actor, case_id=case_id)
    case = detail.seen.obj
    transition_form = TransitionForm(initial={"version": case.version})
    choice(transition_form, "to_stage").choices = [(s, CaseStage(s).label) for s in detail.transitions]
    users = selectors.assignable_users(actor=actor, case=case)
    context: dict[str, object] = {
        "detail": detail,
        "case": case,
        "sees": detail.seen.sees,
        "transition_form": transition_form,
        "close_form": CloseForm(initial={"version": case.version}),
        "reopen_form": ReopenForm(initial={"version": case.version}),
        "note_form": NoteForm(categories=detail.note_categories),
        "task_form": TaskForm(users=users),
        "team_form": TeamMemberForm(
            users=selectors.colleagues(actor=actor).exclude(pk__in=[m.user_id for m in detail.team])
        ),
        "tab": _tab(request.GET.get("tab", ""), detail),
    }
    context.update(forms)
    # A form shown again after an error offers the moves allowed from the stage as it is now.
    shown = context["transition_form"]
    if isinstance(shown, TransitionForm):
        choice(shown, "to_stage").choices = choice(transition_form, "to_stage").choices
    return context


@agency_required
@require_GET
def case_detail_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return render(request, "cases/case_detail.html", _detail_context(request, case_id))


def _tab(wanted: str, detail: selectors.CaseDetail) -> str:
    """The tab to open: the one asked for if this user has it, else the overview."""
    tabs = {"overview", "team", "notes", "tasks", "history"}
    if detail.seen.sees[DataCategory.FAMILY_CHILDREN]:
        tabs.add("household")
    if detail.seen.sees[DataCategory.LEGAL_STATUS]:
        tabs.add("justice")
    return wanted if wanted in tabs else "overview"


def _rerender(request: HttpRequest, case_id: UUID, tab: str, **forms: object) -> HttpResponse:
    """Show the case page again with the failing form and its messages (status 400)."""
    context = _detail_context(request, case_id, **forms)
    context["tab"] = _tab(tab, context["detail"])  # type: ignore[arg-type]
    detail: selectors.CaseDetail = context["detail"]  # type: ignore[assignment]
    for name, form in forms.items():
        if not _form_shown(name, detail):
            # The case changed so that this form is no longer offered (e.g. someone closed
            # it): its errors would be invisible, so show them as page messages instead.
            for errors in form.errors.values():  # type: ignore[attr-defined]
                for error in errors:
                    messages.error(request, error)
    return render(request, "cases/case_detail.html", context, status=400)


def _form_shown(name: str, detail: selectors.CaseDetail) -> bool:
    """Whether case_detail.html shows the form called `name` (keep the two in step)."""
    case = detail.seen.obj
    shown = {
        "transition_form": bool(detail.transitions),
        "close_form": detail.can_change,
        "reopen_form": detail.can_reopen,
        "team_form": detail.can_manage_team,
        "note_form": bool(detail.note_categories) and not case.is_closed,
        "task_form": detail.can_change,
    }
    return shown.get(name, True)


@agency_required
def case_edit_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id, action=Action.CHANGE)
    form = CaseEditForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ("beneficiary_type", "referral_source", "opened_on")}
        try:
            services.case_update(
                actor=actor, case=case, values=values, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Changes saved."))
            return redirect("cases:case_detail", case_id=case.pk)
    selectors.case_read(actor=actor, case_id=case.pk)  # the form shows the case: audited
    return render(request, "cases/case_edit.html", {"form": form, "case": case})


@agency_required
@require_POST
def case_transition_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id, action=Action.CHANGE)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.case_transition(
                actor=actor,
                case=case,
                to_stage=form.cleaned_data["to_stage"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(
                request,
                _("The case moved to “{stage}”.").format(
                    stage=CaseStage(form.cleaned_data["to_stage"]).label
                ),
            )
            return redirect("cases:case_detail", case_id=case.pk)
    return _rerender(request, case_id, "overview", transition_form=form)


@agency_required
@require_POST
def case_close_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id, action=Action.CHANGE)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.case_close(
                actor=actor,
                case=case,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("The case is closed."))
            return redirect("cases:case_detail", case_id=case.pk)
    return _rerender(request, case_id, "overview", close_form=form)


@agency_required
@require_POST
def case_reopen_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id, action=Action.REOPEN)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.case_reopen(
                actor=actor,
                case=case,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("The case is open again."))
            return redirect("cases:case_detail", case_id=case.pk)
    return _rerender(request, case_id, "overview", reopen_form=form)


@agency_required
@require_POST
def case_team_add_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id, action=Action.MANAGE_TEAM)
    form = TeamMemberForm(request.POST, users=selectors.colleagues(actor=actor))
    if form.is_valid():
        try:
            services.case_team_add(actor=actor, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("{user} joined the case team.").format(user=form.cleaned_data["user"].label))
            return redirect("{url}?tab=team".format(url=case_url(case.pk)))
    return _rerender(request, case_id, "team", team_form=form)


@agency_required
@require_POST
def case_team_end_view(request: HttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    actor = get_actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id, action=Action.MANAGE_TEAM)
    member = get_object_or_404(case.team.filter(ended_at__isnull=True), pk=member_id)
    try:
        services.case_team_end(actor=actor, member=member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        saved(request, _("Team membership ended."))
    return redirect("{url}?tab=team".format(url=case_url(case.pk)))


@agency_required
@require_POST
def case_note_add_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    role = case.actor_role  # type: ignore[attr-defined]
    form = NoteForm(request.POST, categories=policy.note_categories_writable(actor, case, role))
    if form.is_valid():
        try:
            services.case_note_add(actor=actor, case=case, team_role=role, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Note added."))
            return redirect("{url}?tab=notes".format(url=case_url(case.pk)))
    return _rerender(request, case_id, "notes", note_form=form)


@agency_required
@require_POST
def case_task_add_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = selectors.case_get(actor=actor, case_id=case_id, action=Action.CHANGE)
    form = TaskForm(request.POST, users=selectors.assignable_users(actor=actor, case=case))
    if form.is_valid():
        try:
            services.task_create(actor=actor, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Task added."))
            return redirect("{url}?tab=tasks".format(url=case_url(case.pk)))
    return _rerender(request, case_id, "tasks", task_form=form)


@agency_required
@require_GET
def my_tasks_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    show_done = request.GET.get("done") == "1"
    page = selectors.task_listing(actor=actor, include_done=show_done).page(request.GET.get("page"))
    return render(request, "cases/my_tasks.html", {"page": page, "show_done": show_done})


@agency_required
@require_POST
def task_status_view(request: HttpRequest, task_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    task = selectors.task_get(actor=actor, task_id=task_id, action=Action.CHANGE)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        services.task_set_status(actor=actor, task=task, status=form.cleaned_data["status"])
        saved(request, _("Task updated."))
    next_url = request.POST.get("next")
    if next_url == "case" and task.case_id:
        return redirect("{url}?tab=tasks".format(url=case_url(task.case_id)))
    return redirect("cases:my_tasks")


def case_url(case_id: UUID) -> str:
    return reverse("cases:case_detail", kwargs={"case_id": case_id})
