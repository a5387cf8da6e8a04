from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.actors import get_actor
from reintegra.core.choices import DataCategory
from reintegra.core.forms import apply_validation_error
from reintegra.core.views import agency_required, denied_message, paginate, save_form, saved
from reintegra.people import selectors, services
from reintegra.people.forms import (
    AliasForm,
    HouseholdForm,
    HouseholdMemberForm,
    IdentityDocumentForm,
    PersonForm,
    SearchForm,
)


@agency_required
@require_GET
def person_list_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = selectors.person_search(actor=actor, query=query).page(request.GET.get("page"))
    seen, _cases = selectors.seen_people(actor, list(page.object_list))
    rows = [seen[p.pk] for p in page.object_list]
    partial = request.htmx and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    template = "people/_person_rows.html" if partial else "people/person_list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": rows,
            "may_register": policy.may_register_people(actor),
        },
    )


def _duplicates_for(request: HttpRequest, form: PersonForm, exclude: UUID | None) -> list:
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    names = [
        str(data.get(k) or "") for k in ("given_name", "family_name", "given_name_latin", "family_name_latin")
    ]
    birth_year = data.get("birth_year") or (data["date_of_birth"].year if data.get("date_of_birth") else None)
    return selectors.person_duplicates(
        actor=get_actor(request), names=names, birth_year=birth_year, exclude=exclude
    )


@agency_required
def person_create_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    if not policy.may_register_people(actor):
        raise PermissionDenied
    duplicates_shown = request.POST.get("duplicates_shown") == "1"
    form = PersonForm(request.POST or None, duplicates_shown=duplicates_shown)
    duplicates: list = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates_for(request, form, None)
        if duplicates and not form.cleaned_data.get("not_a_duplicate"):
            # Show the possible matches and ask for confirmation; nothing is saved yet.
            form = PersonForm(request.POST, duplicates_shown=True)
            form.is_valid()
            if duplicates_shown:
                form.add_error(
                    "not_a_duplicate",
                    _("Confirm that this is a different person, or open the existing record."),
                )
        else:
            try:
                person = services.person_create(actor=actor, values=form.values())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                saved(request, _("Person {code} registered.").format(code=person.code))
                return redirect("people:person_detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "duplicates": duplicates,
            "duplicates_shown": bool(duplicates) or duplicates_shown,
            "title": _("Register a person"),
        },
    )


@agency_required
@require_GET
def person_duplicates_view(request: HttpRequest) -> HttpResponse:
    """htmx: possible duplicates while the form is being filled in."""
    form = PersonForm(request.GET)
    form.is_valid()  # partial data is fine; only names and birth year are read
    exclude = request.GET.get("exclude") or None
    try:
        exclude_id = UUID(exclude) if exclude else None
    except ValueError:
        exclude_id = None
    duplicates = _duplicates_for(request, form, exclude_id)
    return render(request, "people/_duplicates.html", {"duplicates": duplicates})


@agency_required
@require_GET
def person_detail_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.person_detail(actor=actor, person_id=person_id)
    return render(
        request,
        "people/person_detail.html",
        {
            "detail": detail,
            "person": detail.seen.obj,
            "sees": detail.seen.sees,
            "alias_form": AliasForm(),
            "document_form": IdentityDocumentForm(),
            "may_open_case": policy.may_open_cases(actor) and detail.can_change,
        },
    )


@agency_required
@require_GET
def person_disclosures_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    person, events = selectors.person_disclosure_log(actor=get_actor(request), person_id=person_id)
    return render(
        request, "people/person_disclosures.html", {"person": person, "page": paginate(request, events, 50)}
    )


@agency_required
def person_edit_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person = selectors.person_get(actor=actor, person_id=person_id, action=Action.CHANGE)
    form = PersonForm(request.POST or None, instance=person)
    done = save_form(
        request,
        form,
        lambda: services.person_update(
            actor=actor,
            person=person,
            values=form.values(),
            expected_version=form.cleaned_data["version"],
        ),
        "people:person_detail",
        person_id=person.pk,
    )
    if done is not None:
        return done
    selectors.person_read(actor=actor, person_id=person.pk)  # the form shows the record: audited
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "person": person,
            "title": _("Edit {code}").format(code=person.code),
        },
    )


@agency_required
@require_POST
def person_alias_add_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person = selectors.person_get(actor=actor, person_id=person_id, action=Action.CHANGE)
    form = AliasForm(request.POST)
    if form.is_valid():
        services.person_alias_add(actor=actor, person=person, **form.cleaned_data)
        saved(request, _("Other name added."))
    else:
        for error in form.errors.values():
            denied_message(request, PermissionDenied(error[0]))
    return redirect("people:person_detail", person_id=person.pk)


@agency_required
@require_POST
def person_alias_remove_view(request: HttpRequest, person_id: UUID, alias_id: int) -> HttpResponse:
    actor = get_actor(request)
    person = selectors.person_get(actor=actor, person_id=person_id, action=Action.CHANGE)
    alias = get_object_or_404(person.aliases, pk=alias_id)
    services.person_alias_remove(actor=actor, alias=alias)
    saved(request, _("Other name removed."))
    return redirect("people:person_detail", person_id=person.pk)


@agency_required
def person_document_add_view(request: HttpRequest, person_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    person = selectors.person_get(actor=actor, person_id=person_id, action=Action.CHANGE)
    form = IdentityDocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_document_add(actor=actor, person=person, values=form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Identity document added."))
            return redirect("people:person_detail", person_id=person.pk)
    return render(request, "people/document_form.html", {"form": form, "person": person})


@agency_required
@require_POST
def person_document_remove_view(request: HttpRequest, person_id: UUID, document_id: int) -> HttpResponse:
    actor = get_actor(request)
    person = selectors.person_get(actor=actor, person_id=person_id, action=Action.CHANGE)
    document = get_object_or_404(person.documents, pk=document_id)
    services.identity_document_remove(actor=actor, document=document)
    saved(request, _("Identity document removed."))
    return redirect("people:person_detail", person_id=person.pk)


@agency_required
@require_GET
def household_list_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    households = selectors.household_search(actor=actor, query=query).order_by("code")
    page = paginate(request, households)
    return render(
        request,
        "people/household_list.html",
        {
            "form": form,
            "page": page,
            "may_register": policy.may_register_people(actor),
        },
    )


@agency_required
def household_create_view(request: HttpRequest) -> HttpResponse:
    actor = get_actor(request)
    if not policy.may_register_people(actor):
        raise PermissionDenied
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = services.household_create(actor=actor, values=form.cleaned_data)
        saved(request, _("Household {code} created. Now add its members.").format(code=household.code))
        return redirect("people:household_detail", household_id=household.pk)
    return render(request, "people/household_form.html", {"form": form, "title": _("New household")})


@agency_required
def household_edit_view(request: HttpRequest, household_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    household = selectors.household_get(actor=actor, household_id=household_id, action=Action.CHANGE)
    form = HouseholdForm(request.POST or None, instance=household)
    done = save_form(
        request,
        form,
        lambda: services.household_update(
            actor=actor,
            household=household,
            values=form.cleaned_data,
            expected_version=form.cleaned_data["version"],
        ),
        "people:household_detail",
        household_id=household.pk,
    )
    if done is not None:
        return done
    return render(
        request,
        "people/household_form.html",
        {
            "form": form,
            "household": household,
            "title": _("Edit {code}").format(code=household.code),
        },
    )


@agency_required
@require_GET
def household_detail_view(request: HttpRequest, household_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    detail = selectors.household_detail(actor=actor, household_id=household_id)
    member_form = HouseholdMemberForm(people=selectors.person_list(actor=actor, action=Action.CHANGE))
    return render(request, "people/household_detail.html", {"detail": detail, "member_form": member_form})


@agency_required
@require_POST
def household_member_add_view(request: HttpRequest, household_id: UUID) -> HttpResponse:
    actor = get_actor(request)
    household = selectors.household_get(actor=actor, household_id=household_id, action=Action.CHANGE)
    form = HouseholdMemberForm(request.POST, people=selectors.person_list(actor=actor, action=Action.CHANGE))
    if form.is_valid():
        try:
            services.household_member_add(actor=actor, household=household, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved(request, _("Member added."))
            return redirect("people:household_detail", household_id=household.pk)
    detail = selectors.household_detail(actor=actor, household_id=household_id)
    return render(
        request, "people/household_detail.html", {"detail": detail, "member_form": form}, status=400
    )


@agency_required
@require_POST
def household_member_remove_view(request: HttpRequest, household_id: UUID, member_id: int) -> HttpResponse:
    actor = get_actor(request)
    household = selectors.household_get(actor=actor, household_id=household_id, action=Action.CHANGE)
    # Only members the page shows: changing a household does not reach members hidden from you.
    shown = selectors.person_list(actor=actor, category=DataCategory.FAMILY_CHILDREN)
    member = get_object_or_404(household.memberships.filter(person__in=shown), pk=member_id)
    try:
        services.household_member_remove(actor=actor, member=member)
    except ValidationError as error:
        denied_message(request, PermissionDenied(error.messages[0]))
    else:
        saved(request, _("Member removed from the household."))
    return redirect("people:household_detail", household_id=household.pk)
