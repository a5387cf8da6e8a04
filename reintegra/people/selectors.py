"""Reads of people and households, always through the access policy.

`person_detail`, `person_search`, `household_detail` and `household_search` are
disclosures: they write an audit row. The `_list`/`_get` selectors do not; they serve
forms and services that do not show the record.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.cases.models import Case
from reintegra.cases.selectors import case_list, prepare_rows
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.models import AuditEvent, AuditSubject
from reintegra.core.selectors import Listing, Seen, get_or_404
from reintegra.people.matching import name_tokens, similarity
from reintegra.people.models import Household, HouseholdMember, Person
from reintegra.people.queries import name_match_q

DUPLICATE_THRESHOLD = 80.0
DISCLOSURE_LOG_PREVIEW = 10


def person_list(
    *, actor: Actor, action: Action = Action.VIEW, category: str | None = None
) -> QuerySet[Person]:
    """People the actor may see (or change); with `category`, only those of whom they may
    see that category."""
    return Person.objects.filter(policy.person_scope(actor, action, category))


def person_get(*, actor: Actor, person_id: UUID | str, action: Action = Action.VIEW) -> Person:
    """One person, or 404 for missing and not allowed alike."""
    return get_or_404(person_list(actor=actor, action=action), pk=person_id)


def seen_people(
    actor: Actor, people: list[Person]
) -> tuple[dict[UUID, Seen[Person]], dict[UUID, list[Seen[Case]]]]:
    """What the actor sees of each person, from the cases they see (one query for all)."""
    cases_by_person: dict[UUID, list[Seen[Case]]] = {p.pk: [] for p in people}
    cases = list(case_list(actor=actor).filter(person__in=[p.pk for p in people]).order_by("-opened_on"))
    prepare_rows(actor, cases)
    for case in cases:
        cases_by_person[case.person_id].append(
            Seen(case, policy.case_categories(actor, case, getattr(case, "actor_role", None)))
        )
    seen = {
        p.pk: Seen(p, policy.person_categories(actor, p, [c.categories for c in cases_by_person[p.pk]]))
        for p in people
    }
    return seen, cases_by_person


def person_search(*, actor: Actor, query: str = "") -> Listing[Person]:
    """People matching a code or name; the page shown is audited with everyone on it.
    Names only match people whose identity the actor may see, so a search never confirms
    a name the actor could not read."""
    people = person_list(actor=actor)
    query = query.strip()
    if query:
        by_code = Q(code__iexact=query)
        by_name = name_match_q(query)
        if by_name is not None:
            identity = policy.person_scope(actor, Action.VIEW, DataCategory.IDENTITY)
            people = people.filter(by_code | (by_name & identity))
        else:
            people = people.filter(by_code)
    return Listing(
        actor=actor,
        action="person.searched",
        queryset=people.order_by("family_name_latin", "given_name_latin", "code"),
        subject=lambda person: (person.pk, None),
        details={"query_given": bool(query)},
        categories_of=lambda _person: (DataCategory.IDENTITY,),
    )


def person_duplicates(
    *,
    actor: Actor,
    names: list[str],
    birth_year: int | None,
    exclude: UUID | None = None,
    limit: int = 5,
) -> list[tuple[Person, float]]:
    """Visible people with a similar name and a birth year within one year, best first.

    Only people whose identity the actor may already see are offered, so the warning
    never reveals a record held elsewhere.
    """
    tokens = [t for t in name_tokens(*names) if len(t) > 1] or name_tokens(*names)
    if not tokens:
        return []
    any_token = Q()
    for token in tokens:
        any_token |= Q(name_key__contains=" {t} ".format(t=token))
    candidates = person_list(actor=actor, category=DataCategory.IDENTITY).filter(any_token)
    if birth_year:
        candidates = candidates.filter(
            Q(birth_year__isnull=True) | Q(birth_year__gte=birth_year - 1, birth_year__lte=birth_year + 1)
        )
    if exclude:
        candidates = candidates.exclude(pk=exclude)
    wanted = " ".join(n for n in names if n)
    scored = []
    for person in candidates[:200]:
        score = max(
            similarity(wanted, person.latin_name),
            similarity(wanted, person.original_name) if person.original_name else 0.0,
        )
        if score >= DUPLICATE_THRESHOLD:
            scored.append((person, score))
    scored.sort(key=lambda pair: -pair[1])
    shown = scored[:limit]
    if shown:  # the warning shows names and birth years: a disclosure like any other
        audit_record(
            actor=actor,
            action="person.duplicate_check",
            categories=[DataCategory.IDENTITY],
            subjects=[(person.pk, None) for person, _score in shown],
        )
    return shown


@dataclass(frozen=True)
class PersonDetail:
    """Everything the person page shows, already cut to what the actor may see."""

    seen: Seen[Person]
    cases: list[Seen[Case]]
    households: list[HouseholdMember]
    can_change: bool
    disclosure_log: list[AuditEvent] | None


def person_read(*, actor: Actor, person_id: UUID | str) -> tuple[Seen[Person], list[Seen[Case]]]:
    """One person as shown to the actor (page or API), with the cases they see of them.
    Audited as a disclosure of the categories they see."""
    person = get_or_404(person_list(actor=actor).prefetch_related("aliases", "documents"), pk=person_id)
    seen_by_id, cases_by_person = seen_people(actor, [person])
    seen = seen_by_id[person.pk]
    accesses = [
        policy.case_access(actor, c.obj, getattr(c.obj, "actor_role", None))
        for c in cases_by_person[person.pk]
    ]
    flagged = any(a.flagged for a in accesses) and not any(a.path == "own" for a in accesses)
    audit_record(
        actor=actor,
        action="person.viewed",
        target=person,
        person_id=person.pk,
        categories=seen.categories,
        purpose="break_glass" if flagged else "",
        protocol_ref=", ".join(sorted({a.protocol_ref for a in accesses if a.protocol_ref})),
        basis_ref=", ".join(sorted({a.basis_ref for a in accesses if a.basis_ref})),
        flagged=flagged,
    )
    return seen, cases_by_person[person.pk]


def person_detail(*, actor: Actor, person_id: UUID | str) -> PersonDetail:
    """The person page: fields, cases, households and disclosure log (audited read)."""
    seen, cases = person_read(actor=actor, person_id=person_id)
    person = seen.obj
    households: list[HouseholdMember] = []
    if seen.sees[DataCategory.FAMILY_CHILDREN]:
        households = list(
            HouseholdMember.objects.filter(
                person=person, household__in=household_list(actor=actor)
            ).select_related("household")
        )
    can_change = person_list(actor=actor, action=Action.CHANGE).filter(pk=person.pk).exists()
    log = None
    if policy.disclosure_log_allowed(actor, can_change):
        log = list(_disclosures(person)[:DISCLOSURE_LOG_PREVIEW])
    return PersonDetail(seen, cases, households, can_change, log)


def _disclosures(person: Person) -> QuerySet[AuditEvent]:
    """Events about the person, and lists and searches that showed them."""
    listed = AuditSubject.objects.filter(person_id=person.pk).values("event_id")
    return AuditEvent.objects.filter(Q(person_id=person.pk) | Q(pk__in=listed)).order_by("-seq")


def person_disclosure_log(*, actor: Actor, person_id: UUID | str) -> tuple[Person, QuerySet[AuditEvent]]:
    """Every read and change of one person's data, newest first, for those responsible
    for the person (404 for anyone else). Reading it is itself audited."""
    person = person_get(actor=actor, person_id=person_id, action=Action.CHANGE)
    if not policy.disclosure_log_allowed(actor, can_change_person=True):
        raise Http404
    audit_record(actor=actor, action="person.disclosure_log_viewed", target=person, person_id=person.pk)
    return person, _disclosures(person)


def household_list(*, actor: Actor, action: Action = Action.VIEW) -> QuerySet[Household]:
    """Households the actor may see (or change)."""
    return Household.objects.filter(policy.household_scope(actor, action))


def household_get(*, actor: Actor, household_id: UUID | str, action: Action = Action.VIEW) -> Household:
    """One household, or 404 for missing and not allowed alike."""
    return get_or_404(household_list(actor=actor, action=action), pk=household_id)


def household_search(*, actor: Actor, query: str = "") -> QuerySet[Household]:
    """Households by code or working label. Audited."""
    households = household_list(actor=actor).select_related("place__parent__parent")
    query = query.strip()
    if query:
        households = households.filter(Q(code__iexact=query) | Q(label__icontains=query))
    audit_record(actor=actor, action="household.searched", changes={"query_given": bool(query)})
    return households


@dataclass(frozen=True)
class HouseholdDetail:
    """A household with only the members the actor may see, each cut to their categories."""

    household: Household
    members: list[tuple[HouseholdMember, Seen[Person]]]
    hidden_members: int
    can_change: bool


def household_detail(*, actor: Actor, household_id: UUID | str) -> HouseholdDetail:
    """The household page. Audited."""
    household = household_get(actor=actor, household_id=household_id)
    memberships = list(household.memberships.select_related("person"))
    visible_ids = set(
        person_list(actor=actor, category=DataCategory.FAMILY_CHILDREN)
        .filter(pk__in=[m.person_id for m in memberships])
        .values_list("pk", flat=True)
    )
    shown = [m for m in memberships if m.person_id in visible_ids]
    seen_by_id, _ = seen_people(actor, [m.person for m in shown])
    can_change = household_list(actor=actor, action=Action.CHANGE).filter(pk=household.pk).exists()
    audit_record(
        actor=actor,
        action="household.viewed",
        target=household,
        categories=[DataCategory.FAMILY_CHILDREN],
        changes={"members_shown": len(shown)},
    )
    for member in shown:  # each member shown is a disclosure in their own log
        audit_record(
            actor=actor,
            action="person.viewed",
            target=member.person,
            person_id=member.person_id,
            categories=seen_by_id[member.person_id].categories,
            purpose="household_page",
        )
    return HouseholdDetail(
        household,
        [(m, seen_by_id[m.person_id]) for m in shown],
        len(memberships) - len(shown),
        can_change,
    )
