"""Reads of the service directory and of referrals, always through the access policy.

The directory is reference data: reading it is not audited. Referrals are case data:
`referral_detail`, `referral_sheet`, the referral lists, the matching of services to a
case and the service-gap report are disclosures and write an audit row; `referral_list`
and `referral_get` serve forms and services and do not.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast
from django.utils import timezone

from reintegra.access import policy
from reintegra.access.policy import Action, ReferralAction
from reintegra.accounts.models import Agency, User
from reintegra.cases.choices import OPEN_STAGES
from reintegra.cases.models import Case, CaseTeamMember
from reintegra.cases.selectors import case_list
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.selectors import Listing, Seen, get_or_404
from reintegra.people.models import HouseholdMember, Person
from reintegra.places.models import Place
from reintegra.plans.choices import OPEN_GOAL_STATUSES, PlanStatus
from reintegra.plans.selectors import goal_list
from reintegra.services import sla
from reintegra.services.choices import (
    ACTIVE_STATUSES,
    BENEFICIARY_TYPE_NEEDS,
    CLOSED_STATUSES,
    MINOR_NEEDS,
    OPEN_STATUSES,
    REFERRAL_TRANSITIONS,
    EligibleSex,
    NeedArea,
    ProviderKind,
    ReferralStatus,
    RiskLevel,
    Willingness,
)
from reintegra.services.models import (
    STALE_AFTER,
    Provider,
    Referral,
    ReferralAttendance,
    ReferralFeedback,
    ReferralStatusChange,
    Service,
    ServiceType,
)

S = ReferralStatus

# --- places -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceTree:
    """The place hierarchy as parent links (one query), to walk up and down without more."""

    parents: dict[int, int | None]

    def ancestors(self, place_id: int) -> set[int]:
        """The place and every place it is part of."""
        found: set[int] = set()
        current: int | None = place_id
        while current is not None and current not in found:
            found.add(current)
            current = self.parents.get(current)
        return found

    def descendants(self, place_id: int) -> set[int]:
        """The place and every place within it."""
        children: dict[int | None, list[int]] = defaultdict(list)
        for child, parent in self.parents.items():
            children[parent].append(child)
        found, frontier = {place_id}, [place_id]
        while frontier:
            nxt = [c for p in frontier for c in children.get(p, []) if c not in found]
            found.update(nxt)
            frontier = nxt
        return found


def place_tree() -> PlaceTree:
    """Every place's parent, read once."""
    return PlaceTree(dict(Place.objects.values_list("pk", "parent_id")))


# --- directory ----------------------------------------------------------------------------


def service_type_list(*, active_only: bool = True) -> QuerySet[ServiceType]:
    """The service taxonomy, in its order."""
    types = ServiceType.objects.all()
    return types.filter(is_active=True) if active_only else types


def provider_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[Provider]:
    """Providers the actor may see (everyone signed in) or change."""
    return Provider.objects.filter(policy.provider_scope(actor, action)).select_related(
        "agency", "place__parent"
    )


def community_actor_list(*, actor: Actor) -> QuerySet[Provider]:
    """Active community actors without accounts, the ones a consent can name as recipients."""
    return provider_list(actor=actor).filter(kind=ProviderKind.INFORMAL, is_active=True).order_by("name")


def provider_get(*, actor: Actor, provider_id: int | str, action: Action = Action.VIEW) -> Provider:
    """One provider, or 404."""
    return get_or_404(provider_list(actor=actor, action=action), pk=provider_id)


def provider_search(*, actor: Actor, query: str = "", kind: str = "") -> QuerySet[Provider]:
    """The provider list: by name and kind, with the number of active services each offers."""
    providers = provider_list(actor=actor).order_by("name")
    if query:
        providers = providers.filter(name__icontains=query)
    if kind in ProviderKind.values:
        providers = providers.filter(kind=kind)
    return providers.annotate(service_count=Count("services", filter=Q(services__is_active=True)))


def linkable_agencies(current: Provider | None) -> QuerySet[Agency]:
    """Agencies a provider can be linked to: active ones not yet in the directory (each
    agency is one provider), plus the one it is linked to now."""
    agencies = Agency.objects.filter(is_active=True, provider__isnull=True)
    if current is not None and current.agency_id:
        agencies = agencies | Agency.objects.filter(pk=current.agency_id)
    return agencies.order_by("name")


def service_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[Service]:
    """Services the actor may see (everyone signed in) or change, with what their rows show."""
    return (
        Service.objects.filter(policy.service_scope(actor, action))
        .select_related("provider__agency", "service_type", "verified_by")
        .prefetch_related("areas_served__parent", "beneficiary_types")
    )


def service_get(*, actor: Actor, service_id: int | str, action: Action = Action.VIEW) -> Service:
    """One service, or 404."""
    return get_or_404(service_list(actor=actor, action=action), pk=service_id)


def referable_services(*, actor: Actor) -> QuerySet[Service]:
    """Services a referral may ask for: active, of an active provider, taking referrals and
    willing (yes or case by case) to serve this population."""
    return (
        service_list(actor=actor)
        .filter(is_active=True, provider__is_active=True, accepting_referrals=True)
        .exclude(willingness=Willingness.NO)
        .order_by("provider__name", "name")
    )


@dataclass(frozen=True)
class Suitability:
    """What a person needs of a service, as far as the actor may see it on their case.

    Built only from categories the actor sees: age and sex (identity), place (contact and
    location), beneficiary type (legal status); unknown parts do not narrow the search.
    """

    case: Case
    age: int | None = None
    sex: str = ""
    place: Place | None = None
    beneficiary_type_id: int | None = None
    languages: tuple[str, ...] = ()
    categories: frozenset[str] = frozenset()


def suitability_for(*, actor: Actor, case_code: str) -> Suitability | None:
    """The suitability profile of a case the actor sees, found by its code; audited, since
    the search then uses (and the page names) the person's age, sex, town and languages."""
    case = (
        case_list(actor=actor).filter(code__iexact=case_code.strip()).select_related("person__place").first()
    )
    if case is None:
        return None
    seen = policy.case_categories(actor, case, getattr(case, "actor_role", None))
    person: Person = case.person
    identity = DataCategory.IDENTITY in seen
    location = DataCategory.CONTACT_LOCATION in seen
    legal = DataCategory.LEGAL_STATUS in seen
    profile = Suitability(
        case=case,
        age=person.age if identity else None,
        sex=person.sex if identity and person.sex in (EligibleSex.FEMALE, EligibleSex.MALE) else "",
        place=person.place if location else None,
        beneficiary_type_id=case.beneficiary_type_id if legal else None,
        languages=tuple(person.languages or ()) if identity else (),
        categories=frozenset(
            c
            for c, used in (
                (DataCategory.IDENTITY, identity),
                (DataCategory.CONTACT_LOCATION, location),
                (DataCategory.LEGAL_STATUS, legal),
            )
            if used
        ),
    )
    audit_record(
        actor=actor,
        action="services.matched",
        target=case,
        person_id=case.person_id,
        case_id=case.pk,
        categories=profile.categories,
    )
    return profile


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory can be searched by; all optional."""

    query: str = ""
    need: str = ""
    service_type: int | None = None
    place: int | None = None
    language: str = ""
    gender_sensitive: bool = False
    child_friendly: bool = False
    accessible: bool = False
    free: bool = False
    willing: str = ""  # "" | "yes" | "open" (yes or case by case)
    accepting: bool = False
    verified: bool = False
    provider: int | None = None
    ordering: str = "name"

    ORDERINGS = ("name", "waiting", "quality", "verified")


def _serving_places(place_ids: set[int]) -> Q:
    """Services covering any of these places."""
    return Q(pk__in=Service.areas_served.through.objects.filter(place_id__in=place_ids).values("service_id"))


def _speaking(languages: Iterable[str]) -> Q:
    """Services offered in any of these languages (the JSON list read as text works the same
    on SQLite and PostgreSQL)."""
    found = Q(pk__in=[])
    for code in languages:
        found |= Q(languages_text__contains='"{c}"'.format(c=code))
    return found


def service_search(
    *, actor: Actor, filters: DirectoryFilters, suitability: Suitability | None = None
) -> QuerySet[Service]:
    """The directory: active services of active providers, narrowed by need, place,
    language and suitability. A service serving a region serves every town in it, and a
    search for a region also finds services of the towns within it."""
    services = service_list(actor=actor).filter(is_active=True, provider__is_active=True)
    services = services.annotate(languages_text=Cast("languages", TextField()))
    query = filters.query.strip()
    if query:
        services = services.filter(
            Q(name__icontains=query)
            | Q(description__icontains=query)
            | Q(provider__name__icontains=query)
            | Q(service_type__label_en__icontains=query)
            | Q(service_type__label_fr__icontains=query)
            | Q(service_type__label_ar__icontains=query)
        )
    if filters.need:
        types = [t.pk for t in service_type_list(active_only=False) if filters.need in (t.need_areas or [])]
        services = services.filter(service_type_id__in=types)
    if filters.service_type:
        services = services.filter(service_type_id=filters.service_type)
    if filters.provider:
        services = services.filter(provider_id=filters.provider)
    tree: PlaceTree | None = None
    if filters.place:
        tree = place_tree()
        services = services.filter(
            _serving_places(tree.ancestors(filters.place) | tree.descendants(filters.place))
        )
    if filters.language:
        services = services.filter(_speaking([filters.language]))
    if filters.gender_sensitive:
        services = services.filter(gender_sensitive=True)
    if filters.child_friendly:
        services = services.filter(child_friendly=True)
    if filters.accessible:
        services = services.filter(wheelchair_accessible=True)
    if filters.free:
        services = services.filter(cost="free")
    if filters.willing == "yes":
        services = services.filter(willingness=Willingness.YES)
    elif filters.willing == "open":
        services = services.exclude(willingness=Willingness.NO)
    if filters.accepting:
        services = services.filter(accepting_referrals=True)
    if filters.verified:
        services = services.filter(last_verified_on__gte=timezone.localdate() - STALE_AFTER)
    if suitability is not None:
        services = services.filter(_suits(suitability, tree))
    orderings: dict[str, list[Any]] = {
        "name": ["name"],
        "waiting": [F("waiting_days").asc(nulls_last=True), "name"],
        "quality": [F("quality_rating").desc(nulls_last=True), "name"],
        "verified": [F("last_verified_on").desc(nulls_last=True), "name"],
    }
    return services.order_by(*orderings.get(filters.ordering, ["name"]), "pk")


def _suits(profile: Suitability, tree: PlaceTree | None) -> Q:
    """Eligibility for one person: age range, sex, beneficiary type, area, and at least one
    shared language when the person's languages are known."""
    q = Q()
    if profile.age is not None:
        q &= Q(min_age__isnull=True) | Q(min_age__lte=profile.age)
        q &= Q(max_age__isnull=True) | Q(max_age__gte=profile.age)
    if profile.sex:
        q &= Q(sexes__in=[EligibleSex.ANY, profile.sex])
    if profile.beneficiary_type_id:
        through = Service.beneficiary_types.through.objects
        q &= ~Q(Exists(through.filter(service_id=OuterRef("pk")))) | Q(
            pk__in=through.filter(label_id=profile.beneficiary_type_id).values("service_id")
        )
    if profile.place is not None:
        tree = tree or place_tree()
        q &= _serving_places(tree.ancestors(profile.place.pk))
    if profile.languages:
        q &= _speaking(profile.languages)
    return q


def eligibility_warnings(service: Service, profile: Suitability | None, today: date) -> list[str]:
    """What a referrer should check before sending (translated sentences, no personal data)."""
    from django.utils.translation import gettext as _

    warnings: list[str] = []
    if service.is_stale_on(today):
        warnings.append(
            _("“{name}” has not been verified for six months: check it still runs.").format(name=service.name)
        )
    if not service.accepting_referrals:
        warnings.append(_("“{name}” is not accepting referrals at the moment.").format(name=service.name))
    if service.willingness == Willingness.CASE_BY_CASE:
        warnings.append(
            _("“{name}” decides case by case whether to serve this group.").format(name=service.name)
        )
    if service.waiting_days:
        warnings.append(
            _("“{name}” has a waiting time of {n} days.").format(name=service.name, n=service.waiting_days)
        )
    if RiskLevel.HIGH in (service.risk_stigma, service.risk_security, service.risk_data_exposure):
        warnings.append(
            _("“{name}” carries a high risk of access: read the risks first.").format(name=service.name)
        )
    if profile is None:
        return warnings
    if profile.age is not None and (
        (service.min_age is not None and profile.age < service.min_age)
        or (service.max_age is not None and profile.age > service.max_age)
    ):
        warnings.append(
            _("The person's age is outside the service's age range ({r}).").format(r=service.age_range)
        )
    if profile.sex and service.sexes not in (EligibleSex.ANY, profile.sex):
        warnings.append(_("The service is for {who}.").format(who=EligibleSex(service.sexes).label.lower()))
    if profile.languages and service.languages and not set(profile.languages) & set(service.languages):
        warnings.append(_("The service is not offered in any of the person's languages."))
    return warnings


# --- referrals ----------------------------------------------------------------------------


def _annotate(actor: Actor, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Each referral with the actor's role on its case and whether they are its referring
    side (see it through the case, may change the case)."""
    role = CaseTeamMember.objects.filter(
        case_id=OuterRef("case_id"),
        user_id=actor.user_id or 0,
        agency_id=actor.agency_id or 0,
        ended_at__isnull=True,
    ).values("role")[:1]
    view = Referral.objects.filter(pk=OuterRef("pk")).filter(
        policy.referral_referring_scope(actor, ReferralAction.VIEW)
    )
    change = Referral.objects.filter(pk=OuterRef("pk")).filter(
        policy.referral_referring_scope(actor, ReferralAction.REFER)
    )
    return referrals.annotate(
        actor_case_role=Subquery(role), refer_view=Exists(view), refer_change=Exists(change)
    )


def referral_list(*, actor: Actor, action: ReferralAction = ReferralAction.VIEW) -> QuerySet[Referral]:
    """Referrals the actor may see (or make, or answer), annotated (`_annotate`)."""
    referrals = Referral.objects.filter(policy.referral_scope(actor, action)).select_related(
        "case__person",
        "case__lead_agency",
        "provider__agency",
        "referring_agency",
        "referred_by",
        "assigned_to",
    )
    return _annotate(actor, referrals)


def referral_get(
    *, actor: Actor, referral_id: UUID | str, action: ReferralAction = ReferralAction.VIEW
) -> Referral:
    """One referral, or 404 for missing and not allowed alike."""
    return get_or_404(referral_list(actor=actor, action=action), pk=referral_id)


def seen_referral(actor: Actor, referral: Referral) -> Seen[Referral]:
    """The referral with the categories of its case the actor sees (a referral from
    `referral_list`)."""
    return Seen(
        referral,
        policy.referral_categories(
            actor,
            referral,
            getattr(referral, "actor_case_role", None),
            bool(getattr(referral, "refer_view", False)),
        ),
    )


def overdue_q(now: datetime, today: date) -> Q:
    """Referrals overdue now (sla.py): unanswered past the due time, or under way past the
    target end date."""
    return Q(status=S.SENT, due_by__lt=now) | Q(status__in=ACTIVE_STATUSES, target_end_on__lt=today)


@dataclass(frozen=True)
class ReferralFilters:
    """What referral lists can be narrowed by; all optional."""

    tab: str = ""
    query: str = ""
    status: str = ""
    priority: str = ""
    provider: int | None = None
    case: UUID | None = None

    def as_audit(self) -> dict[str, Any]:
        used = {k: str(v) for k, v in self.__dict__.items() if v not in ("", None) and k != "query"}
        return {"filters": used, "query_given": bool(self.query)}


#: Tabs of the referring side's list and of the provider's list, in order.
SENT_TABS = ("open", "overdue", "drafts", "closed", "all")
INCOMING_TABS = ("unassigned", "mine", "open", "overdue", "closed")


def _tab_q(tab: str, actor: Actor, now: datetime, today: date) -> Q:
    return {
        "open": Q(status__in=OPEN_STATUSES),
        "overdue": overdue_q(now, today),
        "drafts": Q(status=S.DRAFT),
        "closed": Q(status__in=CLOSED_STATUSES),
        "unassigned": Q(status__in=OPEN_STATUSES, assigned_to__isnull=True),
        "mine": Q(status__in=OPEN_STATUSES, assigned_to_id=actor.user_id),
        "all": Q(),
    }[tab]


@dataclass(frozen=True)
class ReferralListing:
    """A referral list: the audited listing, the tab shown and how many are in each tab."""

    listing: Listing[Referral]
    tab: str
    counts: dict[str, int]
    turnaround: sla.Turnaround


def _turnaround(referrals: QuerySet[Referral], now: datetime, today: date) -> sla.Turnaround:
    rows = referrals.exclude(status=S.DRAFT).values_list(
        "status", "sent_at", "due_by", "responded_at", "closed_at", "target_end_on"
    )
    return sla.turnaround((sla.ReferralTimes(*row) for row in rows), now, today)


def _search(referrals: QuerySet[Referral], filters: ReferralFilters) -> QuerySet[Referral]:
    query = filters.query.strip()
    if query:
        referrals = referrals.filter(Q(reference__iexact=query) | Q(case__code__iexact=query))
    if filters.status:
        referrals = referrals.filter(status=filters.status)
    if filters.priority:
        referrals = referrals.filter(priority=filters.priority)
    if filters.provider:
        referrals = referrals.filter(provider_id=filters.provider)
    if filters.case:
        referrals = referrals.filter(case_id=filters.case)
    return referrals


def _listing(
    actor: Actor, side: str, base: QuerySet[Referral], filters: ReferralFilters, tabs: tuple[str, ...]
) -> ReferralListing:
    now, today = timezone.now(), timezone.localdate()
    tab = filters.tab if filters.tab in tabs else tabs[0]
    searched = _search(base, filters)
    counts = searched.aggregate(
        **{name: Count("pk", filter=_tab_q(name, actor, now, today)) for name in tabs}
    )
    rows = searched.filter(_tab_q(tab, actor, now, today)).prefetch_related("services__service_type")
    order = ("-updated_at",) if tab in ("closed", "all", "drafts") else ("due_by", "-updated_at")
    listing: Listing[Referral] = Listing(
        actor=actor,
        action="referral.listed",
        queryset=rows.order_by(*order, "reference"),
        subject=lambda r: (r.case.person_id, r.case_id),
        details={"side": side, "tab": tab, **filters.as_audit()},
        categories_of=lambda r: (
            seen_referral(actor, r).categories & {DataCategory.IDENTITY} if side == "sent" else ()
        ),
    )
    return ReferralListing(
        listing, tab, {k: v or 0 for k, v in counts.items()}, _turnaround(base, now, today)
    )


def referral_sent_search(*, actor: Actor, filters: ReferralFilters) -> ReferralListing:
    """Referrals of the actor's agency's cases they see (the referring side)."""
    base = referral_list(actor=actor).filter(Q(refer_view=True))
    return _listing(actor, "sent", base, filters, SENT_TABS)


def referral_incoming_search(*, actor: Actor, filters: ReferralFilters) -> ReferralListing:
    """Referrals to the actor's agency that they handle (the provider's desk). Rows carry
    no personal data: codes, services, priority, dates and who handles them."""
    base = Referral.objects.filter(policy.referral_desk_scope(actor)).select_related(
        "case", "provider", "referring_agency", "assigned_to"
    )
    return _listing(actor, "incoming", _annotate(actor, base), filters, INCOMING_TABS)


def is_provider_desk(actor: Actor) -> bool:
    """Whether the actor's agency is a provider in the directory they answer for."""
    return bool(actor.agency_id) and actor.has_role(*policy.PROVIDER_DESK_ROLES)


@dataclass(frozen=True)
class SharedView:
    """What the provider sees of the case through a referral: exactly the categories that
    travel now. The referrer is shown the same thing before sending."""

    case: Case
    person: Person
    categories: frozenset[str]
    requested: frozenset[str]
    household: list[HouseholdMember] = field(default_factory=list)

    @property
    def sees(self) -> dict[str, bool]:
        return {c: c in self.categories for c in DataCategory.values}

    @property
    def withheld(self) -> list[str]:
        """Asked for, but not shareable with this provider now."""
        return [c for c in DataCategory.values if c in self.requested and c not in self.categories]

    @property
    def shown(self) -> list[str]:
        return [c for c in DataCategory.values if c in self.categories]


def shared_view(referral: Referral) -> SharedView:
    """The case as the provider sees it through `referral` (live travel categories)."""
    travel = policy.referral_travel_categories(referral)
    case = referral.case
    household: list[HouseholdMember] = []
    if DataCategory.FAMILY_CHILDREN in travel:
        household = list(
            HouseholdMember.objects.filter(household__memberships__person_id=case.person_id)
            .exclude(person_id=case.person_id)
            .select_related("person")
            .distinct()
            .order_by("relationship")
        )
    return SharedView(case, case.person, travel, frozenset(referral.requested_categories), household)


@dataclass(frozen=True)
class ReferralDetail:
    """The referral page, cut to what the actor may see and do."""

    seen: Seen[Referral]
    as_referrer: bool
    can_refer: bool
    on_desk: bool
    can_respond: bool
    on_behalf: bool
    shared: SharedView
    actions: frozenset[str]
    history: list[tuple[ReferralStatusChange, bool]]
    feedback: list[ReferralFeedback]
    attendance: list[ReferralAttendance]
    services: list[Service]
    warnings: list[str]
    now: datetime


def _actions(referral: Referral, can_refer: bool, can_respond: bool, has_accounts: bool) -> frozenset[str]:
    """The buttons this actor gets, from the lifecycle and their side."""
    moves = set(REFERRAL_TRANSITIONS[referral.status])
    actions: set[str] = set()
    if can_refer:
        if referral.status == S.DRAFT:
            actions |= {"edit", "discard", "send"}
        if referral.status in OPEN_STATUSES:
            actions.add("withdraw")
        if referral.status != S.DRAFT:
            actions.add("print")
    if can_respond:
        actions |= {
            m for m in ("accept", "decline") if {"accept": S.ACCEPTED, "decline": S.DECLINED}[m] in moves
        }
        if S.IN_PROGRESS in moves:
            actions.add("start")
        if S.COMPLETED in moves:
            actions.add("complete")
        if referral.status in ACTIVE_STATUSES:
            actions |= {"stop", "attendance"}
        if referral.status in (S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED, S.ENDED):
            actions.add("feedback")
        if has_accounts and referral.status in OPEN_STATUSES:
            actions.add("assign")
    return frozenset(actions)


def referral_detail(*, actor: Actor, referral_id: UUID | str) -> ReferralDetail:
    """Everything the referral page shows; audited as a disclosure of what it shows."""
    referral = referral_get(actor=actor, referral_id=referral_id)
    seen = seen_referral(actor, referral)
    as_referrer = bool(getattr(referral, "refer_view", False))
    can_refer = bool(getattr(referral, "refer_change", False))
    on_desk = policy.on_referral_desk(actor, referral)
    informal = referral.provider.kind == ProviderKind.INFORMAL
    on_behalf = informal and can_refer and referral.status != S.DRAFT
    can_respond = on_desk or on_behalf
    shared = shared_view(referral)
    categories = seen.categories

    def visible(by_provider: bool) -> bool:
        return policy.referral_record_visible(categories=categories, on_desk=on_desk, by_provider=by_provider)

    history = [
        (change, bool(change.note) and visible(change.by_provider))
        for change in referral.status_changes.select_related("changed_by")
    ]
    # Feedback is the provider's word, whoever typed it in (for a provider without accounts).
    feedback = list(referral.feedback.select_related("author", "agency")) if visible(True) else []
    attendance = list(referral.attendance.select_related("recorded_by")) if visible(True) else []
    services = list(referral.services.select_related("service_type", "provider"))
    now = timezone.now()
    profile = None
    if as_referrer and referral.status == S.DRAFT:
        profile = _profile_from(actor, referral)
    warnings = (
        [w for s in services for w in eligibility_warnings(s, profile, timezone.localdate())]
        if profile is not None
        else []
    )
    shown = categories & (
        {DataCategory.IDENTITY, DataCategory.CASE_NOTES, DataCategory.RISK_ASSESSMENT} | shared.categories
    )
    audit_record(
        actor=actor,
        action="referral.viewed",
        target=referral,
        person_id=referral.case.person_id,
        case_id=referral.case_id,
        categories=shown,
        changes={"side": "provider" if on_desk and not as_referrer else "referrer"},
    )
    return ReferralDetail(
        seen=seen,
        as_referrer=as_referrer,
        can_refer=can_refer,
        on_desk=on_desk,
        can_respond=can_respond,
        on_behalf=on_behalf and not on_desk,
        shared=shared,
        actions=_actions(referral, can_refer, can_respond, referral.provider.has_accounts),
        history=history,
        feedback=feedback,
        attendance=attendance,
        services=services,
        warnings=warnings,
        now=now,
    )


def _profile_from(actor: Actor, referral: Referral) -> Suitability:
    """The suitability profile of the referral's case for the referrer's own checks (not
    audited separately: the referral page that shows the warnings is)."""
    case, person = referral.case, referral.case.person
    seen = policy.case_categories(actor, case, getattr(referral, "actor_case_role", None))
    identity = DataCategory.IDENTITY in seen
    return Suitability(
        case=case,
        age=person.age if identity else None,
        sex=person.sex if identity and person.sex in (EligibleSex.FEMALE, EligibleSex.MALE) else "",
        languages=tuple(person.languages or ()) if identity else (),
    )


def referral_sheet(*, actor: Actor, referral_id: UUID | str) -> tuple[Referral, SharedView]:
    """The external referral sheet (PDF) for a provider without accounts: the referral and
    exactly the categories that travel now. Printing is a disclosure, audited as such."""
    referral = referral_get(actor=actor, referral_id=referral_id, action=ReferralAction.REFER)
    if referral.status == S.DRAFT:
        from django.http import Http404

        raise Http404
    shared = shared_view(referral)
    audit_record(
        actor=actor,
        action="referral.printed",
        target=referral,
        person_id=referral.case.person_id,
        case_id=referral.case_id,
        categories=shared.categories,
    )
    return referral, shared


def provider_staff(provider: Provider) -> QuerySet[User]:
    """Who a referral to this provider can be assigned to: its agency's active staff."""
    if provider.agency_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__agency_id=provider.agency_id,
            memberships__is_active=True,
            memberships__agency__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "username")
    )


def referable_cases(*, actor: Actor) -> QuerySet[Case]:
    """Cases the actor may refer: open cases they may change."""
    return case_list(actor=actor, action=Action.CHANGE).filter(stage__in=OPEN_STAGES).order_by("code")


# --- the service-gap report ---------------------------------------------------------------


@dataclass(frozen=True)
class CaseGap:
    """One case with needs no service in the person's area meets."""

    case_id: UUID
    case_code: str
    person_id: UUID
    place: Place
    unmet: list[str]


@dataclass(frozen=True)
class GapCell:
    """Open cases with a need in a town, and services meeting that need there."""

    cases: int
    services: int

    @property
    def is_gap(self) -> bool:
        return self.cases > 0 and self.services == 0


@dataclass(frozen=True)
class GapReport:
    """Needs of open cases against the services serving the town each person lives in."""

    needs: list[str]
    places: list[Place]
    cells: dict[int, dict[str, GapCell]]
    page: "Page[CaseGap]"
    cases_counted: int
    cases_without_place: int
    cases_from_plans: int
    services_considered: int


def _case_needs(beneficiary_type: str | None, minor: bool) -> set[str]:
    needs = set(BENEFICIARY_TYPE_NEEDS.get(beneficiary_type or "", ()))
    if minor:
        needs |= set(MINOR_NEEDS)
    return needs


def gap_report(*, actor: Actor, page_number: str | int | None = None, need: str = "") -> GapReport:
    """For every open case the actor sees with its place, beneficiary type and age: the
    needs no active, willing service covering the person's town meets, counting the
    person's age and sex against the service's eligibility. A case's needs are the life
    areas of its plan's open goals; without goals, what its beneficiary type implies (and
    schooling for children; see choices.py). The page of cases shown is audited."""
    today = timezone.localdate()
    needed_categories = (DataCategory.CONTACT_LOCATION, DataCategory.LEGAL_STATUS, DataCategory.IDENTITY)
    cases = case_list(actor=actor).filter(stage__in=OPEN_STAGES)
    for category in needed_categories:
        cases = cases.filter(policy.case_scope(actor, Action.VIEW, category))
    rows: list[tuple[Any, ...]] = list(
        cases.order_by("code").values_list(
            "pk", "code", "person_id", "person__place_id", "beneficiary_type__code",
            "person__date_of_birth", "person__birth_year", "person__sex",
        )
    )  # fmt: skip
    # A case's needs are the life areas of its plan's open goals (those the actor may see);
    # a case without such goals falls back to what its beneficiary type implies.
    goal_needs: dict[UUID, set[str]] = defaultdict(set)
    goals = goal_list(actor=actor).filter(plan__case__in=cases.values("pk"), status__in=OPEN_GOAL_STATUSES)
    for case_id, dimension in goals.exclude(plan__status=PlanStatus.CLOSED).values_list(
        "plan__case_id", "dimension"
    ):
        goal_needs[case_id].add(dimension)
    tree = place_tree()
    services = list(
        Service.objects.filter(is_active=True, provider__is_active=True)
        .exclude(willingness=Willingness.NO)
        .select_related("service_type")
        .prefetch_related("areas_served")
    )
    covered_by: list[tuple[Service, set[int], set[str]]] = []
    for service in services:
        served: set[int] = set()
        for area in service.areas_served.all():
            served |= tree.descendants(area.pk)
        covered_by.append((service, served, set(service.service_type.need_areas or [])))
    needs_order = [n for n in NeedArea.values if not need or n == need]
    cells: dict[int, dict[str, list[int]]] = defaultdict(lambda: {n: [0, 0] for n in needs_order})
    gaps: list[CaseGap] = []
    without_place = from_plans = 0
    service_counts: dict[tuple[int, str], int] = {}
    for pk, code, person_id, place_id, bt, born, birth_year, sex in rows:
        if place_id is None:
            without_place += 1
            continue
        age = _age(born, birth_year, today)
        if pk in goal_needs:
            from_plans += 1
            implied = goal_needs[pk]
        else:
            implied = _case_needs(bt, age is not None and age < 18)
        wanted = [n for n in needs_order if n in implied]
        unmet: list[str] = []
        for n in wanted:
            key = (place_id, n)
            if key not in service_counts:
                service_counts[key] = sum(
                    1 for _s, places, areas in covered_by if n in areas and place_id in places
                )
            cells[place_id][n][0] += 1
            cells[place_id][n][1] = service_counts[key]
            eligible = any(
                n in areas and place_id in places and _eligible(s, age, sex)
                for s, places, areas in covered_by
            )
            if not eligible:
                unmet.append(n)
        if unmet:
            gaps.append(CaseGap(pk, code, person_id, Place(pk=place_id), unmet))
    places = {p.pk: p for p in Place.objects.filter(pk__in=list(cells)).select_related("parent")}
    for gap in gaps:
        object.__setattr__(gap, "place", places[gap.place.pk])
    page = Paginator(gaps, 25).get_page(page_number)
    audit_record(
        actor=actor,
        action="services.gap_report_viewed",
        categories=set(needed_categories) if page.object_list else set(),
        changes={"cases_counted": len(rows) - without_place, "shown": len(page.object_list), "need": need},
        subjects=[(g.person_id, g.case_id) for g in page.object_list],
    )
    return GapReport(
        needs=needs_order,
        places=sorted(places.values(), key=lambda p: p.name),
        cells={pid: {n: GapCell(*counts) for n, counts in by_need.items()} for pid, by_need in cells.items()},
        page=page,
        cases_counted=len(rows) - without_place,
        cases_without_place=without_place,
        cases_from_plans=from_plans,
        services_considered=len(services),
    )


def _age(born: date | None, birth_year: int | None, today: date) -> int | None:
    """Age in whole years from a date of birth, or from the year alone (as Person.age_on)."""
    if born is not None:
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return today.year - birth_year if birth_year else None


def _eligible(service: Service, age: int | None, sex: str) -> bool:
    if age is not None and service.min_age is not None and age < service.min_age:
        return False
    if age is not None and service.max_age is not None and age > service.max_age:
        return False
    return not (sex in (EligibleSex.FEMALE, EligibleSex.MALE) and service.sexes not in (EligibleSex.ANY, sex))
