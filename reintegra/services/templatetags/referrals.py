"""Template helpers for the directory and referrals: labels, badges, durations. No data access."""

from datetime import date, datetime, timedelta
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reintegra.core.choices import DataCategory
from reintegra.services.choices import (
    CATEGORY_CONTENTS,
    NeedArea,
    ReferralPriority,
    ReferralStatus,
    RiskLevel,
    Willingness,
)

register = template.Library()

_STATUS_CLASS: dict[str, str] = {
    ReferralStatus.DRAFT: "text-bg-light border",
    ReferralStatus.SENT: "text-bg-primary",
    ReferralStatus.ACCEPTED: "text-bg-info",
    ReferralStatus.DECLINED: "text-bg-secondary",
    ReferralStatus.IN_PROGRESS: "text-bg-success",
    ReferralStatus.COMPLETED: "text-bg-dark",
    ReferralStatus.ENDED: "text-bg-secondary",
}
_PRIORITY_CLASS: dict[str, str] = {
    ReferralPriority.EMERGENCY: "text-bg-danger",
    ReferralPriority.URGENT: "text-bg-warning",
    ReferralPriority.NORMAL: "text-bg-light border",
}
_PRIORITY_SHORT: dict[str, Any] = {
    ReferralPriority.EMERGENCY: gettext_lazy("Emergency"),
    ReferralPriority.URGENT: gettext_lazy("Urgent"),
    ReferralPriority.NORMAL: gettext_lazy("Normal"),
}
_RISK_CLASS: dict[str, str] = {
    RiskLevel.LOW: "text-bg-light border",
    RiskLevel.MEDIUM: "text-bg-warning",
    RiskLevel.HIGH: "text-bg-danger",
}
_WILLING_CLASS: dict[str, str] = {
    Willingness.YES: "text-bg-success",
    Willingness.CASE_BY_CASE: "text-bg-warning",
    Willingness.NO: "text-bg-danger",
}


@register.filter
def status_class(status: str) -> str:
    return _STATUS_CLASS.get(status, "text-bg-secondary")


@register.filter
def status_label(status: str) -> str:
    return str(ReferralStatus(status).label) if status in ReferralStatus.values else status


@register.filter
def priority_class(priority: str) -> str:
    return _PRIORITY_CLASS.get(priority, "text-bg-light")


@register.filter
def priority_short(priority: str) -> str:
    """The priority's name without its deadline, for badges."""
    return str(_PRIORITY_SHORT.get(priority, priority))


@register.filter
def risk_class(level: str) -> str:
    return _RISK_CLASS.get(level, "text-bg-light border")


@register.filter
def willing_class(value: str) -> str:
    return _WILLING_CLASS.get(value, "text-bg-light")


@register.filter
def need_label(code: str) -> str:
    return str(NeedArea(code).label) if code in NeedArea.values else code


@register.filter
def need_list(codes: list[str]) -> str:
    return ", ".join(need_label(c) for c in codes or []) or "—"


@register.filter
def category_contents(category: str) -> str:
    """What a data category puts into a referral."""
    return str(CATEGORY_CONTENTS.get(category, ""))


@register.filter
def category_label(category: str) -> str:
    return str(DataCategory(category).label) if category in DataCategory.values else category


@register.filter
def duration(value: timedelta | None) -> str:
    """A turnaround time in hours below two days, in days above."""
    if value is None:
        return "—"
    hours = value.total_seconds() / 3600
    if hours < 48:
        n = max(round(hours), 0)
        return ngettext("{n} hour", "{n} hours", n).format(n=n)
    n = round(hours / 24)
    return ngettext("{n} day", "{n} days", n).format(n=n)


@register.filter
def hours_as_duration(hours: float | None) -> str:
    return duration(timedelta(hours=hours)) if hours is not None else "—"


@register.filter
def days_as_duration(days: float | None) -> str:
    return duration(timedelta(days=days)) if days is not None else "—"


@register.simple_tag
def due_text(due: datetime | None, now: datetime | None = None) -> str:
    """ "due in 2 days" / "overdue by 5 hours"."""
    if due is None:
        return "—"
    now = now or timezone.now()
    if due >= now:
        return _("due in {time}").format(time=duration(due - now))
    return _("overdue by {time}").format(time=duration(now - due))


@register.filter
def stale_since(day: date | None) -> str:
    if day is None:
        return _("never verified")
    return _("last verified {date}").format(date=day.isoformat())


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def bound(form: Any, name: str) -> Any:
    """`{{ form|bound:"field" }}`: a form's bound field by a name held in a variable."""
    return form[name]


@register.filter
def sex_label(value: str) -> str:
    from reintegra.people.choices import Sex

    return str(Sex(value).label) if value in Sex.values else value


@register.filter
def reason_label(code: str, to_status: str) -> str:
    """A decline or end reason code in words."""
    from reintegra.services.choices import DeclineReason, EndReason

    vocabulary = DeclineReason if to_status == ReferralStatus.DECLINED else EndReason
    return str(vocabulary(code).label) if code in vocabulary.values else code
