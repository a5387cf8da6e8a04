from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.actors import get_actor
from reintegra.accounts.selectors import agency_list
from reintegra.cases.models import Case
from reintegra.cases.selectors import case_get, seen_case
from reintegra.core.forms import apply_validation_error
from reintegra.core.views import agency_required, save_form, saved
from reintegra.plans import selectors, services
from reintegra.plans.choices import GoalStatus
from reintegra.plans.forms import (
    AcceptanceForm,
    ActionForm,
    GoalForm,
    MentorEndForm,
    MentorForm,
    NeedsForm,
    PlanForm,
    ResolveForm,
    ReviewRecordForm,
    ReviewScheduleForm,
    SessionFilterForm,
    SessionForm,
    SessionNoteForm,
    action_status_form,
    goal_status_form,
)
from reintegra.plans.models import SESSION_TYPE_CATEGORIES, Plan


def _posted(request: HttpRequest) -> Any:
    """The posted data, even when empty (an empty form is still a submission)."""
    return request.POST if request.method == "POST" else None


def _role(case: Case) -> str | None:
    return getattr(case, "actor_role", None)


def _plan_url(case_id: Any, anchor: str = "") -> str:
    url = reverse("plans:case_plan", kwargs={"case_id": case_id})
    return "{url}#{anchor}".format(url=url, anchor=anchor) if anchor else url


def _messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _case_context(request: HttpRequest, case: Case, active: str) -> dict[str, Any]:
    """The case header of a page (the case read again with the actor's role on it)."""
    actor = get_actor(request)
    seen = seen_case(actor, case_get(actor=actor, case_id=case.pk))
    return {"case": seen.obj, "sees": seen.sees, "active": active}


# --- the plan ---------------------------------------------------------------------------


@agency_required
@require_GET
def case_plan_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    page = selectors.case_plan(actor=actor, case_id=case_id)
    case = page.case.obj
    plan = page.plan
    context: dict[str, Any] = {
        "page": page,
        "plan": plan,
        "case": case,
        "sees": page.case.sees,
        "active": "plan",
        "goal_statuses": GoalStatus.choices,
    }
    if page.can_create:
        context["plan_form"] = PlanForm(
            initial={"started_on": timezone.localdate(), "review_every_weeks": 12}
        )
    if page.can_change and plan is not None:
        context["review_form"] = ReviewScheduleForm()
    return render(request, "plans/case_plan.html", context)


@agency_required
@require_POST
def plan_create_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = case_get(actor=actor, case_id=case_id, action=Action.CHANGE)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            plan = services.plan_create(
                actor=actor, case=case, **{k: form.cleaned_data[k] for k in PlanForm.Meta.fields}
            )
        except ValidationError as error:
            _messages(request, error)
        else:
            saved(
                request,
                _("Plan {code} started. Add goals, then record the participant's acceptance.").format(
                    code=plan.code
                ),
            )
    else:
        _form_errors(request, form)
    return redirect(_plan_url(case.pk))


def _changeable_plan(request: HttpRequest, plan_id: UUID) -> Plan:
    return selectors.plan_get(actor=get_actor(request), plan_id=plan_id, action=Action.CHANGE)


@agency_required
def plan_edit_view(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    plan = _changeable_plan(request, plan_id)
    form = PlanForm(_posted(request), instance=plan)
    if request.method == "POST":
        if "close" in request.POST:
            try:
                services.plan_close(
                    actor=actor, plan=plan, expected_version=int(request.POST.get("version") or 0) or None
                )
            except ValidationError as error:
                _messages(request, error)
            else:
                saved(request, _("Plan closed."))
            return redirect(_plan_url(plan.case_id))
        if form.is_valid():
            try:
                services.plan_update(
                    actor=actor,
                    plan=plan,
                    values={k: form.cleaned_data[k] for k in PlanForm.Meta.fields},
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                saved(request, _("Changes saved."))
                return redirect(_plan_url(plan.case_id))
    selectors.case_plan(actor=actor, case_id=plan.case_id)  # the form shows the plan: audited
    return render(
        request,
        "plans/form_page.html",
        {
            **_case_context(request, plan.case, "plan"),
            "form": form,
            "title": _("Edit the plan"),
            "cancel": _plan_url(plan.case_id),
        },
        status=400 if form.errors else 200,
    )


@agency_required
def goal_add_view(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    plan = _changeable_plan(request, plan_id)
    form = GoalForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_add(actor=actor, plan=plan, values=form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Goal added. It counts as the participant's once they accept it."))
            return redirect(_plan_url(plan.case_id, "goal-{id}".format(id=goal.pk)))
    return render(
        request,
        "plans/form_page.html",
        {
            **_case_context(request, plan.case, "plan"),
            "form": form,
            "title": _("Add a goal"),
            "cancel": _plan_url(plan.case_id),
        },
        status=400 if form.errors else 200,
    )


@agency_required
def goal_edit_view(request: HttpRequest, goal_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    goal = selectors.goal_get(actor=actor, goal_id=goal_id, action=Action.CHANGE)
    form = GoalForm(_posted(request), instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                actor=actor, goal=goal, values=form.values(), expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Goal saved."))
            return redirect(_plan_url(goal.plan.case_id, "goal-{id}".format(id=goal.pk)))
    selectors.case_plan(actor=actor, case_id=goal.plan.case_id)  # the form shows the goal: audited
    return render(
        request,
        "plans/form_page.html",
        {
            **_case_context(request, goal.plan.case, "plan"),
            "form": form,
            "title": _("Edit the goal"),
            "cancel": _plan_url(goal.plan.case_id),
            "note": _(
                "Changing the wording or the life area of an accepted goal asks the participant "
                "to accept it again."
            )
            if goal.is_accepted
            else "",
        },
        status=400 if form.errors else 200,
    )


@agency_required
@require_POST
def goal_status_view(request: HttpRequest, goal_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    goal = selectors.goal_get(actor=actor, goal_id=goal_id, action=Action.CHANGE)
    form = goal_status_form(request.POST)
    if form.is_valid():
        try:
            services.goal_set_status(
                actor=actor,
                goal=goal,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            _messages(request, error)
        else:
            saved(request, _("Goal updated."))
    else:
        _form_errors(request, form)
    return redirect(_plan_url(goal.plan.case_id, "goal-{id}".format(id=goal.pk)))


def _action_form(request: HttpRequest, case: Case, **kwargs: Any) -> ActionForm:
    return ActionForm(
        _posted(request),
        users=selectors.mentor_choices(case=case),
        agencies=agency_list(),
        **kwargs,
    )


@agency_required
def action_add_view(request: HttpRequest, goal_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    goal = selectors.goal_get(actor=actor, goal_id=goal_id, action=Action.CHANGE)
    form = _action_form(request, goal.plan.case, initial={"responsible_user": actor.user_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(actor=actor, goal=goal, values=form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Action added."))
            return redirect(_plan_url(goal.plan.case_id, "goal-{id}".format(id=goal.pk)))
    return render(
        request,
        "plans/form_page.html",
        {
            **_case_context(request, goal.plan.case, "plan"),
            "form": form,
            "title": _("Add an action"),
            "subtitle": goal.title,
            "cancel": _plan_url(goal.plan.case_id),
        },
        status=400 if form.errors else 200,
    )


@agency_required
def action_edit_view(request: HttpRequest, action_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    plan_action = selectors.plan_action_get(actor=actor, action_id=action_id, action=Action.CHANGE)
    goal = plan_action.goal
    form = _action_form(request, goal.plan.case, instance=plan_action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                actor=actor,
                action=plan_action,
                values=form.values(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Action saved."))
            return redirect(_plan_url(goal.plan.case_id, "goal-{id}".format(id=goal.pk)))
    selectors.case_plan(actor=actor, case_id=goal.plan.case_id)  # the form shows the action: audited
    return render(
        request,
        "plans/form_page.html",
        {
            **_case_context(request, goal.plan.case, "plan"),
            "form": form,
            "title": _("Edit the action"),
            "subtitle": goal.title,
            "cancel": _plan_url(goal.plan.case_id),
        },
        status=400 if form.errors else 200,
    )


@agency_required
@require_POST
def action_status_view(request: HttpRequest, action_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    plan_action = selectors.plan_action_progress_get(actor=actor, action_id=action_id)
    form = action_status_form(request.POST)
    if form.is_valid():
        try:
            services.action_set_status(actor=actor, action=plan_action, status=form.cleaned_data["status"])
        except ValidationError as error:
            _messages(request, error)
        else:
            saved(request, _("Action updated."))
    else:
        _form_errors(request, form)
    if request.POST.get("next") == "dashboard":
        return redirect("cases:dashboard")
    return redirect(_plan_url(plan_action.goal.plan.case_id, "goal-{id}".format(id=plan_action.goal_id)))


@agency_required
def plan_accept_view(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    plan = _changeable_plan(request, plan_id)
    goals = selectors.goal_list(actor=actor).filter(plan=plan)
    form = AcceptanceForm(
        _posted(request),
        goals=goals,
        initial={"version": plan.version, "accepted_on": timezone.localdate(), "goals": list(goals)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.plan_accept(
                actor=actor,
                plan=plan,
                goals=data["goals"],
                accepted_on=data["accepted_on"],
                method=data["method"],
                participant_words=data["participant_words"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(
                request,
                _("The participant's acceptance is recorded as version {n} of the plan.").format(
                    n=version.number
                ),
            )
            return redirect(_plan_url(plan.case_id))
    selectors.case_plan(actor=actor, case_id=plan.case_id)  # the form lists the goals: audited
    return render(
        request,
        "plans/form_page.html",
        {
            **_case_context(request, plan.case, "plan"),
            "form": form,
            "title": _("Record the participant's acceptance"),
            "cancel": _plan_url(plan.case_id),
            "note": _(
                "Returnees must themselves accept the goals for change. Record only what the "
                "participant agreed to, in their own words."
            ),
        },
        status=400 if form.errors else 200,
    )


@agency_required
@require_GET
def plan_version_view(request: HttpRequest, version_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    version, seen, goals = selectors.plan_version_read(actor=actor, version_id=version_id)
    return render(
        request,
        "plans/plan_version.html",
        {"version": version, "goals": goals, "case": seen.obj, "sees": seen.sees, "active": "plan"},
    )


@agency_required
def goals_from_assessment_view(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    plan = _changeable_plan(request, plan_id)
    assessment = selectors.latest_signed_assessment(actor=actor, case=plan.case)
    if assessment is None:
        messages.info(request, _("There is no signed assessment you can see on this case."))
        return redirect(_plan_url(plan.case_id))
    needs = selectors.needs_from_assessment(actor=actor, plan=plan, assessment=assessment)
    form = NeedsForm(_posted(request), needs=needs)
    if request.method == "POST" and form.is_valid():
        try:
            for code, dimension, title in form.chosen():
                services.goal_add(
                    actor=actor,
                    plan=plan,
                    values={"dimension": dimension, "title": title},
                    from_assessment=assessment,
                    from_item_code=code,
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Goals proposed from the assessment. Discuss them with the participant."))
            return redirect(_plan_url(plan.case_id))
    return render(
        request,
        "plans/goals_from_assessment.html",
        {**_case_context(request, plan.case, "plan"), "form": form, "assessment": assessment, "plan": plan},
        status=400 if form.errors else 200,
    )


@agency_required
@require_POST
def review_schedule_view(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    plan = _changeable_plan(request, plan_id)
    form = ReviewScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.review_schedule(actor=actor, plan=plan, due_on=form.cleaned_data["due_on"])
        except ValidationError as error:
            _messages(request, error)
        else:
            saved(request, _("Review scheduled; the case manager has a task for it."))
    else:
        _form_errors(request, form)
    return redirect(_plan_url(plan.case_id, "reviews"))


@agency_required
def review_record_view(request: HttpRequest, review_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    review = selectors.review_get(actor=actor, review_id=review_id, action=Action.CHANGE)
    form = ReviewRecordForm(
        _posted(request), initial={"held_on": timezone.localdate(), "schedule_next": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(actor=actor, review=review, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Review recorded."))
            return redirect(_plan_url(review.plan.case_id, "reviews"))
    return render(
        request,
        "plans/form_page.html",
        {
            **_case_context(request, review.plan.case, "plan"),
            "form": form,
            "title": _("Record the review"),
            "cancel": _plan_url(review.plan.case_id, "reviews"),
        },
        status=400 if form.errors else 200,
    )


# --- sessions and mentoring ------------------------------------------------------------


@agency_required
@require_GET
def case_sessions_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    filter_form = SessionFilterForm(request.GET)
    page = selectors.case_sessions(
        actor=actor, case_id=case_id, filters=filter_form.filters(), page=request.GET.get("page")
    )
    return render(
        request,
        "plans/case_sessions.html",
        {
            "data": page,
            "filter_form": filter_form,
            "case": page.case.obj,
            "sees": page.case.sees,
            "active": "sessions",
        },
    )


@agency_required
def session_log_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = case_get(actor=actor, case_id=case_id)
    types = (
        []
        if case.is_closed
        else policy.session_types_loggable(actor, case, _role(case), SESSION_TYPE_CATEGORIES)
    )
    if not types:
        raise PermissionDenied
    note_categories = policy.note_categories_writable(actor, case, _role(case))
    form = SessionForm(
        _posted(request),
        types=types,
        note_categories=note_categories,
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_log(
                actor=actor,
                case=case,
                team_role=_role(case),
                values=form.values(),
                concern=data["concern"],
                note=data["note"],
                note_category=data["note_category"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(
                request,
                _("Session logged; the case manager has been alerted to the concern.")
                if session.concern
                else _("Session logged."),
            )
            return redirect("plans:session_detail", session_id=session.pk)
    return render(
        request,
        "plans/session_form.html",
        {**_case_context(request, case, "sessions"), "form": form, "title": _("Log a session")},
        status=400 if form.errors else 200,
    )


@agency_required
@require_GET
def session_detail_view(request: HttpRequest, session_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.session_read(actor=actor, session_id=session_id)
    return render(
        request,
        "plans/session_detail.html",
        {
            "detail": detail,
            "session": detail.seen.obj,
            "case": detail.case.obj,
            "sees": detail.case.sees,
            "active": "sessions",
            "note_form": SessionNoteForm(categories=detail.note_categories)
            if detail.note_categories
            else None,
            "resolve_form": ResolveForm() if detail.can_resolve else None,
        },
    )


@agency_required
def session_edit_view(request: HttpRequest, session_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    session = selectors.session_editable_get(actor=actor, session_id=session_id)
    case = case_get(actor=actor, case_id=session.case_id)
    types = policy.session_types_loggable(actor, case, _role(case), SESSION_TYPE_CATEGORIES)
    if session.session_type not in types:
        types.append(session.session_type)
    form = SessionForm(
        _posted(request), instance=session, types=types, note_categories=frozenset(), editing=True
    )
    done = save_form(
        request,
        form,
        lambda: services.session_update(
            actor=actor,
            session=session,
            values=form.values(),
            expected_version=form.cleaned_data["version"],
        ),
        "plans:session_detail",
        session_id=session.pk,
    )
    if done is not None:
        return done
    selectors.session_read(actor=actor, session_id=session.pk)  # the form shows the session: audited
    return render(
        request,
        "plans/session_form.html",
        {
            **_case_context(request, case, "sessions"),
            "form": form,
            "title": _("Correct the session"),
            "session": session,
        },
        status=400 if form.errors else 200,
    )


@agency_required
@require_POST
def session_note_view(request: HttpRequest, session_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    session = selectors.session_get(actor=actor, session_id=session_id)
    case = case_get(actor=actor, case_id=session.case_id)
    form = SessionNoteForm(request.POST, categories=policy.note_categories_writable(actor, case, _role(case)))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["concern"]:
                services.session_raise_concern(
                    actor=actor,
                    session=session,
                    team_role=_role(case),
                    category=data["note_category"],
                    body=data["note"],
                )
                saved(request, _("Concern raised; the case manager has a task for it."))
            else:
                services.session_note_add(
                    actor=actor,
                    session=session,
                    team_role=_role(case),
                    category=data["note_category"],
                    body=data["note"],
                )
                saved(request, _("Note added."))
        except ValidationError as error:
            _messages(request, error)
    else:
        _form_errors(request, form)
    return redirect("plans:session_detail", session_id=session.pk)


@agency_required
@require_POST
def session_resolve_view(request: HttpRequest, session_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    session = selectors.session_get(actor=actor, session_id=session_id, action=Action.CHANGE)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.session_concern_resolve(
                actor=actor, session=session, resolution=form.cleaned_data["resolution"]
            )
        except ValidationError as error:
            _messages(request, error)
        else:
            saved(request, _("Concern resolved."))
    else:
        _form_errors(request, form)
    return redirect("plans:session_detail", session_id=session.pk)


@agency_required
def mentor_assign_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    case = case_get(actor=actor, case_id=case_id, action=Action.CHANGE)
    form = MentorForm(
        _posted(request),
        mentors=selectors.mentor_choices(case=case),
        people=selectors.mentee_choices(actor=actor, case=case),
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_assign(actor=actor, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Mentor assigned."))
            return redirect(
                "{url}#mentors".format(url=reverse("plans:case_sessions", kwargs={"case_id": case.pk}))
            )
    return render(
        request,
        "plans/form_page.html",
        {
            **_case_context(request, case, "sessions"),
            "form": form,
            "title": _("Assign a mentor"),
            "cancel": reverse("plans:case_sessions", kwargs={"case_id": case.pk}),
        },
        status=400 if form.errors else 200,
    )


@agency_required
def mentor_end_view(request: HttpRequest, assignment_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    assignment = selectors.mentor_assignment_get(
        actor=actor, assignment_id=assignment_id, action=Action.CHANGE
    )
    form = MentorEndForm(_posted(request), initial={"ended_on": timezone.localdate()})
    back = "{url}#mentors".format(url=reverse("plans:case_sessions", kwargs={"case_id": assignment.case_id}))
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_end(actor=actor, assignment=assignment, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Mentor assignment ended."))
            return redirect(back)
    return render(
        request,
        "plans/form_page.html",
        {
            **_case_context(request, assignment.case, "sessions"),
            "form": form,
            "title": _("End the mentoring"),
            "cancel": back,
        },
        status=400 if form.errors else 200,
    )
