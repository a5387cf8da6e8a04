from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reintegra.assessments.choices import AssessmentContext, EvidenceSource, SurveyWave
from reintegra.assessments.models import INSUFFICIENT, Assessment, ItemRating, SurveyQuestion, TemplateVersion
from reintegra.assessments.selectors import DomainSpec, ItemSpec, Structure
from reintegra.assessments.services import RatingInput
from reintegra.core.forms import DateInput, VersionField, model_choice

INSUFFICIENT_LABEL = _("Insufficient information")


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TemplateVersion) -> str:
        return "{name} (v{n})".format(name=obj.template.label, n=obj.number)


class AssessmentStartForm(forms.Form):
    version = VersionChoiceField(
        label=_("Instrument"),
        queryset=TemplateVersion.objects.none(),
        help_text=_("Only published instruments you are qualified to use on this case are offered."),
    )
    context = forms.ChoiceField(
        label=_("Context"),
        choices=AssessmentContext.choices,
        help_text=_("Where in the person's pathway this assessment is made."),
    )
    assessed_on = forms.DateField(label=_("Date of assessment"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, versions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "version").queryset = versions  # from a selector


@dataclass
class ItemFields:
    """The bound fields of one item, for the template."""

    spec: ItemSpec
    ratings: list[forms.BoundField]
    evidence: forms.BoundField
    sources: forms.BoundField
    person_view: forms.BoundField


@dataclass
class DomainFields:
    spec: DomainSpec
    items: list[ItemFields]


def _rating_name(item: str, dimension: str) -> str:
    return "r__{item}__{dim}".format(item=item, dim=dimension)


class AssessmentForm(forms.ModelForm):
    """The whole draft: details, every item's ratings and evidence, formulation, judgement."""

    version = VersionField()

    class Meta:
        model = Assessment
        fields = (
            "assessed_on",
            "context",
            "sources_summary",
            "formulation",
            "judgement",
            "judgement_rationale",
            "reassessment_due",
        )
        widgets = {
            "assessed_on": DateInput(),
            "reassessment_due": DateInput(),
            "sources_summary": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "formulation": forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
            "judgement_rationale": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        }
        help_texts = {
            "reassessment_due": _("Required. Signing creates a task for this date."),
        }

    def __init__(self, *args: Any, structure: Structure, ratings: list[ItemRating], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.fields["version"].initial = self.instance.version
        self.fields["judgement"] = forms.ChoiceField(
            label=_("Final judgement"),
            required=False,
            choices=[(o.code, o.text) for o in structure.judgement_options],
            widget=forms.RadioSelect,
            help_text=_(
                "Your judgement, made from the formulation, not by counting ratings. Serious "
                "violence is rare: most people in programmes never reoffend, so weigh every "
                "indicator against that base rate and against your own assumptions."
            ),
        )
        by_item = {r.item_id: r for r in ratings}
        for spec in structure.items():
            code = spec.item.code
            row = by_item.get(spec.item.pk)
            for dimension in spec.dimensions:
                choices = [(o.code, o.text) for o in dimension.options]
                if spec.item.insufficient_allowed:
                    choices.append((INSUFFICIENT, str(INSUFFICIENT_LABEL)))
                name = _rating_name(code, dimension.dimension.code)
                self.fields[name] = forms.ChoiceField(
                    label=dimension.dimension.text, choices=choices, required=False, widget=forms.RadioSelect
                )
                self.fields[name].initial = (row.values if row else {}).get(dimension.dimension.code, "")
            self.fields["e__" + code] = forms.CharField(
                label=_("Evidence"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
                initial=row.evidence if row else "",
                help_text=_(
                    "What was seen, heard or read, and from whom. "
                    "For “insufficient information”: what is missing."
                ),
            )
            self.fields["s__" + code] = forms.MultipleChoiceField(
                label=_("Sources"),
                required=False,
                choices=EvidenceSource.choices,
                widget=forms.CheckboxSelectMultiple,
                initial=row.sources if row else [],
            )
            self.fields["v__" + code] = forms.CharField(
                label=_("The person's own view"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
                initial=row.person_view if row else "",
            )

    def layout(self) -> list[DomainFields]:
        return [
            DomainFields(
                domain,
                [
                    ItemFields(
                        spec,
                        [self[_rating_name(spec.item.code, d.dimension.code)] for d in spec.dimensions],
                        self["e__" + spec.item.code],
                        self["s__" + spec.item.code],
                        self["v__" + spec.item.code],
                    )
                    for spec in domain.items
                ],
            )
            for domain in self.structure.domains
        ]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def ratings(self) -> dict[str, RatingInput]:
        data = self.cleaned_data
        return {
            spec.item.code: RatingInput(
                values={
                    d.dimension.code: data.get(_rating_name(spec.item.code, d.dimension.code)) or ""
                    for d in spec.dimensions
                },
                evidence=data.get("e__" + spec.item.code) or "",
                sources=list(data.get("s__" + spec.item.code) or []),
                person_view=data.get("v__" + spec.item.code) or "",
            )
            for spec in self.structure.items()
        }

    def apply(self, error: ValidationError) -> None:
        """Show a service error on the field it names (`<item>.<dimension|evidence|sources>`)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.error_dict.items():
            item, _dot, part = key.partition(".")
            name = {"evidence": "e__" + item, "sources": "s__" + item}.get(part) if part else None
            if part and name is None:
                name = _rating_name(item, part)
            if name is None:
                name = key if key in self.fields else None
            self.add_error(name if name in self.fields else None, errors)


class SignForm(forms.Form):
    version = VersionField()


class CountersignForm(forms.Form):
    version = VersionField()
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Optional, unless you record a disagreement."),
    )
    dissent = forms.BooleanField(
        label=_("I disagree with part of this assessment (say what in the comment)"), required=False
    )


class ReturnForm(forms.Form):
    version = VersionField()
    reason = forms.CharField(
        label=_("What should the assessor look at again?"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class CorrectForm(forms.Form):
    reason = forms.CharField(
        label=_("What is being corrected, and why?"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("The countersigned assessment stays on record; the correction becomes a new revision."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument file (JSON)"),
        help_text=_(
            "An assessment template or a survey question set in Reintegra's format (see the documentation). "
            "It is loaded privately for your agency, as a draft to check before publishing."
        ),
    )


class SurveyForm(forms.Form):
    """One wave of the survey: every question, each may be left unanswered."""

    version = VersionField(required=False)
    wave = forms.ChoiceField(label=_("Wave"), choices=SurveyWave.choices)
    conducted_on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(
        self,
        *args: Any,
        questions: list[SurveyQuestion],
        answers: dict[str, str] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = editing  # a new survey has no version to check
        self.questions = questions
        for question in questions:
            choices = [(o["code"], question.option_label(o["code"])) for o in question.options]
            field = forms.ChoiceField(
                label=question.label, choices=choices, required=False, widget=forms.RadioSelect
            )
            field.initial = (answers or {}).get(question.code, "")
            self.fields["q__" + question.code] = field

    def by_dimension(self) -> list[tuple[str, list[forms.BoundField]]]:
        groups: dict[str, list[forms.BoundField]] = {}
        for question in self.questions:
            groups.setdefault(question.get_dimension_display(), []).append(self["q__" + question.code])
        return list(groups.items())

    def answers(self) -> dict[str, str]:
        return {q.code: self.cleaned_data.get("q__" + q.code) or "" for q in self.questions}

    def apply(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.error_dict.items():
            name = "q__" + key if "q__" + key in self.fields else key
            self.add_error(name if name in self.fields else None, errors)
