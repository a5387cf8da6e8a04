"""Template helpers of the community track: choice labels and suppressed figures. No data access."""

from typing import Any

from django import template
from django.db.models import TextChoices
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.communities import choices
from reintegra.communities.cohesion import OVERALL
from reintegra.core.statistics import COMPLEMENTARY, Cell, threshold

register = template.Library()

_CHOICES: dict[str, type[TextChoices]] = {
    "entry_kind": choices.EntryKind,
    "theme": choices.EntryTheme,
    "coverage": choices.Coverage,
    "level": choices.Level,
    "participant_group": choices.ParticipantGroup,
    "participant_sex": choices.ParticipantSex,
    "age": choices.AgeGroup,
    "stakeholder_kind": choices.StakeholderKind,
    "willingness": choices.Willingness,
    "trust": choices.Trust,
    "potential": choices.Potential,
    "dimension": choices.Dimension,
    "respondent_group": choices.RespondentGroup,
    "respondent_sex": choices.RespondentSex,
    "wave_status": choices.WaveStatus,
    "incident_kind": choices.IncidentKind,
    "incident_status": choices.IncidentStatus,
    "effect": choices.Effect,
    "plan_phase": choices.PlanPhase,
    "plan_step": choices.PlanStepCode,
    "step_status": choices.StepStatus,
    "plan_status": choices.PlanStatus,
}

_QUADRANTS = {
    "manage": gettext_lazy("Manage closely"),
    "satisfy": gettext_lazy("Keep satisfied"),
    "inform": gettext_lazy("Keep informed"),
    "monitor": gettext_lazy("Monitor"),
}


@register.filter
def community_label(value: Any, kind: str) -> str:
    """`{{ value|community_label:"dimension" }}`: the translated label of a stored choice."""
    if kind == "dimension" and value == OVERALL:
        return _("Overall cohesion")
    if kind == "quadrant":
        return str(_QUADRANTS.get(value, value))
    try:
        return str(_CHOICES[kind](value).label)
    except (KeyError, ValueError):
        return str(value or "")


@register.filter
def figure(cell: Cell | None) -> SafeString:
    """A suppressed-or-shown figure, marked so readers know why a number is missing."""
    if cell is None:
        return format_html("—")
    if not cell.suppressed:
        return format_html('<span class="figure">{}</span>', cell.display)
    reason = (
        _("Not shown, so that the small figure next to it cannot be worked out from the total.")
        if cell.reason == COMPLEMENTARY
        else _("Fewer than {n} people: not shown, to protect them.").format(n=threshold())
    )
    return format_html(
        '<span class="figure figure-suppressed text-body-secondary" title="{}"><i class="bi bi-eye-slash" '
        'aria-hidden="true"></i> {}<span class="visually-hidden"> ({})</span></span>',
        reason,
        cell.display,
        reason,
    )


@register.filter
def dict_get(mapping: dict[Any, Any] | None, key: Any) -> Any:
    return (mapping or {}).get(key)


@register.filter
def level_badge(value: str) -> str:
    """A Bootstrap colour for ratings (low … very high; low trust … high trust)."""
    return {
        "low": "secondary",
        "moderate": "info",
        "mixed": "info",
        "medium": "info",
        "good": "primary",
        "high": "success",
        "very_high": "success",
        "none": "light",
        "opposed": "danger",
        "hesitant": "warning",
        "neutral": "secondary",
        "willing": "primary",
        "champion": "success",
        "not_started": "secondary",
        "in_progress": "warning",
        "done": "success",
        "not_applicable": "light",
    }.get(value, "secondary")
