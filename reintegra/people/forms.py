from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Language
from reintegra.core.forms import DateInput, VersionField, model_choice, versioned_form_init
from reintegra.people.choices import AliasKind, Relationship
from reintegra.people.models import Household, IdentityDocument, Person
from reintegra.people.services import HOUSEHOLD_EDITABLE_FIELDS, PERSON_EDITABLE_FIELDS
from reintegra.places.forms import PlaceChoiceField


class PersonForm(forms.ModelForm):
    version = VersionField()
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    not_a_duplicate = forms.BooleanField(
        label=_("I have checked: this is not one of the people listed above."),
        required=False,
    )

    class Meta:
        model = Person
        fields = PERSON_EDITABLE_FIELDS
        field_classes = {"place": PlaceChoiceField}
        widgets = {
            "date_of_birth": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "disability_notes": forms.Textarea(attrs={"rows": 2}),
            "given_name": forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
            "family_name": forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
            "given_name_latin": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
            "family_name_latin": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, duplicates_shown: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not duplicates_shown:
            del self.fields["not_a_duplicate"]
        versioned_form_init(self)
        for name in ("given_name", "family_name", "given_name_latin", "family_name_latin", "birth_year"):
            self.fields[name].widget.attrs.update({"data-duplicate-check": "1"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_name") or data.get("given_name_latin")):
            self.add_error("given_name_latin", _("Enter at least a given name."))
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PERSON_EDITABLE_FIELDS}


class AliasForm(forms.Form):
    name = forms.CharField(
        label=_("Other name"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AliasKind.choices)


class IdentityDocumentForm(forms.ModelForm):
    class Meta:
        model = IdentityDocument
        fields = ("document_type", "number", "issuing_country", "issued_on", "expires_on")
        widgets = {
            "issued_on": DateInput(),
            "expires_on": DateInput(),
            "number": forms.TextInput(attrs={"dir": "ltr"}),
        }

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class HouseholdForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Household
        fields = HOUSEHOLD_EDITABLE_FIELDS
        field_classes = {"place": PlaceChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)


class PersonChoiceField(forms.ModelChoiceField):
    """People are offered by code and, where the actor may see it, by name."""

    def label_from_instance(self, obj: Person) -> str:
        return "{code} — {name}".format(code=obj.code, name=obj.display_name)


class HouseholdMemberForm(forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=None)
    relationship = forms.ChoiceField(
        label=_("Relationship to the reference person"), choices=Relationship.choices
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The queryset comes from a selector: only people the actor may change.
        model_choice(self, "person").queryset = people


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Code or name"), "dir": "auto"}),
    )
