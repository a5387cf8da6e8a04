"""Benchmark the case list and case page on SQLite and PostgreSQL.

    python -m bench.run [--cases 20000] [--repeat 50] [--db sqlite|postgres|both] [--fresh] [-v]

Generates the benchmark database first unless it already holds data of the same size,
prints a table per database, and exits non-zero when the case list misses its target
(p95 <= 150 ms and <= 25 queries per page), after printing everything.
"""

import argparse
import subprocess
import sys

from bench import db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the case pages.")
    parser.add_argument("--cases", type=int, default=20_000, help="cases led by the lead agency")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per page")
    parser.add_argument("--db", choices=[*sorted(db.URLS), "both"], default="both")
    parser.add_argument("--fresh", action="store_true", help="regenerate even if the data is there")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each page's slowest SQL")
    args = parser.parse_args(argv)
    if args.db == "both":
        # Settings are read once per process, so each database gets its own.
        status = 0
        for choice in sorted(db.URLS, reverse=True):  # sqlite, then postgres
            command = [sys.executable, "-m", "bench.run", "--db", choice]
            command += ["--cases", str(args.cases), "--repeat", str(args.repeat)]
            if args.fresh:
                command.append("--fresh")
            if args.verbose:
                command.append("--verbose")
            status = max(status, subprocess.run(command, check=False).returncode)  # noqa: S603
        return status
    db.setup(args.db)
    from bench.pages import benchmark  # needs Django set up

    return benchmark(args.cases, args.repeat, args.fresh, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
