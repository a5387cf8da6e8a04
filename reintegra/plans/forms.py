from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Agency, User
from reintegra.core.choices import DataCategory
from reintegra.core.forms import DateInput, UserChoiceField, VersionField, choice, model_choice
from reintegra.people.models import Person
from reintegra.plans.choices import (
    AcceptanceMethod,
    ActionStatus,
    Attendance,
    GoalDimension,
    GoalStatus,
    MenteeKind,
    NonAttendanceReason,
    SessionType,
)
from reintegra.plans.models import Goal, Plan, PlanAction, Session
from reintegra.plans.selectors import NeedRow, SessionFilters


class PlanForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Plan
        fields = ("summary", "started_on", "review_every_weeks")
        widgets = {"started_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3, "dir": "auto"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.instance._state.adding:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True


class GoalForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Goal
        fields = ("dimension", "title", "participant_words", "target_date")
        widgets = {
            "target_date": DateInput(),
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "participant_words": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }
        help_texts = {
            "dimension": _(
                "The life area decides who may read the goal: psychosocial and health goals only those "
                "allowed health data, spiritual goals only those allowed belief data, and so on."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.instance._state.adding:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class ActionForm(forms.ModelForm):
    version = VersionField(required=False)
    responsible_user = UserChoiceField(
        label=_("Colleague responsible"), queryset=User.objects.none(), required=False
    )
    responsible_agency = AgencyChoiceField(
        label=_("Agency responsible"), queryset=Agency.objects.none(), required=False
    )

    class Meta:
        model = PlanAction
        fields = (
            "description",
            "responsible_kind",
            "responsible_user",
            "responsible_agency",
            "responsible_name",
            "target_date",
        )
        widgets = {"target_date": DateInput(), "description": forms.TextInput(attrs={"dir": "auto"})}

    def __init__(self, *args: Any, users: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "responsible_user").queryset = users  # the case team (a selector)
        model_choice(self, "responsible_agency").queryset = agencies
        if self.instance.pk and not self.instance._state.adding:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class StatusForm(forms.Form):
    version = VersionField(required=False)
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice(self, "status").choices = choices


def goal_status_form(*args: Any, **kwargs: Any) -> StatusForm:
    return StatusForm(*args, choices=GoalStatus.choices, **kwargs)


def action_status_form(*args: Any, **kwargs: Any) -> StatusForm:
    return StatusForm(*args, choices=ActionStatus.choices, **kwargs)


class GoalMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return "{area}: {title}".format(area=obj.get_dimension_display(), title=obj.title)


class AcceptanceForm(forms.Form):
    version = VersionField()
    goals = GoalMultipleChoiceField(
        label=_("Goals the participant accepts"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only goals they accept as their own. Leave the others proposed and talk about them again."
        ),
    )
    accepted_on = forms.DateField(label=_("Date"), widget=DateInput())
    method = forms.ChoiceField(label=_("How"), choices=AcceptanceMethod.choices)
    participant_words = forms.CharField(
        label=_("In the participant's own words"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Write down what they said about the goals, as close to their words as you can."),
    )

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "goals").queryset = goals  # the plan's goals (a selector)


class ReviewScheduleForm(forms.Form):
    due_on = forms.DateField(label=_("Review on"), widget=DateInput())


class ReviewRecordForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    notes = forms.CharField(
        label=_("What was reviewed and agreed"), widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
    )
    schedule_next = forms.BooleanField(label=_("Schedule the next review"), required=False, initial=True)


class NeedsForm(forms.Form):
    """Choose needs of an assessment to turn into proposed goals, with a life area each."""

    def __init__(self, *args: Any, needs: list[NeedRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs = needs
        for need in needs:
            self.fields["use__" + need.item_code] = forms.BooleanField(
                label=_("Make a goal of this"), required=False, disabled=need.already_goal
            )
            self.fields["dim__" + need.item_code] = forms.ChoiceField(
                label=_("Life area"),
                choices=GoalDimension.choices,
                initial=need.suggested_dimension,
                required=False,
            )
            self.fields["title__" + need.item_code] = forms.CharField(
                label=_("Goal"),
                max_length=300,
                initial=need.label,
                required=False,
                widget=forms.TextInput(attrs={"dir": "auto"}),
            )

    def rows(self) -> list[tuple[NeedRow, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (n, self["use__" + n.item_code], self["dim__" + n.item_code], self["title__" + n.item_code])
            for n in self.needs
        ]

    def chosen(self) -> list[tuple[str, str, str]]:
        """(item code, life area, goal) of every need ticked."""
        data = self.cleaned_data
        return [
            (n.item_code, data["dim__" + n.item_code], data["title__" + n.item_code])
            for n in self.needs
            if data.get("use__" + n.item_code)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ticked = [n for n in self.needs if data.get("use__" + n.item_code)]
        if not ticked:
            raise ValidationError(_("Tick at least one need."))
        for need in ticked:
            if not data.get("dim__" + need.item_code):
                self.add_error("dim__" + need.item_code, _("Choose the life area of this goal."))
            if not (data.get("title__" + need.item_code) or "").strip():
                self.add_error("title__" + need.item_code, _("Write the goal."))
        return data


class SessionForm(forms.ModelForm):
    version = VersionField(required=False)
    note_category = forms.ChoiceField(
        label=_("Data category of the note"),
        required=False,
        help_text=_("Only people allowed to see this category will see the note."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_(
            "What happened, what was agreed. Notes are never edited; add another note to correct one."
        ),
    )

    class Meta:
        model = Session
        fields = (
            "session_type",
            "occurred_on",
            "duration_minutes",
            "attendance",
            "non_attendance_reason",
            "with_family",
            "concern",
        )
        widgets = {"occurred_on": DateInput()}

    def __init__(
        self,
        *args: Any,
        types: list[str],
        note_categories: frozenset[str],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choice(self, "session_type").choices = [c for c in SessionType.choices if c[0] in types]
        choice(self, "non_attendance_reason").choices = [("", "—"), *NonAttendanceReason.choices]
        choice(self, "note_category").choices = [c for c in DataCategory.choices if c[0] in note_categories]
        self.fields["note_category"].initial = DataCategory.CASE_NOTES
        if editing:
            for name in ("note", "note_category", "concern"):
                del self.fields[name]
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def values(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in (
                "session_type",
                "occurred_on",
                "duration_minutes",
                "attendance",
                "non_attendance_reason",
                "with_family",
            )
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("concern") and not (data.get("note") or "").strip():
            self.add_error("note", _("Describe the concern in a note, so the case manager knows what it is."))
        return data


class SessionNoteForm(forms.Form):
    note_category = forms.ChoiceField(
        label=_("Data category"), help_text=_("Only people allowed to see this category will see the note.")
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    concern = forms.BooleanField(label=_("This note raises a concern for the case manager"), required=False)

    def __init__(self, *args: Any, categories: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice(self, "note_category").choices = [c for c in DataCategory.choices if c[0] in categories]
        self.fields["note_category"].initial = DataCategory.CASE_NOTES


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("What was done about the concern?"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )


class SessionFilterForm(forms.Form):
    session_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *SessionType.choices]
    )
    attendance = forms.ChoiceField(
        label=_("Attendance"), required=False, choices=[("", _("Any")), *Attendance.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    concerns_only = forms.BooleanField(label=_("Only sessions with a concern"), required=False)

    def filters(self) -> SessionFilters:
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return SessionFilters(
            session_type=data.get("session_type") or "",
            attendance=data.get("attendance") or "",
            concerns_only=bool(data.get("concerns_only")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name


class MentorForm(forms.Form):
    mentor = UserChoiceField(
        label=_("Mentor"),
        queryset=User.objects.none(),
        help_text=_("A member of the case team. Add the mentor to the team first if needed."),
    )
    mentee_kind = forms.ChoiceField(label=_("Mentoring for"), choices=MenteeKind.choices)
    mentee_person = PersonChoiceField(label=_("Family member"), queryset=None, required=False)
    mentee_description = forms.CharField(
        label=_("Who (if not registered)"),
        required=False,
        max_length=200,
        help_text=_("How they relate to the participant, e.g. older brother."),
    )
    focus = forms.CharField(
        label=_("Focus"),
        required=False,
        max_length=300,
        help_text=_("What the mentoring is meant to help with."),
    )
    started_on = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args: Any, mentors: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "mentor").queryset = mentors
        model_choice(self, "mentee_person").queryset = people


class MentorEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    end_reason = forms.CharField(label=_("Why it ended"), max_length=300, required=False)
