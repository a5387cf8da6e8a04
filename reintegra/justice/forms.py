from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from reintegra.core.choices import DataCategory
from reintegra.core.forms import (
    DateInput,
    UserChoiceField,
    VersionField,
    choice,
    model_choice,
    versioned_form_init,
)
from reintegra.justice.choices import (
    CheckInStatus,
    FacilityKind,
    LegalEventKind,
    LegalStatus,
    MeasureEndReason,
    MeasureKind,
    NeedStatus,
    ReturnRole,
)
from reintegra.justice.models import (
    DETAILS_LABELS,
    KIND_FIELDS,
    ArrivalNeed,
    CarePreference,
    ChildSafeguard,
    CustodyParticipation,
    Facility,
    FamilyGoal,
    FamilyVisit,
    LegalEvent,
    ReturnEvent,
    ReturnMember,
    SupervisionMeasure,
)
from reintegra.justice.selectors import MeasureFilters, RegisterFilters, ReturnFilters
from reintegra.people.forms import PersonChoiceField


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


TEXT = {"rows": 2, "dir": "auto"}


class LabelledChoiceField(forms.ModelChoiceField):
    """Records offered by a short description (`label_for`), never by a name."""

    def __init__(self, *args: Any, label_for: Any = str, **kwargs: Any) -> None:
        self.label_for = label_for
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(self.label_for(obj))


class LegalEventForm(forms.ModelForm):
    """The fields of one kind of event (common fields first)."""

    version = VersionField()

    class Meta:
        model = LegalEvent
        fields = (
            "occurred_on",
            "authority",
            "document_reference",
            "facility",
            "alleged_offence_on",
            "verdict",
            "sentence_type",
            "sentence_months",
            "sentence_start",
            "expected_release",
            "conditions",
            "supervision_until",
            "measure",
            "breach_response",
            "screening_outcome",
            "return_event",
            "details",
        )
        widgets = {
            "occurred_on": DateInput(),
            "alleged_offence_on": DateInput(),
            "sentence_start": DateInput(),
            "expected_release": DateInput(),
            "supervision_until": DateInput(),
            "details": forms.Textarea(attrs=TEXT),
            "conditions": forms.Textarea(attrs=TEXT),
            "authority": forms.TextInput(attrs={"dir": "auto"}),
        }
        field_classes = {"measure": LabelledChoiceField, "return_event": LabelledChoiceField}

    def __init__(
        self, *args: Any, kind: str, facilities: Any, measures: Any, returns: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)
        wanted, required = KIND_FIELDS[kind]
        for name in list(self.fields):
            if name in ("version", "occurred_on", "authority", "document_reference", "details"):
                continue
            if name not in wanted:
                del self.fields[name]
            elif name in required:
                self.fields[name].required = True
        if "facility" in self.fields:
            model_choice(self, "facility").queryset = facilities
        if "measure" in self.fields:
            field = model_choice(self, "measure")
            field.queryset = measures
            field.label_for = lambda m: "{kind} · {start}".format(  # type: ignore[attr-defined]
                kind=m.get_kind_display(), start=m.starts_on.isoformat()
            )
        if "return_event" in self.fields:
            field = model_choice(self, "return_event")
            field.queryset = returns
            field.label_for = lambda r: "{code} · {day}".format(  # type: ignore[attr-defined]
                code=r.code, day=r.returned_on.isoformat()
            )
        self.fields["details"].label = str(DETAILS_LABELS.get(kind, _("Details")))
        self.fields["details"].required = kind == LegalEventKind.CHARGE
        if "sentence_months" in self.fields:
            self.fields["sentence_months"].help_text = _(
                "For a custodial sentence; the expected release is worked out from it when left empty."
            )

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class VoidForm(forms.Form):
    version = VersionField()
    reason = forms.CharField(
        label=_("Why was this entered in error?"), max_length=300, widget=forms.Textarea(attrs=TEXT)
    )


MEASURE_KIND_FIELDS: dict[str, tuple[str, ...]] = {
    MeasureKind.REPORTING: (),
    MeasureKind.ELECTRONIC_MONITORING: ("monitoring_provider", "curfew"),
    MeasureKind.COMMUNITY_SERVICE: ("hours_ordered", "placement"),
    MeasureKind.VOLUNTARY_PROGRAMME: ("consent_given_on",),
    MeasureKind.OTHER_CONDITION: (),
}
ALL_KIND_SPECIFIC = {name for names in MEASURE_KIND_FIELDS.values() for name in names}


class MeasureForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = SupervisionMeasure
        fields = (
            "case",
            "legal_basis",
            "ordered_by",
            "document_reference",
            "starts_on",
            "ends_on",
            "responsible_officer",
            "frequency",
            "weekday",
            "day_of_month",
            "report_by",
            "location",
            "monitoring_provider",
            "curfew",
            "hours_ordered",
            "placement",
            "consent_given_on",
            "details",
        )
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "consent_given_on": DateInput(),
            "report_by": TimeInput(),
            "details": forms.Textarea(attrs=TEXT),
            "location": forms.TextInput(attrs={"dir": "auto"}),
        }
        field_classes = {
            "responsible_officer": UserChoiceField,
            "case": LabelledChoiceField,
            "legal_basis": LabelledChoiceField,
        }

    def __init__(self, *args: Any, kind: str, cases: Any, officers: Any, basis: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)
        for name in ALL_KIND_SPECIFIC - set(MEASURE_KIND_FIELDS[kind]):
            del self.fields[name]
        if not self.instance._state.adding:
            del self.fields["case"]
        else:
            field = model_choice(self, "case")
            field.queryset = cases
            field.label_for = lambda c: "{code} · {programme}".format(  # type: ignore[attr-defined]
                code=c.code, programme=c.programme
            )
            if cases.count() == 1:
                field.initial = cases.first()
        model_choice(self, "responsible_officer").queryset = officers
        basis_field = model_choice(self, "legal_basis")
        basis_field.queryset = basis
        basis_field.label_for = lambda e: "{kind} · {day}".format(  # type: ignore[attr-defined]
            kind=e.get_kind_display(), day=e.occurred_on.isoformat()
        )
        if kind == MeasureKind.COMMUNITY_SERVICE and "hours_ordered" in self.fields:
            self.fields["hours_ordered"].required = True

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "case")}


class MeasureEndForm(forms.Form):
    version = VersionField()
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    end_reason = forms.ChoiceField(label=_("Why it ended"), choices=MeasureEndReason.choices)


class CheckInForm(forms.Form):
    due_on = forms.DateField(label=_("Date"), widget=DateInput())
    status = forms.ChoiceField(label=_("Check-in"), choices=CheckInStatus.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Why it was missed or excused, as far as known."),
    )
    hours = forms.DecimalField(
        label=_("Hours done"),
        required=False,
        min_value=0,
        max_value=24,
        decimal_places=1,
        help_text=_("Community service only."),
    )

    def __init__(self, *args: Any, with_hours: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_hours:
            del self.fields["hours"]


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = CustodyParticipation
        fields = (
            "kind",
            "title",
            "provider",
            "facility",
            "started_on",
            "ended_on",
            "status",
            "sessions_attended",
            "notes",
        )
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "notes": forms.Textarea(attrs=TEXT),
            "title": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args: Any, facilities: Any, kinds: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "facility").queryset = facilities
        choice(self, "kind").choices = kinds


class ParticipationUpdateForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = CustodyParticipation
        fields = ("status", "sessions_attended", "ended_on", "notes")
        widgets = {"ended_on": DateInput(), "notes": forms.Textarea(attrs=TEXT)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)


class FamilyVisitForm(forms.ModelForm):
    class Meta:
        model = FamilyVisit
        fields = ("visited_on", "kind", "visitors", "children_present", "facility", "notes")
        widgets = {
            "visited_on": DateInput(),
            "notes": forms.Textarea(attrs=TEXT),
            "visitors": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "facility").queryset = facilities


class CustodyNoteForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Data category"),
        choices=DataCategory.choices,
        help_text=_("Only people allowed to see this category will see the note."),
    )
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))

    def __init__(self, *args: Any, categories: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice(self, "category").choices = [c for c in DataCategory.choices if c[0] in categories]
        self.fields["category"].initial = DataCategory.LEGAL_STATUS


class ReturnForm(forms.ModelForm):
    """The return itself, plus one row per person who may be part of it."""

    version = VersionField()

    class Meta:
        model = ReturnEvent
        fields = (
            "returned_on",
            "from_country",
            "from_location",
            "kind",
            "arrival_point",
            "organised_by",
            "notes",
        )
        widgets = {"returned_on": DateInput(), "notes": forms.Textarea(attrs=TEXT)}

    def __init__(self, *args: Any, candidates: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)
        self.candidates = candidates or []
        for person, relationship, sees_identity in self.candidates:
            key = person.code
            label = person.display_name if sees_identity else person.code
            self.fields["m_{k}".format(k=key)] = forms.BooleanField(label=label, required=False, initial=True)
            self.fields["m_{k}_role".format(k=key)] = forms.ChoiceField(
                label=_("Came back as"),
                choices=ReturnRole.choices,
                required=False,
                initial=self._default_role(person, relationship),
            )
            self.fields["m_{k}_abroad".format(k=key)] = forms.BooleanField(
                label=_("Born abroad"), required=False
            )

    @staticmethod
    def _default_role(person: Any, relationship: str) -> str:
        if relationship == "child" or person.is_minor:
            return ReturnRole.CHILD
        return ReturnRole.PRINCIPAL if relationship == "reference" else ReturnRole.ADULT

    def member_rows(self) -> list[tuple[Any, Any, Any, Any]]:
        """(person, include field, role field, born abroad field) for the template."""
        return [
            (
                person,
                self["m_{k}".format(k=person.code)],
                self["m_{k}_role".format(k=person.code)],
                self["m_{k}_abroad".format(k=person.code)],
            )
            for person, _relationship, _sees in self.candidates
        ]

    def members(self) -> list[tuple[Any, str, bool]]:
        data = self.cleaned_data
        return [
            (
                person,
                data.get("m_{k}_role".format(k=person.code)) or self._default_role(person, relationship),
                bool(data.get("m_{k}_abroad".format(k=person.code))),
            )
            for person, relationship, _sees in self.candidates
            if data.get("m_{k}".format(k=person.code))
        ]

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class ReturnMemberForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = ReturnMember
        fields = (
            "role",
            "born_abroad",
            "identity_papers",
            "citizenship",
            "birth_registration",
            "documents_note",
        )
        widgets = {"documents_note": forms.Textarea(attrs=TEXT)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)


class NeedForm(forms.ModelForm):
    class Meta:
        model = ArrivalNeed
        fields = ("kind", "person", "urgency", "description")
        widgets = {"description": forms.Textarea(attrs=TEXT)}
        field_classes = {"person": LabelledChoiceField}

    def __init__(self, *args: Any, people: Any, names: dict[Any, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice(self, "person")
        field.queryset = people
        field.empty_label = str(_("The whole family"))
        field.label_for = lambda p: names.get(p.pk, p.code)  # type: ignore[attr-defined]


class NeedStatusForm(forms.Form):
    version = VersionField()
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)


class ReceptionForm(forms.Form):
    done = forms.BooleanField(required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ChildSafeguardForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = ChildSafeguard
        fields = (
            "guardian",
            "guardian_description",
            "guardian_consent",
            "guardian_consent_on",
            "child_views",
            "child_views_on",
            "best_interests",
            "best_interests_on",
            "school_status",
            "school_name",
            "school_since",
        )
        widgets = {
            "guardian_consent_on": DateInput(),
            "child_views_on": DateInput(),
            "best_interests_on": DateInput(),
            "school_since": DateInput(),
            "child_views": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "best_interests": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        }
        field_classes = {"guardian": PersonChoiceField}

    def __init__(self, *args: Any, guardians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)
        model_choice(self, "guardian").queryset = guardians


class CarePreferenceForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = CarePreference
        fields = ("practitioner", "interpreter_language", "childcare_needed", "specific_needs")
        widgets = {"specific_needs": forms.Textarea(attrs={"rows": 3, "dir": "auto"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)


class FamilyGoalForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = FamilyGoal
        fields = ("dimension", "goal", "agreed_on", "target_on", "status", "support", "progress")
        widgets = {
            "agreed_on": DateInput(),
            "target_on": DateInput(),
            "goal": forms.TextInput(attrs={"dir": "auto"}),
            "progress": forms.Textarea(attrs=TEXT),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)


# --- filters ------------------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Person code or name"), "dir": "auto"}),
    )
    status = forms.ChoiceField(
        label=_("Legal status"), required=False, choices=[("", _("Any status")), *LegalStatus.choices]
    )
    facility = forms.ModelChoiceField(
        label=_("Facility"), required=False, queryset=Facility.objects.none(), empty_label=_("Any facility")
    )
    release_within = forms.TypedChoiceField(
        label=_("Release expected within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any time")), (30, _("30 days")), (90, _("90 days")), (180, _("6 months"))],
    )
    in_custody = forms.BooleanField(label=_("Only people held today"), required=False)

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "facility").queryset = facilities

    def filters(self) -> RegisterFilters:
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return RegisterFilters(
            query=data.get("q") or "",
            status=data.get("status") or "",
            facility=data["facility"].pk if data.get("facility") else None,
            release_within=data.get("release_within"),
            in_custody=bool(data.get("in_custody")),
        )


class MeasureFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Person or case code, or name"), "dir": "auto"}),
    )
    kind = forms.ChoiceField(
        label=_("Measure"), required=False, choices=[("", _("Any measure")), *MeasureKind.choices]
    )
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("active", _("In force today")), ("ended", _("Ended or not started")), ("all", _("All"))],
    )
    mine = forms.BooleanField(label=_("Only measures I am responsible for"), required=False)
    missed = forms.BooleanField(label=_("Only with missed check-ins"), required=False)

    def filters(self) -> MeasureFilters:
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return MeasureFilters(
            kind=data.get("kind") or "",
            state=data.get("state") or "active",
            mine=bool(data.get("mine")),
            missed=bool(data.get("missed")),
            query=data.get("q") or "",
        )


def _country_choices() -> list[tuple[str, Any]]:
    return [("", _("Any country")), *countries]


class ReturnFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Returned from"), required=False, choices=_country_choices)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    documents_missing = forms.BooleanField(label=_("Only with documents missing"), required=False)

    def filters(self) -> ReturnFilters:
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return ReturnFilters(
            country=data.get("country") or "",
            year=data.get("year"),
            documents_missing=bool(data.get("documents_missing")),
        )


class FacilityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name or town"), "dir": "auto"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *FacilityKind.choices]
    )
