from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reintegra.access.policy import Action
from reintegra.accounts.actors import get_actor
from reintegra.cases.selectors import case_get, seen_case
from reintegra.core.choices import DataCategory
from reintegra.core.forms import apply_validation_error
from reintegra.core.selectors import get_or_404
from reintegra.core.views import agency_required, paginate, save_form, saved
from reintegra.justice import selectors, services
from reintegra.justice.choices import (
    KIND_GROUP_LABELS,
    KIND_GROUPS,
    LegalEventKind,
    MeasureKind,
    NeedStatus,
    ParticipationKind,
)
from reintegra.justice.forms import (
    CarePreferenceForm,
    CheckInForm,
    ChildSafeguardForm,
    CustodyNoteForm,
    FacilityFilterForm,
    FamilyGoalForm,
    FamilyVisitForm,
    LegalEventForm,
    MeasureEndForm,
    MeasureFilterForm,
    MeasureForm,
    NeedForm,
    NeedStatusForm,
    ParticipationForm,
    ParticipationUpdateForm,
    ReceptionForm,
    RegisterFilterForm,
    ReturnFilterForm,
    ReturnForm,
    ReturnMemberForm,
    VoidForm,
)
from reintegra.justice.models import PARTICIPATION_CATEGORIES
from reintegra.people.choices import Relationship
from reintegra.people.selectors import household_get, seen_people

LEGAL = DataCategory.LEGAL_STATUS
TABS = ("status", "measures", "custody", "returns", "child", "care")


def pathway_url(person_id: Any, tab: str = "") -> str:
    url = reverse("justice:pathway", kwargs={"person_id": person_id})
    return "{url}?tab={tab}".format(url=url, tab=tab) if tab else url


def _notices(request: HttpRequest, notices: list[str]) -> None:
    for notice in notices:
        messages.warning(request, notice)


def _partial(request: HttpRequest) -> bool:
    return bool(request.htmx and not request.htmx.history_restore_request)  # type: ignore[attr-defined]


def _header(actor: Any, person: Any) -> dict[str, Any]:
    """What the page header may show of a person (name only with the identity category)."""
    seen, child_label = selectors.person_header(actor=actor, person=person)
    return {"person": person, "sees": seen.sees, "child_label": child_label}


# --- register and pathway ------------------------------------------------------------------


@agency_required
@require_GET
def register_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = RegisterFilterForm(request.GET, facilities=selectors.facility_list())
    page = selectors.register_search(actor=actor, filters=form.filters()).page(request.GET.get("page"))
    seen_by_id, cases = seen_people(actor, [row.person for row in page.object_list])
    rows = [
        {
            "status": row,
            "seen": seen_by_id[row.person_id],
            "label": selectors.child_safe_status_label(row.status, row.person.is_minor),
            "child_label": selectors.child_label(row.person, [c.obj for c in cases[row.person_id]]),
        }
        for row in page.object_list
    ]
    template = "justice/_register_results.html" if _partial(request) else "justice/register.html"
    return render(
        request, template, {"form": form, "page": page, "rows": rows, "today": timezone.localdate()}
    )


@agency_required
@require_GET
def pathway_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.pathway_detail(actor=actor, person_id=person_id)
    tab = request.GET.get("tab", "")
    available = _tabs(detail)
    return render(
        request,
        "justice/pathway.html",
        {
            "detail": detail,
            "person": detail.seen.obj,
            "sees": detail.seen.sees,
            "tab": tab if tab in available else available[0] if available else "",
            "tabs": available,
            "note_form": CustodyNoteForm(categories=detail.note_categories),
            "child_label": selectors.child_label(detail.seen.obj, [c.obj for c in detail.cases]),
        },
    )


def _tabs(detail: selectors.PathwayDetail) -> list[str]:
    sees = detail.seen.sees
    tabs = []
    if sees[LEGAL]:
        tabs += ["status", "measures"]
    if sees[LEGAL] or detail.participations or detail.custody_notes:
        tabs.append("custody")
    if sees[LEGAL]:
        tabs.append("returns")
    if detail.shows_child:
        tabs.append("child")
    if sees[DataCategory.CASE_NOTES] or sees[DataCategory.HEALTH_PSYCHOSOCIAL]:
        tabs.append("care")
    return tabs


# --- legal events --------------------------------------------------------------------------


def _event_form(actor: Any, person: Any, kind: str, data: Any = None, **kwargs: Any) -> LegalEventForm:
    return LegalEventForm(
        data,
        kind=kind,
        facilities=selectors.facility_list(active_only=data is None and "instance" not in kwargs),
        measures=selectors.measure_list(actor=actor).filter(person=person),
        returns=selectors.return_list(actor=actor).filter(members__person=person),
        **kwargs,
    )


@agency_required
def event_add_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person = selectors.justice_person_get(
        actor=actor, person_id=person_id, action=Action.CHANGE, category=LEGAL
    )
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    header = _header(actor, person)
    if kind not in LegalEventKind.values:
        groups = [
            (KIND_GROUP_LABELS[key], [(k, LegalEventKind(k).label) for k in kinds])
            for key, kinds in KIND_GROUPS
        ]
        return render(request, "justice/event_kind.html", {**header, "groups": groups})
    initial: dict[str, Any] = {"occurred_on": timezone.localdate()}
    for name in ("measure", "return_event"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = _event_form(actor, person, kind, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _event, notices = services.legal_event_record(
                actor=actor, person=person, kind=kind, values=form.values()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("“{kind}” added to the legal timeline.").format(kind=LegalEventKind(kind).label))
            _notices(request, notices)
            return redirect(pathway_url(person.pk, "status"))
    return render(
        request,
        "justice/event_form.html",
        {**header, "form": form, "kind": kind, "kind_label": LegalEventKind(kind).label},
    )


@agency_required
def event_edit_view(request: HttpRequest, event_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    event = selectors.legal_event_get(actor=actor, event_id=event_id, action=Action.CHANGE)
    if event.is_void:
        raise Http404
    form = _event_form(actor, event.person, event.kind, request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            _event, notices = services.legal_event_update(
                actor=actor, event=event, values=form.values(), expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Changes saved."))
            _notices(request, notices)
            return redirect(pathway_url(event.person_id, "status"))
    selectors.legal_events_for(actor=actor, person_id=event.person_id)  # the form shows the event: audited
    return render(
        request,
        "justice/event_form.html",
        {
            **_header(actor, event.person),
            "form": form,
            "kind": event.kind,
            "kind_label": event.get_kind_display(),
            "event": event,
        },
    )


@agency_required
def event_void_view(request: HttpRequest, event_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    event = selectors.legal_event_get(actor=actor, event_id=event_id, action=Action.CHANGE)
    if event.is_void:
        raise Http404
    form = VoidForm(request.POST or None, initial={"version": event.version})
    if request.method == "POST" and form.is_valid():
        try:
            notices = services.legal_event_void(
                actor=actor,
                event=event,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("The event is marked as entered in error and no longer counts."))
            _notices(request, notices)
            return redirect(pathway_url(event.person_id, "status"))
    return render(
        request, "justice/event_void.html", {**_header(actor, event.person), "form": form, "event": event}
    )


# --- measures -------------------------------------------------------------------------------


def _measure_form(actor: Any, person: Any, kind: str, data: Any = None, **kwargs: Any) -> MeasureForm:
    cases = selectors.measure_cases(actor=actor, person=person)
    instance = kwargs.get("instance")
    officers = selectors.officer_choices(cases=[instance.case] if instance is not None else list(cases))
    return MeasureForm(
        data, kind=kind, cases=cases, officers=officers, basis=selectors.basis_events(person=person), **kwargs
    )


@agency_required
def measure_add_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person = selectors.justice_person_get(
        actor=actor, person_id=person_id, action=Action.CHANGE, category=LEGAL
    )
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    header = _header(actor, person)
    if kind not in MeasureKind.values:
        return render(request, "justice/measure_kind.html", {**header, "kinds": MeasureKind.choices})
    if not selectors.measure_cases(actor=actor, person=person).exists():
        messages.error(
            request, _("A measure is followed through an open case of the person; open one first.")
        )
        return redirect(pathway_url(person.pk, "measures"))
    form = _measure_form(
        actor,
        person,
        kind,
        request.POST or None,
        initial={"starts_on": timezone.localdate(), "responsible_officer": actor.user_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(
                actor=actor,
                person=person,
                case=form.cleaned_data["case"],
                values={**form.values(), "kind": kind},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Measure recorded: {kind}.").format(kind=MeasureKind(kind).label))
            return redirect("justice:measure_detail", measure_id=measure.pk)
    return render(
        request,
        "justice/measure_form.html",
        {**header, "form": form, "kind": kind, "kind_label": MeasureKind(kind).label},
    )


@agency_required
def measure_edit_view(request: HttpRequest, measure_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    measure = selectors.measure_get(actor=actor, measure_id=measure_id, action=Action.CHANGE)
    if measure.ended_on is not None:
        raise Http404
    form = _measure_form(actor, measure.person, measure.kind, request.POST or None, instance=measure)
    done = save_form(
        request,
        form,
        lambda: services.measure_update(
            actor=actor,
            measure=measure,
            values=form.values(),
            expected_version=form.cleaned_data["version"],
        ),
        "justice:measure_detail",
        measure_id=measure.pk,
    )
    if done is not None:
        return done
    selectors.measure_detail(actor=actor, measure_id=measure.pk)  # the form shows the measure: audited
    return render(
        request,
        "justice/measure_form.html",
        {
            **_header(actor, measure.person),
            "form": form,
            "kind": measure.kind,
            "kind_label": measure.get_kind_display(),
            "measure": measure,
        },
    )


def _measure_page(request: HttpRequest, measure_id: UUID, status: int = 200, **forms: Any) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.measure_detail(
        actor=actor, measure_id=measure_id, show_all=request.GET.get("all") == "1"
    )
    measure = detail.measure
    context: dict[str, Any] = {
        "detail": detail,
        "measure": measure,
        **_header(actor, measure.person),
        "check_in_form": CheckInForm(
            initial={"due_on": timezone.localdate()}, with_hours=measure.kind == MeasureKind.COMMUNITY_SERVICE
        ),
        "end_form": MeasureEndForm(initial={"version": measure.version, "ended_on": timezone.localdate()}),
        "show_all": request.GET.get("all") == "1",
    }
    context.update(forms)
    return render(request, "justice/measure_detail.html", context, status=status)


@agency_required
@require_GET
def measure_detail_view(request: HttpRequest, measure_id: UUID) -> HttpResponse:
    return _measure_page(request, measure_id)


@agency_required
@require_POST
def check_in_log_view(request: HttpRequest, measure_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    measure = selectors.measure_for_check_in(actor=actor, measure_id=measure_id)
    form = CheckInForm(request.POST, with_hours=measure.kind == MeasureKind.COMMUNITY_SERVICE)
    if form.is_valid():
        try:
            _check_in, notices = services.check_in_log(
                actor=actor,
                measure=measure,
                due_on=form.cleaned_data["due_on"],
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                hours=form.cleaned_data.get("hours"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Check-in logged."))
            _notices(request, notices)
            return redirect("justice:measure_detail", measure_id=measure.pk)
    return _measure_page(request, measure_id, status=400, check_in_form=form)


@agency_required
@require_POST
def measure_end_view(request: HttpRequest, measure_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    measure = selectors.measure_get(actor=actor, measure_id=measure_id, action=Action.CHANGE)
    form = MeasureEndForm(request.POST)
    if form.is_valid():
        try:
            services.measure_end(
                actor=actor,
                measure=measure,
                ended_on=form.cleaned_data["ended_on"],
                end_reason=form.cleaned_data["end_reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("The measure has ended."))
            return redirect("justice:measure_detail", measure_id=measure.pk)
    return _measure_page(request, measure_id, status=400, end_form=form)


@agency_required
@require_GET
def measure_list_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = MeasureFilterForm(request.GET)
    page = selectors.measure_search(actor=actor, filters=form.filters()).page(request.GET.get("page"))
    seen_by_id, _cases = seen_people(actor, [m.person for m in page.object_list])
    rows = [{"measure": m, "seen": seen_by_id[m.person_id]} for m in page.object_list]
    template = "justice/_measure_results.html" if _partial(request) else "justice/measure_list.html"
    return render(request, template, {"form": form, "page": page, "rows": rows})


# --- custody --------------------------------------------------------------------------------


def _custody_person(actor: Any, person_id: UUID) -> Any:
    return get_or_404(selectors.custody_people(actor=actor), pk=person_id)


@agency_required
def participation_add_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person = _custody_person(actor, person_id)
    categories = selectors.person_categories(actor=actor, person=person)
    kinds = [
        (value, label)
        for value, label in ParticipationKind.choices
        if PARTICIPATION_CATEGORIES.get(value, LEGAL) in categories
    ]
    form = ParticipationForm(
        request.POST or None,
        facilities=selectors.facility_list(active_only=True),
        kinds=kinds,
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_add(actor=actor, person=person, values=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Participation recorded."))
            return redirect(pathway_url(person.pk, "custody"))
    return render(
        request,
        "justice/form_page.html",
        {
            **_header(actor, person),
            "form": form,
            "title": _("Programme in custody"),
            "cancel": pathway_url(person.pk, "custody"),
        },
    )


@agency_required
def participation_edit_view(request: HttpRequest, participation_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    record = selectors.participation_get(actor=actor, participation_id=participation_id)
    form = ParticipationUpdateForm(request.POST or None, instance=record)
    done = save_form(
        request,
        form,
        lambda: services.participation_update(
            actor=actor,
            record=record,
            values={k: v for k, v in form.cleaned_data.items() if k != "version"},
            expected_version=form.cleaned_data["version"],
        ),
        pathway_url(record.person_id, "custody"),
    )
    if done is not None:
        return done
    selectors.read_child_or_care(
        actor=actor,
        person=record.person,
        action="justice.custody_viewed",
        categories=frozenset({record.category}),
    )
    return render(
        request,
        "justice/form_page.html",
        {
            **_header(actor, record.person),
            "form": form,
            "title": "{kind}: {title}".format(kind=record.get_kind_display(), title=record.title),
            "cancel": pathway_url(record.person_id, "custody"),
        },
    )


@agency_required
def visit_add_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person = _custody_person(actor, person_id)
    form = FamilyVisitForm(
        request.POST or None,
        facilities=selectors.facility_list(active_only=True),
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.family_visit_add(actor=actor, person=person, values=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Visit recorded."))
            return redirect(pathway_url(person.pk, "custody"))
    return render(
        request,
        "justice/form_page.html",
        {
            **_header(actor, person),
            "form": form,
            "title": _("Family visit"),
            "cancel": pathway_url(person.pk, "custody"),
        },
    )


@agency_required
@require_POST
def custody_note_add_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person = _custody_person(actor, person_id)
    form = CustodyNoteForm(request.POST, categories=selectors.person_categories(actor=actor, person=person))
    if form.is_valid():
        try:
            services.custody_note_add(actor=actor, person=person, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Note added."))
            return redirect(pathway_url(person.pk, "custody"))
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, str(message))
    return redirect(pathway_url(person.pk, "custody"))


# --- children and care preferences ----------------------------------------------------------


@agency_required
def child_edit_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person, record = selectors.child_safeguard_for(actor=actor, person_id=person_id, action=Action.CHANGE)
    form = ChildSafeguardForm(
        request.POST or None,
        instance=record,
        guardians=selectors.guardian_choices(actor=actor, person=person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.child_safeguard_save(
                actor=actor,
                person=person,
                values={k: v for k, v in form.cleaned_data.items() if k != "version"},
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("The child's safeguards are saved."))
            return redirect(pathway_url(person.pk, "child"))
    if record is not None:
        selectors.read_child_or_care(
            actor=actor,
            person=person,
            action="justice.child_safeguard_viewed",
            categories=frozenset({DataCategory.FAMILY_CHILDREN}),
        )
    return render(
        request,
        "justice/form_page.html",
        {
            **_header(actor, person),
            "form": form,
            "title": _("Child safeguards"),
            "intro": _(
                "Hear the child and record their views in their own words. Guardian's consent here is "
                "consent to the child taking part in the programme; sharing the child's data is "
                "consented separately."
            ),
            "cancel": pathway_url(person.pk, "child"),
        },
    )


@agency_required
def care_edit_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person, record = selectors.care_preference_for(actor=actor, person_id=person_id, action=Action.CHANGE)
    form = CarePreferenceForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_preference_save(
                actor=actor,
                person=person,
                values={k: v for k, v in form.cleaned_data.items() if k != "version"},
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Care preferences saved."))
            return redirect(pathway_url(person.pk, "care"))
    if record is not None:
        selectors.read_child_or_care(
            actor=actor,
            person=person,
            action="justice.care_preference_viewed",
            categories=frozenset({DataCategory.CASE_NOTES, DataCategory.HEALTH_PSYCHOSOCIAL}),
        )
    return render(
        request,
        "justice/form_page.html",
        {
            **_header(actor, person),
            "form": form,
            "title": _("Care preferences"),
            "intro": _("Ask the person; record only what they want practitioners to know."),
            "cancel": pathway_url(person.pk, "care"),
        },
    )


# --- returns --------------------------------------------------------------------------------


@agency_required
@require_GET
def return_list_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = ReturnFilterForm(request.GET)
    page, members = selectors.return_page(actor=actor, filters=form.filters(), number=request.GET.get("page"))
    people = [m.person for rows in members.values() for m in rows]
    seen_by_id, _cases = seen_people(actor, people)
    rows = [
        {"ret": r, "members": [(m, seen_by_id[m.person_id]) for m in members[r.pk]]} for r in page.object_list
    ]
    return render(request, "justice/return_list.html", {"form": form, "page": page, "rows": rows})


def _return_candidates(actor: Any, request: HttpRequest) -> tuple[list[Any], Any]:
    """People offered on a new return: a household's members, or one person."""
    people = selectors.returnable_people(actor=actor)
    household = None
    if request.GET.get("household"):
        household = household_get(actor=actor, household_id=request.GET["household"], action=Action.CHANGE)
        members = list(household.memberships.select_related("person").filter(person__in=people))
        pairs = [(m.person, m.relationship) for m in members]
    elif request.GET.get("person"):
        person = get_or_404(people, pk=request.GET["person"])
        pairs = [(person, Relationship.REFERENCE)]
    else:
        return [], None
    seen_by_id, _cases = seen_people(actor, [p for p, _r in pairs])
    return [(p, r, seen_by_id[p.pk].sees[DataCategory.IDENTITY]) for p, r in pairs], household


@agency_required
def return_add_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    candidates, household = _return_candidates(actor, request)
    if not candidates:
        return render(request, "justice/return_start.html", {})
    form = ReturnForm(
        request.POST or None, candidates=candidates, initial={"returned_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            ret, notices = services.return_record(
                actor=actor, values={**form.values(), "household": household}, members=form.members()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(
                request,
                _("Return {code} recorded; its reception checklist has started.").format(code=ret.code),
            )
            _notices(request, notices)
            return redirect("justice:return_detail", return_id=ret.pk)
    return render(request, "justice/return_form.html", {"form": form, "household": household})


def _return_page(request: HttpRequest, return_id: UUID, status: int = 200, **forms: Any) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.return_detail(actor=actor, return_id=return_id)
    names = {
        row.member.person_id: (
            row.member.person.display_name if row.seen.sees[DataCategory.IDENTITY] else row.member.person.code
        )
        for row in detail.rows
    }
    people = selectors.returnable_people(actor=actor).filter(
        pk__in=[row.member.person_id for row in detail.rows]
    )
    context: dict[str, Any] = {
        "detail": detail,
        "ret": detail.ret,
        "need_form": NeedForm(people=people, names=names),
        "need_status_choices": NeedStatus.choices,
    }
    context.update(forms)
    return render(request, "justice/return_detail.html", context, status=status)


@agency_required
@require_GET
def return_detail_view(request: HttpRequest, return_id: UUID) -> HttpResponse:
    return _return_page(request, return_id)


@agency_required
def return_edit_view(request: HttpRequest, return_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    ret = selectors.return_get(actor=actor, return_id=return_id, action=Action.CHANGE)
    form = ReturnForm(request.POST or None, instance=ret)
    done = save_form(
        request,
        form,
        lambda: services.return_update(
            actor=actor, ret=ret, values=form.values(), expected_version=form.cleaned_data["version"]
        ),
        "justice:return_detail",
        return_id=ret.pk,
    )
    if done is not None:
        return done
    selectors.return_detail(actor=actor, return_id=ret.pk)  # the form shows the return: audited
    return render(
        request,
        "justice/form_page.html",
        {
            "form": form,
            "title": _("Return {code}").format(code=ret.code),
            "cancel": reverse("justice:return_detail", args=[ret.pk]),
        },
    )


@agency_required
def return_member_edit_view(request: HttpRequest, return_id: UUID, member_id: int) -> HttpResponse:
    actor = get_actor(request)
    member = selectors.return_member_get(actor=actor, member_id=member_id)
    if member.return_event_id != return_id:
        raise Http404
    form = ReturnMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_member_update(
                actor=actor,
                member=member,
                values={k: v for k, v in form.cleaned_data.items() if k != "version"},
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Documents status saved."))
            return redirect("justice:return_detail", return_id=return_id)
    selectors.read_child_or_care(
        actor=actor, person=member.person, action="justice.return_viewed", categories=frozenset({LEGAL})
    )
    return render(
        request,
        "justice/form_page.html",
        {
            **_header(actor, member.person),
            "form": form,
            "title": _("Documents after return"),
            "cancel": reverse("justice:return_detail", args=[return_id]),
        },
    )


@agency_required
@require_POST
def need_add_view(request: HttpRequest, return_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    ret = selectors.return_get(actor=actor, return_id=return_id, action=Action.CHANGE)
    people = selectors.returnable_people(actor=actor).filter(returns__return_event=ret)
    form = NeedForm(request.POST, people=people, names={})
    if form.is_valid():
        try:
            services.arrival_need_add(actor=actor, ret=ret, values=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Need recorded."))
            return redirect("{url}#needs".format(url=reverse("justice:return_detail", args=[ret.pk])))
    return _return_page(request, return_id, status=400, need_form=form)


@agency_required
@require_POST
def need_status_view(request: HttpRequest, return_id: UUID, need_id: int) -> HttpResponse:
    actor = get_actor(request)
    need = selectors.arrival_need_get(actor=actor, need_id=need_id)
    if need.return_event_id != return_id:
        raise Http404
    form = NeedStatusForm(request.POST)
    if form.is_valid():
        try:
            services.arrival_need_update(
                actor=actor,
                need=need,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            saved(request, _("Need updated."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("{url}#needs".format(url=reverse("justice:return_detail", args=[return_id])))


@agency_required
@require_POST
def reception_item_view(request: HttpRequest, return_id: UUID, item_id: int) -> HttpResponse:
    actor = get_actor(request)
    item = selectors.reception_item_get(actor=actor, return_id=return_id, item_id=item_id)
    form = ReceptionForm(request.POST)
    form.is_valid()
    services.reception_item_set(
        actor=actor,
        item=item,
        done=bool(form.cleaned_data.get("done")),
        note=form.cleaned_data.get("note") or "",
    )
    saved(request, _("Checklist updated."))
    return redirect("{url}#checklist".format(url=reverse("justice:return_detail", args=[return_id])))


# --- family overview and goals --------------------------------------------------------------


@agency_required
@require_GET
def family_view(request: HttpRequest, household_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    overview = selectors.family_overview(actor=actor, household_id=household_id)
    return render(request, "justice/family.html", {"overview": overview, "household": overview.household})


@agency_required
def goal_add_view(request: HttpRequest, household_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    household = household_get(actor=actor, household_id=household_id, action=Action.CHANGE)
    form = FamilyGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_goal_add(
                actor=actor,
                household=household,
                values={k: v for k, v in form.cleaned_data.items() if k != "version"},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Family goal added."))
            return redirect("justice:family", household_id=household.pk)
    return render(
        request,
        "justice/form_page.html",
        {
            "form": form,
            "title": _("Family goal for {code}").format(code=household.code),
            "intro": _("Agree goals with the family; record the date they agreed."),
            "cancel": reverse("justice:family", args=[household.pk]),
        },
    )


@agency_required
def goal_edit_view(request: HttpRequest, goal_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    goal = selectors.family_goal_read(actor=actor, goal_id=goal_id)  # the form shows it: audited
    form = FamilyGoalForm(request.POST or None, instance=goal)
    done = save_form(
        request,
        form,
        lambda: services.family_goal_update(
            actor=actor,
            goal=goal,
            values={k: v for k, v in form.cleaned_data.items() if k != "version"},
            expected_version=form.cleaned_data["version"],
        ),
        "justice:family",
        household_id=goal.household_id,
    )
    if done is not None:
        return done
    return render(
        request,
        "justice/form_page.html",
        {
            "form": form,
            "title": _("Family goal for {code}").format(code=goal.household.code),
            "cancel": reverse("justice:family", args=[goal.household_id]),
        },
    )


# --- facilities and the case page panel -----------------------------------------------------


@agency_required
@require_GET
def facility_list_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = FacilityFilterForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    facilities = selectors.facility_register(
        actor=actor, kind=data.get("kind") or "", query=data.get("q") or ""
    )
    return render(
        request, "justice/facility_list.html", {"form": form, "page": paginate(request, facilities)}
    )


@agency_required
@require_GET
def facility_detail_view(request: HttpRequest, facility_id: int) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.facility_detail(actor=actor, facility_id=facility_id)
    return render(request, "justice/facility_detail.html", {"detail": detail, "facility": detail.facility})


@agency_required
@require_GET
def case_panel_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """htmx: the justice summary shown in the case page's "Justice" tab."""
    actor = get_actor(request)
    case = case_get(actor=actor, case_id=case_id)
    if not seen_case(actor, case).sees[LEGAL]:
        raise Http404
    summary = selectors.case_panel(actor=actor, case=case)
    return render(request, "justice/_case_panel.html", {"case": case, "summary": summary})
