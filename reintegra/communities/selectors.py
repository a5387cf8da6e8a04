"""Reads of the community track, always through the access policy (section "communities").

Most of what is read here is shared knowledge about places and is not audited on reading.
Reads that disclose something about people are: a stakeholder's page (contact details of an
individual are personal data), incident pages and lists (practitioner-safety incidents),
and individual survey responses.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.apps import apps
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.models import Agency
from reintegra.cases.choices import CaseStage
from reintegra.cases.models import Case
from reintegra.communities import cohesion
from reintegra.communities.choices import (
    ENTRY_KIND_ORDER,
    PLAN_STEPS,
    AgeGroup,
    IncidentStatus,
    ParticipantGroup,
    ParticipantSex,
    PlanPhase,
    ProfileStatus,
    StepStatus,
)
from reintegra.communities.models import (
    Community,
    CommunityIncident,
    CommunityPlan,
    CommunityProfile,
    IncidentResponse,
    PlanStep,
    ProfileEntry,
    Stakeholder,
    StakeholderContact,
    SurveyAnswer,
    SurveyInstrument,
    SurveyResponse,
    SurveyWave,
)
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.models import Label
from reintegra.core.selectors import Listing, get_or_404
from reintegra.core.statistics import CountTable, suppress_counts
from reintegra.places.models import Place
from reintegra.places.selectors import place_and_descendant_ids

# --- communities -------------------------------------------------------------------------


def community_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[Community]:
    """Communities the actor may read (all) or change, with their place and its parents."""
    return Community.objects.filter(policy.community_scope(actor, action)).select_related(
        "place__parent__parent__parent", "steward_agency"
    )


def community_get(*, actor: Actor, community_id: int | str, action: Action = Action.VIEW) -> Community:
    """One community, or 404 for missing and not allowed alike."""
    return get_or_404(community_list(actor=actor, action=action), pk=community_id)


def is_team_member(actor: Actor, community: Community) -> bool:
    """Whether the actor's agency is on the community's team (steward or plan partner)."""
    if actor.agency_id is None:
        return False
    return Community.objects.filter(pk=community.pk, pk__in=policy.community_team_ids(actor)).exists()


def may_change_community(actor: Actor, community: Community) -> bool:
    """Whether the actor may change this community's records (C2)."""
    return community_list(actor=actor, action=Action.CHANGE).filter(pk=community.pk).exists()


@dataclass(frozen=True)
class CommunityFilters:
    """What the community list can be narrowed by."""

    query: str = ""
    region: int | None = None
    mine: bool = False


def community_search(*, actor: Actor, filters: CommunityFilters) -> QuerySet[Community]:
    """The community list, searched by place name in any language, with what each row shows:
    the current profile's version and date, stakeholders on the map, waves, open incidents
    the actor may see (subqueries, so the query count does not grow with the rows)."""
    communities = community_list(actor=actor)
    query = filters.query.strip()
    if query:
        communities = communities.filter(
            Q(place__name_en__icontains=query)
            | Q(place__name_fr__icontains=query)
            | Q(place__name_ar__icontains=query)
            | Q(place__parent__name_en__icontains=query)
            | Q(place__parent__name_fr__icontains=query)
            | Q(place__parent__name_ar__icontains=query)
        )
    if filters.region:
        communities = communities.filter(
            Q(place__parent_id=filters.region)
            | Q(place__parent__parent_id=filters.region)
            | Q(place__parent__parent__parent_id=filters.region)
        )
    if filters.mine:
        communities = communities.filter(pk__in=policy.community_team_ids(actor))
    current = CommunityProfile.objects.filter(
        community_id=OuterRef("pk"), status=ProfileStatus.PUBLISHED
    ).order_by("-number")
    visible_open = CommunityIncident.objects.filter(
        policy.community_incident_scope(actor), community_id=OuterRef("pk")
    ).exclude(status=IncidentStatus.CLOSED)
    return communities.annotate(
        profile_number=Subquery(current.values("number")[:1]),
        profile_assessed_on=Subquery(current.values("assessed_on")[:1]),
        stakeholder_count=_count(Stakeholder.objects.filter(community_id=OuterRef("pk"), is_active=True)),
        wave_count=_count(SurveyWave.objects.filter(community_id=OuterRef("pk"))),
        open_incident_count=_count(visible_open),
    ).order_by("place__name_en")


def _count(queryset: QuerySet[Any], by: str = "community_id") -> Any:
    """A correlated COUNT subquery of `queryset` (filtered on OuterRef), 0 when empty."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


#: Beneficiary types counted as a community's returnee caseload (label codes; the labels'
#: wording is the programme's). Convicted offenders and pre-trial detainees living there are
#: not counted: the figure is about returnees and their families.
CASELOAD_TYPES = ("returnee", "family_member", "child_associated")


@dataclass(frozen=True)
class Caseload:
    """Open cases of returnees and their families living in the community, by type,
    always suppressed (it is computed from other agencies' cases)."""

    table: CountTable[str]
    labels: dict[str, str]

    @property
    def rows(self) -> list[tuple[str, Any]]:
        return [(self.labels.get(code, code), cell) for code, cell in self.table.cells.items()]


def community_caseload(community: Community) -> Caseload:
    """Counts only, never the people: open cases of any agency whose person lives in the
    community's place or below it, by beneficiary type, with small cells suppressed for
    everyone (no reader holds all of these cases)."""
    places = place_and_descendant_ids(community.place)
    counts = dict(
        Case.objects.filter(person__place_id__in=places, beneficiary_type__code__in=CASELOAD_TYPES)
        .exclude(stage=CaseStage.CLOSED)
        .values_list("beneficiary_type__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = {
        label.code: label.text
        for label in Label.objects.filter(kind="beneficiary_type", code__in=CASELOAD_TYPES)
    }
    return Caseload(
        table=suppress_counts({code: int(counts.get(code, 0)) for code in CASELOAD_TYPES}),
        labels=labels,
    )


# --- profiles ----------------------------------------------------------------------------


def profile_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[CommunityProfile]:
    """Profiles the actor may read (published; drafts of their team) or change."""
    return CommunityProfile.objects.filter(policy.community_profile_scope(actor, action)).select_related(
        "agency", "created_by", "published_by", "community__place"
    )


def current_profile(community: Community) -> CommunityProfile | None:
    """The newest published version."""
    return (
        CommunityProfile.objects.filter(community=community, status=ProfileStatus.PUBLISHED)
        .select_related("agency")
        .order_by("-number")
        .first()
    )


def draft_profile(
    *, actor: Actor, community: Community, action: Action = Action.VIEW
) -> CommunityProfile | None:
    """The community's draft, when the actor's team may see (or change) it."""
    return (
        profile_list(actor=actor, action=action)
        .filter(community=community, status=ProfileStatus.DRAFT)
        .first()
    )


def profile_get(
    *, actor: Actor, community: Community, number: int, action: Action = Action.VIEW
) -> CommunityProfile:
    """One profile version of the community the actor may read (or change), or 404."""
    return get_or_404(profile_list(actor=actor, action=action), community=community, number=number)


@dataclass(frozen=True)
class ParticipationTables:
    """Who took part, as margins (group, sex, age band) with their total; suppressed for
    readers outside the agency that ran the assessment."""

    by_group: CountTable[str]
    by_sex: CountTable[str]
    by_age: CountTable[str]
    grid: list[tuple[str, str, str, int]]  # exact rows, only for the preparing agency
    exact: bool

    @property
    def total(self) -> Any:
        return self.by_group.total

    @property
    def tables(self) -> list[tuple[str, CountTable[str]]]:
        """The three margins with the label set of their rows."""
        return [("participant_group", self.by_group), ("participant_sex", self.by_sex), ("age", self.by_age)]


def participation_tables(profile: CommunityProfile, *, exact: bool) -> ParticipationTables:
    """Who took part, as three margins; exact only for the agency that ran the assessment."""
    rows = list(profile.participation.values_list("group", "sex", "age_band", "count"))
    by_group: dict[str, int] = {g.value: 0 for g in ParticipantGroup}
    by_sex: dict[str, int] = {s.value: 0 for s in ParticipantSex}
    by_age: dict[str, int] = {a.value: 0 for a in AgeGroup}
    for group, sex, age, count in rows:
        by_group[group] += count
        by_sex[sex] += count
        by_age[age] += count
    return ParticipationTables(
        by_group=suppress_counts(by_group, exact=exact),
        by_sex=suppress_counts(by_sex, exact=exact),
        by_age=suppress_counts(by_age, exact=exact),
        grid=rows if exact else [],
        exact=exact,
    )


@dataclass(frozen=True)
class ProfileDetail:
    """A profile page: the version shown, its sections, who took part, the other versions."""

    community: Community
    profile: CommunityProfile | None
    sections: list[tuple[str, list[ProfileEntry]]]
    participation: ParticipationTables | None
    versions: list[CommunityProfile]
    draft: CommunityProfile | None
    is_current: bool
    can_edit: bool
    service_directory_url: str = ""


def profile_detail(*, actor: Actor, community: Community, number: int | None = None) -> ProfileDetail:
    """A profile version (the current one by default) with its sections and who took part."""
    versions = list(profile_list(actor=actor).filter(community=community).order_by("-number"))
    published = [p for p in versions if p.status == ProfileStatus.PUBLISHED]
    draft = next((p for p in versions if p.status == ProfileStatus.DRAFT), None)
    if number is None:
        profile = published[0] if published else None
    else:
        profile = next((p for p in versions if p.number == number), None)
        if profile is None:
            raise Http404(_("Not found."))
    sections: list[tuple[str, list[ProfileEntry]]] = []
    participation = None
    if profile is not None:
        by_kind: dict[str, list[ProfileEntry]] = defaultdict(list)
        for entry in profile.entries.all():
            by_kind[entry.kind].append(entry)
        sections = [(str(kind), by_kind.get(kind, [])) for kind in ENTRY_KIND_ORDER]
        participation = participation_tables(profile, exact=actor.agency_id == profile.agency_id)
    return ProfileDetail(
        community=community,
        profile=profile,
        sections=sections,
        participation=participation,
        versions=[p for p in versions if p.status == ProfileStatus.PUBLISHED],
        draft=draft,
        is_current=bool(profile and published and profile.pk == published[0].pk),
        can_edit=policy.may_edit_communities(actor) and is_team_member(actor, community),
        service_directory_url=service_directory_url(community.place),
    )


def profile_entry_get(*, actor: Actor, profile: CommunityProfile, entry_id: int) -> ProfileEntry:
    """An entry of a draft the actor may change."""
    drafts = profile_list(actor=actor, action=Action.CHANGE).filter(status=ProfileStatus.DRAFT)
    return get_or_404(ProfileEntry.objects.filter(profile__in=drafts, profile=profile), pk=entry_id)


# --- stakeholders ------------------------------------------------------------------------


def stakeholder_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[Stakeholder]:
    """Stakeholders the actor may read (all) or change (C3), each annotated with
    `contact_visible`: whether the actor may see its contact details."""
    contact = Stakeholder.objects.filter(policy.stakeholder_contact_scope(actor), pk=OuterRef("pk"))
    return (
        Stakeholder.objects.filter(policy.stakeholder_scope(actor, action))
        .select_related("community__place", "agency", "owning_agency")
        .annotate(contact_visible=Exists(contact))
    )


def stakeholder_get(*, actor: Actor, stakeholder_id: UUID | str, action: Action = Action.VIEW) -> Stakeholder:
    """One stakeholder, annotated with `contact_visible`, or 404."""
    return get_or_404(stakeholder_list(actor=actor, action=action), pk=stakeholder_id)


def stakeholder_options(*, actor: Actor, community: Community) -> QuerySet[Stakeholder]:
    """The community's active stakeholders, for choice fields (names on the map only)."""
    return stakeholder_list(actor=actor).filter(community=community, is_active=True).order_by("name")


@dataclass(frozen=True)
class StakeholderFilters:
    """What a stakeholder map can be narrowed by."""

    query: str = ""
    kind: str = ""
    willingness: str = ""
    trust: str = ""
    quadrant: str = ""
    include_inactive: bool = False


QUADRANT_Q = {
    "manage": Q(influence__gte=3, interest__gte=3),
    "satisfy": Q(influence__gte=3, interest__lt=3),
    "inform": Q(influence__lt=3, interest__gte=3),
    "monitor": Q(influence__lt=3, interest__lt=3),
}


def stakeholder_search(
    *, actor: Actor, community: Community, filters: StakeholderFilters
) -> QuerySet[Stakeholder]:
    """The community's map, filtered; names on the map only (contact fields are not searched)."""
    stakeholders = stakeholder_list(actor=actor).filter(community=community)
    if not filters.include_inactive:
        stakeholders = stakeholders.filter(is_active=True)
    if filters.query.strip():
        stakeholders = stakeholders.filter(name__icontains=filters.query.strip())
    if filters.kind:
        stakeholders = stakeholders.filter(kind=filters.kind)
    if filters.willingness:
        stakeholders = stakeholders.filter(willingness=filters.willingness)
    if filters.trust:
        stakeholders = stakeholders.filter(trust=filters.trust)
    if filters.quadrant in QUADRANT_Q:
        stakeholders = stakeholders.filter(QUADRANT_Q[filters.quadrant])
    return stakeholders.order_by("-influence", "-interest", "name")


@dataclass(frozen=True)
class GridCell:
    """One square of the influence/interest grid and the stakeholders in it."""

    influence: int
    interest: int
    stakeholders: list[Stakeholder]


def influence_grid(stakeholders: Iterable[Stakeholder]) -> list[list[GridCell]]:
    """5 × 5 grid, rows from high influence down, columns from low interest up."""
    cells: dict[tuple[int, int], list[Stakeholder]] = defaultdict(list)
    for stakeholder in stakeholders:
        cells[(stakeholder.influence, stakeholder.interest)].append(stakeholder)
    return [
        [GridCell(influence, interest, cells.get((influence, interest), [])) for interest in range(1, 6)]
        for influence in range(5, 0, -1)
    ]


@dataclass(frozen=True)
class StakeholderDetail:
    """A stakeholder's page: contact details and history only when `sees_contact`."""

    stakeholder: Stakeholder
    sees_contact: bool
    can_change: bool
    contacts: list[StakeholderContact]
    engagements: list[Any]
    responses: list[IncidentResponse]


def stakeholder_detail(*, actor: Actor, stakeholder_id: UUID | str) -> StakeholderDetail:
    """A stakeholder's page. Audited (`stakeholder.viewed`), with the contact-and-location
    category when its contact details and history were shown."""
    stakeholder = stakeholder_get(actor=actor, stakeholder_id=stakeholder_id)
    sees_contact = bool(stakeholder.contact_visible)  # type: ignore[attr-defined]
    audit_record(
        actor=actor,
        action="stakeholder.viewed",
        target=stakeholder,
        categories=[DataCategory.CONTACT_LOCATION] if sees_contact else [],
    )
    visible_incidents = CommunityIncident.objects.filter(policy.community_incident_scope(actor))
    return StakeholderDetail(
        stakeholder=stakeholder,
        sees_contact=sees_contact,
        can_change=stakeholder_list(actor=actor, action=Action.CHANGE).filter(pk=stakeholder.pk).exists(),
        contacts=list(stakeholder.contacts.select_related("recorded_by", "agency")[:100])
        if sees_contact
        else [],
        engagements=list(stakeholder.engagements.select_related("plan", "responsible_agency")),
        responses=list(
            stakeholder.incident_responses.filter(incident__in=visible_incidents).select_related("incident")
        ),
    )


# --- survey instruments and waves --------------------------------------------------------


def instrument_list(*, active_only: bool = False) -> QuerySet[SurveyInstrument]:
    """Questionnaires (reference data, open to every signed-in user)."""
    instruments = SurveyInstrument.objects.annotate(item_count=Count("items"))
    return instruments.filter(is_active=True) if active_only else instruments


def instrument_get(instrument_id: int | str) -> SurveyInstrument:
    """One questionnaire with its items and scales, or 404."""
    return get_or_404(SurveyInstrument.objects.prefetch_related("items__scale", "scales"), pk=instrument_id)


def wave_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[SurveyWave]:
    """Survey waves the actor may read (all) or change (the community team's editors)."""
    return SurveyWave.objects.filter(policy.survey_wave_scope(actor, action)).select_related(
        "community__place", "instrument", "agency"
    )


def wave_get(*, actor: Actor, wave_id: int | str, action: Action = Action.VIEW) -> SurveyWave:
    """One wave, or 404."""
    return get_or_404(wave_list(actor=actor, action=action), pk=wave_id)


def _raw_scores(waves: list[SurveyWave]) -> tuple[dict[Any, cohesion.RawScores], dict[Any, dict[str, int]]]:
    """Scores and respondent counts of several waves in two queries, whatever their size."""
    ids = [wave.pk for wave in waves]
    rows = SurveyAnswer.objects.filter(response__wave_id__in=ids, score__isnull=False).values_list(
        "response__wave_id", "response_id", "response__group", "item__dimension", "score"
    )
    respondents: dict[Any, dict[str, int]] = defaultdict(dict)
    for wave_id, group, n in (
        SurveyResponse.objects.filter(wave_id__in=ids)
        .values_list("wave_id", "group")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        respondents[wave_id][group] = n
    return cohesion.score_rows(rows.order_by()), respondents


def wave_results(*, actor: Actor, wave: SurveyWave) -> cohesion.WaveScores:
    """A wave's scores per group and dimension; suppressed unless the actor may see its
    individual responses (C4)."""
    raw, respondents = _raw_scores([wave])
    return cohesion.wave_scores(
        raw.get(wave.pk), respondents.get(wave.pk, {}), exact=policy.survey_sees_exact(actor, wave.agency_id)
    )


@dataclass(frozen=True)
class CohesionSummary:
    """Every wave of a community with its (suppressed) scores, oldest first, for the table
    and the charts of change between waves."""

    waves: list[tuple[SurveyWave, cohesion.WaveScores]]

    def series(self, key: str) -> list[tuple[str, list[float | None]]]:
        """One series per group for a dimension (or overall): the shown value per wave."""
        return [
            (
                str(group.label),
                [_shown(scores, key, group.value) for _wave, scores in self.waves],
            )
            for group in cohesion.GROUPS
        ]


def _shown(scores: cohesion.WaveScores, key: str, group: str) -> float | None:
    row = next(r for r in scores.rows if r.key == key)
    value = row.cells[group].shown
    return float(value) if value is not None else None


def community_cohesion(*, actor: Actor, community: Community) -> CohesionSummary:
    """Scores of every wave of the community (three queries in all)."""
    waves = list(wave_list(actor=actor).filter(community=community).order_by("starts_on", "pk"))
    raw, respondents = _raw_scores(waves)
    return CohesionSummary(
        waves=[
            (
                wave,
                cohesion.wave_scores(
                    raw.get(wave.pk),
                    respondents.get(wave.pk, {}),
                    exact=policy.survey_sees_exact(actor, wave.agency_id),
                ),
            )
            for wave in waves
        ]
    )


def response_list(*, actor: Actor, wave: SurveyWave | None = None) -> QuerySet[SurveyResponse]:
    """Individual responses the actor may read and enter (M&E officers of the conducting
    agency, C4)."""
    responses = SurveyResponse.objects.filter(policy.survey_response_scope(actor)).select_related(
        "entered_by"
    )
    return responses.filter(wave=wave) if wave is not None else responses


def response_get(*, actor: Actor, wave: SurveyWave, response_id: UUID | str) -> SurveyResponse:
    """One individual response of a wave, for its M&E officers, or 404."""
    return get_or_404(response_list(actor=actor, wave=wave), pk=response_id)


def response_listing(*, actor: Actor, wave: SurveyWave) -> Listing[SurveyResponse]:
    """Individual responses, a page at a time; each page shown is audited
    (`survey.responses_viewed`). Anonymous: no person or case is named."""
    return Listing(
        actor=actor,
        action="survey.responses_viewed",
        queryset=response_list(actor=actor, wave=wave)
        .prefetch_related("answers")
        .order_by("-collected_on", "pk"),
        subject=lambda _response: (None, None),
        details={"wave": wave.pk},
    )


def may_enter_responses(actor: Actor, wave: SurveyWave) -> bool:
    """Whether the actor enters and reads this wave's individual responses (C4)."""
    return policy.survey_sees_exact(actor, wave.agency_id)


# --- incidents ---------------------------------------------------------------------------


def incident_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[CommunityIncident]:
    """Incidents the actor may see (or change); safety incidents only as rule C5 says."""
    return CommunityIncident.objects.filter(policy.community_incident_scope(actor, action)).select_related(
        "community__place", "place", "agency", "reported_by"
    )


def incident_get(*, actor: Actor, incident_id: UUID | str, action: Action = Action.VIEW) -> CommunityIncident:
    """One incident, or 404 (also for a safety incident the actor may not see)."""
    return get_or_404(incident_list(actor=actor, action=action), pk=incident_id)


@dataclass(frozen=True)
class IncidentFilters:
    """What the incident list can be narrowed by."""

    query: str = ""
    community: int | None = None
    kind: str = ""
    status: str = ""
    safety: bool = False
    open_only: bool = False

    def as_audit(self) -> dict[str, Any]:
        used = {k: v for k, v in self.__dict__.items() if v not in ("", None, False) and k != "query"}
        return {"filters": used, "query_given": bool(self.query)}


def incident_search(*, actor: Actor, filters: IncidentFilters) -> Listing[CommunityIncident]:
    """Incidents the actor may see; each page shown is audited (`incident.searched`), since
    it may list practitioner-safety incidents."""
    incidents = incident_list(actor=actor).annotate(response_count=Count("responses"))
    query = filters.query.strip()
    if query:
        incidents = incidents.filter(Q(title__icontains=query) | Q(code__iexact=query))
    if filters.community:
        incidents = incidents.filter(community_id=filters.community)
    if filters.kind:
        incidents = incidents.filter(kind=filters.kind)
    if filters.status:
        incidents = incidents.filter(status=filters.status)
    if filters.safety:
        incidents = incidents.filter(practitioner_safety=True)
    if filters.open_only:
        incidents = incidents.exclude(status=IncidentStatus.CLOSED)
    return Listing(
        actor=actor,
        action="incident.searched",
        queryset=incidents.order_by("-occurred_on", "-created_at"),
        subject=lambda _incident: (None, None),
        details=filters.as_audit(),
    )


@dataclass(frozen=True)
class IncidentDetail:
    """An incident page: the incident, the responses to it, who else is involved."""

    incident: CommunityIncident
    responses: list[IncidentResponse]
    involved: list[Agency]
    can_change: bool


def incident_detail(*, actor: Actor, incident_id: UUID | str) -> IncidentDetail:
    """An incident page; audited (`incident.viewed`, flagged for safety incidents so the
    data-protection officer can review who read them)."""
    incident = incident_get(actor=actor, incident_id=incident_id)
    audit_record(
        actor=actor,
        action="incident.viewed",
        target=incident,
        changes={"practitioner_safety": incident.practitioner_safety},
    )
    return IncidentDetail(
        incident=incident,
        responses=list(incident.responses.select_related("stakeholder", "agency", "recorded_by")),
        involved=list(incident.involved_agencies.all()),
        can_change=incident_list(actor=actor, action=Action.CHANGE).filter(pk=incident.pk).exists(),
    )


def incident_response_get(*, actor: Actor, incident: CommunityIncident, response_id: int) -> IncidentResponse:
    """One response of an incident the caller already holds, or 404."""
    return get_or_404(incident.responses.select_related("stakeholder", "agency"), pk=response_id)


def community_places(community: Community) -> QuerySet[Place]:
    """The community's place and the places within it (for "where" fields)."""
    return Place.objects.filter(pk__in=place_and_descendant_ids(community.place)).select_related("parent")


# --- plans -------------------------------------------------------------------------------


def plan_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[CommunityPlan]:
    """Plans the actor may read (all) or change (editors of the lead and partner agencies)."""
    return CommunityPlan.objects.filter(policy.community_plan_scope(actor, action)).select_related(
        "community__place", "programme", "lead_agency", "profile"
    )


def plan_get(*, actor: Actor, plan_id: int | str, action: Action = Action.VIEW) -> CommunityPlan:
    """One plan, or 404."""
    return get_or_404(plan_list(actor=actor, action=action), pk=plan_id)


@dataclass(frozen=True)
class PlanFilters:
    """What the plan list can be narrowed by."""

    query: str = ""
    community: int | None = None
    status: str = ""
    mine: bool = False


def plan_search(*, actor: Actor, filters: PlanFilters) -> QuerySet[CommunityPlan]:
    """The plan list with the number of steps done and of partners (no query per row)."""
    plans = plan_list(actor=actor).annotate(
        done_steps=Count("steps", filter=Q(steps__status__in=[StepStatus.DONE, StepStatus.NOT_APPLICABLE])),
        partner_count=Count("partners", distinct=True),
    )
    if filters.query.strip():
        plans = plans.filter(title__icontains=filters.query.strip())
    if filters.community:
        plans = plans.filter(community_id=filters.community)
    if filters.status:
        plans = plans.filter(status=filters.status)
    if filters.mine:
        plans = plans.filter(policy.community_plan_scope(actor, Action.CHANGE))
    return plans.order_by("-created_at")


@dataclass(frozen=True)
class PhaseView:
    """One PAVE step of a plan (a phase) with its sub-steps; its status follows theirs."""

    phase: str
    steps: list[PlanStep]

    @property
    def status(self) -> str:
        statuses = {step.status for step in self.steps}
        if statuses <= {StepStatus.DONE, StepStatus.NOT_APPLICABLE}:
            return StepStatus.DONE
        if statuses == {StepStatus.NOT_STARTED}:
            return StepStatus.NOT_STARTED
        return StepStatus.IN_PROGRESS


@dataclass
class PlanDetail:
    """The plan page."""

    plan: CommunityPlan
    phases: list[PhaseView]
    partners: list[Any]
    objectives: list[Any]
    engagements: list[Any]
    meetings: list[Any]
    capacity_needs: list[Any]
    latest_profile: CommunityProfile | None
    stakeholder_count: int
    service_directory_url: str
    can_change: bool
    unengaged: list[Stakeholder] = field(default_factory=list)


def service_directory_url(place: Place | None) -> str:
    """The service directory's search, filtered by the place, when the services app is
    installed and offers one; '' otherwise."""
    if not apps.is_installed("reintegra.services"):
        return ""
    try:
        url = reverse("services:directory")
    except NoReverseMatch:
        return ""
    return "{url}?place={pk}".format(url=url, pk=place.pk) if place is not None else url


def plan_detail(*, actor: Actor, plan_id: int | str) -> PlanDetail:
    """The plan page: its steps by phase and everything recorded under them."""
    plan = plan_get(actor=actor, plan_id=plan_id)
    steps = {step.step: step for step in plan.steps.select_related("updated_by")}
    phases = [
        PhaseView(
            phase=str(phase), steps=[steps.get(s) or PlanStep(plan=plan, step=s) for s in PLAN_STEPS[phase]]
        )
        for phase in PlanPhase
    ]
    community = plan.community
    stakeholders = (
        list(stakeholder_options(actor=actor, community=community)) if community is not None else []
    )
    engagements = list(plan.engagements.select_related("stakeholder", "responsible_agency"))
    engaged = {e.stakeholder_id for e in engagements}
    return PlanDetail(
        plan=plan,
        phases=phases,
        partners=list(plan.partners.select_related("agency")),
        objectives=list(plan.objectives.select_related("responsible_agency")),
        engagements=engagements,
        meetings=list(plan.meetings.prefetch_related("agencies").select_related("recorded_by")[:50]),
        capacity_needs=list(plan.capacity_needs.select_related("stakeholder", "agency")),
        latest_profile=current_profile(community) if community is not None else None,
        stakeholder_count=len(stakeholders),
        service_directory_url=service_directory_url(community.place if community else None),
        can_change=policy.community_plan_allows(actor, plan),
        unengaged=[s for s in stakeholders if s.pk not in engaged],
    )


def plan_child_get(*, plan: CommunityPlan, kind: str, item_id: int) -> Any:
    """A row under a plan (objective, partner, …) — the plan came from `plan_get`."""
    related: dict[str, Any] = {
        "objective": plan.objectives,
        "engagement": plan.engagements,
        "partner": plan.partners,
        "meeting": plan.meetings,
        "capacity": plan.capacity_needs,
    }
    if kind not in related:
        raise Http404(_("Not found."))
    return get_or_404(related[kind].all(), pk=item_id)


# --- the community page ------------------------------------------------------------------


@dataclass
class CommunityOverview:
    """The community's front page."""

    community: Community
    profile: CommunityProfile | None
    caseload: Caseload
    quadrants: dict[str, int]
    stakeholder_count: int
    cohesion: CohesionSummary
    incidents: list[CommunityIncident]
    plans: list[CommunityPlan]
    can_change: bool
    is_team: bool


def community_overview(*, actor: Actor, community_id: int | str) -> CommunityOverview:
    """The community's front page: a bounded number of queries, whatever its size."""
    community = community_get(actor=actor, community_id=community_id)
    stakeholders = list(
        Stakeholder.objects.filter(community=community, is_active=True).values_list("influence", "interest")
    )
    quadrants = {"manage": 0, "satisfy": 0, "inform": 0, "monitor": 0}
    for influence, interest in stakeholders:
        key = (
            ("manage" if interest >= 3 else "satisfy")
            if influence >= 3
            else ("inform" if interest >= 3 else "monitor")
        )
        quadrants[key] += 1
    return CommunityOverview(
        community=community,
        profile=current_profile(community),
        caseload=community_caseload(community),
        quadrants=quadrants,
        stakeholder_count=len(stakeholders),
        cohesion=community_cohesion(actor=actor, community=community),
        incidents=list(incident_list(actor=actor).filter(community=community).order_by("-occurred_on")[:5]),
        plans=list(plan_list(actor=actor).filter(community=community)),
        can_change=may_change_community(actor, community),
        is_team=is_team_member(actor, community),
    )
