"""Synthetic data at production scale: people, cases, teams, notes, tasks and audit rows.

Rows are built in memory and written with `bulk_create`; going through the services (as
the demo does) would take an hour for 20 000 cases. The rows are nevertheless what the
services would leave: codes and name keys set, a stage history ending in the case's
stage, closed cases with an outcome, a case manager on every case, and an audit chain
whose MACs `audit_verify` accepts.

Deterministic for a given seed and day (dates are relative to today, as in the demo), so
that two runs benchmark the same data.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from reintegra.accounts.choices import AgencyType
from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.models import Agency, Membership, User
from reintegra.cases.choices import CaseOutcome, CaseRole, CaseStage, TaskStatus
from reintegra.cases.models import Case, CaseNote, CaseStageChange, CaseTeamMember, Task
from reintegra.core.audit import GENESIS, row_mac
from reintegra.core.choices import DataCategory
from reintegra.core.codes import ALPHABET
from reintegra.core.models import AuditEvent, Label
from reintegra.demo import names
from reintegra.people.matching import name_key
from reintegra.people.models import Person
from reintegra.programmes.models import Programme

SEED = 2026
BATCH_SIZE = 2000
YEARS_OF_HISTORY = 5
N_WORKERS = 20
SUPERVISOR = "bench.supervisor"
WORKER = "bench.worker{n:02d}"
PSYCHOLOGIST = "bench.psychologist"
MENTOR = "bench.mentor"
PARTNER_WORKER = "bench.partner.worker"

# Most cases are in support or closed, as in a programme that has run for years.
STAGE_WEIGHTS: dict[str, int] = {
    CaseStage.REFERRAL: 6,
    CaseStage.INTAKE: 8,
    CaseStage.ASSESSMENT: 10,
    CaseStage.PLANNING: 10,
    CaseStage.SUPPORT: 22,
    CaseStage.AFTERCARE: 12,
    CaseStage.CLOSED: 32,
}
NOTE_WEIGHTS = {
    "case_notes": 50,
    "health_psychosocial": 12,
    "family_children": 12,
    "belief_ideology": 6,
    "legal_status": 8,
    "risk_assessment": 6,
    "outcomes": 6,
}
AUDIT_WEIGHTS = {
    "case.viewed": 45,
    "case.searched": 20,
    "person.viewed": 12,
    "case.note_added": 12,
    "task.created": 6,
    "case.updated": 5,
}
NOTE_BODIES = (
    "Meeting held at the centre; the person came on time and asked about the next steps.",
    "Phone call to confirm next week's appointment; a family member passed on the message.",
    "Discussed the plan and the schedule of sessions; no concerns raised.",
    "Visited the family at home; housing is adequate for now.",
    "Follow-up on the training placement; attendance has been regular.",
)
TASK_TITLES = ("Follow-up visit", "Call the family", "Review the plan", "Check documents", "Write report")
COUNTRIES = ("BA", "IQ", "SY", "KE", "MA", "TN", "ML", "NE")


@dataclass(frozen=True)
class BenchWorld:
    """The accounts the benchmark acts as, and how many cases the lead agency leads."""

    lead: Agency
    supervisor: User
    workers: list[User]
    n_cases: int


def load_world() -> BenchWorld | None:
    """The world generated earlier into this database, if there is one."""
    supervisor = User.objects.filter(username=SUPERVISOR).first()
    if supervisor is None:
        return None
    lead = Agency.objects.get(memberships__user=supervisor)
    workers = list(User.objects.filter(username__startswith="bench.worker").order_by("username"))
    return BenchWorld(lead, supervisor, workers, Case.objects.filter(lead_agency=lead).count())


class _Draw:
    """Everything random, from one seeded generator, so that the data is repeatable."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.codes: set[str] = set()

    def code(self, prefix: str) -> str:
        """A unique code shaped like `core.codes.new_code`, which draws from `secrets`
        and so cannot be seeded."""
        while True:
            body = "".join(self.rng.choice(ALPHABET) for _ in range(8))
            code = "{prefix}-{a}-{b}".format(prefix=prefix, a=body[:4], b=body[4:])
            if code not in self.codes:
                self.codes.add(code)
                return code

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def moment(self, day: date) -> datetime:
        """A time during office hours on `day`."""
        return datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(
            seconds=self.rng.randint(0, 9 * 3600)
        )

    def stage_path(self) -> list[str]:
        """The stages a case went through; a closed case left from any stage."""
        final = self.weighted(STAGE_WEIGHTS)
        order = list(STAGE_WEIGHTS)[:-1]
        if final == CaseStage.CLOSED:
            return [*order[: self.rng.randint(1, len(order))], CaseStage.CLOSED]
        return order[: order.index(final) + 1]

    def person(self, today: date, agency: Agency, author: User) -> Person:
        rng = self.rng
        pool = rng.choices(("arabic", "somali", "french"), weights=(6, 2, 2))[0]
        male = rng.random() < 0.6
        given_original = family_original = ""
        if pool == "arabic":
            given_original, given = rng.choice(names.ARABIC_MALE if male else names.ARABIC_FEMALE)
            family_original, family = rng.choice(names.ARABIC_FAMILY)
        elif pool == "somali":
            given = rng.choice(names.SOMALI_MALE if male else names.SOMALI_FEMALE)
            family = rng.choice(names.SOMALI_FAMILY)
        else:
            given = rng.choice(names.FRENCH_MALE if male else names.FRENCH_FEMALE)
            family = rng.choice(names.FRENCH_FAMILY)
        born = date(today.year - rng.randint(14, 60), rng.randint(1, 12), rng.randint(1, 28))
        exact = rng.random() < 0.7
        neighbourhood = rng.choice(["Market quarter", "New town", "Hillside", "Old town"])
        return Person(
            id=self.new_id(),
            code=self.code("P"),
            given_name=given_original,
            family_name=family_original,
            given_name_latin=given,
            family_name_latin=family,
            sex="male" if male else "female",
            date_of_birth=born if exact else None,
            birth_year=born.year,
            birth_date_estimated=not exact,
            nationality=rng.choice(COUNTRIES),
            languages=[{"arabic": "ar", "somali": "so", "french": "fr"}[pool]],
            locality=neighbourhood,
            registering_agency=agency,
            created_by=author,
            name_key=name_key([given_original, family_original, given, family]),
        )


def _accounts() -> tuple[Agency, Agency, Programme, dict[str, User]]:
    lead = Agency.objects.create(
        name="Bench Lead Agency", short_name="BLA", agency_type=AgencyType.GOV_COORDINATION
    )
    partner = Agency.objects.create(
        name="Bench Partner Agency", short_name="BPA", agency_type=AgencyType.GOV_PROBATION
    )
    people = [
        (SUPERVISOR, lead, R.SUPERVISOR),
        *[(WORKER.format(n=n), lead, R.CASE_WORKER) for n in range(1, N_WORKERS + 1)],
        (PSYCHOLOGIST, lead, R.PSYCHOLOGIST),
        (MENTOR, lead, R.MENTOR),
        ("bench.partner.supervisor", partner, R.SUPERVISOR),
        (PARTNER_WORKER, partner, R.CASE_WORKER),
    ]
    users = {}
    for username, agency, role in people:
        user = User(username=username, display_name=username.replace(".", " ").title())
        user.set_unusable_password()  # the benchmark signs in with force_login
        user.save()
        Membership.objects.create(user=user, agency=agency, role=role)
        users[username] = user
    programme = Programme.objects.create(name="Bench Programme", code="bench", lead_agency=lead)
    return lead, partner, programme, users


def generate(
    n_cases: int = 20_000,
    notes_per_case: int = 3,
    audit_rows: int | None = None,
    *,
    seed: int = SEED,
    batch_size: int = BATCH_SIZE,
) -> BenchWorld:
    """Fill the current, migrated database (without earlier bench data: usernames are fixed).

    `n_cases` are led by the lead agency, whose supervisor pages through all of them;
    `n_cases // 20` more are led by a partner agency, so that the agency condition has
    rows to exclude. One person per case, plus 5 % registered without a case. Each case
    has a case manager (one of 20 workers), sometimes a second team member or an ended
    one, its stage history, `notes_per_case` notes and a task. `audit_rows` defaults to
    five per case.
    """
    draw = _Draw(seed)
    rng = draw.rng
    today = timezone.localdate()
    start = today - timedelta(days=365 * YEARS_OF_HISTORY)
    with transaction.atomic():
        lead, partner, programme, users = _accounts()
        workers = [users[WORKER.format(n=n)] for n in range(1, N_WORKERS + 1)]
        labels = list(Label.objects.filter(kind="beneficiary_type").order_by("order"))
        plan = [(lead, rng.choice(workers)) for _ in range(n_cases)]
        plan += [(partner, users[PARTNER_WORKER]) for _ in range(n_cases // 20)]
        people, cases, changes, team, notes, tasks = [], [], [], [], [], []
        for agency, manager in plan:
            person = draw.person(today, agency, manager)
            opened = draw.day_between(start, today)
            path = draw.stage_path()
            days = sorted(draw.day_between(opened, today) for _ in path[1:])
            moments = sorted([draw.moment(opened), *(draw.moment(day) for day in days)])
            closed = path[-1] == CaseStage.CLOSED
            case = Case(
                id=draw.new_id(),
                code=draw.code("C"),
                person=person,
                programme=programme,
                lead_agency=agency,
                beneficiary_type=rng.choice(labels),
                stage=path[-1],
                stage_changed_at=moments[-1],
                referral_source=rng.choice(("Prison service", "Family", "Self", "Police", "")),
                opened_on=opened,
                outcome=rng.choice(CaseOutcome.values) if closed else "",
                closed_on=moments[-1].date() if closed else None,
                created_by=manager,
                created_at=moments[0],
            )
            people.append(person)
            cases.append(case)
            changes += [
                CaseStageChange(case=case, from_stage=a, to_stage=b, changed_at=at, changed_by=manager)
                for a, b, at in zip(["", *path[:-1]], path, moments, strict=True)
            ]
            team.append(
                CaseTeamMember(
                    case=case, user=manager, agency=agency, role=CaseRole.CASE_MANAGER, added_by=manager
                )
            )
            if agency == lead and rng.random() < 0.3:
                other, role = rng.choice(
                    [
                        (users[PSYCHOLOGIST], CaseRole.PSYCHOLOGIST),
                        (users[MENTOR], CaseRole.MENTOR),
                        (rng.choice(workers), CaseRole.CO_WORKER),
                    ]
                )
                if other != manager:
                    team.append(
                        CaseTeamMember(case=case, user=other, agency=agency, role=role, added_by=manager)
                    )
            if agency == lead and rng.random() < 0.05:  # handed over from a former case manager
                former = rng.choice(workers)
                team.append(
                    CaseTeamMember(
                        case=case,
                        user=former,
                        agency=agency,
                        role=CaseRole.CASE_MANAGER,
                        added_by=former,
                        ended_at=moments[-1],
                    )
                )
            notes += [
                CaseNote(
                    id=draw.new_id(),
                    case=case,
                    category=draw.weighted(NOTE_WEIGHTS),
                    body=rng.choice(NOTE_BODIES),
                    author=manager,
                    created_at=draw.moment(draw.day_between(opened, today)),
                )
                for _ in range(notes_per_case)
            ]
            status = TaskStatus.DONE if closed else rng.choices(TaskStatus.values, weights=(6, 3, 1))[0]
            tasks.append(
                Task(
                    id=draw.new_id(),
                    case=case,
                    title=rng.choice(TASK_TITLES),
                    due_on=today + timedelta(days=rng.randint(-30, 60)),
                    assignee=manager,
                    status=status,
                    created_by=manager,
                    completed_at=moments[-1] if status == TaskStatus.DONE else None,
                )
            )
        people += [draw.person(today, lead, rng.choice(workers)) for _ in range(n_cases // 20)]
        Person.objects.bulk_create(people, batch_size=batch_size)
        Case.objects.bulk_create(cases, batch_size=batch_size)
        CaseStageChange.objects.bulk_create(changes, batch_size=batch_size)
        CaseTeamMember.objects.bulk_create(team, batch_size=batch_size)
        CaseNote.objects.bulk_create(notes, batch_size=batch_size)
        Task.objects.bulk_create(tasks, batch_size=batch_size)
        n_audit = 5 * len(cases) if audit_rows is None else audit_rows
        AuditEvent.objects.bulk_create(_audit_rows(draw, n_audit, cases, start), batch_size=batch_size)
    return BenchWorld(lead, users[SUPERVISOR], workers, n_cases)


def _audit_rows(draw: _Draw, n: int, cases: list[Case], start: date) -> list[AuditEvent]:
    """`n` rows after the current head of the chain, their MACs computed as `audit_record`
    computes them, so that `audit_verify` accepts the chain."""
    if not n or not cases:
        return []
    rng = draw.rng
    head = AuditEvent.objects.order_by("-seq").values("seq", "mac").first()
    seq, prev_mac = (head["seq"], head["mac"]) if head else (0, GENESIS)
    first = AuditEvent.objects.aggregate(at=Max("occurred_at"))["at"] or draw.moment(start)
    span = (timezone.now() - first).total_seconds()
    every_category = sorted(DataCategory.values)
    rows = []
    for offset in sorted(rng.random() * span for _ in range(n)):
        case = rng.choice(cases)
        actor, agency = case.created_by, case.lead_agency
        action = draw.weighted(AUDIT_WEIGHTS)
        target: Case | Person | None
        if action == "case.searched":
            target, person_id, case_id = None, None, None
        elif action == "person.viewed":
            target, person_id, case_id = case.person, case.person.pk, None
        else:
            target, person_id, case_id = case, case.person.pk, case.pk
        seq += 1
        event = AuditEvent(
            seq=seq,
            occurred_at=first + timedelta(seconds=offset),
            actor_user_id=actor.pk,
            actor_name=actor.label,
            actor_agency_id=agency.pk,
            actor_agency_name=agency.name,
            action=action,
            channel="api" if rng.random() < 0.1 else "page",
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_repr=target.code if target is not None else "",
            person_id=person_id,
            case_id=case_id,
            categories=every_category if action.endswith(".viewed") else [],
            purpose="",
            request_id="{n:032x}".format(n=rng.getrandbits(128)),
            changes={"filters": {}, "query_given": rng.random() < 0.3} if action == "case.searched" else {},
            flagged=False,
            prev_mac=prev_mac,
        )
        event.mac = row_mac(event.__dict__, prev_mac)  # as audit_record computes it
        rows.append(event)
        prev_mac = event.mac
    return rows
