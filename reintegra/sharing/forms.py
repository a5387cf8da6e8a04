from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Agency
from reintegra.core.choices import DataCategory
from reintegra.core.forms import DateInput, UserChoiceField, model_choice
from reintegra.services.models import Provider
from reintegra.sharing.choices import (
    BasisKind,
    BreakGlassReview,
    ConsentMethod,
    ReviewOutcome,
    SharingPurpose,
)
from reintegra.sharing.models import ProtocolVersion

CHECKBOXES = forms.CheckboxSelectMultiple
BASIS_VALUES = (
    "valid_from",
    "valid_to",
    "method",
    "witness",
    "guardian",
    "child_views",
    "reference",
    "notes",
)


class ProtocolVersionForm(forms.ModelForm):
    """Steps 1, 2 and 4 of the PAVE protocol, with dates and the review rhythm."""

    purposes = forms.MultipleChoiceField(
        label=_("Purposes"), choices=SharingPurpose.choices, widget=CHECKBOXES
    )
    categories = forms.MultipleChoiceField(
        label=_("Data categories that may be shared"),
        choices=DataCategory.choices,
        widget=CHECKBOXES,
        help_text=_("Step 2. Each party then receives only what it needs of these."),
    )
    coordinator = UserChoiceField(label=_("Coordinator"), queryset=None)
    opened_at = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProtocolVersion
        fields = (
            "purpose_text", "purposes", "categories", "arrangements", "legal_basis_text", "coordinator",
            "starts_on", "expires_on", "review_interval_months", "review_grace_days",
        )  # fmt: skip
        widgets = {
            "purpose_text": forms.Textarea(attrs={"rows": 3}),
            "arrangements": forms.Textarea(attrs={"rows": 3}),
            "legal_basis_text": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DateInput(),
            "expires_on": DateInput(),
        }

    def __init__(self, *args: Any, coordinators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "coordinator").queryset = coordinators
        if self.instance.pk:
            self.fields["opened_at"].initial = self.instance.updated_at.isoformat()


class ProtocolCreateForm(ProtocolVersionForm):
    title = forms.CharField(label=_("Title"), max_length=200)

    field_order = ["title"]


class PartyForm(forms.Form):
    """Step 3: a partner's tasks, what it holds and needs, and what it may receive."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    tasks = forms.CharField(label=_("Tasks and responsibilities"), widget=forms.Textarea(attrs={"rows": 2}))
    holds = forms.CharField(label=_("Information it holds and can share"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    needs = forms.CharField(label=_("Information it needs, and from whom"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    receives = forms.MultipleChoiceField(
        label=_("Categories it may receive"),
        required=False,
        widget=CHECKBOXES,
        help_text=_("Need to know: only what this partner needs for its tasks."),
    )

    def __init__(self, *args: Any, agencies: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "agency").queryset = agencies
        choices = [c for c in DataCategory.choices if c[0] in categories]
        self.fields["receives"].choices = choices  # type: ignore[attr-defined]


class SignForm(forms.Form):
    signatory_title = forms.CharField(
        label=_("Signing as"), max_length=120, help_text=_("Your title, e.g. Director or Head of unit.")
    )
    confirm = forms.BooleanField(
        label=_("I have read this version and sign it on behalf of my agency."), required=True
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    notes = forms.CharField(
        label=_("What the review found"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How the sharing worked, problems met, what should change."),
    )
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput(), required=False)


class BasisForm(forms.Form):
    """Consent (or a guardian's), or a legal basis, for one person."""

    kind = forms.ChoiceField(label=_("Basis"), choices=BasisKind.choices)
    recipient_agencies = forms.ModelMultipleChoiceField(
        label=_("Recipient agencies"), queryset=Agency.objects.none(), required=False, widget=CHECKBOXES
    )
    recipient_protocol: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Or every party of the protocol"), queryset=None, required=False
    )
    recipient_community_actors = forms.ModelMultipleChoiceField(
        label=_("Community actors without accounts"),
        queryset=Provider.objects.none(),
        required=False,
        widget=CHECKBOXES,
        help_text=_(
            "Name each one the person agreed to: an imam, a women's group, a club. They receive "
            "what this covers on a paper referral sheet, for the purpose of a referred service."
        ),
    )
    categories = forms.MultipleChoiceField(
        label=_("Data categories"), choices=DataCategory.choices, widget=CHECKBOXES
    )
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"), choices=SharingPurpose.choices, widget=CHECKBOXES
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(label=_("Valid until"), widget=DateInput(), required=False)
    method = forms.ChoiceField(label=_("How consent was given"), choices=[("", "—"), *ConsentMethod.choices],
                               required=False)  # fmt: skip
    witness = forms.CharField(label=_("Witness"), max_length=150, required=False)
    guardian: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Guardian who consented"), queryset=None, required=False
    )
    child_views = forms.CharField(label=_("The child's own views"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))  # fmt: skip
    reference = forms.CharField(label=_("Reference (court order, law)"), max_length=120, required=False)
    form = forms.FileField(label=_("Scanned form (PDF, JPEG or PNG, up to 5 MB)"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self,
        *args: Any,
        agencies: Any,
        protocols: Any,
        guardians: Any,
        kinds: list[str],
        community_actors: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "recipient_agencies").queryset = agencies
        model_choice(self, "recipient_community_actors").queryset = community_actors
        model_choice(self, "recipient_protocol").queryset = protocols
        model_choice(self, "guardian").queryset = guardians
        self.fields["kind"].choices = [c for c in BasisKind.choices if c[0] in kinds]  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in BASIS_VALUES}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, or the person's own words"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )


class PartnerChoiceForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner agency"), queryset=Agency.objects.none())

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "partner").queryset = agencies


class PartnerMemberForm(forms.Form):
    user = UserChoiceField(label=_("Staff member of the partner"), queryset=None)
    role = forms.ChoiceField(label=_("Role on this case"))

    def __init__(self, *args: Any, users: Any, roles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "user").queryset = users
        self.fields["role"].choices = roles  # type: ignore[attr-defined]


class BreakGlassForm(forms.Form):
    case_code = forms.CharField(
        label=_("Case code"), max_length=16, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    reason = forms.CharField(
        label=_("Why is this an emergency?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The data-protection officer is alerted at once and will review this access."),
    )


class BreakGlassReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Was the access justified?"), choices=BreakGlassReview.choices)
    notes = forms.CharField(label=_("Review notes"), widget=forms.Textarea(attrs={"rows": 3}))
