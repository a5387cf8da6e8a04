"""Which database the benchmark uses, and wiping it.

The command-line tools choose the database before Django loads (settings are read once
per process), which is why `bench.run --db both` runs each database in a child process.
"""

import os
from pathlib import Path

VAR = Path(__file__).resolve().parent.parent / "var"
URLS = {
    "sqlite": "sqlite:///{path}".format(path=VAR / "bench.sqlite3"),
    "postgres": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/reintegra_bench"),
}


def setup(choice: str | None) -> None:
    """Load Django with the bench settings on `choice` (else `DATABASE_URL`, else SQLite).

    Always the bench settings, whatever `DJANGO_SETTINGS_MODULE` says: these tools wipe
    their database, so they must never pick up a real one from the environment.
    """
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if choice:
        os.environ["DATABASE_URL"] = URLS[choice]
    django.setup()


def name() -> str:
    from django.db import connection

    return str(connection.settings_dict["NAME"])


def vendor() -> str:
    from django.db import connection

    return connection.vendor


def wipe() -> None:
    """Delete the SQLite file, or drop and recreate the PostgreSQL database.

    Refuses a database whose name does not say "bench", so that a stray `DATABASE_URL`
    cannot cost anyone their data.
    """
    import psycopg
    from django.db import connection
    from psycopg import sql

    settings = connection.settings_dict
    database = name()
    if "bench" not in Path(database).name:
        raise SystemExit("Refusing to wipe {db}: its name does not contain 'bench'.".format(db=database))
    connection.close()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        return
    with psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
