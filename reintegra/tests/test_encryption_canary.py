"""Canary strings written into encrypted fields never appear in plain text anywhere in the
database: not in their own tables, nor in the audit trail (events, changes, subjects), the
admin log, sessions, or any other table. Runs on SQLite and PostgreSQL alike.

Canaries go in through the services, the pages and the API, as users would write them;
then every cell of every table is read back with raw SQL (sessions are decoded first).
The demo world is a second, wider canary: every text it writes into any encrypted field of
any app is searched for in every other column.
"""

import base64
import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse

from reintegra.cases import services as case_services
from reintegra.cases.models import CaseNote
from reintegra.core.choices import DataCategory
from reintegra.core.management.commands.rotate_field_keys import encrypted_fields
from reintegra.people import services as people_services
from reintegra.people.models import Person

pytestmark = pytest.mark.django_db

ARABIC_CANARY = "كناري-سري-٧٣١"


def canary(label: str) -> str:
    return "CANARY-{label}-9f1c77".format(label=label)


def all_cells() -> list[tuple[str, str, str]]:
    """(table, column, text) for every non-empty cell of every table in the database."""
    cells: list[tuple[str, str, str]] = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(
                "SELECT {cols} FROM {t}".format(cols=", ".join(qn(c) for c in columns), t=qn(table))
            )
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, memoryview | bytes):
                        text = bytes(value).decode("utf-8", "replace")
                    elif isinstance(value, dict | list):
                        text = json.dumps(value, ensure_ascii=False)
                    else:
                        text = str(value)
                    cells.append((table, column, text))
                    if table == "django_session" and column == "session_data":
                        cells.append(
                            (table, "session_data (decoded)", json.dumps(SessionStore().decode(text)))
                        )
    return cells


def leaks(needles: list[str]) -> list[tuple[str, str, str]]:
    """Cells that contain any needle, in plain text, JSON-escaped or base64-encoded."""
    forms: dict[str, str] = {}
    for needle in needles:
        forms[needle] = needle
        forms[json.dumps(needle)[1:-1]] = needle  # \\u escapes as JSONField stores them
        forms[base64.b64encode(needle.encode()).decode()[:16]] = needle
    return [
        (table, column, needle)
        for table, column, text in all_cells()
        for form, needle in forms.items()
        if form in text
    ]


def test_canaries_in_encrypted_fields_never_reach_the_database_in_plain_text(world, login):
    case_manager = world.actor("case_manager")
    case = world.case
    written: list[str] = [ARABIC_CANARY]

    # Given notes in every category through the service
    for category in DataCategory.values:
        body = canary("note-{c}".format(c=category))
        case_services.case_note_add(
            actor=case_manager, case=case, category=category, body=body, team_role="case_manager"
        )
        written.append(body)
    case_services.case_note_add(
        actor=case_manager,
        case=case,
        category=DataCategory.HEALTH_PSYCHOSOCIAL,
        body=ARABIC_CANARY,
        team_role="case_manager",
    )
    # and disability notes when registering a person and when editing one
    person = people_services.person_create(
        actor=case_manager,
        values={"given_name_latin": "Amina", "disability_notes": canary("disability-create")},
    )
    person = people_services.person_update(
        actor=case_manager,
        person=person,
        values={"disability_notes": canary("disability-update")},
        expected_version=person.version,
    )
    written += [canary("disability-create"), canary("disability-update")]

    # and a note through the page and one through the API, in a signed-in session
    client = login(world.users["case_manager"])
    page_note = canary("note-page")
    response = client.post(
        reverse("cases:case_note_add", args=[case.pk]), {"category": "risk_assessment", "body": page_note}
    )
    assert response.status_code == 302
    api_note = canary("note-api")
    response = client.post(
        "/api/v1/cases/{id}/notes/".format(id=case.pk),
        {"category": "belief_ideology", "body": api_note},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    written += [page_note, api_note]
    # and the notes and the person are read back on their pages (reads are audited too)
    notes_page = client.get(reverse("cases:case_detail", args=[case.pk]) + "?tab=notes")
    assert page_note in notes_page.content.decode()
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 200

    # Then the application reads every canary back
    bodies = {note.body for note in CaseNote.objects.filter(case=case)}
    assert set(written) - {canary("disability-create"), canary("disability-update")} <= bodies
    assert Person.objects.get(pk=person.pk).disability_notes == canary("disability-update")

    # But no table holds any of them in plain text, JSON-escaped or base64-encoded
    tables = {table for table, _column, _text in all_cells()}
    assert {"cases_casenote", "people_person", "core_auditevent", "django_session"} <= tables
    assert leaks(written) == []


def test_the_scanner_finds_a_plain_canary(world):
    # Given a value written to a plain (unencrypted) column
    world.case.referral_source = canary("plain")
    world.case.save()
    # Then the scan reports it: the test above is not vacuous
    assert ("cases_case", "referral_source", canary("plain")) in leaks([canary("plain")])


def test_no_encrypted_text_of_the_demo_world_is_stored_in_plain_text_anywhere(demo):
    """The demo world writes realistic text into every encrypted field, through every app's
    services. Each of those texts is a canary: it must not reach any other column in plain
    text (audit changes, snapshots, notifications, sessions, other apps' copies)."""
    secrets: set[str] = set()
    encrypted_columns: set[tuple[str, str]] = set()
    for model, field in encrypted_fields():
        encrypted_columns.add((model._meta.db_table, field.column))
        for row in model._base_manager.all():
            text = getattr(row, field.attname)
            # long enough to be this text and not a common phrase another record may share
            if text and len(text.strip()) >= 24:
                secrets.add(text.strip())
    assert len(secrets) > 50  # the demo world fills the encrypted fields of every app
    leaks = [
        (table, column, text[:40])
        for table, column, cell in all_cells()
        if (table, column) not in encrypted_columns
        for text in secrets
        if text in cell or json.dumps(text)[1:-1] in cell
    ]
    assert leaks == []
