from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Language
from reintegra.accounts.models import User
from reintegra.core.choices import DataCategory
from reintegra.core.forms import DateInput, UserChoiceField, VersionField, choice, model_choice
from reintegra.core.models import Label
from reintegra.places.choices import PlaceLevel
from reintegra.places.forms import PlaceChoiceField
from reintegra.places.models import Place
from reintegra.places.selectors import place_list
from reintegra.services.choices import (
    CATEGORY_CONTENTS,
    DEFAULT_REQUESTED_CATEGORIES,
    REFERRAL_CATEGORIES,
    Attendance,
    DeclineReason,
    EndReason,
    FeedbackKind,
    NeedArea,
    ProviderKind,
    ReferralPriority,
    ReferralStatus,
    ServiceOutcome,
)
from reintegra.services.models import Provider, Service, ServiceType
from reintegra.services.selectors import DirectoryFilters, ReferralFilters

LANGUAGE_CHOICES = Language.choices


class LabelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Label) -> str:
        return obj.text


class TypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceType) -> str:
        return obj.text


class PlaceMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Areas at every level, labelled with their level so a region reads as one."""

    def label_from_instance(self, obj: Place) -> str:
        return "{name} ({level})".format(name=obj.name, level=obj.get_level_display())


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return "{name} · {type} · {provider}".format(
            name=obj.name, type=obj.service_type.text, provider=obj.provider.name
        )


class CaseChoiceField(forms.ModelChoiceField):
    """Cases by code: the referral form never needs to show a name to choose one."""

    def label_from_instance(self, obj: Any) -> str:
        return "{code} · {stage}".format(code=obj.code, stage=obj.get_stage_display())


def _checkboxes(**attrs: Any) -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs=attrs)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Service, provider or type"), "dir": "auto"}),
    )
    need = forms.ChoiceField(
        label=_("Need"), required=False, choices=[("", _("Any need")), *NeedArea.choices]
    )
    service_type = TypeChoiceField(
        label=_("Type of service"),
        required=False,
        queryset=ServiceType.objects.none(),
        empty_label=_("All types"),
    )
    place = PlaceChoiceField(
        label=_("Town or area"),
        required=False,
        empty_label=_("Anywhere"),
        levels=(PlaceLevel.LOCALITY, PlaceLevel.DISTRICT, PlaceLevel.REGION),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *LANGUAGE_CHOICES]
    )
    willing = forms.ChoiceField(
        label=_("Willing to serve this group"),
        required=False,
        choices=[("", _("Any answer")), ("open", _("Yes or case by case")), ("yes", _("Yes"))],
    )
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("waiting", _("Shortest wait")),
            ("quality", _("Best rated")),
            ("verified", _("Recently verified")),
        ],
    )
    case = forms.CharField(
        label=_("Suitable for case"),
        required=False,
        max_length=20,
        help_text=_("A case code: only services whose access criteria the person meets."),
        widget=forms.TextInput(attrs={"placeholder": "C-XXXX-XXXX", "dir": "ltr"}),
    )
    gender_sensitive = forms.BooleanField(label=_("Gender-sensitive"), required=False)
    child_friendly = forms.BooleanField(label=_("Child-friendly"), required=False)
    accessible = forms.BooleanField(label=_("Step-free access"), required=False)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    accepting = forms.BooleanField(label=_("Accepting referrals"), required=False)
    verified = forms.BooleanField(label=_("Verified in the last six months"), required=False)

    FLAGS = ("gender_sensitive", "child_friendly", "accessible", "free", "accepting", "verified")

    def __init__(self, *args: Any, types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "service_type").queryset = types

    def filters(self) -> DirectoryFilters:
        """The filters given; an invalid one is left out (and marked), the rest apply."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return DirectoryFilters(
            query=data.get("q") or "",
            need=data.get("need") or "",
            service_type=data["service_type"].pk if data.get("service_type") else None,
            place=data["place"].pk if data.get("place") else None,
            language=data.get("language") or "",
            willing=data.get("willing") or "",
            ordering=data.get("ordering") or "name",
            **{flag: bool(data.get(flag)) for flag in self.FLAGS},
        )


class ProviderForm(forms.ModelForm):
    version = VersionField(required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, choices=LANGUAGE_CHOICES, widget=_checkboxes()
    )
    place = PlaceChoiceField(label=_("Based in"), required=False)

    class Meta:
        model = Provider
        fields = (
            "kind",
            "agency",
            "name",
            "provider_type",
            "description",
            "place",
            "address",
            "phone",
            "email",
            "languages",
            "focal_point_name",
            "focal_point_role",
            "focal_point_phone",
            "focal_point_email",
            "is_active",
        )
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "address": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "name": forms.TextInput(attrs={"dir": "auto"}),
        }
        help_texts = {
            "name": _("For an agency, leave empty to use the agency's name."),
            "kind": _("Community actors without accounts receive referrals as a printed sheet."),
        }

    def __init__(self, *args: Any, agencies: Any, can_relink: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "agency").queryset = agencies
        self.fields["name"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        if not can_relink:
            del self.fields["kind"]
            del self.fields["agency"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind", self.instance.kind if self.instance.pk else "")
        if kind == ProviderKind.INFORMAL and not (data.get("name") or "").strip():
            self.add_error("name", _("Give the community actor's name."))
        return data


class ServiceForm(forms.ModelForm):
    version = VersionField(required=False)
    service_type = TypeChoiceField(label=_("Type of service"), queryset=ServiceType.objects.none())
    languages = forms.MultipleChoiceField(
        label=_("Languages the service is given in"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=_checkboxes(),
    )
    areas_served = PlaceMultipleChoiceField(
        label=_("Areas served"),
        queryset=Place.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("A service serving a region or district serves every town within it."),
    )
    beneficiary_types = LabelMultipleChoiceField(
        label=_("Beneficiary types accepted"),
        required=False,
        queryset=Label.objects.none(),
        widget=_checkboxes(),
        help_text=_("Leave all unticked when the service accepts everyone."),
    )

    class Meta:
        model = Service
        fields = (
            "service_type",
            "name",
            "description",
            "min_age",
            "max_age",
            "sexes",
            "beneficiary_types",
            "eligibility_notes",
            "areas_served",
            "site",
            "languages",
            "gender_sensitive",
            "child_friendly",
            "wheelchair_accessible",
            "accessibility_notes",
            "cost",
            "cost_notes",
            "hours",
            "capacity",
            "waiting_days",
            "accepting_referrals",
            "quality_rating",
            "quality_evidence",
            "quality_assessed_on",
            "risk_stigma",
            "risk_security",
            "risk_data_exposure",
            "risk_notes",
            "willingness",
            "willingness_notes",
            "focal_point_name",
            "focal_point_phone",
            "focal_point_email",
            "is_active",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "eligibility_notes": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "site": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "quality_evidence": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "risk_notes": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "willingness_notes": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "quality_assessed_on": DateInput(),
            "name": forms.TextInput(attrs={"dir": "auto"}),
        }

    SECTIONS = (
        (_("The service"), ("service_type", "name", "description", "is_active")),
        (_("Who can use it"), ("min_age", "max_age", "sexes", "beneficiary_types", "eligibility_notes")),
        (
            _("Where and how"),
            (
                "areas_served",
                "site",
                "languages",
                "hours",
                "cost",
                "cost_notes",
                "gender_sensitive",
                "child_friendly",
                "wheelchair_accessible",
                "accessibility_notes",
            ),
        ),
        (_("Capacity"), ("capacity", "waiting_days", "accepting_referrals")),
        (_("Quality"), ("quality_rating", "quality_evidence", "quality_assessed_on")),
        (
            _("Risks of access and willingness"),
            (
                "risk_stigma",
                "risk_security",
                "risk_data_exposure",
                "risk_notes",
                "willingness",
                "willingness_notes",
            ),
        ),
        (_("Focal point"), ("focal_point_name", "focal_point_phone", "focal_point_email")),
    )

    def __init__(self, *args: Any, types: Any, places: Any, labels: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "service_type").queryset = types
        model_choice(self, "areas_served").queryset = places
        model_choice(self, "beneficiary_types").queryset = labels
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.SECTIONS]


def service_form_places() -> Any:
    """Every active place below the country, regions first."""
    return place_list().exclude(level=PlaceLevel.COUNTRY).order_by("level", "name_en")


def beneficiary_type_labels() -> Any:
    return Label.objects.filter(kind="beneficiary_type", is_active=True)


class ReferralForm(forms.Form):
    """A new referral (a draft), or a draft's edit."""

    version = VersionField(required=False)
    case = CaseChoiceField(label=_("Case"), queryset=None, empty_label=_("Choose a case"))
    services = ServiceChoiceField(
        label=_("Services requested"),
        queryset=Service.objects.none(),
        widget=_checkboxes(),
        help_text=_("One provider per referral; tick every service of that provider the person needs."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=ReferralPriority.choices,
        initial=ReferralPriority.NORMAL,
        widget=forms.RadioSelect,
        help_text=_("Emergency: risk of harm or of losing shelter today. Urgent: within three days."),
    )
    reason = forms.CharField(
        label=_("Reason for the referral"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_(
            "What the person needs from this provider and what has been tried. Write only what "
            "the provider needs to know; it travels as case notes."
        ),
    )
    safety_notes = forms.CharField(
        label=_("Safety information for the provider"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_(
            "Only what staff need to work safely (no assessment details). It travels as risk assessment."
        ),
    )
    requested_categories = forms.MultipleChoiceField(
        label=_("Data the provider needs"),
        choices=[],
        required=False,
        widget=_checkboxes(),
        help_text=_(
            "What of the case the referral asks to share. The sharing policy decides what actually travels."
        ),
    )
    target_end_on = forms.DateField(
        label=_("Target end date"),
        required=False,
        widget=DateInput(),
        help_text=_("Left empty: 30, 60 or 90 days after sending, by priority."),
    )

    def __init__(self, *args: Any, cases: Any, services: Any, fixed_case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "case").queryset = cases
        model_choice(self, "services").queryset = services
        choice(self, "requested_categories").choices = [
            (c, "{label} — {contents}".format(label=DataCategory(c).label, contents=CATEGORY_CONTENTS[c]))
            for c in REFERRAL_CATEGORIES
        ]
        if not self.is_bound and "requested_categories" not in self.initial:
            self.initial["requested_categories"] = list(DEFAULT_REQUESTED_CATEGORIES)
        if fixed_case is not None:
            self.fields["case"].initial = fixed_case.pk
            self.fields["case"].widget = forms.HiddenInput()


class VersionOnlyForm(forms.Form):
    version = VersionField()


class AcceptForm(forms.Form):
    version = VersionField()
    assignee = UserChoiceField(
        label=_("Assign to"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Nobody yet"),
        help_text=_("The staff member who will work with the person joins the case team."),
    )
    note = forms.CharField(
        label=_("Note for the referring agency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "assignee").queryset = staff
        if not staff.exists():
            del self.fields["assignee"]


class DeclineForm(forms.Form):
    version = VersionField()
    reason = forms.ChoiceField(
        label=_("Why can you not take it?"), choices=[("", "—"), *DeclineReason.choices]
    )
    note = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )


class EndForm(forms.Form):
    version = VersionField()
    reason = forms.ChoiceField(label=_("Why does it end?"), choices=[("", "—"), *EndReason.choices])
    note = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )

    def __init__(self, *args: Any, withdrawing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if withdrawing:
            self.fields["reason"].initial = EndReason.WITHDRAWN


class CompleteForm(forms.Form):
    version = VersionField()
    outcome = forms.ChoiceField(
        label=_("How far was the need met?"), choices=[("", "—"), *ServiceOutcome.choices]
    )
    note = forms.CharField(
        label=_("Closing note"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )


class AssignForm(forms.Form):
    version = VersionField()
    user = UserChoiceField(label=_("Staff member"), queryset=User.objects.none())

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "user").queryset = staff


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FeedbackKind.choices, initial=FeedbackKind.PROGRESS)
    body = forms.CharField(
        label=_("Feedback"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("How it is going, what the person achieved, what the referring agency should know."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome (closing summary)"), required=False, choices=[("", "—"), *ServiceOutcome.choices]
    )


class AttendanceForm(forms.Form):
    session_on = forms.DateField(label=_("Session date"), widget=DateInput())
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1, max_value=1440
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )


class ReferralFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=20,
        widget=forms.SearchInput(attrs={"placeholder": _("Referral reference or case code"), "dir": "ltr"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ReferralStatus.choices]
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", _("Any priority")), *ReferralPriority.choices]
    )
    provider = forms.ModelChoiceField(
        label=_("Provider"), required=False, queryset=Provider.objects.none(), empty_label=_("All providers")
    )
    case = forms.UUIDField(required=False, widget=forms.HiddenInput())
    tab = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if providers is None:
            del self.fields["provider"]
        else:
            model_choice(self, "provider").queryset = providers

    def filters(self) -> ReferralFilters:
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return ReferralFilters(
            tab=data.get("tab") or "",
            query=data.get("q") or "",
            status=data.get("status") or "",
            priority=data.get("priority") or "",
            provider=data["provider"].pk if data.get("provider") else None,
            case=data.get("case"),
        )


class GapFilterForm(forms.Form):
    need = forms.ChoiceField(
        label=_("Need"), required=False, choices=[("", _("Every need")), *NeedArea.choices]
    )
