"""Wipe the benchmark database, migrate it and fill it with synthetic data.

    python -m bench.generate --cases 20000 [--db sqlite|postgres]

The SQLite file is var/bench.sqlite3; the PostgreSQL database is `reintegra_bench`
(BENCH_POSTGRES_URL overrides it). Without --db, DATABASE_URL decides, else SQLite.
"""

import argparse
import time

from bench import db


def build(n_cases: int, notes_per_case: int = 3, audit_rows: int | None = None) -> None:
    """Wipe, migrate, generate (Django must be set up on the bench settings)."""
    from django.core.management import call_command
    from django.db import connection

    from bench.data import generate

    db.wipe()
    call_command("migrate", interactive=False, verbosity=0)
    generate(n_cases, notes_per_case, audit_rows)
    if connection.vendor == "postgresql":
        # Autovacuum would vacuum and analyse the tables within minutes of the bulk load;
        # do it now so that the first run measures that steady state (planner statistics,
        # index-only scans). SQLite keeps no statistics unless told to, and a deployment
        # does not tell it, so neither do we.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Generate the benchmark database (it is wiped first).")
    parser.add_argument("--cases", type=int, default=20_000, help="cases led by the lead agency")
    parser.add_argument("--notes-per-case", type=int, default=3)
    parser.add_argument("--audit-rows", type=int, default=None, help="default: five per case")
    parser.add_argument("--db", choices=sorted(db.URLS), help="default: DATABASE_URL, else SQLite")
    args = parser.parse_args(argv)
    db.setup(args.db)
    started = time.perf_counter()
    build(args.cases, args.notes_per_case, args.audit_rows)
    print(
        "{n} cases generated into {name} ({vendor}) in {s:.1f} s.".format(
            n=args.cases, name=db.name(), vendor=db.vendor(), s=time.perf_counter() - started
        )
    )


if __name__ == "__main__":
    main()
