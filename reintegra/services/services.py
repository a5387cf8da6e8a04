"""Writes to the service directory and to referrals.

Services trust their caller for access (records come from selectors called with the right
action) and re-check what only they know: the referral lifecycle, the version a form was
opened with, that the services asked for belong to one provider willing and able to take
the referral, that a referrer shares only categories they see, that an assignee works for
the provider. Every change writes its audit row in the same transaction; e-mails leave
after commit and carry only a reference and a link.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from reintegra.access import policy
from reintegra.accounts.models import Membership, User
from reintegra.cases import services as case_services
from reintegra.cases.choices import CaseRole
from reintegra.cases.models import Case, CaseTeamMember, Task
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.codes import new_code
from reintegra.core.models import Label
from reintegra.core.services import lock_current, versioned_update
from reintegra.places.models import Place
from reintegra.plans import services as plans_services
from reintegra.plans.choices import Attendance as SessionAttendance
from reintegra.plans.choices import NonAttendanceReason
from reintegra.plans.models import SESSION_TYPE_CATEGORIES
from reintegra.services import notifications, sla
from reintegra.services.choices import (
    ACTIVE_STATUSES,
    ATTENDED,
    DEFAULT_SESSION_TYPE,
    OPEN_STATUSES,
    REFERRAL_CATEGORIES,
    REFERRAL_TRANSITIONS,
    SERVICE_TYPE_SESSIONS,
    Attendance,
    DeclineReason,
    EndReason,
    FeedbackKind,
    ProviderKind,
    ReferralPriority,
    ReferralStatus,
    ServiceOutcome,
    Willingness,
)
from reintegra.services.models import (
    Provider,
    Referral,
    ReferralAttendance,
    ReferralFeedback,
    ReferralStatusChange,
    Service,
)

S = ReferralStatus
#: The actor of automatic checks (overdue alerts): recorded by name, never a user.
SYSTEM = Actor(user_id=None, name="Reintegra (automatic check)")


# --- directory ----------------------------------------------------------------------------

PROVIDER_FIELDS = (
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
REVEALED_PROVIDER_FIELDS = ("kind", "agency", "name", "provider_type", "place", "languages", "is_active")

SERVICE_FIELDS = (
    "service_type",
    "name",
    "description",
    "min_age",
    "max_age",
    "sexes",
    "eligibility_notes",
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
#: Directory data is about organisations, so most of it is revealed in the audit diff;
#: focal points' contact details (staff personal data) and free text are recorded as changed.
REVEALED_SERVICE_FIELDS = tuple(
    f
    for f in SERVICE_FIELDS
    if f not in {"focal_point_name", "focal_point_phone", "focal_point_email", "description", "risk_notes"}
)


def _codes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Foreign keys as ids and dates as text, for the audit diff."""
    return {
        name: value.pk if hasattr(value, "pk") else value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
    }


def _refuse_unless_directory_manager(actor: Actor) -> None:
    if not policy.may_manage_directory(actor):
        raise PermissionDenied(
            _("Only supervisors, programme managers and agency administrators add providers.")
        )


@transaction.atomic
def provider_create(*, actor: Actor, values: Mapping[str, Any]) -> Provider:
    """Add a provider to the directory: an agency with accounts or a community actor."""
    _refuse_unless_directory_manager(actor)
    data = {k: v for k, v in values.items() if k in PROVIDER_FIELDS}
    agency = data.get("agency")
    if (
        data.get("kind") == ProviderKind.AGENCY
        and agency is not None
        and not (data.get("name") or "").strip()
    ):
        data["name"] = agency.name
    if (
        data.get("kind") == ProviderKind.AGENCY
        and agency is not None
        and Provider.objects.filter(agency=agency).exists()
    ):
        raise ValidationError({"agency": _("This agency is already in the directory.")})
    provider = Provider(created_by_id=actor.user_pk, **data)
    provider.full_clean()
    provider.save()
    audit_record(
        actor=actor,
        action="provider.created",
        target=provider,
        changes=_codes({k: data.get(k) for k in REVEALED_PROVIDER_FIELDS if k in data}),
    )
    return provider


@transaction.atomic
def provider_update(
    *, actor: Actor, provider: Provider, values: Mapping[str, Any], expected_version: int | None
) -> Provider:
    """Edit a provider (whoever may change it: see `policy.provider_scope`)."""
    data = {k: v for k, v in values.items() if k in PROVIDER_FIELDS}
    if not policy.may_manage_directory(actor):
        # A provider's own staff keep their entry current, but do not re-link it.
        data = {k: v for k, v in data.items() if k not in ("kind", "agency")}
    current, changes = versioned_update(
        provider,
        data,
        expected_version=expected_version,
        audit_values=_codes,
        reveal=REVEALED_PROVIDER_FIELDS,
    )
    if changes:
        audit_record(actor=actor, action="provider.updated", target=current, changes=changes)
    return current


def _check_service_provider(provider: Provider) -> None:
    if not provider.is_active:
        raise ValidationError(_("This provider is no longer active: reactivate it first."))


def _set_relations(
    service: Service, areas: Iterable[Place], beneficiary_types: Iterable[Label]
) -> dict[str, Any]:
    """Set the areas served and beneficiary types; return what changed, for the audit row."""
    changes: dict[str, Any] = {}
    new_areas = sorted({p.pk for p in areas})
    if not new_areas:
        raise ValidationError({"areas_served": _("Choose at least one area the service covers.")})
    old_areas = sorted(service.areas_served.values_list("pk", flat=True))
    if old_areas != new_areas:
        service.areas_served.set(new_areas)
        changes["areas_served"] = [old_areas, new_areas]
    new_types = sorted({label.pk for label in beneficiary_types})
    old_types = sorted(service.beneficiary_types.values_list("pk", flat=True))
    if old_types != new_types:
        service.beneficiary_types.set(new_types)
        changes["beneficiary_types"] = [old_types, new_types]
    return changes


@transaction.atomic
def service_create(
    *,
    actor: Actor,
    provider: Provider,
    values: Mapping[str, Any],
    areas_served: Iterable[Place],
    beneficiary_types: Iterable[Label] = (),
) -> Service:
    """Add a service to a provider (the provider comes from `provider_get(action=CHANGE)`).
    Entering it counts as verifying it today."""
    _check_service_provider(provider)
    data = {k: v for k, v in values.items() if k in SERVICE_FIELDS}
    service = Service(
        provider=provider,
        created_by_id=actor.user_pk,
        last_verified_on=timezone.localdate(),
        verified_by_id=actor.user_pk,
        **data,
    )
    service.full_clean()
    service.save()
    relations = _set_relations(service, areas_served, beneficiary_types)
    audit_record(
        actor=actor,
        action="service.created",
        target=service,
        changes={**_codes({k: data[k] for k in REVEALED_SERVICE_FIELDS if k in data}), **relations},
    )
    return service


@transaction.atomic
def service_update(
    *,
    actor: Actor,
    service: Service,
    values: Mapping[str, Any],
    areas_served: Iterable[Place],
    beneficiary_types: Iterable[Label],
    expected_version: int | None,
) -> Service:
    """Edit a service. Saving an edit does not verify it: verifying is its own act."""
    data = {k: v for k, v in values.items() if k in SERVICE_FIELDS}
    current, changes = versioned_update(
        service, data, expected_version=expected_version, audit_values=_codes, reveal=REVEALED_SERVICE_FIELDS
    )
    relations = _set_relations(current, areas_served, beneficiary_types)
    if relations and not changes:
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
    changes.update(relations)
    if changes:
        audit_record(actor=actor, action="service.updated", target=current, changes=changes)
    return current


@transaction.atomic
def service_verify(*, actor: Actor, service: Service, expected_version: int | None = None) -> Service:
    """Record that someone checked the service's details today (it is no longer stale)."""
    current = lock_current(service, expected_version)
    old = current.last_verified_on
    current.last_verified_on = timezone.localdate()
    current.verified_by_id = actor.user_pk
    current.version += 1
    current.save(update_fields=["last_verified_on", "verified_by", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="service.verified",
        target=current,
        changes={
            "last_verified_on": [old.isoformat() if old else None, current.last_verified_on.isoformat()]
        },
    )
    return current


# --- referrals: making and sending --------------------------------------------------------


def _reference() -> str:
    while True:
        code = new_code("R")
        if not Referral.objects.filter(reference=code).exists():
            return code


def _refuse_if_case_closed(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(
            _("This case is closed: reopen it before referring the person."), code="case_closed"
        )


def _one_provider(services: Sequence[Service]) -> Provider:
    """The provider of the services asked for, which must be one, active and able to take it."""
    if not services:
        raise ValidationError({"services": _("Choose at least one service.")})
    providers = {s.provider_id for s in services}
    if len(providers) > 1:
        raise ValidationError(
            {"services": _("A referral goes to one provider: choose services of one provider.")}
        )
    provider = services[0].provider
    if not provider.is_active:
        raise ValidationError({"services": _("This provider is no longer active.")})
    for service in services:
        if not service.is_active:
            raise ValidationError({"services": _("“{name}” is no longer offered.").format(name=service.name)})
        if not service.accepting_referrals:
            raise ValidationError(
                {
                    "services": _("“{name}” is not accepting referrals at the moment.").format(
                        name=service.name
                    )
                }
            )
        if service.willingness == Willingness.NO:
            raise ValidationError(
                {
                    "services": _(
                        "“{name}” is not willing to serve this group; choose another service."
                    ).format(name=service.name)
                }
            )
    return provider


def _check_categories(
    actor: Actor, case: Case, case_role: str | None, categories: Iterable[str]
) -> list[str]:
    """A referrer asks to share only categories a referral can carry and that they see."""
    chosen = set(categories)
    unknown = [c for c in chosen if c not in REFERRAL_CATEGORIES]
    if unknown:
        raise ValidationError({"requested_categories": _("A referral cannot carry these categories.")})
    seen = policy.case_categories(actor, case, case_role)
    wanted = [c for c in REFERRAL_CATEGORIES if c in chosen]  # in the categories' own order
    hidden = [c for c in wanted if c not in seen]
    if hidden:
        raise ValidationError(
            {
                "requested_categories": _(
                    "You can only share data categories you may see on this case yourself."
                )
            }
        )
    return wanted


def _check_target(target_end_on: date | None) -> None:
    if target_end_on is not None and target_end_on < timezone.localdate():
        raise ValidationError({"target_end_on": _("The target end date cannot be in the past.")})


def _record_status(
    referral: Referral, actor: Actor, from_status: str, *, by_provider: bool, reason: str = "", note: str = ""
) -> None:
    ReferralStatusChange.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=referral.status,
        reason=reason,
        note=note.strip(),
        by_provider=by_provider,
        changed_by_id=actor.user_pk,
    )


def _text_categories(reason: str, safety_notes: str) -> list[str]:
    categories = [str(DataCategory.CASE_NOTES)]
    if safety_notes.strip():
        categories.append(str(DataCategory.RISK_ASSESSMENT))
    return categories


@transaction.atomic
def referral_create(
    *,
    actor: Actor,
    case: Case,
    services: Sequence[Service],
    priority: str,
    reason: str,
    requested_categories: Iterable[str],
    case_role: str | None,
    safety_notes: str = "",
    target_end_on: date | None = None,
) -> Referral:
    """A draft referral of a case (from `case_get(action=CHANGE)`) to one provider's services.
    Nothing reaches the provider until it is sent."""
    _refuse_if_case_closed(case)
    provider = _one_provider(services)
    categories = _check_categories(actor, case, case_role, requested_categories)
    _check_target(target_end_on)
    if priority not in ReferralPriority.values:
        raise ValidationError({"priority": _("Choose a priority.")})
    referral = Referral(
        reference=_reference(),
        case=case,
        provider=provider,
        referring_agency_id=case.lead_agency_id,
        referred_by_id=actor.user_pk,
        priority=priority,
        reason=reason.strip(),
        safety_notes=safety_notes.strip(),
        requested_categories=categories,
        target_end_on=target_end_on,
    )
    referral.full_clean()
    referral.save(force_insert=True)
    referral.services.set(services)
    _record_status(referral, actor, "", by_provider=False)
    audit_record(
        actor=actor,
        action="referral.created",
        target=referral,
        person_id=case.person_id,
        case_id=case.pk,
        categories=_text_categories(reason, safety_notes),
        changes={
            "provider": provider.pk,
            "services": sorted(s.pk for s in services),
            "priority": priority,
            "requested_categories": categories,
        },
    )
    return referral


REFERRAL_EDITABLE_FIELDS = ("priority", "reason", "safety_notes", "requested_categories", "target_end_on")
REVEALED_REFERRAL_FIELDS = ("priority", "requested_categories", "target_end_on", "status")


def _refuse_unless_draft(referral: Referral, message: str) -> None:
    if referral.status != S.DRAFT:
        raise ValidationError(message, code="not_draft")


@transaction.atomic
def referral_update(
    *,
    actor: Actor,
    referral: Referral,
    values: Mapping[str, Any],
    services: Sequence[Service],
    case_role: str | None,
    expected_version: int | None,
) -> Referral:
    """Edit a draft (a sent referral is a record: withdraw it and refer again instead)."""
    _refuse_unless_draft(referral, _("Only a draft can be edited; this referral was already sent."))
    data = {k: v for k, v in values.items() if k in REFERRAL_EDITABLE_FIELDS}
    if "requested_categories" in data:
        data["requested_categories"] = _check_categories(
            actor, referral.case, case_role, data["requested_categories"]
        )
    for text in ("reason", "safety_notes"):
        if text in data:
            data[text] = (data[text] or "").strip()
    _check_target(data.get("target_end_on"))
    provider = _one_provider(services)
    if provider.pk != referral.provider_id:
        raise ValidationError(
            {"services": _("Choose services of the same provider, or start a new referral.")}
        )
    current, changes = versioned_update(
        referral, data, expected_version=expected_version, reveal=REVEALED_REFERRAL_FIELDS
    )
    old_services = sorted(current.services.values_list("pk", flat=True))
    new_services = sorted(s.pk for s in services)
    if old_services != new_services:
        current.services.set(new_services)
        changes["services"] = [old_services, new_services]
        if "version" not in changes and not set(changes) - {"services"}:
            current.version += 1
            current.save(update_fields=["version", "updated_at"])
    if changes:
        audit_record(
            actor=actor,
            action="referral.updated",
            target=current,
            person_id=current.case.person_id,
            case_id=current.case_id,
            categories=[DataCategory.CASE_NOTES] if {"reason", "safety_notes"} & set(changes) else [],
            changes=changes,
        )
    return current


@transaction.atomic
def referral_discard(*, actor: Actor, referral: Referral) -> None:
    """Delete a draft: it never left the referring agency."""
    current = lock_current(referral, None)
    _refuse_unless_draft(current, _("Only a draft can be discarded; end a sent referral instead."))
    audit_record(
        actor=actor,
        action="referral.discarded",
        target=current,
        person_id=current.case.person_id,
        case_id=current.case_id,
    )
    current.delete()


def _desk_users(provider: Provider) -> list[User]:
    """Who hears of a new referral: the provider agency's desk (active, with an e-mail)."""
    if provider.agency_id is None:
        return []
    return list(
        User.objects.filter(
            memberships__agency_id=provider.agency_id,
            memberships__is_active=True,
            memberships__role__in=policy.PROVIDER_DESK_ROLES,
            is_active=True,
        )
        .exclude(email="")
        .distinct()
    )


def _transition(
    current: Referral,
    actor: Actor,
    to_status: str,
    *,
    action: str,
    by_provider: bool,
    reason: str = "",
    note: str = "",
    categories: Iterable[str] = (),
    extra_changes: Mapping[str, Any] | None = None,
) -> Referral:
    """Move a locked referral along the lifecycle, with its history and audit rows."""
    from_status = current.status
    if to_status not in REFERRAL_TRANSITIONS[from_status]:
        raise ValidationError(
            _("A referral cannot move from “{current}” to “{target}”.").format(
                current=S(from_status).label, target=S(to_status).label
            ),
            code="invalid_transition",
        )
    current.status = to_status
    current.status_changed_at = timezone.now()
    current.version += 1
    current.full_clean()
    current.save()
    _record_status(current, actor, from_status, by_provider=by_provider, reason=reason, note=note)
    audit_record(
        actor=actor,
        action=action,
        target=current,
        person_id=current.case.person_id,
        case_id=current.case_id,
        categories=sorted(set(categories) | ({DataCategory.CASE_NOTES} if note.strip() else set())),
        changes={
            "status": [from_status, to_status],
            **({"reason": reason} if reason else {}),
            **(extra_changes or {}),
        },
    )
    return current


@transaction.atomic
def referral_send(
    *, actor: Actor, referral: Referral, expected_version: int | None, site_url: str = ""
) -> Referral:
    """Send a draft: the answer is due by the priority's deadline, the categories that travel
    are recorded as the referrer saw them, and the provider's desk is told by e-mail."""
    current = lock_current(referral, expected_version)
    _refuse_unless_draft(current, _("This referral was already sent."))
    _refuse_if_case_closed(current.case)
    _one_provider(list(current.services.select_related("provider")))
    now = timezone.now()
    travel = policy.referral_travel_categories(current)
    current.sent_at = now
    current.due_by = sla.due_by(now, current.priority)
    if current.target_end_on is None:
        current.target_end_on = sla.default_target_end(timezone.localtime(now), current.priority)
    current.sent_categories = sorted(travel)
    _transition(
        current,
        actor,
        S.SENT,
        action="referral.sent",
        by_provider=False,
        categories=travel,
        extra_changes={
            "provider": current.provider_id,
            "priority": current.priority,
            "due_by": current.due_by.isoformat(),
            "shared_categories": sorted(travel),
        },
    )
    notifications.notify_on_commit(
        _desk_users(current.provider), "sent", current.reference, current.pk, site_url
    )
    return current


# --- referrals: the provider's answer and the work ----------------------------------------


def _staff_of(provider: Provider, user: User) -> bool:
    return (
        provider.agency_id is not None
        and Membership.objects.filter(
            user=user, agency_id=provider.agency_id, is_active=True, agency__is_active=True
        ).exists()
    )


def _put_on_team(actor: Actor, referral: Referral) -> None:
    """An accepted referral with a staff member assigned puts them on the case team as its
    service provider; what they then see of the case is the sharing policy's decision."""
    user = referral.assigned_to
    agency_id = referral.provider.agency_id
    if user is None or agency_id is None or referral.status not in ACTIVE_STATUSES:
        return
    case_services.case_team_add_partner(
        actor=actor, case=referral.case, user=user, agency_id=agency_id, role=CaseRole.SERVICE_PROVIDER
    )


def _leave_team(actor: Actor, referral: Referral, user_id: int | None) -> None:
    """End a partner's place on the team once no active referral of the case needs them.
    A lead-agency colleague's place (an internal referral) is left alone."""
    agency_id = referral.provider.agency_id
    case = referral.case
    if user_id is None or agency_id is None or agency_id == case.lead_agency_id or case.is_closed:
        return
    still_needed = (
        Referral.objects.filter(case=case, assigned_to_id=user_id, status__in=ACTIVE_STATUSES)
        .exclude(pk=referral.pk)
        .exists()
    )
    if still_needed:
        return
    for member in CaseTeamMember.objects.filter(
        case=case, user_id=user_id, agency_id=agency_id, role=CaseRole.SERVICE_PROVIDER, ended_at__isnull=True
    ):
        case_services.case_team_end(actor=actor, member=member)


def _notify_referrer(referral: Referral, actor: Actor, event: str, site_url: str) -> None:
    if referral.referred_by_id == actor.user_id:
        return
    notifications.notify_on_commit([referral.referred_by], event, referral.reference, referral.pk, site_url)


@transaction.atomic
def referral_accept(
    *,
    actor: Actor,
    referral: Referral,
    expected_version: int | None,
    assignee: User | None = None,
    note: str = "",
    by_provider: bool = True,
    site_url: str = "",
) -> Referral:
    """The provider takes the referral on (optionally assigning a staff member at once)."""
    current = lock_current(referral, expected_version)
    if current.status == S.SENT:
        _refuse_if_case_closed(current.case)
    current.responded_at = timezone.now()
    if assignee is not None:
        _check_assignee(current, assignee)
        current.assigned_to = assignee
        current.assigned_at = current.responded_at
    _transition(
        current,
        actor,
        S.ACCEPTED,
        action="referral.accepted",
        by_provider=by_provider,
        note=note,
        extra_changes={"assigned_to": assignee.pk} if assignee else None,
    )
    _put_on_team(actor, current)
    _notify_referrer(current, actor, "updated", site_url)
    if assignee is not None and assignee.pk != actor.user_id:
        notifications.notify_on_commit([assignee], "assigned", current.reference, current.pk, site_url)
    return current


@transaction.atomic
def referral_decline(
    *,
    actor: Actor,
    referral: Referral,
    reason: str,
    note: str = "",
    expected_version: int | None,
    by_provider: bool = True,
    site_url: str = "",
) -> Referral:
    """The provider cannot take the referral; a reason is required."""
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose why the referral is declined.")})
    if reason == DeclineReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Say why the referral is declined.")})
    current = lock_current(referral, expected_version)
    current.responded_at = timezone.now()
    current.closed_at = current.responded_at
    current.decline_reason = reason
    _transition(
        current,
        actor,
        S.DECLINED,
        action="referral.declined",
        by_provider=by_provider,
        reason=reason,
        note=note,
    )
    _notify_referrer(current, actor, "updated", site_url)
    return current


def _check_assignee(referral: Referral, user: User) -> None:
    if referral.provider.agency_id is None:
        raise ValidationError(
            {"user": _("This provider has no Reintegra accounts to assign the referral to.")}
        )
    if not _staff_of(referral.provider, user):
        raise ValidationError({"user": _("Assign the referral to a member of the provider's staff.")})


@transaction.atomic
def referral_assign(
    *, actor: Actor, referral: Referral, user: User, expected_version: int | None, site_url: str = ""
) -> Referral:
    """Give an open referral to a provider staff member. Once it is accepted they join the
    case team as its service provider; the previous assignee leaves it."""
    current = lock_current(referral, expected_version)
    if current.status not in OPEN_STATUSES:
        raise ValidationError(_("Only an open referral can be assigned."), code="invalid_transition")
    _check_assignee(current, user)
    previous = current.assigned_to_id
    if previous == user.pk:
        return current
    current.assigned_to = user
    current.assigned_at = timezone.now()
    current.version += 1
    current.save(update_fields=["assigned_to", "assigned_at", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="referral.assigned",
        target=current,
        person_id=current.case.person_id,
        case_id=current.case_id,
        changes={"assigned_to": [previous, user.pk]},
    )
    _put_on_team(actor, current)
    _leave_team(actor, current, previous)
    if user.pk != actor.user_id:
        notifications.notify_on_commit([user], "assigned", current.reference, current.pk, site_url)
    return current


@transaction.atomic
def referral_start(
    *,
    actor: Actor,
    referral: Referral,
    expected_version: int | None,
    note: str = "",
    by_provider: bool = True,
) -> Referral:
    """The service has begun (the first session was held)."""
    current = lock_current(referral, expected_version)
    current.started_at = timezone.now()
    return _transition(
        current, actor, S.IN_PROGRESS, action="referral.started", by_provider=by_provider, note=note
    )


@transaction.atomic
def referral_complete(
    *,
    actor: Actor,
    referral: Referral,
    outcome: str,
    note: str = "",
    expected_version: int | None,
    by_provider: bool = True,
    site_url: str = "",
) -> Referral:
    """The service was delivered; how far it met the need is recorded."""
    if outcome not in ServiceOutcome.values:
        raise ValidationError({"outcome": _("Say how far the service met the need.")})
    current = lock_current(referral, expected_version)
    current.closed_at = timezone.now()
    current.outcome = outcome
    _transition(
        current,
        actor,
        S.COMPLETED,
        action="referral.completed",
        by_provider=by_provider,
        note=note,
        categories=[DataCategory.OUTCOMES],
        extra_changes={"outcome": outcome},
    )
    _leave_team(actor, current, current.assigned_to_id)
    _notify_referrer(current, actor, "updated", site_url)
    return current


@transaction.atomic
def referral_end(
    *,
    actor: Actor,
    referral: Referral,
    reason: str,
    note: str = "",
    expected_version: int | None,
    by_provider: bool,
    site_url: str = "",
) -> Referral:
    """End a referral without completion: the referrer withdraws it, or either side stops
    the service. A provider refuses a referral it has not accepted by declining it."""
    if reason not in EndReason.values:
        raise ValidationError({"reason": _("Choose why the referral ends.")})
    if reason == EndReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Say why the referral ends.")})
    current = lock_current(referral, expected_version)
    if by_provider and current.status == S.SENT:
        raise ValidationError(
            _("To refuse a referral you have not accepted, decline it."), code="invalid_transition"
        )
    if current.status == S.SENT:
        current.responded_at = None
    current.closed_at = timezone.now()
    current.end_reason = reason
    _transition(
        current, actor, S.ENDED, action="referral.ended", by_provider=by_provider, reason=reason, note=note
    )
    _leave_team(actor, current, current.assigned_to_id)
    if by_provider:
        _notify_referrer(current, actor, "updated", site_url)
    else:
        notifications.notify_on_commit(
            _desk_users(current.provider) + ([current.assigned_to] if current.assigned_to else []),
            "updated",
            current.reference,
            current.pk,
            site_url,
        )
    return current


def _refuse_unless_under_way(referral: Referral, message: str) -> None:
    if referral.status not in ACTIVE_STATUSES:
        raise ValidationError(message, code="invalid_transition")


@transaction.atomic
def referral_feedback_add(
    *,
    actor: Actor,
    referral: Referral,
    kind: str,
    body: str,
    outcome: str = "",
    on_behalf_of_provider: bool = False,
    site_url: str = "",
) -> ReferralFeedback:
    """Counter-referral: the provider tells the referring agency how it is going (a concern
    or a closing summary also sends the referrer an e-mail with the reference)."""
    if referral.status in (S.DRAFT, S.SENT, S.DECLINED):
        raise ValidationError(
            _("Feedback comes once the provider has accepted the referral."), code="invalid_transition"
        )
    if kind not in FeedbackKind.values:
        raise ValidationError({"kind": _("Choose the kind of feedback.")})
    if outcome and outcome not in ServiceOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome from the list.")})
    if kind == FeedbackKind.CLOSING and not outcome:
        raise ValidationError({"outcome": _("A closing summary says how far the service met the need.")})
    feedback = ReferralFeedback(
        referral=referral,
        kind=kind,
        body=body.strip(),
        outcome=outcome,
        author_id=actor.user_pk,
        agency_id=actor.agency_id,
        on_behalf_of_provider=on_behalf_of_provider,
    )
    feedback.full_clean()
    feedback.save()
    audit_record(
        actor=actor,
        action="referral.feedback_added",
        target=referral,
        person_id=referral.case.person_id,
        case_id=referral.case_id,
        categories=[DataCategory.CASE_NOTES],
        changes={"kind": kind, **({"outcome": outcome} if outcome else {})},
    )
    if kind in (FeedbackKind.CONCERN, FeedbackKind.CLOSING):
        _notify_referrer(referral, actor, "feedback", site_url)
    return feedback


@transaction.atomic
def referral_attendance_record(
    *,
    actor: Actor,
    referral: Referral,
    session_on: date,
    attendance: str,
    duration_minutes: int | None = None,
    note: str = "",
    on_behalf_of_provider: bool = False,
) -> ReferralAttendance:
    """The provider records a session and whether the person came. The first session
    attended starts an accepted referral. (Copied into the case's contact log once that
    exists: see docs/services.md.)"""
    current = lock_current(referral, None)
    _refuse_unless_under_way(
        current, _("Sessions are recorded once the referral is accepted and until it ends.")
    )
    if current.sent_at and session_on < timezone.localtime(current.sent_at).date():
        raise ValidationError({"session_on": _("The session cannot be before the referral was sent.")})
    if ReferralAttendance.objects.filter(referral=current, session_on=session_on).exists():
        raise ValidationError({"session_on": _("Attendance for this day is already recorded.")})
    record = ReferralAttendance(
        referral=current,
        session_on=session_on,
        attendance=attendance,
        duration_minutes=duration_minutes,
        note=note.strip(),
        recorded_by_id=actor.user_pk,
        agency_id=actor.agency_id,
    )
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action="referral.attendance_recorded",
        target=current,
        person_id=current.case.person_id,
        case_id=current.case_id,
        categories=[DataCategory.CASE_NOTES],
        changes={
            "session_on": session_on.isoformat(),
            "attendance": attendance,
            "on_behalf": on_behalf_of_provider,
        },
    )
    entry = _contact_log_entry(actor, current, record)
    if entry is not None:
        record.contact_entry_id = entry
        record.save(update_fields=["contact_entry_id", "updated_at"])
    if current.status == S.ACCEPTED and attendance in ATTENDED:
        current.started_at = timezone.now()
        _transition(
            current, actor, S.IN_PROGRESS, action="referral.started", by_provider=not on_behalf_of_provider
        )
    return record


def _contact_log_entry(actor: Actor, referral: Referral, record: ReferralAttendance) -> Any:
    """Copy a session into the case's contact log (reintegra/plans `session_log`), as the
    person who recorded it, when they may log sessions of that kind on the case: the lead
    agency's staff (an internal referral, or a community actor's session written down for
    it). Sessions cancelled by the provider never took place and are not contacts. Returns
    the contact-log entry's id, or None when nothing was logged (see docs/services.md)."""
    case = referral.case
    if record.attendance == Attendance.CANCELLED_BY_PROVIDER or case.is_closed:
        return None
    role = (
        CaseTeamMember.objects.filter(case=case, user_id=actor.user_pk, ended_at__isnull=True)
        .values_list("role", flat=True)
        .first()
    )
    kinds = {s.service_type.code for s in referral.services.select_related("service_type")}
    session_type = next(
        (SERVICE_TYPE_SESSIONS[k] for k in sorted(kinds) if k in SERVICE_TYPE_SESSIONS), DEFAULT_SESSION_TYPE
    )
    if session_type not in policy.session_types_loggable(actor, case, role, SESSION_TYPE_CATEGORIES):
        return None
    attended = record.attendance in ATTENDED
    if attended:
        attendance, absence = record.attendance, ""
    elif record.attendance == Attendance.CANCELLED_BY_PERSON:
        attendance, absence = SessionAttendance.DID_NOT_ATTEND, NonAttendanceReason.DECLINED
    else:
        attendance, absence = SessionAttendance.DID_NOT_ATTEND, NonAttendanceReason.UNKNOWN
    values = {
        "session_type": session_type,
        "occurred_on": record.session_on,
        "duration_minutes": record.duration_minutes,
        "attendance": attendance,
        "non_attendance_reason": absence,
    }
    note = _("Session at {provider} (referral {ref}).").format(
        provider=referral.provider.name, ref=referral.reference
    )
    if record.note:
        note = "{intro}\n{note}".format(intro=note, note=record.note)
    writable = policy.note_categories_writable(actor, case, role)
    session = plans_services.session_log(
        actor=actor,
        case=case,
        team_role=role,
        values=values,
        note=note if DataCategory.CASE_NOTES in writable else "",
        note_category=DataCategory.CASE_NOTES,
    )
    return session.pk


# --- overdue alerts -----------------------------------------------------------------------


def _alert_assignee(case: Case, referrer_id: int) -> int | None:
    """The referrer if still on the case team, else one of its case managers."""
    team = CaseTeamMember.objects.filter(case=case, ended_at__isnull=True)
    if team.filter(user_id=referrer_id).exists():
        return referrer_id
    managers = team.filter(role=CaseRole.CASE_MANAGER).order_by("created_at")
    return managers.values_list("user_id", flat=True).first()


def _overdue_task(referral: Referral, title_id: str, today: date) -> Task | None:
    case = referral.case
    if case.is_closed:
        return None
    assignee_id = _alert_assignee(case, referral.referred_by_id)
    if assignee_id is None:
        return None
    assignee = User.objects.get(pk=assignee_id)
    with translation.override(assignee.preferred_language or settings.LANGUAGE_CODE):
        title = _(title_id).format(ref=referral.reference)
    task = Task.objects.create(
        case=case,
        title=title[:200],
        due_on=today,
        assignee_id=assignee_id,
        created_by_id=referral.referred_by_id,
    )
    audit_record(
        actor=SYSTEM,
        action="task.created",
        target=task,
        target_repr="task {id}".format(id=str(task.pk)[:8]),
        person_id=case.person_id,
        case_id=case.pk,
        changes={"assignee": assignee_id, "due_on": today.isoformat(), "referral": referral.reference},
    )
    return task


# Task titles are stored text: marked for translation here, translated for each assignee.
RESPONSE_OVERDUE_TITLE = gettext_noop(
    "Referral {ref}: the provider has not answered in time. Follow up or refer elsewhere."
)
COMPLETION_OVERDUE_TITLE = gettext_noop(
    "Referral {ref}: past its target end date. Check progress with the provider."
)


def referrals_alert_overdue(*, now: datetime | None = None, site_url: str = "") -> int:
    """Create one follow-up task per overdue referral (once per kind of lateness) for the
    referrer, and remind the provider's desk of answers overdue. Run by
    `manage.py referrals_check_overdue` (hourly, like the audit checkpoint)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    alerted = 0
    late_answers = Referral.objects.filter(
        status=S.SENT, due_by__lt=now, response_alerted_at__isnull=True
    ).select_related("case", "provider")
    late_completions = Referral.objects.filter(
        Q(status__in=ACTIVE_STATUSES), target_end_on__lt=today, completion_alerted_at__isnull=True
    ).select_related("case", "provider")
    for referral in late_answers:
        with transaction.atomic():
            _overdue_task(referral, RESPONSE_OVERDUE_TITLE, today)
            Referral.objects.filter(pk=referral.pk).update(response_alerted_at=now)
            audit_record(
                actor=SYSTEM,
                action="referral.overdue_alerted",
                target=referral,
                person_id=referral.case.person_id,
                case_id=referral.case_id,
                changes={
                    "late": "answer",
                    "due_by": referral.due_by.isoformat() if referral.due_by else None,
                },
            )
            notifications.notify_on_commit(
                _desk_users(referral.provider), "waiting", referral.reference, referral.pk, site_url
            )
        alerted += 1
    for referral in late_completions:
        with transaction.atomic():
            _overdue_task(referral, COMPLETION_OVERDUE_TITLE, today)
            Referral.objects.filter(pk=referral.pk).update(completion_alerted_at=now)
            audit_record(
                actor=SYSTEM,
                action="referral.overdue_alerted",
                target=referral,
                person_id=referral.case.person_id,
                case_id=referral.case_id,
                changes={"late": "completion", "target_end_on": str(referral.target_end_on)},
            )
        alerted += 1
    return alerted
