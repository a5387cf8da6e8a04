"""Template helpers for Bootstrap widgets, labels and querystrings. No data access here."""

from typing import Any

from django import forms, template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Language, MembershipRole
from reintegra.cases.choices import CaseRole, CaseStage
from reintegra.core.audit_labels import action_label, purpose_label
from reintegra.core.choices import DataCategory
from reintegra.sharing.choices import SharingPurpose

register = template.Library()

_CONTROL_CLASS = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "checkbox": "form-check-input",
    "radioselect": "form-check-input",
    "checkboxselectmultiple": "form-check-input",
}


@register.filter
def widget_type(bound_field: forms.BoundField) -> str:
    """The widget's class name in lower case, e.g. 'textinput', 'select', 'checkbox'."""
    widget = bound_field.field.widget
    name = type(widget).__name__.lower()
    return "checkbox" if name == "checkboxinput" else name


@register.simple_tag
def bootstrap_widget(bound_field: forms.BoundField) -> SafeString:
    """Render the widget with Bootstrap classes and accessible error/help links."""
    kind = widget_type(bound_field)
    css = [_CONTROL_CLASS.get(kind, "form-select" if "select" in kind else "form-control")]
    attrs: dict[str, Any] = {}
    described = []
    if bound_field.help_text:
        described.append("{id}_helptext".format(id=bound_field.auto_id))
    if bound_field.errors:
        css.append("is-invalid")
        attrs["aria-invalid"] = "true"
        described.append("{id}_error".format(id=bound_field.auto_id))
    if described:
        attrs["aria-describedby"] = " ".join(described)
    existing = bound_field.field.widget.attrs.get("class", "")
    attrs["class"] = " ".join(filter(None, [existing, *css]))
    return bound_field.as_widget(attrs=attrs)


@register.filter
def audit_action(action: str) -> str:
    """`{{ event.action|audit_action }}`: what the audited action was, in words."""
    return action_label(action)


@register.filter
def audit_purpose(purpose: str) -> str:
    return purpose_label(purpose)


@register.filter
def language_names(codes: list[str]) -> str:
    """Language codes as names in the reader's language, e.g. "Bosnian, Arabic"."""
    return ", ".join(str(Language(c).label) if c in Language.values else c for c in codes or []) or "—"


@register.filter
def category_list(categories: list[str]) -> str:
    """The categories of an audit row, or "all categories" when every one was seen."""
    if set(categories) >= set(DataCategory.values):
        return str(_("all categories"))
    return ", ".join(choice_label(c, "category") for c in categories) or "—"


@register.filter
def place_path(place: Any) -> str:
    """ "Port Amani, Coastal Province": a place with the places it is part of (not the country)."""
    if place is None:
        return "—"
    names = [place.name]
    parent = place.parent
    while parent is not None and parent.parent_id is not None:
        names.append(parent.name)
        parent = parent.parent
    return ", ".join(names)


@register.filter
def person_name(person: Any) -> SafeString:
    """Original-script name and Latin form, each isolated so Arabic and Latin never
    scramble each other's order (the <bdi> element)."""
    original, latin = person.original_name, person.latin_name
    if original and original != latin:
        return format_html('<bdi dir="auto">{}</bdi> (<bdi dir="ltr">{}</bdi>)', original, latin)
    return format_html('<bdi dir="auto">{}</bdi>', latin or original)


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **changes: Any) -> str:
    """The current querystring with some parameters replaced (for pagination and sorting)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


_CHOICES = {
    "case_role": CaseRole,
    "stage": CaseStage,
    "category": DataCategory,
    "membership_role": MembershipRole,
    "sharing_purpose": SharingPurpose,
}


@register.filter
def choice_label(value: str, kind: str) -> str:
    """The translated label of a stored choice value, e.g. `{{ role|choice_label:"case_role" }}`."""
    try:
        return str(_CHOICES[kind](value).label)
    except (KeyError, ValueError):
        return value or ""
