"""Who may see or change which records, and which data categories of them.

This module is the only place these rules live. Each `*_scope` function returns a `Q` for
its model; selectors apply it, so the same rule serves lists, detail pages, the API,
search and exports. Anything not granted here is denied. There is deliberately no
superuser bypass: Django's `is_superuser` opens the admin for reference data only.

The rules:

1. A user sees a case when its lead agency is the user's active agency and the user is
   on the case team for that agency, or holds the supervisor role there.
1b. A user of a partner agency sees category C of a case when they are on its team for
   their agency, an active information-sharing protocol signed by every party lets the
   lead agency share C with their agency (and their party may receive C), and a consent or
   legal basis of the person, in force today, covers their agency (directly or as a
   protocol party), C, and a purpose of that protocol. Partners never change the case.
1c. An open break-glass grant (written reason, time-boxed, alerted and reviewed) shows
   its holder every category of that one case, read-only.
2. What a team member sees of a case depends on their role on it
   (`CASE_ROLE_CATEGORIES`); supervisors see every category.
3. Case managers and case workers change a case; case managers manage its team;
   supervisors may do all of this and are the only ones who reopen closed cases.
4. A person is seen through a case that is seen, with that case's categories. A person
   registered with no case yet is seen by their registrar and the agency's supervisors.
5. A household is seen when one of its members is seen with the family category.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet

from reintegra.accounts.choices import MembershipRole
from reintegra.cases.choices import CaseRole
from reintegra.cases.models import Case, CaseTeamMember
from reintegra.core.actors import Actor
from reintegra.core.choices import DataCategory as C
from reintegra.people.models import HouseholdMember, Person
from reintegra.sharing import rules as sharing_rules
from reintegra.sharing.models import BreakGlassGrant, ProtocolParty, SharingProtocol


class Action(StrEnum):
    """What an actor wants to do with a record."""

    VIEW = "view"
    CHANGE = "change"
    MANAGE_TEAM = "manage_team"
    REOPEN = "reopen"


ALL_CATEGORIES: frozenset[str] = frozenset(C.values)
NOTHING = Q(pk__in=[])

#: What each role on a case may see. Need-to-know: a mentor does not read risk
#: assessments or health notes; a service provider sees who and how to reach them.
CASE_ROLE_CATEGORIES: dict[str, frozenset[str]] = {
    CaseRole.CASE_MANAGER: ALL_CATEGORIES,
    CaseRole.CO_WORKER: ALL_CATEGORIES,
    CaseRole.PSYCHOLOGIST: ALL_CATEGORIES,
    CaseRole.MENTOR: frozenset({C.IDENTITY, C.CONTACT_LOCATION, C.FAMILY_CHILDREN, C.CASE_NOTES, C.OUTCOMES}),
    CaseRole.RELIGIOUS_COUNSELLOR: frozenset(
        {C.IDENTITY, C.BELIEF_IDEOLOGY, C.FAMILY_CHILDREN, C.CASE_NOTES}
    ),
    CaseRole.SERVICE_PROVIDER: frozenset({C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES}),
}

#: Which roles on a case grant each action beyond viewing.
CASE_ROLE_ACTIONS: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset(CaseRole.values),
    Action.CHANGE: frozenset({CaseRole.CASE_MANAGER, CaseRole.CO_WORKER}),
    Action.MANAGE_TEAM: frozenset({CaseRole.CASE_MANAGER}),
    Action.REOPEN: frozenset(),
}

SUPERVISING_ROLES = (MembershipRole.SUPERVISOR,)


def is_supervisor(actor: Actor) -> bool:
    """Supervisors oversee every case their active agency leads."""
    return actor.agency_id is not None and actor.has_role(*SUPERVISING_ROLES)


def _roles_granting(action: Action, category: str | None) -> frozenset[str]:
    roles = CASE_ROLE_ACTIONS[action]
    if category is None:
        return roles
    return frozenset(r for r in roles if category in CASE_ROLE_CATEGORIES[r])


def _my_team_rows(actor: Actor) -> "QuerySet[CaseTeamMember]":
    """The actor's active places on case teams, for their active agency (caller checked
    the actor has both a user and an agency)."""
    return CaseTeamMember.objects.filter(
        user_id=actor.user_pk, agency_id=actor.agency_pk, ended_at__isnull=True
    )


def _own_agency_scope(actor: Actor, action: Action, category: str | None) -> Q:
    """Rule 1: cases the actor's own agency leads."""
    own_agency = Q(lead_agency_id=actor.agency_id)
    if is_supervisor(actor):
        return own_agency
    roles = _roles_granting(action, category)
    if not roles:
        return NOTHING
    on_team = _my_team_rows(actor).filter(role__in=roles).values("case_id")
    return own_agency & Q(pk__in=on_team)


def _partner_scope(actor: Actor, category: str | None) -> Q:
    """Rule 1b: cases of other agencies the actor is on the team of, where a live protocol
    and a consent or legal basis let the lead agency share (`category`, or any category)."""
    granted = NOTHING
    for lead_id, channels in sharing_rules.channels_to(actor.agency_pk).items():
        for channel in channels:
            if category is not None and category not in channel.categories:
                continue
            wanted = [category] if category is not None else channel.categories
            bases = sharing_rules.bases_for(channel, wanted).filter(person_id=OuterRef("person_id"))
            granted |= Q(lead_agency_id=lead_id) & Q(Exists(bases))
    on_team = _my_team_rows(actor).values("case_id")
    return ~Q(lead_agency_id=actor.agency_id) & Q(pk__in=on_team) & granted


def _break_glass_cases(actor: Actor) -> "QuerySet[BreakGlassGrant]":
    return BreakGlassGrant.objects.open_now().filter(user_id=actor.user_pk, agency_id=actor.agency_pk)


def case_scope(actor: Actor, action: Action = Action.VIEW, category: str | None = None) -> Q:
    """Cases on which `actor` may do `action` (and see `category`, when given)."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    own = _own_agency_scope(actor, action, category)
    if action is not Action.VIEW:
        return own  # partners and break-glass holders read, they never change
    return own | _partner_scope(actor, category) | Q(pk__in=_break_glass_cases(actor).values("case_id"))


def case_categories(actor: Actor, case: Case, team_role: str | None) -> frozenset[str]:
    """Categories of `case` the actor may see, given their role on it (None if not on it).

    Must agree with `case_scope(actor, VIEW, category)`; the policy matrix test checks.
    """
    return case_access(actor, case, team_role).categories


@dataclass(frozen=True)
class CaseAccess:
    """What the actor sees of one case and why: through their own agency, as a partner
    under a protocol and a consent or legal basis, or by breaking the glass."""

    categories: frozenset[str]
    path: str = ""  # "own" | "partner" | "break_glass" | ""
    protocol_ref: str = ""
    basis_ref: str = ""
    review_overdue: bool = False  # a partner's protocol is past its review date (grace period)

    @property
    def flagged(self) -> bool:
        return self.path == "break_glass"


def _holds_break_glass(actor: Actor, case: Case) -> bool:
    annotated = getattr(case, "actor_break_glass", None)
    if annotated is not None:
        return bool(annotated)
    return _break_glass_cases(actor).filter(case_id=case.pk).exists()


def case_access(actor: Actor, case: Case, team_role: str | None) -> CaseAccess:
    """Rules 1, 1b and 1c for one case (from `case_list`, which annotates the actor's role)."""
    if actor.user_id is None or actor.agency_id is None:
        return CaseAccess(frozenset())
    if case.lead_agency_id == actor.agency_id:
        own = (
            ALL_CATEGORIES if is_supervisor(actor) else CASE_ROLE_CATEGORIES.get(team_role or "", frozenset())
        )
        if own:
            return CaseAccess(own, "own")
    elif team_role:
        partner = sharing_rules.partner_access(case, actor.agency_id)
        if partner.categories:
            return CaseAccess(
                partner.categories, "partner", partner.protocol_ref, partner.basis_ref, partner.review_overdue
            )
    if _holds_break_glass(actor, case):
        return CaseAccess(ALL_CATEGORIES, "break_glass")
    return CaseAccess(frozenset())


def case_allows(actor: Actor, case: Case, team_role: str | None, action: Action) -> bool:
    """Whether the actor may do `action` on a case they can already see."""
    if actor.agency_id is None or case.lead_agency_id != actor.agency_id:
        return False
    if is_supervisor(actor):
        return True
    return (team_role or "") in CASE_ROLE_ACTIONS[action]


def _registered_without_case(actor: Actor) -> Q:
    """Rule 4's second half: a person registered here who has no case yet."""
    registered = Q(registering_agency_id=actor.agency_id)
    if not is_supervisor(actor):
        registered &= Q(created_by_id=actor.user_id)
    return registered & Q(~Exists(Case.objects.filter(person_id=OuterRef("pk"))))


def person_scope(actor: Actor, action: Action = Action.VIEW, category: str | None = None) -> Q:
    """People the actor may see (or change), through a case or as their registrar."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    via_case = Q(pk__in=Case.objects.filter(case_scope(actor, action, category)).values("person_id"))
    return via_case | _registered_without_case(actor)


def person_categories(
    actor: Actor, person: Person, case_categories_seen: list[frozenset[str]]
) -> frozenset[str]:
    """Union of what the actor sees of each of the person's cases; all when they registered
    a person who has no case yet (`case_categories_seen` is then empty)."""
    merged: frozenset[str] = frozenset().union(*case_categories_seen) if case_categories_seen else frozenset()
    if (
        not case_categories_seen
        and person.registering_agency_id == actor.agency_id
        and (is_supervisor(actor) or person.created_by_id == actor.user_id)
    ):
        return ALL_CATEGORIES
    return merged


def household_scope(actor: Actor, action: Action = Action.VIEW) -> Q:
    """Households with a member the actor sees with the family category (or may change)."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    category = C.FAMILY_CHILDREN if action is Action.VIEW else None
    people = Person.objects.filter(
        person_scope(actor, Action.VIEW if action is Action.VIEW else Action.CHANGE, category)
    )
    via_member = Q(pk__in=HouseholdMember.objects.filter(person__in=people).values("household_id"))
    registered = Q(registering_agency_id=actor.agency_id) & Q(
        ~Exists(HouseholdMember.objects.filter(household_id=OuterRef("pk")))
    )
    if not is_supervisor(actor):
        registered &= Q(created_by_id=actor.user_id)
    return via_member | registered


def note_scope(actor: Actor) -> Q:
    """Case notes whose category the actor may see on their case."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    shared = NOTHING  # partners and break-glass holders: category by category
    for category in C.values:
        shared |= Q(
            category=category,
            case__in=Case.objects.filter(
                _partner_scope(actor, category) | Q(pk__in=_break_glass_cases(actor).values("case_id"))
            ).values("pk"),
        )
    own_agency = Q(case__lead_agency_id=actor.agency_id)
    if is_supervisor(actor):
        return own_agency | shared
    rows = _my_team_rows(actor)
    by_role = Q(pk__in=[])
    for role, categories in CASE_ROLE_CATEGORIES.items():
        by_role |= Q(case__in=rows.filter(role=role).values("case_id"), category__in=categories)
    return (own_agency & by_role) | shared


def note_categories_writable(actor: Actor, case: Case, team_role: str | None) -> frozenset[str]:
    """A team member of the lead agency writes notes in the categories they may read on
    this case; partners and break-glass holders read only."""
    if case.lead_agency_id != actor.agency_id:
        return frozenset()
    return CASE_ROLE_CATEGORIES.get(team_role or "", frozenset()) | (
        ALL_CATEGORIES if is_supervisor(actor) else frozenset()
    )


def task_scope(actor: Actor, action: Action = Action.VIEW) -> Q:
    """Tasks on cases the actor may see; personal tasks for their assignee and author."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    personal = Q(case__isnull=True) & (Q(assignee_id=actor.user_id) | Q(created_by_id=actor.user_id))
    # Task titles are free text about the case, so they follow the case-notes category.
    seen_cases = Case.objects.filter(case_scope(actor, Action.VIEW, C.CASE_NOTES)).values("pk")
    if action is Action.VIEW:
        return personal | Q(case__in=seen_cases)
    changed_cases = Case.objects.filter(case_scope(actor, Action.CHANGE, C.CASE_NOTES)).values("pk")
    mine_on_seen_case = Q(assignee_id=actor.user_id, case__in=seen_cases)
    return personal | mine_on_seen_case | Q(case__in=changed_cases)


def disclosure_log_allowed(actor: Actor, can_change_person: bool) -> bool:
    """Who saw a person's data is shown to those responsible for the person: users who
    may change them (case managers, case workers, supervisors)."""
    return can_change_person and actor.agency_id is not None


#: Membership roles that register people and households and open cases.
INTAKE_ROLES = (MembershipRole.CASE_WORKER, MembershipRole.SUPERVISOR)


def may_register_people(actor: Actor) -> bool:
    """Case workers and supervisors register people, households and new cases."""
    return actor.agency_id is not None and actor.has_role(*INTAKE_ROLES)


def may_open_cases(actor: Actor) -> bool:
    """Opening a case is intake work, as registering the person is."""
    return may_register_people(actor)


# --- sharing with partner agencies (filled in by the sharing issue) ----------------------


def shareable_categories(case: Case, agency_id: int) -> frozenset[str]:
    """Categories of `case` its lead agency may share with `agency_id` today: those an
    active, fully signed, in-date protocol allows AND the person's consent (or a recorded
    legal basis) covers. The lead agency shares everything with itself."""
    if agency_id == case.lead_agency_id:
        return ALL_CATEGORIES
    return sharing_rules.partner_access(case, agency_id).categories


#: Who writes protocols for their agency, and who signs on its behalf.
PROTOCOL_MANAGER_ROLES = (
    MembershipRole.SUPERVISOR,
    MembershipRole.PROGRAMME_MANAGER,
    MembershipRole.AGENCY_ADMIN,
)
SIGNATORY_ROLES = (MembershipRole.SUPERVISOR, MembershipRole.AGENCY_ADMIN)
#: Who may record a legal basis (court order, statutory duty) instead of consent.
LEGAL_BASIS_ROLES = (MembershipRole.SUPERVISOR, MembershipRole.DATA_PROTECTION_OFFICER)
#: Who may break the glass in an emergency (a frontline or clinical role, never an outsider role).
BREAK_GLASS_ROLES = (MembershipRole.CASE_WORKER, MembershipRole.SUPERVISOR, MembershipRole.PSYCHOLOGIST)


def protocol_scope(actor: Actor) -> Q:
    """Protocols the actor's agency coordinates or is a party to (any version)."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    parties = ProtocolParty.objects.filter(agency_id=actor.agency_id).values("version__protocol_id")
    return Q(coordinating_agency_id=actor.agency_id) | Q(pk__in=parties)


def may_manage_protocols(actor: Actor) -> bool:
    """Supervisors, programme managers and agency administrators draft, amend and review
    the protocols their agency coordinates."""
    return actor.agency_id is not None and actor.has_role(*PROTOCOL_MANAGER_ROLES)


def may_manage_protocol(actor: Actor, protocol: SharingProtocol) -> bool:
    """The coordinating agency's protocol managers."""
    return may_manage_protocols(actor) and protocol.coordinating_agency_id == actor.agency_id


def may_sign_for(actor: Actor, agency_id: int) -> bool:
    """An authorised signatory: a supervisor or administrator acting for that agency."""
    return actor.agency_id == agency_id and actor.has_role(*SIGNATORY_ROLES)


def may_record_consent(actor: Actor, person: Person) -> bool:
    """Those responsible for the person (who may change them) record their consent."""
    return Person.objects.filter(person_scope(actor, Action.CHANGE)).filter(pk=person.pk).exists()


def may_record_legal_basis(actor: Actor, person: Person) -> bool:
    """Supervisors and data-protection officers of an agency leading one of the person's cases."""
    return (
        actor.agency_id is not None
        and actor.has_role(*LEGAL_BASIS_ROLES)
        and Case.objects.filter(person_id=person.pk, lead_agency_id=actor.agency_id).exists()
    )


def is_data_protection_officer(actor: Actor) -> bool:
    """The agency's data-protection officer reviews break-glass access and disclosures."""
    return actor.agency_id is not None and actor.has_role(MembershipRole.DATA_PROTECTION_OFFICER)


def basis_scope(actor: Actor) -> Q:
    """Consents and legal bases of people the actor is responsible for, and every basis
    the actor's agency recorded when the actor is its data-protection officer."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    responsible = Q(person__in=Person.objects.filter(person_scope(actor, Action.CHANGE)).values("pk"))
    if is_data_protection_officer(actor):
        return responsible | Q(recording_agency_id=actor.agency_id)
    return responsible


def may_break_glass(actor: Actor) -> bool:
    """Case workers, supervisors and psychologists may request emergency access."""
    return actor.agency_id is not None and actor.has_role(*BREAK_GLASS_ROLES)


def break_glass_scope(actor: Actor) -> Q:
    """Grants the actor holds, and (for supervisors and data-protection officers) grants on
    cases their agency leads, which they review."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    mine = Q(user_id=actor.user_id)
    if actor.has_role(MembershipRole.SUPERVISOR, MembershipRole.DATA_PROTECTION_OFFICER):
        return mine | Q(case__lead_agency_id=actor.agency_id)
    return mine


def may_review_break_glass(actor: Actor, grant: BreakGlassGrant) -> bool:
    """The lead agency's data-protection officer (or a supervisor), never the holder."""
    return (
        actor.agency_id == grant.case.lead_agency_id
        and actor.has_role(MembershipRole.DATA_PROTECTION_OFFICER, MembershipRole.SUPERVISOR)
        and actor.user_id != grant.user_id
    )


def disclosure_report_allowed(actor: Actor, person: Person) -> bool:
    """Subject-access reports: those responsible for the person, or the data-protection
    officer of an agency leading one of their cases."""
    if may_record_consent(actor, person):
        return True
    return (
        is_data_protection_officer(actor)
        and Case.objects.filter(person_id=person.pk, lead_agency_id=actor.agency_id).exists()
    )


# --- communities (reintegra/communities: profiles, stakeholders, surveys, incidents, plans) ---
#
# Community records are shared programme knowledge about places, not records about people.
# The rules (docs/security-model.md, "Community track"):
#
# C1. Everyone signed in with an active agency reads communities, published profiles,
#     stakeholder maps (without contact details), survey waves and their suppressed
#     results, plans, and incidents other than practitioner-safety incidents.
# C2. A community's team is its steward agency plus the partner agencies of its plans that
#     are not closed. Supervisors, programme managers and M&E officers of a team agency
#     change the community's records and see its draft profile. Any of these roles may set
#     up a new community; their agency becomes its steward.
# C3. A stakeholder's contact details and contact history are contact-and-location data:
#     seen only by staff of the agency holding the relationship and of the partner agencies
#     of the community's open plans. Editing a stakeholder (which shows them) needs that too.
# C4. Survey responses are anonymous; individual responses are entered and read only by the
#     M&E officers of the agency that conducts the wave. Everyone else sees aggregates with
#     small cells suppressed.
# C5. Practitioner-safety incidents are seen only by their reporter and by supervisors,
#     data-protection officers and programme managers of the recording agency and of the
#     other agencies named as involved; anyone with an agency may report one.
# C6. A plan is changed by the editors (C2 roles) of its lead agency and partner agencies.

from typing import Any as _Any  # noqa: E402

from reintegra.communities.choices import PlanStatus  # noqa: E402
from reintegra.communities.models import (  # noqa: E402
    Community,
    CommunityIncident,
    CommunityPlan,
    PlanPartner,
)
from reintegra.programmes.models import Programme  # noqa: E402

#: Membership roles that change community records (C2).
COMMUNITY_EDITOR_ROLES = (
    MembershipRole.SUPERVISOR,
    MembershipRole.PROGRAMME_MANAGER,
    MembershipRole.ME_OFFICER,
)
#: Roles that enter and read individual survey responses of their agency's waves (C4).
SURVEY_DATA_ROLES = (MembershipRole.ME_OFFICER,)
#: Roles that see the practitioner-safety incidents of the agencies involved (C5).
SAFETY_INCIDENT_ROLES = (
    MembershipRole.SUPERVISOR,
    MembershipRole.DATA_PROTECTION_OFFICER,
    MembershipRole.PROGRAMME_MANAGER,
)


def _acts_for_agency(actor: Actor) -> bool:
    return actor.user_id is not None and actor.agency_id is not None


def may_edit_communities(actor: Actor) -> bool:
    """Supervisors, programme managers and M&E officers change community records (C2)."""
    return _acts_for_agency(actor) and actor.has_role(*COMMUNITY_EDITOR_ROLES)


def _partner_community_ids(actor: Actor) -> "QuerySet[PlanPartner, _Any]":
    """Communities with a plan that is not closed and has the actor's agency as a partner."""
    return (
        PlanPartner.objects.filter(agency_id=actor.agency_pk, plan__community__isnull=False)
        .exclude(plan__status=PlanStatus.CLOSED)
        .values("plan__community_id")
    )


def community_team_ids(actor: Actor) -> "QuerySet[Community, _Any]":
    """Ids of the communities whose team includes the actor's agency (C2)."""
    return Community.objects.filter(
        Q(steward_agency_id=actor.agency_id) | Q(pk__in=_partner_community_ids(actor))
    ).values("pk")


def community_scope(actor: Actor, action: Action = Action.VIEW) -> Q:
    """Communities the actor may read (all) or change (their team's, as an editor)."""
    if not _acts_for_agency(actor):
        return NOTHING
    if action is Action.VIEW:
        return Q()
    return Q(pk__in=community_team_ids(actor)) if may_edit_communities(actor) else NOTHING


def community_profile_scope(actor: Actor, action: Action = Action.VIEW) -> Q:
    """Published profiles for everyone; drafts for the community team; changes by its editors."""
    if not _acts_for_agency(actor):
        return NOTHING
    team = Q(community_id__in=community_team_ids(actor))
    if action is Action.VIEW:
        return Q(status="published") | team
    return team if may_edit_communities(actor) else NOTHING


def stakeholder_contact_scope(actor: Actor) -> Q:
    """Stakeholders whose contact details and contact history the actor may see (C3)."""
    if not _acts_for_agency(actor):
        return NOTHING
    return Q(owning_agency_id=actor.agency_id) | Q(community_id__in=_partner_community_ids(actor))


def stakeholder_scope(actor: Actor, action: Action = Action.VIEW) -> Q:
    """Every stakeholder is on the map for every reader; editors change those whose
    contact details they may see (C3)."""
    if not _acts_for_agency(actor):
        return NOTHING
    if action is Action.VIEW:
        return Q()
    return stakeholder_contact_scope(actor) if may_edit_communities(actor) else NOTHING


def survey_wave_scope(actor: Actor, action: Action = Action.VIEW) -> Q:
    """Waves and their suppressed results for everyone; changes by the community's editors."""
    if not _acts_for_agency(actor):
        return NOTHING
    if action is Action.VIEW:
        return Q()
    return Q(community_id__in=community_team_ids(actor)) if may_edit_communities(actor) else NOTHING


def survey_response_scope(actor: Actor, *, wave_field: str = "wave") -> Q:
    """Individual responses: the M&E officers of the conducting agency only (C4)."""
    if not _acts_for_agency(actor) or not actor.has_role(*SURVEY_DATA_ROLES):
        return NOTHING
    return Q(**{wave_field + "__agency_id": actor.agency_id})


def survey_sees_exact(actor: Actor, wave_agency_id: int) -> bool:
    """Whether the actor may see a wave's results without suppression: those who see its
    individual responses anyway (C4)."""
    return (
        _acts_for_agency(actor) and actor.has_role(*SURVEY_DATA_ROLES) and actor.agency_id == wave_agency_id
    )


def _safety_incidents_seen(actor: Actor) -> Q:
    mine = Q(reported_by_id=actor.user_id)
    if not actor.has_role(*SAFETY_INCIDENT_ROLES):
        return mine
    involved = CommunityIncident.involved_agencies.through.objects.filter(agency_id=actor.agency_pk).values(
        "communityincident_id"
    )
    return mine | Q(agency_id=actor.agency_id) | Q(pk__in=involved)


def community_incident_scope(actor: Actor, action: Action = Action.VIEW) -> Q:
    """Incidents: all but practitioner-safety ones for everyone (C1), safety ones as C5 says.
    Changes: the reporter; the community's editors for ordinary incidents; the safety roles
    of the involved agencies for safety incidents."""
    if not _acts_for_agency(actor):
        return NOTHING
    safety = _safety_incidents_seen(actor)
    if action is Action.VIEW:
        return Q(practitioner_safety=False) | (Q(practitioner_safety=True) & safety)
    changed = Q(reported_by_id=actor.user_id) | (Q(practitioner_safety=True) & safety)
    if may_edit_communities(actor):
        changed |= Q(practitioner_safety=False, community_id__in=community_team_ids(actor))
    return changed


def may_report_incidents(actor: Actor) -> bool:
    """Anyone working for an agency may report an incident, a threat against them above all."""
    return _acts_for_agency(actor)


def community_plan_scope(actor: Actor, action: Action = Action.VIEW) -> Q:
    """Plans are read by everyone; changed by editors of the lead and partner agencies (C6)."""
    if not _acts_for_agency(actor):
        return NOTHING
    if action is Action.VIEW:
        return Q()
    if not may_edit_communities(actor):
        return NOTHING
    partner_of = PlanPartner.objects.filter(agency_id=actor.agency_pk).values("plan_id")
    return Q(lead_agency_id=actor.agency_id) | Q(pk__in=partner_of)


def may_create_community_plan(actor: Actor, community: Community | None, programme: Programme | None) -> bool:
    """A community's plan is started by its team's editors; a programme-only plan by the
    editors of the programme's lead agency."""
    if not may_edit_communities(actor):
        return False
    if community is not None:
        return Community.objects.filter(pk=community.pk, pk__in=community_team_ids(actor)).exists()
    return programme is not None and programme.lead_agency_id == actor.agency_id


def community_plan_allows(actor: Actor, plan: CommunityPlan) -> bool:
    """Whether the actor may change this plan (C6), for a plan already loaded."""
    return CommunityPlan.objects.filter(community_plan_scope(actor, Action.CHANGE), pk=plan.pk).exists()


# --- assessments, plans and sessions (issue #4) -------------------------------------------
#
# Every record hangs off a case and carries a data category: a record of category C on
# case K is visible exactly when K is visible with C (`case_scope`), so partners and
# break-glass holders read them as they read the case, and never change them. Changes
# need the CHANGE action on the case (case managers, case workers, supervisors), except:
# qualified assessors (`ASSESSOR_CASE_ROLES`, a psychologist too) write and sign their own
# assessments and surveys, every team member logs the sessions they held, and whoever is
# responsible for a plan action reports its progress. See docs/security-model.md.

#: "Qualified" to conduct, sign and countersign structured assessments and to take the
#: sustainability survey: these roles on the case team (of the lead agency), and the lead
#: agency's supervisors. The assessor and the countersigner are two different qualified
#: users. A role qualifies only for assessments whose category it may see.
ASSESSOR_CASE_ROLES: frozenset[str] = frozenset(
    {CaseRole.CASE_MANAGER, CaseRole.CO_WORKER, CaseRole.PSYCHOLOGIST}
)

#: Who loads, publishes and retires instruments (assessment templates, survey question sets).
INSTRUMENT_MANAGER_ROLES = (MembershipRole.PROGRAMME_MANAGER, MembershipRole.AGENCY_ADMIN)


def _cases_with(actor: Actor, action: Action, category: str) -> Q:
    """`pk__in` of the cases on which the actor may do `action` with `category`."""
    return Q(pk__in=Case.objects.filter(case_scope(actor, action, category)).values("pk"))


def categorised_scope(
    actor: Actor,
    action: Action,
    categories: "tuple[str, ...] | list[str] | frozenset[str]",
    *,
    case_field: str = "case",
    category_field: str = "category",
) -> Q:
    """Records with a `category` column on a case: visible (or changeable) when the case is,
    with that category. One subquery per category the records can have."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    scope = NOTHING
    for category in sorted(categories):
        cases = Case.objects.filter(case_scope(actor, action, category)).values("pk")
        scope |= Q(**{category_field: category, case_field + "__in": cases})
    return scope


def qualified_case_scope(actor: Actor, category: str) -> Q:
    """Cases on which the actor is qualified to assess (and survey) in `category`."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    own_agency = Q(lead_agency_id=actor.agency_id)
    if is_supervisor(actor):
        return own_agency
    roles = [r for r in ASSESSOR_CASE_ROLES if category in CASE_ROLE_CATEGORIES[r]]
    return own_agency & Q(pk__in=_my_team_rows(actor).filter(role__in=roles).values("case_id"))


def is_qualified_assessor(actor: Actor, case: Case, team_role: str | None, category: str) -> bool:
    """One case (from `case_list`): agrees with `qualified_case_scope`."""
    if actor.user_id is None or actor.agency_id is None or case.lead_agency_id != actor.agency_id:
        return False
    if is_supervisor(actor):
        return True
    role = team_role or ""
    return role in ASSESSOR_CASE_ROLES and category in CASE_ROLE_CATEGORIES[role]


def assessment_scope(actor: Actor, action: Action, categories: "tuple[str, ...]") -> Q:
    """Assessments the actor may see (VIEW) or work on as a qualified assessor (CHANGE:
    write their own drafts, sign, countersign another's, start a correction)."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    if action is Action.VIEW:
        return categorised_scope(actor, Action.VIEW, categories)
    scope = NOTHING
    for category in sorted(categories):
        cases = Case.objects.filter(qualified_case_scope(actor, category)).values("pk")
        scope |= Q(category=category, case__in=cases)
    return scope


def may_countersign(actor: Actor, assessor_id: int, qualified: bool) -> bool:
    """A second qualified user, never the assessor, countersigns."""
    return qualified and actor.user_id is not None and actor.user_id != assessor_id


def may_manage_instruments(actor: Actor) -> bool:
    """Programme managers and agency administrators load and retire instruments."""
    if actor.user_id is None or actor.agency_id is None:
        return False
    return actor.has_role(*INSTRUMENT_MANAGER_ROLES)


def instrument_scope(actor: Actor, *, owner_field: str = "owner_agency_id") -> Q:
    """Instruments the actor may read: open ones, and their own agency's private (licensed)
    ones. Instruments are reference data; they hold no personal data."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    return Q(**{owner_field + "__isnull": True}) | Q(**{owner_field: actor.agency_id})


def plan_scope(actor: Actor, action: Action = Action.VIEW, *, case_field: str = "case") -> Q:
    """Plans (their aim, versions, acceptance and reviews) are case notes of their case."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    cases = Case.objects.filter(case_scope(actor, action, C.CASE_NOTES)).values("pk")
    return Q(**{case_field + "__in": cases})


def progress_scope(
    actor: Actor,
    categories: "tuple[str, ...]",
    *,
    case_field: str,
    user_field: str,
    category_field: str = "category",
) -> Q:
    """Records the actor may change, or is the named person for while they see them: a
    plan action's responsible colleague reports progress, a facilitator corrects their
    session. Categories as in `categorised_scope`."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    where = {"case_field": case_field, "category_field": category_field}
    mine = Q(**{user_field: actor.user_id}) & categorised_scope(actor, Action.VIEW, categories, **where)
    return categorised_scope(actor, Action.CHANGE, categories, **where) | mine


def session_types_loggable(
    actor: Actor, case: Case, team_role: str | None, type_categories: "dict[str, str]"
) -> list[str]:
    """Every member of the lead agency's team logs the sessions they held, of the types
    whose category they may see on this case. A partner on the team as its service provider
    logs the sessions it held, of the types whose category is shared with it (rule 1b), so
    a referred service's attendance reaches the contact log; it writes no notes there.
    Other partners and break-glass holders read only."""
    allowed = note_categories_writable(actor, case, team_role)
    if (
        not allowed
        and team_role == CaseRole.SERVICE_PROVIDER
        and actor.agency_id is not None
        and case.lead_agency_id != actor.agency_id
    ):
        allowed = sharing_rules.partner_access(case, actor.agency_id).categories
    return [kind for kind, category in type_categories.items() if category in allowed]


# --- justice pathway (issue #6: legal timeline, measures, custody, returns, children) ------
#
# A legal timeline belongs to a person, not to one case. J1. A person's justice records of
# category C (legal events, derived status, measures, check-ins, custody and return records
# are legal status) are visible when the actor sees C on any of the person's cases
# (`case_scope`), or, while the person has no case yet, as their registrar or a supervisor
# of the registering agency (rule 4). J2. They are changed by whoever may change one of the
# person's cases (case managers, case workers, supervisors). J3. Additionally, in cases led
# by a prison or probation agency, team members who see legal status record custody
# participation, family visits, custody notes and check-ins (the prison and probation
# staff who run custody and supervision day to day). J4. Records with a category of their
# own (custody participation, custody notes, immediate needs on arrival) follow J1 with
# their category. J5. Family goals follow the household (rule 5). See docs/justice.md.

from reintegra.accounts.choices import AgencyType as _AgencyType  # noqa: E402

#: Agencies whose teams keep custody and supervision records day to day (J3).
CUSTODY_AGENCY_TYPES = (_AgencyType.GOV_PRISON, _AgencyType.GOV_PROBATION)


def justice_person_scope(
    actor: Actor, action: Action = Action.VIEW, category: str | None = C.LEGAL_STATUS
) -> Q:
    """People whose justice records of `category` the actor may see or change (J1, J2)."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    via_case = Q(pk__in=Case.objects.filter(case_scope(actor, action, category)).values("person_id"))
    return via_case | _registered_without_case(actor)


def justice_custody_scope(actor: Actor) -> Q:
    """People for whom the actor records custody participation, visits, custody notes and
    check-ins: J2, plus team members of prison and probation cases who see legal status (J3)."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    custody_desk = Case.objects.filter(
        case_scope(actor, Action.VIEW, C.LEGAL_STATUS), lead_agency__agency_type__in=CUSTODY_AGENCY_TYPES
    ).values("person_id")
    return justice_person_scope(actor, Action.CHANGE) | Q(pk__in=custody_desk)


def justice_categorised_scope(
    actor: Actor, categories: "tuple[str, ...] | frozenset[str]", *, person_field: str = "person"
) -> Q:
    """Records with a `category` column about a person: visible when the actor sees that
    category of the person (J4). One subquery per category the records can have."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    scope = NOTHING
    for category in sorted(categories):
        people = Person.objects.filter(justice_person_scope(actor, Action.VIEW, category)).values("pk")
        scope |= Q(**{"category": category, person_field + "__in": people})
    return scope


# --- services: service directory and referrals (issue #5) --------------------------------
#
# The directory (providers and services) is programme-wide reference data: every signed-in
# user of an agency reads it. A referral is case data: the referring side sees it through
# the case policy; the provider's desk (service-provider staff and supervisors of the
# provider agency, or the staff member it is assigned to) sees it once sent. What the
# provider sees *of the case* is `referral_travel_categories`, recomputed at every view.

from typing import TYPE_CHECKING  # noqa: E402  (this section's own imports)

from reintegra.services.choices import (  # noqa: E402
    REFERRAL_CATEGORIES as _REFERRAL_CATEGORIES,
)
from reintegra.services.choices import ProviderKind as _ProviderKind  # noqa: E402
from reintegra.services.choices import ReferralStatus as _ReferralStatus  # noqa: E402

if TYPE_CHECKING:
    from reintegra.services.models import Provider, Referral


class ReferralAction(StrEnum):
    """What an actor wants to do with a referral."""

    VIEW = "view"
    REFER = "refer"  # the referring side: edit or discard a draft, send, withdraw, print the sheet
    RESPOND = "respond"  # the provider's side: accept, decline, assign, start, complete, feedback, attendance


#: Who keeps the programme's directory (any agency): add and edit providers and services.
DIRECTORY_MANAGER_ROLES = (
    MembershipRole.SUPERVISOR,
    MembershipRole.PROGRAMME_MANAGER,
    MembershipRole.AGENCY_ADMIN,
)
#: Who handles the referrals sent to their agency (the provider's "desk").
PROVIDER_DESK_ROLES = (MembershipRole.SERVICE_PROVIDER_STAFF, MembershipRole.SUPERVISOR)


def may_manage_directory(actor: Actor) -> bool:
    """Supervisors, programme managers and agency administrators keep the directory."""
    return (
        actor.user_id is not None and actor.agency_id is not None and actor.has_role(*DIRECTORY_MANAGER_ROLES)
    )


def provider_scope(actor: Actor, action: Action = Action.VIEW) -> Q:
    """Providers the actor may see (all of them) or change: directory managers change any;
    a provider agency's service-provider staff keep their own agency's entry up to date."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    if action is Action.VIEW or may_manage_directory(actor):
        return Q()
    if actor.has_role(MembershipRole.SERVICE_PROVIDER_STAFF):
        return Q(agency_id=actor.agency_id)
    return NOTHING


def service_scope(actor: Actor, action: Action = Action.VIEW) -> Q:
    """Services: seen by everyone signed in; changed by whoever may change their provider."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    if action is Action.VIEW or may_manage_directory(actor):
        return Q()
    if actor.has_role(MembershipRole.SERVICE_PROVIDER_STAFF):
        return Q(provider__agency_id=actor.agency_id)
    return NOTHING


def referral_desk_scope(actor: Actor) -> Q:
    """Referrals sent to the actor's agency that the actor handles for it (the provider's
    side): all of them for its service-provider staff and supervisors, the ones assigned to
    them for any other member of the agency."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    sent_here = ~Q(status=_ReferralStatus.DRAFT) & Q(provider__agency_id=actor.agency_id)
    if actor.has_role(*PROVIDER_DESK_ROLES):
        return sent_here
    return sent_here & Q(assigned_to_id=actor.user_id)


def _on_referring_cases(actor: Actor) -> Q:
    """Referrals of cases the actor sees as the referring side: cases of their own agency
    they see. A partner on the team of another agency's case does not see where else the
    person was referred."""
    cases = Case.objects.filter(case_scope(actor, Action.VIEW), lead_agency_id=actor.agency_id)
    return Q(case__in=cases.values("pk"))


def referral_referring_scope(actor: Actor, action: ReferralAction = ReferralAction.VIEW) -> Q:
    """Referrals of the actor's own agency's cases: seen by whoever sees the case there,
    made, edited, sent, withdrawn and printed by whoever may change the case."""
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    if action is ReferralAction.VIEW:
        return _on_referring_cases(actor)
    return Q(case__in=Case.objects.filter(case_scope(actor, Action.CHANGE)).values("pk"))


def referral_scope(actor: Actor, action: ReferralAction = ReferralAction.VIEW) -> Q:
    """Referrals the actor may see, make (REFER) or answer for the provider (RESPOND).

    Drafts never reach the provider. For a community actor without accounts, the referring
    side records the provider's answers, sessions and feedback on its behalf.
    """
    if actor.user_id is None or actor.agency_id is None:
        return NOTHING
    if action is ReferralAction.VIEW:
        return referral_referring_scope(actor, action) | referral_desk_scope(actor)
    changing = referral_referring_scope(actor, ReferralAction.REFER)
    if action is ReferralAction.REFER:
        return changing
    on_behalf = changing & Q(provider__kind=_ProviderKind.INFORMAL) & ~Q(status=_ReferralStatus.DRAFT)
    return referral_desk_scope(actor) | on_behalf


def on_referral_desk(actor: Actor, referral: "Referral") -> bool:
    """Whether the actor handles this referral for the provider (agrees with `referral_desk_scope`;
    `referral.provider` loaded)."""
    if actor.user_id is None or actor.agency_id is None or referral.status == _ReferralStatus.DRAFT:
        return False
    if referral.provider.agency_id != actor.agency_id:
        return False
    return actor.has_role(*PROVIDER_DESK_ROLES) or referral.assigned_to_id == actor.user_id


def informal_shareable_categories(case: Case, provider: "Provider") -> frozenset[str]:
    """Categories of `case` its lead agency may put on a paper referral sheet for a community
    actor without accounts. Such an actor signs no protocol and has no agency: only a consent
    (or legal basis) that names them, for the purpose of a referred service, lets anything
    beyond the case code travel."""
    return sharing_rules.community_actor_categories(case, provider.pk)


def referral_travel_categories(referral: "Referral") -> frozenset[str]:
    """What of the case travels to the provider *now*: the categories the referral asks for
    that the lead agency may share with the provider today (protocol and consent). Called at
    every view and print, so a withdrawn consent stops the flow at once."""
    requested = frozenset(referral.requested_categories) & frozenset(_REFERRAL_CATEGORIES)
    if not requested:
        return frozenset()
    agency_id = referral.provider.agency_id
    if agency_id is None:
        return requested & informal_shareable_categories(referral.case, referral.provider)
    return requested & shareable_categories(referral.case, agency_id)


def referral_categories(
    actor: Actor, referral: "Referral", case_role: str | None, sees_case: bool
) -> frozenset[str]:
    """What the actor sees of a referral's case: through the case policy on the referring
    side, through `referral_travel_categories` at the provider's desk (both when both)."""
    seen: frozenset[str] = case_categories(actor, referral.case, case_role) if sees_case else frozenset()
    if on_referral_desk(actor, referral):
        seen |= referral_travel_categories(referral)
    return seen


def referral_record_visible(*, categories: frozenset[str], on_desk: bool, by_provider: bool) -> bool:
    """A note, feedback or attendance record of a referral: the provider's desk reads what
    the provider wrote; anyone reads it who sees the case-notes category of the case."""
    return (on_desk and by_provider) or C.CASE_NOTES in categories
