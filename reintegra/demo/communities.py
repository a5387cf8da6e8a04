"""The community track of the demo world, built through the community services.

- the four demo towns (Port Amani, Wadi Nour, Bel-Air, Kassara) as communities, stewarded
  by the coordination centre, each with a published profile (two versions for Port Amani
  and Wadi Nour, a draft of the next one for Kassara);
- a stakeholder map per town: the imams' council, the women's forum, a mukhtar, a youth
  club, a local newspaper, the municipality and others, with contact details on the
  individuals and a contact history;
- two survey waves per town (a baseline about a year ago and a follow-up last month) with
  enough responses that most cells show and some are suppressed (returnee groups of fewer
  than five in Bel-Air's baseline, and in Wadi Nour's and Kassara's follow-ups);
- incidents with responses, among them the PAVE case study's newspaper article (a local
  newspaper hostile to returnees, quoting a municipal official; the faith leader and the
  women's forum respond) and a threat against a women's-forum mentor (practitioner safety);
- Port Amani's multi-stakeholder plan (active, partners: the CSO, the international office,
  the imams' council and the women's forum) and Wadi Nour's plan in preparation.

Deterministic (the world's seeded random generator); dates relative to today.
"""

import csv
import io
import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from reintegra.communities import services
from reintegra.communities.choices import (
    CapacityArea,
    ContactChannel,
    Coverage,
    Effect,
    EngagementStatus,
    EntryKind,
    EntryTheme,
    IncidentKind,
    IncidentStatus,
    Level,
    NeedStatus,
    ObjectiveStatus,
    PartnerRole,
    PlanStatus,
    Potential,
    RespondentGroup,
    StakeholderKind,
    StepStatus,
    Trust,
    WaveStatus,
    Willingness,
)
from reintegra.communities.models import (
    Community,
    CommunityPlan,
    CommunityProfile,
    Stakeholder,
    SurveyInstrument,
    SurveyWave,
)
from reintegra.core.actors import Actor

if TYPE_CHECKING:
    from reintegra.demo.world import World

TOWNS = ["port-amani", "wadi-nour", "bel-air", "kassara"]

POPULATION = {
    "port-amani": (
        48000,
        "Port town; fishing, the container port and informal trade. Several families returned from conflict "
        "zones over the past three years, most of them to the old harbour quarter.",
    ),
    "wadi-nour": (
        21000,
        "Highland town with farming villages around it; Arabic and Tamazight spoken. Young men leave for "
        "seasonal work; women's associations are active.",
    ),
    "bel-air": (
        135000,
        "District of the capital with new housing estates; high youth unemployment; many ministries and "
        "NGOs have offices here.",
    ),
    "kassara": (
        16000,
        "Northern border town; cross-border trade and smuggling; few public services; tension after "
        "security operations two years ago.",
    ),
}

# (kind, theme, description, evidence, coverage) per town; the first version of each profile.
ENTRIES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "port-amani": [
        (
            EntryKind.NEED,
            EntryTheme.ECONOMIC,
            "Jobs for young men and for women heading households.",
            "Focus groups with returnee women and with fishermen's families",
            "",
        ),
        (
            EntryKind.NEED,
            EntryTheme.EDUCATION,
            "School places and catch-up classes for children born abroad.",
            "Education office figures; interviews with two head teachers",
            "",
        ),
        (
            EntryKind.RESOURCE,
            EntryTheme.ECONOMIC,
            "Port cooperative willing to offer apprenticeships.",
            "Meeting with the cooperative board",
            "",
        ),
        (
            EntryKind.DRIVER,
            EntryTheme.ECONOMIC,
            "Youth unemployment and recruiters offering cash.",
            "Key-informant interviews (police, youth workers)",
            "",
        ),
        (
            EntryKind.DRIVER,
            EntryTheme.NARRATIVES,
            "Online groups spreading grievance narratives among teenagers.",
            "Youth club survey",
            "",
        ),
        (
            EntryKind.BARRIER,
            EntryTheme.IDENTITY,
            "Stigma: families of returnees are avoided at the market.",
            "Women's forum listening sessions",
            "",
        ),
        (
            EntryKind.BARRIER,
            EntryTheme.GOVERNANCE,
            "Missing civil documents for children born abroad.",
            "Case reviews (aggregated, no names)",
            "",
        ),
        (
            EntryKind.RESILIENCE,
            EntryTheme.FAMILY_SOCIAL,
            "Strong neighbourhood solidarity in the old harbour.",
            "Town meeting",
            "",
        ),
        (
            EntryKind.RESILIENCE,
            EntryTheme.IDENTITY,
            "Respected imams' council that preaches reconciliation.",
            "Interviews with residents",
            "",
        ),
        (
            EntryKind.SERVICE,
            EntryTheme.HEALTH,
            "District health centre with one psychologist.",
            "Service mapping visit",
            Coverage.LIMITED,
        ),
        (
            EntryKind.SERVICE,
            EntryTheme.EDUCATION,
            "Vocational training centre (AVTC) courses in welding and sewing.",
            "Service mapping visit",
            Coverage.PARTIAL,
        ),
    ],
    "wadi-nour": [
        (
            EntryKind.NEED,
            EntryTheme.HEALTH,
            "Psychosocial support close to home for mothers and children.",
            "Women's security forum",
            "",
        ),
        (
            EntryKind.RESOURCE,
            EntryTheme.GENDER,
            "The women's security forum meets monthly in three villages.",
            "Forum minutes",
            "",
        ),
        (
            EntryKind.DRIVER,
            EntryTheme.GOVERNANCE,
            "Perceived unfair treatment by officials ('double standards').",
            "Focus groups with young men",
            "",
        ),
        (
            EntryKind.BARRIER,
            EntryTheme.SERVICES,
            "Long distances to services; no public transport in winter.",
            "Service mapping",
            "",
        ),
        (
            EntryKind.RESILIENCE,
            EntryTheme.FAMILY_SOCIAL,
            "Extended families willing to host returning relatives.",
            "Household visits (aggregated)",
            "",
        ),
        (
            EntryKind.SERVICE,
            EntryTheme.HEALTH,
            "Mobile health team visits every two weeks.",
            "Health office",
            Coverage.PARTIAL,
        ),
    ],
    "bel-air": [
        (
            EntryKind.NEED,
            EntryTheme.YOUTH,
            "Safe spaces and sport for teenagers in the new estates.",
            "Youth club consultation",
            "",
        ),
        (
            EntryKind.RESOURCE,
            EntryTheme.EDUCATION,
            "University centre offering mentoring by students.",
            "Meeting with the centre",
            "",
        ),
        (
            EntryKind.DRIVER,
            EntryTheme.IDENTITY,
            "Young people feel they belong nowhere; weak ties to neighbours.",
            "Survey of youth club members",
            "",
        ),
        (
            EntryKind.BARRIER,
            EntryTheme.ECONOMIC,
            "Employers refuse people with a criminal record.",
            "Interviews with three employers",
            "",
        ),
        (
            EntryKind.RESILIENCE,
            EntryTheme.YOUTH,
            "Active youth clubs and a football league.",
            "Club registers",
            "",
        ),
        (
            EntryKind.SERVICE,
            EntryTheme.SERVICES,
            "Legal aid clinic at the bar association.",
            "Service mapping",
            Coverage.GOOD,
        ),
    ],
    "kassara": [
        (
            EntryKind.NEED,
            EntryTheme.SECURITY,
            "Trust between residents and the security forces.",
            "Town meeting",
            "",
        ),
        (
            EntryKind.DRIVER,
            EntryTheme.ECONOMIC,
            "Smuggling networks as the main employer for young men.",
            "Key-informant interviews",
            "",
        ),
        (
            EntryKind.BARRIER,
            EntryTheme.SECURITY,
            "Fear of reprisals against families seen with the authorities.",
            "Women's focus group",
            "",
        ),
        (
            EntryKind.RESILIENCE,
            EntryTheme.FAMILY_SOCIAL,
            "Mukhtars mediate disputes between families.",
            "Interviews",
            "",
        ),
        (
            EntryKind.SERVICE,
            EntryTheme.HEALTH,
            "No psychosocial service in town.",
            "Service mapping",
            Coverage.NONE,
        ),
    ],
}

PROFILE_TEXT = {
    "port-amani": {
        "summary": "A port town with high youth unemployment and a strong neighbourhood life. Returning "
        "families concentrate in the old harbour quarter, where stigma is felt at the market and at school "
        "gates; the imams' council and the women's forum are trusted bridges.",
        "method": "Six focus groups (returnee women, returnee men, mothers, young people, fishermen, "
        "shopkeepers), twelve key-informant interviews and a town meeting.",
        "governance": "Municipal council and mayor; a deputy mayor for social affairs; imams' council; "
        "fishermen's cooperative; neighbourhood committees.",
        "services_notes": "Health centre, vocational training centre, two secondary schools; psychosocial "
        "support is scarce.",
        "tensions_stigma": "Returnee families report being avoided; rumours spread through a local newspaper "
        "and social media.",
        "stigma_level": Level.HIGH,
        "absorption_capacity": Level.MODERATE,
        "absorption_notes": "Services are stretched, but neighbourhood solidarity and the cooperative's "
        "apprenticeships could absorb a few more families a year.",
        "data_sources": "Municipal statistics 2023; education office; service mapping; PAVE session notes.",
    },
    "wadi-nour": {
        "summary": "Highland town where extended families and the women's security forum carry most of the "
        "reintegration work; services are far away.",
        "method": "Listening sessions by the women's forum in three villages; interviews with officials.",
        "governance": "Municipality; village mukhtars; women's security forum.",
        "tensions_stigma": "Less open hostility than on the coast, but mothers fear for their children.",
        "stigma_level": Level.MODERATE,
        "absorption_capacity": Level.MODERATE,
        "absorption_notes": "Families host returning relatives; services are the constraint.",
    },
    "bel-air": {
        "summary": "Large urban district; anonymity makes return easier but belonging harder.",
        "method": "Youth club consultations and an online survey of local organisations.",
        "governance": "District administration; many ministries and NGOs.",
        "stigma_level": Level.LOW,
        "absorption_capacity": Level.HIGH,
        "absorption_notes": "Most services are available; jobs are the constraint.",
    },
    "kassara": {
        "summary": "Border town marked by security operations; trust in institutions is low.",
        "method": "One town meeting and interviews, with the help of two mukhtars.",
        "governance": "Municipality; mukhtars; border authorities.",
        "tensions_stigma": "Families of returnees fear being seen with officials.",
        "stigma_level": Level.HIGH,
        "absorption_capacity": Level.LOW,
        "absorption_notes": "Few services and a tense security situation.",
    },
}

# Participation counts: (group, sex, age band, count). Some small on purpose.
PARTICIPATION = {
    "port-amani": [
        ("returnees", "female", "25-34", 3),
        ("returnees", "male", "35-49", 4),
        ("families", "female", "35-49", 6),
        ("community", "female", "25-34", 11),
        ("community", "male", "18-24", 9),
        ("community", "male", "50-", 7),
        ("officials", "male", "50-", 4),
        ("civil_society", "female", "35-49", 5),
    ],
    "wadi-nour": [
        ("returnees", "female", "25-34", 2),
        ("families", "female", "50-", 7),
        ("community", "female", "35-49", 14),
        ("officials", "male", "35-49", 3),
    ],
    "bel-air": [
        ("community", "male", "18-24", 16),
        ("community", "female", "18-24", 12),
        ("returnees", "male", "18-24", 1),
        ("civil_society", "female", "25-34", 6),
    ],
    "kassara": [
        ("community", "male", "35-49", 10),
        ("families", "female", "35-49", 4),
        ("officials", "male", "50-", 2),
    ],
}

# (name on the map, kind, individual, agency key or None, influence, interest, willingness, trust,
#  potential, capacity, engagement strategy, contact name, phone)
STAKEHOLDERS: dict[str, list[tuple[Any, ...]]] = {
    "port-amani": [
        (
            "Municipality of Port Amani",
            StakeholderKind.LOCAL_AUTHORITY,
            False,
            None,
            5,
            3,
            Willingness.HESITANT,
            Trust.MIXED,
            Potential.MEDIUM,
            "Housing, permits, market stalls, the town's voice.",
            "Early, discreet meetings with the deputy mayor for social affairs; share results, not cases.",
            "Office of the deputy mayor",
            "+000 40 100 200",
        ),
        (
            "Council of Imams and Preachers of the Coast",
            StakeholderKind.FAITH_INSTITUTION,
            False,
            "imams",
            4,
            5,
            Willingness.CHAMPION,
            Trust.HIGH,
            Potential.HIGH,
            "Friday sermons, mediation, religious counselling on cases.",
            "Partner in the plan; joint messages on forgiveness and welcome.",
            "Council secretariat",
            "+000 40 100 310",
        ),
        (
            "Imam of the old-harbour mosque",
            StakeholderKind.FAITH_LEADER,
            True,
            None,
            4,
            4,
            Willingness.WILLING,
            Trust.HIGH,
            Potential.HIGH,
            "Trusted by fishermen's families; speaks at funerals and weddings.",
            "Personal visits by the council's coordinator; never named in public material.",
            "Sheikh Idris Marzouk",
            "+000 61 221 904",
        ),
        (
            "Women's forum of the old harbour",
            StakeholderKind.WOMENS_GROUP,
            False,
            None,
            3,
            5,
            Willingness.CHAMPION,
            Trust.HIGH,
            Potential.HIGH,
            "Listening circles with mothers; reaches returnee women.",
            "Monthly meeting with the CSO; small grant for listening circles.",
            "Forum coordinator",
            "+000 61 330 118",
        ),
        (
            "Mukhtar of the old harbour quarter",
            StakeholderKind.TRADITIONAL_LEADER,
            True,
            None,
            4,
            2,
            Willingness.NEUTRAL,
            Trust.MIXED,
            Potential.MEDIUM,
            "Knows every family; settles disputes.",
            "Courtesy visits; involve in neighbourhood mediation only.",
            "Hajj Mansour Belkadi",
            "+000 61 445 220",
        ),
        (
            "Harbour youth club",
            StakeholderKind.YOUTH_GROUP,
            False,
            None,
            2,
            4,
            Willingness.WILLING,
            Trust.GOOD,
            Potential.HIGH,
            "Football and music; 120 members.",
            "Mixed activities open to returnee youth.",
            "Club coach",
            "+000 61 552 017",
        ),
        (
            "The Coast Daily (local newspaper)",
            StakeholderKind.MEDIA,
            False,
            None,
            4,
            2,
            Willingness.HESITANT,
            Trust.LOW,
            Potential.LOW,
            "Widely read; shapes opinion at the market.",
            "Background briefings; media-literacy session for journalists; no case details ever.",
            "Editor-in-chief",
            "+000 40 777 300",
        ),
        (
            "Bridges for Citizenship Association",
            StakeholderKind.CIVIL_SOCIETY,
            False,
            "bridges",
            3,
            5,
            Willingness.CHAMPION,
            Trust.HIGH,
            Potential.HIGH,
            "Mentoring, debates with youth, family support.",
            "Implementing partner of the plan.",
            "",
            "",
        ),
        (
            "Amani Vocational Training Centre",
            StakeholderKind.EDUCATION,
            False,
            "vocational",
            2,
            3,
            Willingness.WILLING,
            Trust.GOOD,
            Potential.MEDIUM,
            "Courses in welding, sewing, IT.",
            "Reserve places for returnees and for their neighbours.",
            "",
            "",
        ),
    ],
    "wadi-nour": [
        (
            "Women's Security Forum of Wadi Nour",
            StakeholderKind.WOMENS_GROUP,
            False,
            "women",
            3,
            5,
            Willingness.CHAMPION,
            Trust.HIGH,
            Potential.HIGH,
            "Forums in three villages; trusted by mothers.",
            "Lead local partner for family outreach.",
            "",
            "",
        ),
        (
            "Mukhtar of Ain Zarqa village",
            StakeholderKind.TRADITIONAL_LEADER,
            True,
            None,
            4,
            3,
            Willingness.WILLING,
            Trust.GOOD,
            Potential.MEDIUM,
            "Hosts village meetings; close to the families.",
            "Visits with the women's forum.",
            "Mukhtar Youssef Ait Omar",
            "+000 52 110 440",
        ),
        (
            "Municipality of Wadi Nour",
            StakeholderKind.LOCAL_AUTHORITY,
            False,
            None,
            4,
            2,
            Willingness.NEUTRAL,
            Trust.MIXED,
            Potential.MEDIUM,
            "Transport, school buses.",
            "Quarterly briefing.",
            "Town hall",
            "+000 52 100 100",
        ),
        (
            "Highland youth association",
            StakeholderKind.YOUTH_GROUP,
            False,
            None,
            2,
            3,
            Willingness.WILLING,
            Trust.GOOD,
            Potential.MEDIUM,
            "Hiking and theatre.",
            "Invite to mixed activities.",
            "",
            "",
        ),
        (
            "Imam of the Friday mosque",
            StakeholderKind.FAITH_LEADER,
            True,
            None,
            4,
            3,
            Willingness.HESITANT,
            Trust.MIXED,
            Potential.MEDIUM,
            "Influential with older men.",
            "Introduce through the imams' council.",
            "Sheikh Omar Lahcen",
            "+000 52 233 909",
        ),
    ],
    "bel-air": [
        (
            "Bel-Air district administration",
            StakeholderKind.LOCAL_AUTHORITY,
            False,
            None,
            5,
            2,
            Willingness.NEUTRAL,
            Trust.GOOD,
            Potential.MEDIUM,
            "Permits, social services, public spaces.",
            "Formal letters and a focal point.",
            "Social affairs office",
            "+000 20 500 500",
        ),
        (
            "Centre for Resilience Studies",
            StakeholderKind.EDUCATION,
            False,
            "university",
            2,
            4,
            Willingness.WILLING,
            Trust.HIGH,
            Potential.HIGH,
            "Student mentors and research.",
            "Mentoring partner.",
            "",
            "",
        ),
        (
            "Estates football league",
            StakeholderKind.YOUTH_GROUP,
            False,
            None,
            2,
            4,
            Willingness.CHAMPION,
            Trust.GOOD,
            Potential.HIGH,
            "Twelve teams across the estates.",
            "Mixed teams and tournaments.",
            "League secretary",
            "+000 20 600 321",
        ),
        (
            "Capital Radio community programme",
            StakeholderKind.MEDIA,
            False,
            None,
            3,
            2,
            Willingness.NEUTRAL,
            Trust.MIXED,
            Potential.MEDIUM,
            "Weekly phone-in show.",
            "Offer positive stories (with consent).",
            "",
            "",
        ),
        (
            "Employers' federation, Bel-Air branch",
            StakeholderKind.PRIVATE_SECTOR,
            False,
            None,
            4,
            1,
            Willingness.HESITANT,
            Trust.MIXED,
            Potential.MEDIUM,
            "Jobs.",
            "Breakfast meetings; show results.",
            "",
            "",
        ),
    ],
    "kassara": [
        (
            "Mukhtar of the market quarter",
            StakeholderKind.TRADITIONAL_LEADER,
            True,
            None,
            4,
            3,
            Willingness.WILLING,
            Trust.GOOD,
            Potential.MEDIUM,
            "Mediates between families and authorities.",
            "Meet in private; never in uniformed company.",
            "Mukhtar Salem Haddou",
            "+000 71 300 418",
        ),
        (
            "Municipality of Kassara",
            StakeholderKind.LOCAL_AUTHORITY,
            False,
            None,
            4,
            2,
            Willingness.HESITANT,
            Trust.LOW,
            Potential.LOW,
            "Few resources.",
            "Engage through the governor's office.",
            "",
            "",
        ),
        (
            "Kassara women's cooperative",
            StakeholderKind.WOMENS_GROUP,
            False,
            None,
            2,
            4,
            Willingness.WILLING,
            Trust.GOOD,
            Potential.HIGH,
            "Couscous and weaving cooperative; 40 members.",
            "Support with a small grant; income for returnee women.",
            "Cooperative president",
            "+000 71 400 220",
        ),
        (
            "Border youth sports club",
            StakeholderKind.YOUTH_GROUP,
            False,
            None,
            2,
            3,
            Willingness.NEUTRAL,
            Trust.MIXED,
            Potential.MEDIUM,
            "Only club in town.",
            "Equipment support.",
            "",
            "",
        ),
        (
            "Council of Imams and Preachers of the Coast",
            StakeholderKind.FAITH_INSTITUTION,
            False,
            "imams",
            3,
            3,
            Willingness.WILLING,
            Trust.MIXED,
            Potential.MEDIUM,
            "Visiting preachers.",
            "Invite for Ramadan talks.",
            "",
            "",
        ),
    ],
}

# Survey design: (mean score 1–5 for residents, for returnee families) per wave, and group sizes.
# Returnee groups of fewer than five are suppressed for readers outside the NCCR's M&E team.
WAVES: dict[str, dict[str, Any]] = {
    "port-amani": {"sizes": [(34, 8), (36, 9)], "means": [(3.1, 2.6), (3.5, 3.2)]},
    "wadi-nour": {"sizes": [(28, 6), (30, 3)], "means": [(3.4, 3.0), (3.6, 3.3)]},
    "bel-air": {"sizes": [(40, 4), (38, 7)], "means": [(3.0, 2.5), (3.2, 2.9)]},
    "kassara": {"sizes": [(22, 5), (24, 2)], "means": [(2.6, 2.4), (2.8, 2.6)]},
}
AGE_BANDS = ["18-24", "18-24", "25-34", "25-34", "35-49", "35-49", "50-"]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _answers(instrument_items: list[Any], mean: float, rng: random.Random) -> dict[str, int | None]:
    answers: dict[str, int | None] = {}
    for item in instrument_items:
        if rng.random() < 0.05:
            answers[item.code] = None  # don't know / refused
            continue
        size = item.scale.size
        if size == 2:
            answers[item.code] = 2 if rng.random() < (mean - 1) / 4 else 1
            continue
        value = round(rng.gauss(6 - mean if item.reverse else mean, 0.9))
        answers[item.code] = min(max(value, 1), size)
    return answers


def _survey(world: "World", community: Community, today: date, rng: random.Random) -> None:
    """A baseline a year ago and a follow-up last month, imported as CSV files (one audit row
    each), then closed."""
    me = world.actors[("rania.me", "nccr")]
    instrument = SurveyInstrument.objects.get(code="reintegra-cohesion", version=1)
    items = list(instrument.items.select_related("scale").order_by("order"))
    design = WAVES[community.place.code]
    starts = [today - timedelta(days=380), today - timedelta(days=40)]
    labels = ["Baseline", "Follow-up 1"]
    for index, (label, start) in enumerate(zip(labels, starts, strict=True)):
        wave = services.wave_create(
            actor=me,
            community=community,
            values={
                "label": label,
                "instrument": instrument,
                "starts_on": start,
                "ends_on": start + timedelta(days=21),
                "status": WaveStatus.COLLECTING,
                "sampling_notes": "Random walk from three starting points per quarter; returnee families "
                "approached through their case workers with consent; interviews in Arabic and French.",
            },
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(services.import_columns(wave))
        residents, returnees = design["sizes"][index]
        mean_residents, mean_returnees = design["means"][index]
        for group, count, mean in (
            (RespondentGroup.RESIDENTS, residents, mean_residents),
            (RespondentGroup.RETURNEES_FAMILIES, returnees, mean_returnees),
        ):
            for _n in range(count):
                answers = _answers(items, mean, rng)
                writer.writerow(
                    [
                        (start + timedelta(days=rng.randint(0, 20))).isoformat(),
                        group,
                        rng.choice(["female", "male", "female", "male", "not_recorded"]),
                        rng.choice(AGE_BANDS),
                        *["" if answers[item.code] is None else answers[item.code] for item in items],
                    ]
                )
        services.survey_responses_import(actor=me, wave=wave, data=buffer.getvalue().encode())
        wave.refresh_from_db()
        services.wave_update(
            actor=me, wave=wave, values={"status": WaveStatus.CLOSED}, expected_version=wave.version
        )


def _profile(
    world: "World", community: Community, code: str, assessed_on: date, extra: list[Any]
) -> CommunityProfile:
    """Draft, fill and publish one version of the profile."""
    omar = world.actors[("omar.programme", "nccr")]
    draft = services.profile_draft_start(actor=omar, community=community)
    values = {**PROFILE_TEXT[code], "assessed_on": assessed_on}
    draft = services.profile_draft_update(
        actor=omar, profile=draft, values=values, expected_version=draft.version
    )
    if draft.number == 1:
        for order, (kind, theme, description, evidence, coverage) in enumerate(ENTRIES[code]):
            services.profile_entry_save(
                actor=omar,
                profile=draft,
                values={
                    "kind": kind,
                    "theme": theme,
                    "description": description,
                    "evidence": evidence,
                    "coverage": coverage,
                    "order": order,
                },
            )
    for kind, theme, description, evidence, coverage in extra:
        services.profile_entry_save(
            actor=omar,
            profile=draft,
            values={
                "kind": kind,
                "theme": theme,
                "description": description,
                "evidence": evidence,
                "coverage": coverage,
                "order": 50,
            },
        )
    for group, sex, age, count in PARTICIPATION[code]:
        services.profile_participation_set(
            actor=omar, profile=draft, group=group, sex=sex, age_band=age, count=count + draft.number - 1
        )
    draft.refresh_from_db()
    published = services.profile_publish(actor=omar, profile=draft, expected_version=draft.version)
    CommunityProfile.objects.filter(pk=published.pk).update(
        published_at=_at(assessed_on + timedelta(days=12))
    )
    return published


def _stakeholders(world: "World", community: Community, code: str) -> dict[str, Stakeholder]:
    omar = world.actors[("omar.programme", "nccr")]
    made = {}
    for (
        name,
        kind,
        individual,
        agency_key,
        influence,
        interest,
        willingness,
        trust,
        potential,
        capacity,
        strategy,
        contact_name,
        phone,
    ) in STAKEHOLDERS[code]:
        made[name] = services.stakeholder_create(
            actor=omar,
            community=community,
            values={
                "name": name,
                "kind": kind,
                "is_individual": individual,
                "agency": world.agencies[agency_key] if agency_key else None,
                "influence": influence,
                "interest": interest,
                "willingness": willingness,
                "trust": trust,
                "partnership_potential": potential,
                "capacity": capacity,
                "engagement_strategy": strategy,
                "communication_strategy": "Share aggregate progress every quarter; never case details.",
                "contact_name": contact_name,
                "contact_phone": phone,
            },
        )
    return made


def _newspaper_incident(
    world: "World", community: Community, people: dict[str, Stakeholder], today: date
) -> None:
    """The PAVE case study, question 7: a local newspaper publishes an article hostile to the
    returnees, quoting a local official's anger; hesitancy spreads; the community turns to a
    trusted faith leader and the women's forum."""
    omar = world.actors[("omar.programme", "nccr")]
    layla = world.actors[("layla.supervisor", "nccr")]
    incident = services.incident_report(
        actor=omar,
        community=community,
        values={
            "place": community.place,
            "occurred_on": today - timedelta(days=38),
            "kind": IncidentKind.MEDIA,
            "title": "Coast Daily article hostile to returning families",
            "description": "The Coast Daily published an article headlined 'They are back among us', "
            "quoting a municipal official who said he was angry that the town must 'take them back'. Parents "
            "at the harbour school asked whether their children were safe; two shopkeepers refused to "
            "serve a "
            "returnee woman the following week.",
            "status": IncidentStatus.MONITORING,
            "follow_up": "Media-literacy session with the newspaper's journalists; a joint statement by the "
            "imams' council and the women's forum at the next town meeting.",
            "follow_up_due": today + timedelta(days=20),
            "effect": Effect.POSITIVE,
            "effect_notes": "The newspaper published a balanced follow-up; parents' questions at the school "
            "stopped within three weeks.",
        },
    )
    responses = [
        (
            people["Imam of the old-harbour mosque"],
            None,
            35,
            33,
            "Speak at Friday prayers about forgiveness and the duty to welcome families who come back.",
            "Gave the Friday sermon on mercy and neighbourliness; met the fathers' group at the mosque "
            "afterwards.",
            Effect.POSITIVE,
        ),
        (
            people["Women's forum of the old harbour"],
            None,
            35,
            28,
            "Hold a listening circle for mothers at the harbour school.",
            "Two listening circles with 26 mothers, including three returnee mothers who chose to speak.",
            Effect.POSITIVE,
        ),
        (
            people["Bridges for Citizenship Association"],
            world.agencies["bridges"],
            34,
            25,
            "Arrange a background meeting between the editor and the coordination centre.",
            "Meeting held; the editor agreed to a follow-up piece with the women's forum.",
            Effect.MIXED,
        ),
        (
            people["Municipality of Port Amani"],
            None,
            30,
            None,
            "Ask the mayor's office to clarify the official's statement.",
            "",
            Effect.UNKNOWN,
        ),
    ]
    for stakeholder, agency, asked_days, done_days, request, action, effect in responses:
        services.incident_response_save(
            actor=layla,
            incident=incident,
            values={
                "stakeholder": stakeholder,
                "agency": agency,
                "asked_on": today - timedelta(days=asked_days),
                "request": request,
                "action": action,
                "done_on": today - timedelta(days=done_days) if done_days else None,
                "effect": effect,
            },
        )


def _other_incidents(
    world: "World", communities: dict[str, Community], maps: dict[str, dict[str, Stakeholder]], today: date
) -> None:
    zahra = world.actors[("zahra.women", "women")]
    omar = world.actors[("omar.programme", "nccr")]
    # Practitioner safety: only the reporter and the safety roles of WSF and NCCR see it.
    services.incident_report(
        actor=zahra,
        community=communities["wadi-nour"],
        values={
            "occurred_on": today - timedelta(days=12),
            "kind": IncidentKind.PRACTITIONER_THREAT,
            "title": "Threatening messages to a women's-forum mentor",
            "description": "After two home visits, a mentor of the forum received anonymous messages telling "
            "her to stop 'helping those families'. She has paused home visits.",
            "status": IncidentStatus.RESPONDING,
            "follow_up": "Safety plan with the mentor; visits in pairs; police report with her consent.",
            "follow_up_due": today + timedelta(days=5),
        },
        involved_agencies=[world.agencies["nccr"]],
    )
    wadi = services.incident_report(
        actor=omar,
        community=communities["wadi-nour"],
        values={
            "occurred_on": today - timedelta(days=70),
            "kind": IncidentKind.ONLINE,
            "title": "Rumours in a village chat group about a returning family",
            "description": "A voice message claimed a returning family would 'bring trouble' to Ain Zarqa.",
            "status": IncidentStatus.CLOSED,
            "effect": Effect.POSITIVE,
            "effect_notes": "The mukhtar hosted the family at a village meeting; the messages stopped.",
        },
    )
    services.incident_response_save(
        actor=omar,
        incident=wadi,
        values={
            "stakeholder": maps["wadi-nour"]["Mukhtar of Ain Zarqa village"],
            "asked_on": today - timedelta(days=68),
            "request": "Invite the family to the village meeting and speak for them.",
            "action": "Hosted the meeting; elders welcomed the family.",
            "done_on": today - timedelta(days=60),
            "effect": Effect.POSITIVE,
        },
    )
    bel_air = services.incident_report(
        actor=omar,
        community=communities["bel-air"],
        values={
            "occurred_on": today - timedelta(days=25),
            "kind": IncidentKind.POSITIVE,
            "title": "Mixed football tournament in the estates",
            "description": "The league's spring tournament included two teams with returnee youth.",
            "status": IncidentStatus.CLOSED,
            "effect": Effect.POSITIVE,
        },
    )
    services.incident_response_save(
        actor=omar,
        incident=bel_air,
        values={
            "stakeholder": maps["bel-air"]["Estates football league"],
            "asked_on": today - timedelta(days=40),
            "request": "Mix the teams and invite families to the final.",
            "action": "Done; 300 spectators at the final.",
            "done_on": today - timedelta(days=25),
            "effect": Effect.POSITIVE,
        },
    )
    kassara = services.incident_report(
        actor=omar,
        community=communities["kassara"],
        values={
            "occurred_on": today - timedelta(days=8),
            "kind": IncidentKind.PROTEST,
            "title": "Petition against a returnee family's housing",
            "description": "Neighbours circulated a petition against a family renting a municipal flat.",
            "status": IncidentStatus.OPEN,
            "follow_up": "Mukhtar to meet the petition's organisers.",
            "follow_up_due": today + timedelta(days=7),
        },
    )
    services.incident_response_save(
        actor=omar,
        incident=kassara,
        values={
            "stakeholder": maps["kassara"]["Mukhtar of the market quarter"],
            "asked_on": today - timedelta(days=6),
            "request": "Meet the neighbours who started the petition.",
            "effect": Effect.UNKNOWN,
        },
    )


def _plans(
    world: "World",
    communities: dict[str, Community],
    maps: dict[str, dict[str, Stakeholder]],
    profiles: dict[str, list[CommunityProfile]],
    programme: Any,
    today: date,
) -> None:
    omar = world.actors[("omar.programme", "nccr")]
    port = communities["port-amani"]
    plan = services.plan_create(
        actor=omar,
        values={
            "title": "Port Amani multi-stakeholder reintegration plan",
            "community": port,
            "programme": programme,
            "status": PlanStatus.ACTIVE,
            "starts_on": today - timedelta(days=300),
            "ends_on": today + timedelta(days=430),
            "profile": profiles["port-amani"][-1],
            "analysis_summary": "Stigma and jobs are the main barriers; the imams' council, the women's "
            "forum "
            "and the port cooperative are the strongest resources. Psychosocial support is the largest "
            "service gap.",
            "coordination_mechanism": "Local coordination committee chaired by the NCCR's programme manager, "
            "with the CSO, the imams' council, the women's forum, the international office and the "
            "municipality's social affairs office. Decisions recorded in the meeting log; cases are never "
            "discussed by name.",
            "coordination_level": "local",
            "meeting_frequency": "monthly",
        },
    )
    for step, status, notes in [
        ("profile", StepStatus.DONE, "Second version published after the follow-up survey."),
        ("stakeholders", StepStatus.DONE, ""),
        ("services", StepStatus.IN_PROGRESS, "Psychosocial services still being mapped."),
        ("objectives", StepStatus.DONE, ""),
        ("engagement", StepStatus.IN_PROGRESS, "Municipality not yet engaged."),
        ("coordination", StepStatus.DONE, ""),
        ("capacity", StepStatus.IN_PROGRESS, ""),
    ]:
        services.plan_step_set(actor=omar, plan=plan, step=step, status=status, notes=notes)
    for agency_key, partner_role, duties in [
        (
            "bridges",
            PartnerRole.IMPLEMENTING,
            "Mentoring, youth debates, family support; runs the listening circles.",
        ),
        ("iors", PartnerRole.SUPPORTING, "Funding, technical support on monitoring and the cohesion survey."),
        ("imams", PartnerRole.IMPLEMENTING, "Religious counselling on cases; community messages."),
        ("women", PartnerRole.SUPPORTING, "Shares practice from the Wadi Nour forum."),
    ]:
        services.plan_item_save(
            actor=omar,
            plan=plan,
            kind="partner",
            values={"agency": world.agencies[agency_key], "role": partner_role, "responsibilities": duties},
        )
    people = maps["port-amani"]
    for statement, measure, days, agency_key, objective_status in [
        (
            "Reduce stigma towards returning families in the old harbour quarter.",
            "Attitudes-towards-other-groups score of residents up by 10 points between waves.",
            300,
            "bridges",
            ObjectiveStatus.ON_TRACK,
        ),
        (
            "Every returnee child of school age enrolled within one term of return.",
            "Share of children enrolled (from case data, suppressed).",
            120,
            "nccr",
            ObjectiveStatus.AT_RISK,
        ),
        (
            "Thirty apprenticeship places a year at the port cooperative, open to returnees and neighbours.",
            "Places filled per year.",
            365,
            "vocational",
            ObjectiveStatus.PLANNED,
        ),
    ]:
        services.plan_item_save(
            actor=omar,
            plan=plan,
            kind="objective",
            values={
                "statement": statement,
                "measure": measure,
                "due_on": today + timedelta(days=days),
                "responsible_agency": world.agencies[agency_key],
                "status": objective_status,
            },
        )
    for name, expected_role, approach, engagement_status in [
        (
            "Council of Imams and Preachers of the Coast",
            "Carry messages of welcome; counsel on cases.",
            "Partner in the committee; joint statements.",
            EngagementStatus.ENGAGED,
        ),
        (
            "Imam of the old-harbour mosque",
            "Trusted voice with fishermen's families.",
            "Personal visits by the council's coordinator.",
            EngagementStatus.ENGAGED,
        ),
        (
            "Women's forum of the old harbour",
            "Reach returnee women and mothers.",
            "Small grant and monthly meeting with the CSO.",
            EngagementStatus.ENGAGED,
        ),
        (
            "The Coast Daily (local newspaper)",
            "Balanced reporting without case details.",
            "Background briefings; media-literacy session.",
            EngagementStatus.ENGAGING,
        ),
        (
            "Harbour youth club",
            "Mixed activities for young people.",
            "Equipment and coaching support.",
            EngagementStatus.ENGAGING,
        ),
    ]:
        services.plan_item_save(
            actor=omar,
            plan=plan,
            kind="engagement",
            values={
                "stakeholder": people[name],
                "expected_role": expected_role,
                "approach": approach,
                "communication": "Quarterly summary of progress; WhatsApp group for meeting dates only.",
                "responsible_agency": world.agencies["bridges"],
                "status": engagement_status,
            },
        )
    for days, summary, decisions, agencies in [
        (
            120,
            "Launch of the committee; terms of reference; review of the community profile.",
            "Monthly meetings; the CSO drafts the engagement strategy.",
            ["nccr", "bridges", "imams", "iors"],
        ),
        (
            60,
            "Baseline cohesion results presented (the returnee families' group only as a suppressed figure).",
            "Prioritise stigma and school enrolment.",
            ["nccr", "bridges", "imams", "women"],
        ),
        (
            30,
            "Response to the Coast Daily article.",
            "Imams' council and women's forum lead the response; CSO meets the editor.",
            ["nccr", "bridges", "imams", "women", "iors"],
        ),
    ]:
        services.plan_item_save(
            actor=omar,
            plan=plan,
            kind="meeting",
            values={
                "held_on": today - timedelta(days=days),
                "summary": summary,
                "decisions": decisions,
                "other_participants": "Municipal social affairs officer",
                "next_meeting_on": today - timedelta(days=days) + timedelta(days=30),
            },
            agencies=[world.agencies[key] for key in agencies],
        )
    claire = world.actors[("claire.iors", "iors")]
    for stakeholder, agency, area, need, support, need_status in [
        (
            people["Imam of the old-harbour mosque"],
            None,
            CapacityArea.SAFETY,
            "Asked for personal-safety training after hostile comments online.",
            "Two-day safety training with the police's community liaison.",
            NeedStatus.PLANNED,
        ),
        (
            people["Women's forum of the old harbour"],
            None,
            CapacityArea.PSYCHOSOCIAL,
            "Facilitators want trauma-informed listening skills.",
            "Training by the health ministry's unit.",
            NeedStatus.UNDER_WAY,
        ),
        (
            None,
            world.agencies["bridges"],
            CapacityArea.MONITORING,
            "Collecting survey data safely.",
            "Coaching by the international office's M&E officer.",
            NeedStatus.MET,
        ),
        (
            people["The Coast Daily (local newspaper)"],
            None,
            CapacityArea.COMMUNICATION,
            "Reporting on returns without stigma.",
            "Media-literacy session.",
            NeedStatus.IDENTIFIED,
        ),
    ]:
        services.plan_item_save(
            actor=claire,
            plan=plan,
            kind="capacity",
            values={
                "stakeholder": stakeholder,
                "agency": agency,
                "area": area,
                "description": need,
                "planned_support": support,
                "status": need_status,
            },
        )
    # Wadi Nour: a plan in preparation, still based on the first profile (a newer one exists).
    wadi = services.plan_create(
        actor=omar,
        values={
            "title": "Wadi Nour family outreach plan",
            "community": communities["wadi-nour"],
            "status": PlanStatus.DRAFT,
            "profile": profiles["wadi-nour"][0],
            "analysis_summary": "Families are willing hosts; services are far away.",
            "coordination_mechanism": "Quarterly meeting at the town hall with the women's security forum.",
            "coordination_level": "local",
            "meeting_frequency": "quarterly",
        },
    )
    services.plan_step_set(actor=omar, plan=wadi, step="profile", status=StepStatus.DONE)
    services.plan_step_set(actor=omar, plan=wadi, step="stakeholders", status=StepStatus.IN_PROGRESS)
    services.plan_item_save(
        actor=omar,
        plan=wadi,
        kind="partner",
        values={
            "agency": world.agencies["women"],
            "role": PartnerRole.IMPLEMENTING,
            "responsibilities": "Outreach to families in three villages.",
        },
    )


def _contacts(world: "World", maps: dict[str, dict[str, Stakeholder]], today: date) -> None:
    walid = world.actors[("walid.bridges", "bridges")]
    omar = world.actors[("omar.programme", "nccr")]
    port = maps["port-amani"]
    for actor, stakeholder, days, channel, summary, follow_up in [
        (
            omar,
            port["Imam of the old-harbour mosque"],
            90,
            ContactChannel.VISIT,
            "Introduced the programme; he asked how families are supported and whether his name would "
            "appear.",
            "Assured confidentiality; invite to the committee's next meeting as an observer.",
        ),
        (
            walid,
            port["Imam of the old-harbour mosque"],
            34,
            ContactChannel.MEETING,
            "Prepared the Friday sermon after the newspaper article.",
            "Debrief after Friday prayers.",
        ),
        (
            walid,
            port["Women's forum of the old harbour"],
            30,
            ContactChannel.MEETING,
            "Planned two listening circles at the harbour school.",
            "",
        ),
        (
            omar,
            port["Mukhtar of the old harbour quarter"],
            45,
            ContactChannel.PHONE,
            "Asked about a dispute between two neighbouring families.",
            "He will mediate; call back in a week.",
        ),
        (
            omar,
            port["The Coast Daily (local newspaper)"],
            25,
            ContactChannel.MEETING,
            "Background meeting with the editor (with the CSO).",
            "Media-literacy session to be scheduled.",
        ),
    ]:
        services.stakeholder_contact_add(
            actor=actor,
            stakeholder=stakeholder,
            values={
                "contacted_on": today - timedelta(days=days),
                "channel": channel,
                "summary": summary,
                "follow_up": follow_up,
            },
        )


def build(world: "World", *, today: date, programme: Any = None, seed: int = 2026) -> dict[str, int]:
    """Create the community track of the demo world; returns counts for the log."""
    rng = random.Random(seed)
    omar: Actor = world.actors[("omar.programme", "nccr")]
    communities: dict[str, Community] = {}
    profiles: dict[str, list[CommunityProfile]] = {}
    maps: dict[str, dict[str, Stakeholder]] = {}
    for code in TOWNS:
        estimate, notes = POPULATION[code]
        community = services.community_create(
            actor=omar, place=world.towns[code], population_estimate=estimate, population_notes=notes
        )
        communities[code] = community
        profiles[code] = [_profile(world, community, code, today - timedelta(days=420), [])]
        maps[code] = _stakeholders(world, community, code)
        _survey(world, community, today, rng)
    # Second versions after the follow-up survey; Kassara's next version is still a draft.
    profiles["port-amani"].append(
        _profile(
            world,
            communities["port-amani"],
            "port-amani",
            today - timedelta(days=30),
            [
                (
                    EntryKind.BARRIER,
                    EntryTheme.NARRATIVES,
                    "A local newspaper article hostile to returnees revived fears among parents.",
                    "Incident log; school meeting",
                    "",
                ),
                (
                    EntryKind.RESILIENCE,
                    EntryTheme.GENDER,
                    "The women's forum and the imams' council responded together within a week.",
                    "Incident log",
                    "",
                ),
            ],
        )
    )
    profiles["wadi-nour"].append(
        _profile(
            world,
            communities["wadi-nour"],
            "wadi-nour",
            today - timedelta(days=25),
            [
                (
                    EntryKind.BARRIER,
                    EntryTheme.SECURITY,
                    "Threats against forum volunteers doing home visits.",
                    "Forum coordinators (no details)",
                    "",
                ),
            ],
        )
    )
    draft = services.profile_draft_start(actor=omar, community=communities["kassara"])
    services.profile_entry_save(
        actor=omar,
        profile=draft,
        values={
            "kind": EntryKind.NEED,
            "theme": EntryTheme.ECONOMIC,
            "description": "Income for returnee women: the cooperative could take ten more members.",
            "evidence": "Meeting with the cooperative",
        },
    )
    _newspaper_incident(world, communities["port-amani"], maps["port-amani"], today)
    _other_incidents(world, communities, maps, today)
    _plans(world, communities, maps, profiles, programme, today)
    _contacts(world, maps, today)
    return {
        "communities": len(communities),
        "stakeholders": Stakeholder.objects.count(),
        "waves": SurveyWave.objects.count(),
        "plans": CommunityPlan.objects.count(),
    }
