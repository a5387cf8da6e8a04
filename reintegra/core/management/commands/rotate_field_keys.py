"""Re-encrypt every encrypted column under the current field key (REINTEGRA_FIELD_KEYS).

Rotation, step by step (docs/operations.md, "Keys"):

1. put a new key *first* in REINTEGRA_FIELD_KEYS, keep the old ones after it, restart;
2. run `manage.py rotate_field_keys` (batched, each batch in its own transaction; it can be
   stopped and run again: rows already under the current key are skipped);
3. `manage.py rotate_field_keys --verify` must report no row under an older key;
4. remove the old keys from REINTEGRA_FIELD_KEYS and restart.

A row that does not open (tampered, moved, plaintext injected, key missing) stops the
command with its table and primary key; nothing of that batch is written.
"""

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction

from reintegra.core import crypto
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.fields import EncryptedTextField, Sealed

SYSTEM = Actor(user_id=None, name="system: rotate_field_keys")


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    """Every encrypted field of every installed model (concrete, not proxies)."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the current key of REINTEGRA_FIELD_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Only check that every row opens and count rows under older keys; write nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        current = crypto.keyring().current
        batch_size = max(1, options["batch_size"])
        totals = {"reencrypted": 0, "current": 0}
        per_field: dict[str, list[int]] = {}
        for model, field in encrypted_fields():
            label = "{model}.{field}".format(model=model._meta.label, field=field.name)
            if options["verify"]:
                opened, older = self._verify(model, field, current)
                self.stdout.write(
                    "{label}: {n} rows open, {old} under an older key".format(
                        label=label, n=opened, old=older
                    )
                )
                continue
            done, kept = self._rotate(model, field, current, batch_size)
            per_field[label] = [done, kept]
            totals["reencrypted"] += done
            totals["current"] += kept
            self.stdout.write(
                "{label}: {done} re-encrypted, {kept} already current".format(
                    label=label, done=done, kept=kept
                )
            )
        if options["verify"]:
            return
        with transaction.atomic():
            audit_record(
                actor=SYSTEM,
                action="system.field_keys_rotated",
                changes={"key_id": current, "fields": per_field, **totals},
            )
        self.stdout.write(
            "Done: {n} values re-encrypted under key {key}.".format(n=totals["reencrypted"], key=current)
        )

    @staticmethod
    def _cells(
        model: type[models.Model], field: EncryptedTextField, after: Any, batch_size: int
    ) -> list[tuple[Any, Any]]:
        rows = model._base_manager.order_by("pk").values_list(*field.key_names(), field.attname)
        if after is not None:
            rows = rows.filter(pk__gt=after)
        return list(rows[:batch_size])

    def _open(
        self, model: type[models.Model], field: EncryptedTextField, row: models.Model, value: Sealed
    ) -> str:
        try:
            return field.open(row, value)
        except crypto.DecryptionError as error:
            raise CommandError(
                "{table} row {pk} does not open: {error}".format(
                    table=model._meta.db_table, pk=row.pk, error=error
                )
            ) from None

    def _rotate(
        self, model: type[models.Model], field: EncryptedTextField, current: str, batch_size: int
    ) -> tuple[int, int]:
        done = kept = 0
        after = None
        while True:
            # Each batch is its own transaction, so a stopped run keeps what it finished and
            # a re-run continues where the old key still seals rows.
            with transaction.atomic():
                cells = self._cells(model, field, after, batch_size)
                if not cells:
                    return done, kept
                for *keys, value in cells:
                    row = field.stub(tuple(keys))
                    after = row.pk
                    if value is None:
                        continue
                    plain = self._open(model, field, row, value)  # proves it opens here
                    if crypto.key_id_of(value.envelope) == current:
                        kept += 1
                        continue
                    sealed = field.seal(row, plain, key_id=current)
                    model._base_manager.filter(pk=row.pk).update(**{field.attname: sealed})
                    done += 1

    def _verify(self, model: type[models.Model], field: EncryptedTextField, current: str) -> tuple[int, int]:
        opened = older = 0
        rows = model._base_manager.order_by("pk").values_list(*field.key_names(), field.attname)
        for *keys, value in rows.iterator(chunk_size=500):
            if value is None:
                continue
            self._open(model, field, field.stub(tuple(keys)), value)
            opened += 1
            if crypto.key_id_of(value.envelope) != current:
                older += 1
        return opened, older
