"""The audit trail: chained MACs, append-only storage, checkpoints and their verification."""

import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from reintegra.core.actors import Actor
from reintegra.core.audit import GENESIS, audit_checkpoint, audit_record, audit_verify, diff
from reintegra.core.models import AuditCheckpoint, AuditEvent, AuditSubject

pytestmark = pytest.mark.django_db
ACTOR = Actor(user_id=None, name="Tester", agency_id=7, agency_name="Agency Seven")


@pytest.fixture(autouse=True)
def checkpoint_file(tmp_path, settings):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_FILE


def _record(n: int) -> list[AuditEvent]:
    return [
        audit_record(actor=ACTOR, action="test.event", target_repr="row {i}".format(i=i)) for i in range(n)
    ]


def _raw(sql: str, params: list[object] | None = None, table: str = "core_auditevent") -> None:
    """Tamper as an attacker with database access would: switch the guard triggers off first.
    (The test's transaction is rolled back afterwards, which restores them.)"""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush deferred foreign-key checks
            cursor.execute("ALTER TABLE {t} DISABLE TRIGGER USER".format(t=table))
        else:
            cursor.execute("DROP TRIGGER IF EXISTS {t}_no_update".format(t=table))
            cursor.execute("DROP TRIGGER IF EXISTS {t}_no_delete".format(t=table))
        cursor.execute(sql, params or [])


def _kinds(findings) -> set[str]:
    return {f.kind for f in findings}


def test_rows_are_chained_from_genesis():
    first, second, third = _record(3)
    assert first.prev_mac == GENESIS
    assert second.prev_mac == first.mac
    assert third.prev_mac == second.mac
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert audit_verify() == (3, [])


def test_the_actor_and_request_context_are_copied():
    event = audit_record(actor=ACTOR, action="case.viewed", categories=["identity", "identity", "case_notes"])
    assert (event.actor_name, event.actor_agency_id, event.actor_agency_name) == ("Tester", 7, "Agency Seven")
    assert event.categories == ["case_notes", "identity"]


def test_a_saved_row_cannot_be_saved_again():
    (event,) = _record(1)
    event.action = "changed"
    with pytest.raises(RuntimeError):
        event.save()


@pytest.mark.parametrize(
    "statement", ["UPDATE core_auditevent SET action = 'x'", "DELETE FROM core_auditevent"]
)
def test_the_database_refuses_updates_and_deletes(statement):
    _record(2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.count() == 2


def test_orm_bulk_update_is_refused_too():
    _record(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(action="x")


def test_an_edited_row_is_detected():
    _record(4)
    _raw("UPDATE core_auditevent SET target_repr = 'nothing to see' WHERE seq = 2")
    _count, findings = audit_verify()
    assert ("edited", 2) in {(f.kind, f.seq) for f in findings}


def test_a_deleted_row_is_detected():
    _record(4)
    _raw("DELETE FROM core_auditevent WHERE seq = 2")
    _count, findings = audit_verify()
    assert "missing" in _kinds(findings)
    assert "broken_link" in _kinds(findings)


def test_an_inserted_row_is_detected():
    rows = _record(3)
    # renumber rows 2.. to make room, then insert a forged row that copies row 1's MAC as its link
    _raw("UPDATE core_auditevent SET seq = seq + 10 WHERE seq >= 2")
    _raw("UPDATE core_auditevent SET seq = seq - 9 WHERE seq >= 12")
    forged = {
        f.attname: getattr(rows[1], f.attname) for f in AuditEvent._meta.concrete_fields if f.attname != "id"
    }
    forged.update(seq=2, target_repr="forged", prev_mac=rows[0].mac)
    columns = ", ".join(forged)
    placeholders = ", ".join(["%s"] * len(forged))
    values = [json.dumps(v) if isinstance(v, (list, dict)) else v for v in forged.values()]
    _raw("INSERT INTO core_auditevent ({c}) VALUES ({p})".format(c=columns, p=placeholders), values)
    _count, findings = audit_verify()
    assert {"edited", "broken_link"} & _kinds(findings)
    assert any(f.seq == 2 for f in findings)


def test_reordered_rows_are_detected():
    _record(3)
    _raw("UPDATE core_auditevent SET seq = -1 WHERE seq = 1")
    _raw("UPDATE core_auditevent SET seq = 1 WHERE seq = 2")
    _raw("UPDATE core_auditevent SET seq = 2 WHERE seq = -1")
    _count, findings = audit_verify()
    assert findings
    assert {1, 2} <= {f.seq for f in findings}


def test_a_truncated_tail_is_detected_by_the_checkpoint(checkpoint_file):
    _record(5)
    audit_checkpoint()
    _raw("DELETE FROM core_auditevent WHERE seq >= 4")
    _count, findings = audit_verify()
    assert ("truncated", 5) in {(f.kind, f.seq) for f in findings}


def test_checkpoints_go_to_the_database_and_the_external_file(checkpoint_file):
    _record(2)
    checkpoint = audit_checkpoint()
    lines = [json.loads(line) for line in checkpoint_file.read_text().splitlines()]
    assert AuditCheckpoint.objects.get().seq == 2 == checkpoint.seq
    assert lines[-1]["seq"] == 2
    assert lines[-1]["mac"] == AuditEvent.objects.get(seq=2).mac


def test_a_forged_checkpoint_is_detected(checkpoint_file):
    _record(3)
    audit_checkpoint()
    line = json.loads(checkpoint_file.read_text())
    line["seq"] = 2  # claims fewer rows, e.g. to hide a truncation
    checkpoint_file.write_text(json.dumps(line) + "\n")
    _count, findings = audit_verify()
    assert "bad_checkpoint" in _kinds(findings)


def test_the_external_file_outranks_a_tampered_database_checkpoint(checkpoint_file):
    _record(3)
    audit_checkpoint()
    _raw("DELETE FROM core_auditcheckpoint", table="core_auditcheckpoint")  # clear the database copy
    _raw("DELETE FROM core_auditevent WHERE seq = 3")
    _count, findings = audit_verify()
    assert "truncated" in _kinds(findings)


def test_the_mac_depends_on_a_key_outside_the_database():
    _record(2)
    with override_settings(AUDIT_HMAC_KEY="another key"):
        _count, findings = audit_verify()
    assert "edited" in _kinds(findings)


def test_the_command_reports_success_and_failure(capsys):
    _record(2)
    call_command("audit_verify")
    assert "intact: 2 rows" in capsys.readouterr().out
    _raw("UPDATE core_auditevent SET action = 'forged' WHERE seq = 1")
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert "edited" in capsys.readouterr().out


def test_the_checkpoint_command(capsys, checkpoint_file):
    call_command("audit_checkpoint")
    assert "empty" in capsys.readouterr().out
    _record(1)
    call_command("audit_checkpoint")
    assert "row 1" in capsys.readouterr().out


def test_diff_reveals_only_named_fields():
    changes = diff(
        {"stage": "intake", "body": "secret"}, {"stage": "assessment", "body": "other"}, reveal=["stage"]
    )
    assert changes == {"stage": ["intake", "assessment"], "body": "changed"}
    assert diff({"a": 1}, {"a": 1}) == {}


def test_subjects_are_chained_and_indexed():
    # given a list that showed two people
    first, second = uuid.uuid4(), uuid.uuid4()
    event = audit_record(
        actor=ACTOR, action="case.searched", subjects=[(first, None), (second, None), (first, None)]
    )
    # then both are in the chained row once, and indexed for the disclosure log
    assert event.subjects == [[str(first), None], [str(second), None]]
    assert set(AuditSubject.objects.values_list("person_id", flat=True)) == {first, second}
    assert audit_verify() == (1, [])


def test_a_tampered_subject_index_is_detected():
    audit_record(actor=ACTOR, action="case.searched", subjects=[(uuid.uuid4(), None)])
    _raw("DELETE FROM core_auditsubject", table="core_auditsubject")  # hide a person from their log
    _count, findings = audit_verify()
    assert "bad_index" in _kinds(findings)


@pytest.mark.parametrize("table", ["core_auditevent", "core_auditsubject", "core_auditcheckpoint"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_every_audit_table_is_append_only_after_all_migrations(table, statement):
    # SQLite drops triggers when a migration rebuilds a table; this catches a lost guard
    audit_record(actor=ACTOR, action="case.searched", subjects=[(uuid.uuid4(), None)])
    audit_checkpoint()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(t=table))


def test_a_missing_checkpoint_file_is_reported(checkpoint_file):
    _record(2)
    audit_checkpoint()
    checkpoint_file.unlink()
    _count, findings = audit_verify()
    assert [f.kind for f in findings] == ["bad_checkpoint"]
