"""Field encryption (reintegra/core/crypto.py, reintegra/core/fields.py): AES-256-GCM envelopes
bound to table, column and row, failing closed, with key rotation."""

import base64
import io
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from reintegra.cases.models import CaseNote
from reintegra.cases.tests.factories import CaseFactory
from reintegra.core import crypto
from reintegra.core.fields import EncryptedFieldError, EncryptedTextField, Sealed
from reintegra.core.models import AuditEvent
from reintegra.people.models import Person
from reintegra.people.tests.factories import PersonFactory

NEW_KEY = "new2:" + base64.b64encode(b"\x02" * 32).decode()
WHERE = {"table": "t", "column": "c", "pk": "1"}


def raw(table: str, column: str, pk: object) -> str | None:
    """The stored text of one cell, read without the ORM."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT {c} FROM {t} WHERE id = %s".format(c=qn(column), t=qn(table)),
            [_db_pk(pk)],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def write_raw(table: str, column: str, pk: object, value: str | None) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE {t} SET {c} = %s WHERE id = %s".format(c=qn(column), t=qn(table)), [value, _db_pk(pk)]
        )


def _db_pk(pk: object) -> object:
    # SQLite stores UUIDs as 32 hex characters, PostgreSQL as uuid.
    if isinstance(pk, uuid.UUID) and connection.vendor == "sqlite":
        return pk.hex
    return pk


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def note(db):
    return CaseNote.objects.create(
        case=CaseFactory(),
        category="belief_ideology",
        body="رأي الشخص في العنف",
        author=CaseFactory().created_by,
    )


# --- the envelope ---------------------------------------------------------------------


def test_round_trip_and_envelope_format():
    sealed = crypto.encrypt("héllo مرحبا", **WHERE)
    version, key_id, payload = sealed.split("$")
    assert (version, key_id) == ("rg1", "test1")
    assert len(base64.urlsafe_b64decode(payload)) == 12 + len("héllo مرحبا".encode()) + 16
    assert crypto.decrypt(sealed, **WHERE) == "héllo مرحبا"


def test_same_text_encrypts_differently_each_time():
    assert crypto.encrypt("x", **WHERE) != crypto.encrypt("x", **WHERE)


@pytest.mark.parametrize("elsewhere", [{"table": "u"}, {"column": "d"}, {"pk": "2"}])
def test_envelope_opens_only_where_it_was_written(elsewhere):
    sealed = crypto.encrypt("secret", **WHERE)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(sealed, **{**WHERE, **elsewhere})


@pytest.mark.parametrize(
    "stored",
    ["secret", "", "rg1$test1$", "rg0$test1$AAAA", "rg1$nokey$" + "A" * 60, "rg1$test1$!!!", "rg1$test1"],
)
def test_anything_but_an_envelope_is_refused(stored):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored, **WHERE)


def test_tampered_envelope_is_refused():
    version, key_id, payload = crypto.encrypt("secret text", **WHERE).split("$")
    blob = bytearray(base64.urlsafe_b64decode(payload))
    for position in (0, 13, len(blob) - 1):  # nonce, ciphertext, tag
        changed = bytearray(blob)
        changed[position] ^= 1
        forged = "$".join((version, key_id, base64.urlsafe_b64encode(bytes(changed)).decode()))
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(forged, **WHERE)


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "nokey",
        "a:" + base64.b64encode(b"short").decode(),
        "bad id:" + base64.b64encode(b"k" * 32).decode(),
    ],
)
def test_malformed_keyrings_are_refused(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keyring(spec)


def test_duplicate_key_ids_are_refused():
    entry = crypto.generate_keyring_entry("k1")
    with pytest.raises(ImproperlyConfigured, match="twice"):
        crypto.parse_keyring(entry + "," + entry)


def test_the_first_key_is_current_and_old_keys_still_open(settings):
    old = crypto.encrypt("kept", **WHERE)
    settings.FIELD_ENCRYPTION_KEYS = NEW_KEY + "," + settings.FIELD_ENCRYPTION_KEYS
    assert crypto.key_id_of(crypto.encrypt("new", **WHERE)) == "new2"
    assert crypto.decrypt(old, **WHERE) == "kept"
    settings.FIELD_ENCRYPTION_KEYS = NEW_KEY  # the old key is retired
    with pytest.raises(crypto.DecryptionError, match="not in REINTEGRA_FIELD_KEYS"):
        crypto.decrypt(old, **WHERE)


# --- the model field ------------------------------------------------------------------


def test_field_round_trip_stores_only_ciphertext(note):
    stored = raw("cases_casenote", "body", note.pk)
    assert stored.startswith("rg1$test1$")
    assert "العنف" not in stored
    assert fresh(note).body == "رأي الشخص في العنف"


def test_empty_string_is_encrypted_and_round_trips(db):
    person = PersonFactory(disability_notes="")
    stored = raw("people_person", "disability_notes", person.pk)
    assert stored.startswith("rg1$")
    assert fresh(person).disability_notes == ""


def test_empty_string_written_into_the_database_is_refused(db):
    # Given a database writer who blanks the column instead of deleting the row
    person = PersonFactory(disability_notes="deaf in one ear")
    write_raw("people_person", "disability_notes", person.pk, "")
    # Then reading it fails rather than showing an empty field
    with pytest.raises(crypto.DecryptionError):
        _ = fresh(person).disability_notes


def test_none_is_refused_by_a_not_null_column(note):
    note.body = None
    with pytest.raises(Exception, match=r"(?i)null"):
        note.save()


def test_injected_plaintext_is_refused(note):
    write_raw("cases_casenote", "body", note.pk, "planted by someone with database access")
    loaded = fresh(note)
    with pytest.raises(crypto.DecryptionError):
        _ = loaded.body


def test_ciphertext_swapped_between_rows_is_refused(note):
    other = CaseNote.objects.create(case=note.case, category="risk", body="other", author=note.author)
    write_raw("cases_casenote", "body", other.pk, raw("cases_casenote", "body", note.pk))
    with pytest.raises(crypto.DecryptionError, match="authentication failed"):
        _ = fresh(other).body
    assert fresh(note).body == "رأي الشخص في العنف"


def test_ciphertext_moved_to_another_column_or_table_is_refused(note):
    person = PersonFactory(disability_notes="x")
    # the same primary key in another table: only the table name differs in the AAD
    write_raw("people_person", "disability_notes", person.pk, raw("cases_casenote", "body", note.pk))
    with pytest.raises(crypto.DecryptionError):
        _ = fresh(person).disability_notes
    envelope = crypto.encrypt("x", table="cases_casenote", column="category", pk=str(note.pk))
    write_raw("cases_casenote", "body", note.pk, envelope)
    with pytest.raises(crypto.DecryptionError):
        _ = fresh(note).body


def test_a_row_saved_again_without_reading_keeps_its_text(note):
    loaded = fresh(note)
    loaded.category = "risk"
    loaded.save()
    assert fresh(note).body == "رأي الشخص في العنف"


def test_deferred_field_loads_and_decrypts(note):
    loaded = CaseNote.objects.defer("body").get(pk=note.pk)
    assert loaded.body == "رأي الشخص في العنف"


def test_filtering_and_bulk_writes_are_refused(note):
    assert CaseNote.objects.filter(body__isnull=False).count() == 1
    with pytest.raises(Exception, match=r"(?i)unsupported lookup|encrypted"):
        list(CaseNote.objects.filter(body="x"))
    with pytest.raises(Exception, match=r"(?i)unsupported lookup|encrypted"):
        list(CaseNote.objects.filter(body__icontains="x"))
    with pytest.raises(EncryptedFieldError):
        CaseNote.objects.filter(pk=note.pk).update(body="x")
    note.body = "changed"
    with pytest.raises(EncryptedFieldError):
        CaseNote.objects.bulk_update([note], ["body"])


def test_values_list_gives_sealed_values_that_refuse_to_become_text(note):
    (value,) = CaseNote.objects.filter(pk=note.pk).values_list("body", flat=True)
    assert isinstance(value, Sealed)
    assert "العنف" not in repr(value)
    with pytest.raises(crypto.DecryptionError):
        str(value)


def test_field_requires_a_client_side_primary_key():
    from django.db import models

    class NoUuid(models.Model):  # noqa: DJ008
        secret = EncryptedTextField()

        class Meta:
            app_label = "core"

    errors = NoUuid._meta.get_field("secret").check()
    assert [e.id for e in errors] == ["reintegra.E001"]


def test_a_row_key_must_be_a_unique_uuid_with_a_default():
    import uuid

    from django.db import models

    class SealedByKey(models.Model):  # noqa: DJ008
        seal_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
        shared = models.UUIDField(default=uuid.uuid4)
        good = EncryptedTextField(row_key="seal_key")
        not_unique = EncryptedTextField(row_key="shared")
        missing = EncryptedTextField(row_key="nothing")

        class Meta:
            app_label = "core"

    def ids(name):
        return [e.id for e in SealedByKey._meta.get_field(name).check()]

    assert ids("good") == []
    assert ids("not_unique") == ["reintegra.E001"]
    assert ids("missing") == ["reintegra.E001"]


# --- rotation -------------------------------------------------------------------------


def test_rotate_field_keys_reencrypts_every_row_under_the_current_key(note, settings):
    # Given rows under the old key, and a new key put first in the keyring
    person = PersonFactory(disability_notes="uses a wheelchair")
    empty = PersonFactory(disability_notes="")
    settings.FIELD_ENCRYPTION_KEYS = NEW_KEY + "," + settings.FIELD_ENCRYPTION_KEYS
    # When the rotation runs, in small batches
    out = io.StringIO()
    call_command("rotate_field_keys", batch_size=1, stdout=out)
    # Then every encrypted cell is under the new key and reads as before
    for table, column, pk in (
        ("cases_casenote", "body", note.pk),
        ("people_person", "disability_notes", person.pk),
        ("people_person", "disability_notes", empty.pk),
    ):
        assert crypto.key_id_of(raw(table, column, pk)) == "new2"
    settings.FIELD_ENCRYPTION_KEYS = NEW_KEY  # the old key can now be retired
    assert fresh(note).body == "رأي الشخص في العنف"
    assert fresh(person).disability_notes == "uses a wheelchair"
    assert fresh(empty).disability_notes == ""
    # and the counts are reported and the rotation audited as a system event
    report = out.getvalue()
    assert "cases.CaseNote.body: 1 re-encrypted, 0 already current" in report
    people = Person.objects.count()
    assert "people.Person.disability_notes: {n} re-encrypted".format(n=people) in report
    event = AuditEvent.objects.filter(action="system.field_keys_rotated").get()
    assert event.actor_user_id is None
    assert event.changes["key_id"] == "new2"
    assert event.changes["reencrypted"] == 1 + people
    # and a second run finds nothing to do (resumable)
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "cases.CaseNote.body: 0 re-encrypted, 1 already current" in out.getvalue()


def test_rotation_stops_at_a_row_that_does_not_open(note, settings):
    write_raw("cases_casenote", "body", note.pk, "planted")
    settings.FIELD_ENCRYPTION_KEYS = NEW_KEY + "," + settings.FIELD_ENCRYPTION_KEYS
    with pytest.raises(Exception, match="cases_casenote"):
        call_command("rotate_field_keys", stdout=io.StringIO())
    assert raw("cases_casenote", "body", note.pk) == "planted"


def test_rotation_verify_only_reports_without_writing(note, settings):
    before = raw("cases_casenote", "body", note.pk)
    settings.FIELD_ENCRYPTION_KEYS = NEW_KEY + "," + settings.FIELD_ENCRYPTION_KEYS
    out = io.StringIO()
    call_command("rotate_field_keys", verify=True, stdout=out)
    assert raw("cases_casenote", "body", note.pk) == before
    assert "cases.CaseNote.body: 1 rows open, 1 under an older key" in out.getvalue()


def test_person_model_field_is_encrypted():
    assert isinstance(Person._meta.get_field("disability_notes"), EncryptedTextField)
    assert isinstance(CaseNote._meta.get_field("body"), EncryptedTextField)
