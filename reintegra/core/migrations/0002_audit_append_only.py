"""Make the audit table append-only in the database itself, on SQLite and PostgreSQL.

The application never updates or deletes audit rows; these triggers make sure nothing
else going through the application's database connection can either.
"""

from django.db import migrations

from reintegra.core.migrations._append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [append_only("core_auditevent")]
