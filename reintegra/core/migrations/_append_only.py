"""Database triggers that make a table append-only, on SQLite and PostgreSQL alike.

Idempotent on purpose: SQLite rebuilds a table (dropping its triggers) for many schema
changes, so a migration that alters an append-only table must call `append_only` again
after the change. A test checks every append-only table still refuses UPDATE and DELETE.
"""

from django.db import migrations


def _statements(table: str, vendor: str, reverse: bool) -> list[str]:
    if vendor == "sqlite":
        if reverse:
            return [
                "DROP TRIGGER IF EXISTS {t}_no_update;".format(t=table),
                "DROP TRIGGER IF EXISTS {t}_no_delete;".format(t=table),
            ]
        return [
            """CREATE TRIGGER IF NOT EXISTS {t}_no_{op} BEFORE {OP} ON {t}
               BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END;""".format(t=table, op=op.lower(), OP=op)
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "postgresql":
        if reverse:
            return [
                "DROP TRIGGER IF EXISTS {t}_no_change ON {t};".format(t=table),
                "DROP TRIGGER IF EXISTS {t}_no_truncate ON {t};".format(t=table),
            ]
        return [
            """CREATE OR REPLACE FUNCTION reintegra_refuse_change() RETURNS trigger AS $$
               BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;""",
            "DROP TRIGGER IF EXISTS {t}_no_change ON {t};".format(t=table),
            "DROP TRIGGER IF EXISTS {t}_no_truncate ON {t};".format(t=table),
            """CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t}
               FOR EACH ROW EXECUTE FUNCTION reintegra_refuse_change();""".format(t=table),
            """CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t}
               FOR EACH STATEMENT EXECUTE FUNCTION reintegra_refuse_change();""".format(t=table),
        ]
    return []


def append_only(table: str) -> migrations.RunPython:
    """A migration operation refusing UPDATE, DELETE (and TRUNCATE) on `table`."""

    def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in _statements(table, schema_editor.connection.vendor, reverse=False):
            schema_editor.execute(statement, params=None)

    def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in _statements(table, schema_editor.connection.vendor, reverse=True):
            schema_editor.execute(statement, params=None)

    return migrations.RunPython(forward, backward)
