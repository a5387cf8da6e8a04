"""Time the case pages through the full Django stack, and the same page's SQL on its own.

Each page is requested with the test client as a signed-in user, so every middleware, the
session write, the audit row and the template rendering are in the figure (connections
persist between requests, as with CONN_MAX_AGE > 0). One request's SQL is captured and its
reads are then replayed on the driver's own cursor: the difference between the two
figures is what Python costs on top of the database. Writes and transaction control
(the audit row, the session) are counted but not replayed: replaying an audit INSERT
would break the chain. A PostgreSQL server-side cursor is replayed as its SELECT.
"""

import math
import os
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.data import BenchWorld, load_world
from bench.generate import build
from reintegra.accounts.middleware import MFA_OK_SESSION_KEY
from reintegra.cases.choices import CaseRole, CaseStage
from reintegra.cases.models import Case

TARGET_P95_MS = 150.0
TARGET_QUERIES = 25
WARMUP = 5
SEARCH = {"q": "Mansouri", "stage": CaseStage.SUPPORT}
_DECLARE = re.compile(r"DECLARE .+? CURSOR (?:WITH HOLD )?FOR (SELECT .*)", re.DOTALL)


@dataclass(frozen=True)
class Page:
    label: str
    client: Client
    url: str
    targeted: bool = False  # one of the case-list pages the issue sets the target for


@dataclass(frozen=True)
class Result:
    page: Page
    full_ms: list[float]
    cpu_ms: list[float]  # this process's CPU time per request: the part the load cannot inflate
    raw_ms: list[float]
    queries: int
    not_replayed: int
    slowest: list[tuple[float, str]]  # (median ms, SQL) of the slowest reads

    @property
    def missed(self) -> list[str]:
        """How the page misses the target (nothing for pages without one)."""
        problems = []
        p95 = percentile(self.full_ms, 95)
        if self.page.targeted and p95 > TARGET_P95_MS:
            problems.append("p95 {ms:.0f} ms > {t:.0f} ms".format(ms=p95, t=TARGET_P95_MS))
        if self.page.targeted and self.queries > TARGET_QUERIES:
            problems.append("{n} queries > {t}".format(n=self.queries, t=TARGET_QUERIES))
        return problems


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: always a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def existing_world(n_cases: int) -> BenchWorld | None:
    """The world already in the database, when it was generated with this many cases."""
    try:
        world = load_world()
    except DatabaseError:  # no database, or not migrated
        return None
    return world if world is not None and world.n_cases == n_cases else None


def pages(world: BenchWorld) -> list[Page]:
    """The pages of the issue (case list as a case worker, as the supervisor, searched;
    a case page; the API's list), and the list's last page, which its "Last" link reaches."""
    supervisor, worker = Client(), Client()
    supervisor.force_login(world.supervisor)
    worker.force_login(world.workers[0])
    for client in (supervisor, worker):
        # As after a sign-in with a second factor (supervisors must have one outside demo
        # mode); the middleware's check of the session flag stays in the measured stack.
        session = client.session
        session[MFA_OK_SESSION_KEY] = True
        session.save()
    managed = Case.objects.filter(
        team__user=world.workers[0], team__role=CaseRole.CASE_MANAGER, team__ended_at__isnull=True
    )
    case = managed.exclude(stage=CaseStage.CLOSED).order_by("code").first()
    if case is None:
        raise SystemExit("The first bench worker manages no open case; generate more cases.")
    cases = reverse("cases:case_list")
    last = math.ceil(world.n_cases / 25)
    return [
        Page("case list: case worker, page 1", worker, cases, targeted=True),
        Page("case list: supervisor, page 1", supervisor, cases, targeted=True),
        Page(
            "case list: supervisor, name + stage",
            supervisor,
            "{url}?q={q}&stage={stage}".format(url=cases, **SEARCH),
            targeted=True,
        ),
        Page("case detail: case manager", worker, reverse("cases:case_detail", args=[case.pk])),
        Page("API case list: supervisor", supervisor, "/api/v1/cases/"),
        Page(
            "case list: supervisor, page {n} (last)".format(n=last),
            supervisor,
            "{url}?page={n}".format(url=cases, n=last),
        ),
    ]


def _fetch(page: Page) -> None:
    response = page.client.get(page.url)
    if response.status_code != 200:
        raise SystemExit("{url} answered {status}".format(url=page.url, status=response.status_code))


def _timed(action: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call of `action`, after WARMUP untimed calls."""
    for _ in range(WARMUP):
        action()
    wall, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return wall, cpu


def _replay(statements: list[str], repeat: int) -> tuple[list[float], list[tuple[float, str]]]:
    """Run `statements` on the driver's own cursor, bypassing Django: the total time per
    run, and the three slowest statements."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    each: list[list[float]] = [[] for _ in statements]

    def run_all() -> None:
        for index, sql in enumerate(statements):
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            each[index].append((time.perf_counter() - started) * 1000)

    try:
        total, _cpu = _timed(run_all, repeat)
    finally:
        cursor.close()
    medians = [(statistics.median(times), sql) for times, sql in zip(each, statements, strict=True)]
    return total, sorted(medians, reverse=True)[:3]


def _read_part(sql: str) -> str:
    """The query a statement reads with: itself for a SELECT, the SELECT inside a
    PostgreSQL server-side cursor (`.iterator()`), nothing for writes."""
    cursor = _DECLARE.match(sql)
    if cursor:
        return cursor.group(1)
    return sql if sql.startswith("SELECT ") else ""


def measure(page: Page, repeat: int) -> Result:
    _fetch(page)
    with CaptureQueriesContext(connection) as captured:
        _fetch(page)
    statements = [query["sql"] for query in captured.captured_queries]
    reads = [read for read in map(_read_part, statements) if read]
    full, cpu = _timed(lambda: _fetch(page), repeat)
    raw, slowest = _replay(reads, repeat)
    return Result(page, full, cpu, raw, len(statements), len(statements) - len(reads), slowest)


def _plan(sql: str) -> list[str]:
    explain = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql)
        return [str(row[-1]) for row in cursor.fetchall()]


def _heading(world: BenchWorld, repeat: int) -> str:
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if postgres else "SELECT sqlite_version()")
        version = cursor.fetchone()[0].split()[0]
    server = "{name} {version}".format(name="PostgreSQL" if postgres else "SQLite", version=version)
    on_team = Case.objects.filter(team__user=world.workers[0], team__ended_at__isnull=True)
    return (
        "{server}: {n} cases led by the supervisor's agency, {total} in all; the case worker "
        "is on {w}.\n{repeat} runs per page after {warmup} warm-up runs; load average {load:.1f} "
        "on {cpus} CPUs."
    ).format(
        server=server,
        n=world.n_cases,
        total=Case.objects.count(),
        w=on_team.distinct().count(),
        repeat=repeat,
        warmup=WARMUP,
        load=os.getloadavg()[0],
        cpus=os.cpu_count(),
    )


def report(results: list[Result], heading: str, verbose: bool) -> None:
    row = "{:<38} {:>7} {:>7} {:>7}   {:>6} {:>6}   {:>4} {:>5}   {:>6} {:>6}   {}"
    print("\n" + heading + "\n")
    print(
        "{:<38} {:^23}   {:^13}   {:^10}   {:^13}".format(
            "", "full stack (ms)", "its CPU (ms)", "queries", "raw SQL (ms)"
        )
    )
    print(row.format("page", "p50", "p95", "max", "p50", "p95", "all", "other", "p50", "p95", "target"))
    for result in results:
        verdict = ("MISSED" if result.missed else "met") if result.page.targeted else ""
        figures = [
            percentile(result.full_ms, 50),
            percentile(result.full_ms, 95),
            max(result.full_ms),
            percentile(result.cpu_ms, 50),
            percentile(result.cpu_ms, 95),
        ]
        raw = [percentile(result.raw_ms, 50), percentile(result.raw_ms, 95)]
        print(
            row.format(
                result.page.label,
                *("{:.1f}".format(ms) for ms in figures),
                result.queries,
                result.not_replayed,
                *("{:.1f}".format(ms) for ms in raw),
                verdict,
            )
        )
    print(
        "\nits CPU = CPU time of this process (on SQLite including the database's work).\n"
        "queries: all = per request; other = writes and transaction control, not replayed;\n"
        "raw SQL = the request's reads replayed on the driver's cursor.\n"
        "target (case list): p95 <= {ms:.0f} ms and <= {n} queries per page.".format(
            ms=TARGET_P95_MS, n=TARGET_QUERIES
        )
    )
    for result in results:
        for problem in result.missed:
            print("  MISSED {label}: {problem}".format(label=result.page.label, problem=problem))
    for result in results if verbose else []:
        print("\nslowest reads of {label}:".format(label=result.page.label))
        for ms, sql in result.slowest:
            print("  {ms:.2f} ms  {sql}".format(ms=ms, sql=sql))
        print("  plan of the slowest:")
        for line in _plan(result.slowest[0][1]):
            print("    " + line)


def benchmark(n_cases: int, repeat: int, fresh: bool, verbose: bool) -> int:
    """Measure every page on the current database, generating it first unless it already
    holds `n_cases`; 1 when the case list misses its target, after printing everything."""
    world = None if fresh else existing_world(n_cases)
    if world is None:
        started = time.perf_counter()
        build(n_cases)
        print("Generated {n} cases in {s:.0f} s.".format(n=n_cases, s=time.perf_counter() - started))
        world = load_world()
    else:
        call_command("migrate", interactive=False, verbosity=0)  # e.g. a new index
    if world is None:
        raise SystemExit("The benchmark accounts are missing after generation.")
    results = [measure(page, repeat) for page in pages(world)]
    report(results, _heading(world, repeat), verbose)
    return 1 if any(result.missed for result in results) else 0
