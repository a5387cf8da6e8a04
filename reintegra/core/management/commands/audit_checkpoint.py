"""Sign the head of the audit chain (run hourly from cron or a scheduler)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from reintegra.core.audit import audit_checkpoint


class Command(BaseCommand):
    help = "Write a signed checkpoint of the audit chain to the database and the checkpoint file."

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = audit_checkpoint()
        if checkpoint is None:
            self.stdout.write("The audit trail is empty; nothing to checkpoint.")
            return
        self.stdout.write(
            "Checkpoint at row {seq} written to the database and {path}.".format(
                seq=checkpoint.seq, path=settings.AUDIT_CHECKPOINT_FILE
            )
        )
