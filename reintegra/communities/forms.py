from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Agency
from reintegra.communities.choices import (
    AgeGroup,
    IncidentKind,
    IncidentStatus,
    ParticipantGroup,
    ParticipantSex,
    PlanStatus,
    RespondentGroup,
    RespondentSex,
    StakeholderKind,
    StepStatus,
    Trust,
    Willingness,
)
from reintegra.communities.models import (
    CapacityNeed,
    Community,
    CommunityIncident,
    CommunityPlan,
    CommunityProfile,
    IncidentResponse,
    PlanEngagement,
    PlanMeeting,
    PlanObjective,
    PlanPartner,
    ProfileEntry,
    Stakeholder,
    StakeholderContact,
    SurveyInstrument,
    SurveyWave,
)
from reintegra.communities.services import PROFILE_FIELDS
from reintegra.core.forms import DateInput, VersionField, model_choice, versioned_form_init
from reintegra.places.forms import PlaceChoiceField
from reintegra.places.models import Place


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class PlaceLabelField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Place) -> str:
        return obj.name


class StakeholderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Stakeholder) -> str:
        return obj.name


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Community) -> str:
        return obj.place.name


class InstrumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SurveyInstrument) -> str:
        return str(obj)


class ProfileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CommunityProfile) -> str:
        return str(_("Version {n} of {date}").format(n=obj.number, date=obj.assessed_on.isoformat()))


# --- communities -------------------------------------------------------------------------


class CommunityCreateForm(forms.Form):
    place = PlaceChoiceField(
        label=_("Town or district"),
        help_text=_("The community covers this place and every place within it."),
    )
    population_estimate = forms.IntegerField(label=_("Estimated population"), required=False, min_value=0)
    population_notes = forms.CharField(
        label=_("Population notes"),
        required=False,
        widget=_text(4),
        help_text=_(
            "Who lives here: size, languages, returns, livelihoods. Describe groups, never individuals."
        ),
    )

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "place").queryset = places


class CommunityEditForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Community
        fields = ("population_estimate", "population_notes")
        widgets = {"population_notes": _text(4)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)


class CommunityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Town, district or region"), "dir": "auto"}),
    )
    region = PlaceLabelField(
        label=_("Region"), required=False, queryset=Place.objects.none(), empty_label=_("All regions")
    )
    mine = forms.BooleanField(label=_("Only my agency's communities"), required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "region").queryset = regions

    def cleaned(self) -> dict[str, Any]:
        self.is_valid()
        return getattr(self, "cleaned_data", {})


# --- profiles ----------------------------------------------------------------------------


class ProfileForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = CommunityProfile
        fields = PROFILE_FIELDS
        widgets = {
            "assessed_on": DateInput(),
            **{
                name: _text(4)
                for name in (
                    "method",
                    "summary",
                    "governance",
                    "services_notes",
                    "tensions_stigma",
                    "absorption_notes",
                    "data_sources",
                )
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)


class ProfileEntryForm(forms.ModelForm):
    class Meta:
        model = ProfileEntry
        fields = ("kind", "theme", "description", "evidence", "coverage")
        widgets = {"description": _text(3), "evidence": _text(2)}


class ParticipationForm(forms.Form):
    group = forms.ChoiceField(label=_("Group"), choices=ParticipantGroup.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=ParticipantSex.choices)
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeGroup.choices)
    count = forms.IntegerField(
        label=_("Number of people"), min_value=0, max_value=100000, help_text=_("0 removes the row.")
    )


class VersionForm(forms.Form):
    version = VersionField()


# --- stakeholders ------------------------------------------------------------------------


class StakeholderForm(forms.ModelForm):
    version = VersionField()
    agency = AgencyChoiceField(
        label=_("Agency in Reintegra"),
        required=False,
        queryset=Agency.objects.none(),
        help_text=_("When the stakeholder is an agency that uses Reintegra."),
    )

    class Meta:
        model = Stakeholder
        fields = (
            "name",
            "kind",
            "is_individual",
            "agency",
            "influence",
            "interest",
            "willingness",
            "trust",
            "partnership_potential",
            "capacity",
            "needs",
            "engagement_strategy",
            "communication_strategy",
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_address",
            "is_active",
        )
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto"}),
            "capacity": _text(2),
            "needs": _text(2),
            "engagement_strategy": _text(3),
            "communication_strategy": _text(3),
            "contact_address": _text(2),
        }

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)
        model_choice(self, "agency").queryset = agencies
        if self.instance._state.adding:
            del self.fields["is_active"]

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class StakeholderFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name on the map"), "dir": "auto"}),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *StakeholderKind.choices]
    )
    willingness = forms.ChoiceField(
        label=_("Willingness"), required=False, choices=[("", _("Any")), *Willingness.choices]
    )
    trust = forms.ChoiceField(label=_("Trust"), required=False, choices=[("", _("Any")), *Trust.choices])
    quadrant = forms.ChoiceField(
        label=_("Grid"),
        required=False,
        choices=[
            ("", _("Whole grid")),
            ("manage", _("Manage closely")),
            ("satisfy", _("Keep satisfied")),
            ("inform", _("Keep informed")),
            ("monitor", _("Monitor")),
        ],
    )
    inactive = forms.BooleanField(label=_("Include those taken off the map"), required=False)

    def cleaned(self) -> dict[str, Any]:
        self.is_valid()
        return getattr(self, "cleaned_data", {})


class StakeholderContactForm(forms.ModelForm):
    class Meta:
        model = StakeholderContact
        fields = ("contacted_on", "channel", "summary", "follow_up")
        widgets = {"contacted_on": DateInput(), "summary": _text(3), "follow_up": _text(2)}


# --- survey waves and responses ----------------------------------------------------------


class WaveForm(forms.ModelForm):
    version = VersionField()
    instrument = InstrumentChoiceField(label=_("Questionnaire"), queryset=None)

    class Meta:
        model = SurveyWave
        fields = ("label", "instrument", "starts_on", "ends_on", "status", "sampling_notes")
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "sampling_notes": _text(3)}

    def __init__(self, *args: Any, instruments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)
        model_choice(self, "instrument").queryset = instruments


class ResponseForm(forms.Form):
    """One respondent: who they are (group, sex, age band — never a name) and one field per
    question, built from the wave's questionnaire."""

    collected_on = forms.DateField(label=_("Interviewed on"), widget=DateInput())
    group = forms.ChoiceField(
        label=_("Respondent group"), choices=RespondentGroup.choices, widget=forms.RadioSelect
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=RespondentSex.choices, widget=forms.RadioSelect)
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeGroup.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_codes: list[str] = []
        for number, item in enumerate(items, start=1):
            name = "item_{code}".format(code=item.code)
            self.fields[name] = forms.TypedChoiceField(
                label="{n}. {text}".format(n=number, text=item.text),
                choices=[*item.scale.labels(), ("", _("Don't know / refused"))],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.item_codes.append(item.code)

    def answers(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get("item_{code}".format(code=code)) for code in self.item_codes}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Response file (CSV)"),
        help_text=_("UTF-8 CSV with the template's columns. Nothing is saved if any row has a problem."),
    )


# --- incidents ---------------------------------------------------------------------------


class IncidentForm(forms.ModelForm):
    version = VersionField()
    community = CommunityChoiceField(label=_("Community"), queryset=None)
    place = PlaceLabelField(
        label=_("Where"),
        required=False,
        queryset=Place.objects.none(),
        help_text=_("The town or district within the community, when more precise."),
    )
    involved_agencies = AgencyMultipleChoiceField(
        label=_("Other agencies involved"),
        required=False,
        queryset=Agency.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("For a safety incident: agencies whose staff were affected or must act."),
    )

    class Meta:
        model = CommunityIncident
        fields = (
            "community",
            "occurred_on",
            "kind",
            "place",
            "title",
            "description",
            "practitioner_safety",
            "involved_agencies",
            "status",
            "follow_up",
            "follow_up_due",
            "effect",
            "effect_notes",
        )
        widgets = {
            "occurred_on": DateInput(),
            "follow_up_due": DateInput(),
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "description": _text(5),
            "follow_up": _text(2),
            "effect_notes": _text(2),
        }

    def __init__(self, *args: Any, communities: Any, places: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)
        model_choice(self, "community").queryset = communities
        model_choice(self, "place").queryset = places
        model_choice(self, "involved_agencies").queryset = agencies
        if not self.instance._state.adding:
            del self.fields["community"]
            if self.instance.practitioner_safety:
                self.fields["practitioner_safety"].disabled = True

    def values(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("version", "community", "involved_agencies")
        }


class IncidentResponseForm(forms.ModelForm):
    stakeholder = StakeholderChoiceField(label=_("Stakeholder"), required=False, queryset=None)
    agency = AgencyChoiceField(label=_("Responding agency"), required=False, queryset=Agency.objects.none())

    class Meta:
        model = IncidentResponse
        fields = ("stakeholder", "agency", "asked_on", "request", "action", "done_on", "effect")
        widgets = {"asked_on": DateInput(), "done_on": DateInput(), "request": _text(2), "action": _text(3)}

    def __init__(self, *args: Any, stakeholders: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "stakeholder").queryset = stakeholders
        model_choice(self, "agency").queryset = agencies


class IncidentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Title or incident code"), "dir": "auto"}),
    )
    community = CommunityChoiceField(
        label=_("Community"),
        required=False,
        queryset=None,
        empty_label=_("All communities"),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *IncidentKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *IncidentStatus.choices]
    )
    open_only = forms.BooleanField(label=_("Only open incidents"), required=False)
    safety = forms.BooleanField(label=_("Only practitioner safety"), required=False)

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "community").queryset = communities

    def cleaned(self) -> dict[str, Any]:
        self.is_valid()
        return getattr(self, "cleaned_data", {})


# --- plans -------------------------------------------------------------------------------


class PlanForm(forms.ModelForm):
    version = VersionField()
    community = CommunityChoiceField(label=_("Community"), required=False, queryset=None)
    profile = ProfileChoiceField(
        label=_("Profile version used"),
        required=False,
        queryset=None,
        help_text=_("The published profile the situational analysis is based on."),
    )

    class Meta:
        model = CommunityPlan
        fields = (
            "title",
            "community",
            "programme",
            "status",
            "starts_on",
            "ends_on",
            "profile",
            "analysis_summary",
            "coordination_mechanism",
            "coordination_level",
            "meeting_frequency",
        )
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "analysis_summary": _text(4),
            "coordination_mechanism": _text(3),
        }

    def __init__(self, *args: Any, communities: Any, programmes: Any, profiles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versioned_form_init(self)
        model_choice(self, "community").queryset = communities
        model_choice(self, "programme").queryset = programmes
        model_choice(self, "profile").queryset = profiles
        if not self.instance._state.adding:
            del self.fields["community"]
            del self.fields["programme"]

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class PlanStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=_text(2))


class PlanFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Plan title"), "dir": "auto"}),
    )
    community = CommunityChoiceField(
        label=_("Community"),
        required=False,
        queryset=None,
        empty_label=_("All communities"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *PlanStatus.choices]
    )
    mine = forms.BooleanField(label=_("Plans I can change"), required=False)

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "community").queryset = communities

    def cleaned(self) -> dict[str, Any]:
        self.is_valid()
        return getattr(self, "cleaned_data", {})


class ObjectiveForm(forms.ModelForm):
    responsible_agency = AgencyChoiceField(
        label=_("Responsible"), required=False, queryset=Agency.objects.none()
    )

    class Meta:
        model = PlanObjective
        fields = ("statement", "measure", "due_on", "responsible_agency", "status", "order")
        widgets = {"statement": _text(2), "measure": _text(2), "due_on": DateInput()}


class EngagementForm(forms.ModelForm):
    stakeholder = StakeholderChoiceField(label=_("Stakeholder"), queryset=None)
    responsible_agency = AgencyChoiceField(
        label=_("Who engages them"), required=False, queryset=Agency.objects.none()
    )

    class Meta:
        model = PlanEngagement
        fields = ("stakeholder", "expected_role", "approach", "communication", "responsible_agency", "status")
        widgets = {"expected_role": _text(2), "approach": _text(3), "communication": _text(2)}


class PartnerForm(forms.ModelForm):
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    class Meta:
        model = PlanPartner
        fields = ("agency", "role", "responsibilities")
        widgets = {"responsibilities": _text(2)}


class MeetingForm(forms.ModelForm):
    agencies = AgencyMultipleChoiceField(
        label=_("Agencies present"),
        required=False,
        queryset=Agency.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    class Meta:
        model = PlanMeeting
        fields = ("held_on", "agencies", "other_participants", "summary", "decisions", "next_meeting_on")
        widgets = {
            "held_on": DateInput(),
            "next_meeting_on": DateInput(),
            "summary": _text(3),
            "decisions": _text(3),
        }


class CapacityNeedForm(forms.ModelForm):
    stakeholder = StakeholderChoiceField(label=_("Stakeholder"), required=False, queryset=None)
    agency = AgencyChoiceField(label=_("Agency"), required=False, queryset=Agency.objects.none())

    class Meta:
        model = CapacityNeed
        fields = ("stakeholder", "agency", "area", "description", "planned_support", "status")
        widgets = {"description": _text(2), "planned_support": _text(2)}


#: The forms of a plan's rows, by kind (see services.PLAN_ITEMS).
PLAN_ITEM_FORMS: dict[str, type[forms.ModelForm]] = {
    "objective": ObjectiveForm,
    "engagement": EngagementForm,
    "partner": PartnerForm,
    "meeting": MeetingForm,
    "capacity": CapacityNeedForm,
}


def plan_item_form(kind: str, *args: Any, agencies: Any, stakeholders: Any, **kwargs: Any) -> forms.ModelForm:
    """A plan row's form with its choice fields filled from selectors."""
    form = PLAN_ITEM_FORMS[kind](*args, **kwargs)
    for name in ("agency", "responsible_agency", "agencies"):
        if name in form.fields:
            model_choice(form, name).queryset = agencies
    if "stakeholder" in form.fields:
        model_choice(form, name="stakeholder").queryset = stakeholders
    return form
