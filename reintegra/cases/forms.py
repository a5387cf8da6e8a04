from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Agency, User
from reintegra.cases.choices import CaseOutcome, CaseRole, CaseStage, TaskStatus
from reintegra.cases.models import Case, Task
from reintegra.cases.selectors import CaseFilters
from reintegra.core.choices import DataCategory
from reintegra.core.forms import (
    DateInput,
    UserChoiceField,
    VersionField,
    choice,
    model_choice,
    versioned_form_init,
)
from reintegra.core.models import Label
from reintegra.people.choices import AgeBand, Sex
from reintegra.people.forms import PersonChoiceField
from reintegra.programmes.models import Programme


class LabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Label) -> str:
        return obj.text


def beneficiary_types() -> Any:
    return Label.objects.filter(kind="beneficiary_type", is_active=True)


class CaseOpenForm(forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=None)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(is_active=True)
    )
    beneficiary_type = LabelChoiceField(label=_("Beneficiary type"), queryset=beneficiary_types())
    referral_source = forms.CharField(
        label=_("Referred by"),
        required=False,
        max_length=200,
        help_text=_("Who referred or identified the person, e.g. prison service, family, self."),
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "person").queryset = people  # from a selector: people the actor may change
        programmes = model_choice(self, "programme").queryset
        if programmes is not None and programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()


class CaseEditForm(forms.ModelForm):
    version = VersionField()
    beneficiary_type = LabelChoiceField(label=_("Beneficiary type"), queryset=beneficiary_types())

    class Meta:
        model = Case
        fields = ("beneficiary_type", "referral_source", "opened_on")
        widgets = {"opened_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)


class TransitionForm(forms.Form):
    version = VersionField()
    to_stage = forms.ChoiceField(label=_("Move to"), choices=CaseStage.choices)
    reason = forms.CharField(
        label=_("Reason or comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    version = VersionField()
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *CaseOutcome.choices])
    note = forms.CharField(label=_("Closing note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    version = VersionField()
    reason = forms.CharField(label=_("Why is the case reopened?"), widget=forms.Textarea(attrs={"rows": 2}))


class TeamMemberForm(forms.Form):
    user = UserChoiceField(label=_("Colleague"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role on this case"), choices=CaseRole.choices)

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "user").queryset = users


class NoteForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Data category"),
        choices=DataCategory.choices,
        help_text=_("Only people allowed to see this category will see the note."),
    )
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}))

    def __init__(self, *args: Any, categories: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice(self, "category").choices = [c for c in DataCategory.choices if c[0] in categories]
        self.fields["category"].initial = DataCategory.CASE_NOTES


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ("title", "due_on", "assignee", "description")
        field_classes = {"assignee": UserChoiceField}
        widgets = {"due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "assignee").queryset = users


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(choices=TaskStatus.choices)


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Case code, person code or name"), "dir": "auto"}),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *CaseStage.choices]
    )
    agency = forms.ModelChoiceField(
        label=_("Lead agency"), required=False, queryset=Agency.objects.none(), empty_label=_("All agencies")
    )
    beneficiary_type = LabelChoiceField(
        label=_("Beneficiary type"), required=False, queryset=beneficiary_types(), empty_label=_("All types")
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        required=False,
        queryset=Programme.objects.all(),
        empty_label=_("All programmes"),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("Any")), *Sex.choices])
    age_band = forms.ChoiceField(
        label=_("Age"), required=False, choices=[("", _("Any age")), *AgeBand.choices]
    )
    mine = forms.BooleanField(label=_("Only cases I am on"), required=False)
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-opened_on", _("Newest first")),
            ("opened_on", _("Oldest first")),
            ("code", _("Case code")),
            ("-stage_changed_at", _("Recently moved")),
            ("stage", _("Stage")),
        ],
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "agency").queryset = agencies

    def filters(self) -> CaseFilters:
        """The filters given; one that is not valid is left out (and marked), the rest apply."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return CaseFilters(
            query=data.get("q") or "",
            stage=data.get("stage") or "",
            agency=data["agency"].pk if data.get("agency") else None,
            beneficiary_type=data["beneficiary_type"].pk if data.get("beneficiary_type") else None,
            programme=data["programme"].pk if data.get("programme") else None,
            sex=data.get("sex") or "",
            age_band=data.get("age_band") or "",
            mine=bool(data.get("mine")),
            ordering=data.get("ordering") or "-opened_on",
        )
