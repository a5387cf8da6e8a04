"""Form plumbing shared by every app: Bootstrap rendering, version field, service errors."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class BootstrapFormRenderer(TemplatesSetting):
    """Renders fields with `templates/forms/field.html` (label, control, help, errors)."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


class VersionField(forms.IntegerField):
    """Hidden field carrying the record version the form was opened with (stale edits).

    Required: a post without it would skip the stale-edit check. Forms that also create
    records drop the requirement for new ones (see `versioned_form_init`).
    """

    widget = forms.HiddenInput
    default_error_messages = {
        "required": _("This form is out of date. Reload the page and make your changes again."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


def versioned_form_init(form: forms.ModelForm) -> None:
    """Fill the version of an existing record; a new record has none to check."""
    if form.instance.pk and not form.instance._state.adding:
        form.fields["version"].initial = form.instance.version
    else:
        form.fields["version"].required = False


class DateInput(forms.DateInput):
    """A native date picker; works offline and in every script direction."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its fields when it names them."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's model choice field, typed, to give it a queryset (always from a selector)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError("{name} is not a model choice field".format(name=name))
    return field


def choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A form's choice field, typed, to narrow its choices."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError("{name} is not a choice field".format(name=name))
    return field


class UserChoiceField(forms.ModelChoiceField):
    """Colleagues are offered by the name they are known by."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)
