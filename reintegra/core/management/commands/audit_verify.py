"""Check the audit trail: every row's MAC, the chain links, and the signed checkpoints."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reintegra.core.audit import audit_verify


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain and checkpoints. Exits non-zero and lists every "
        "edited, deleted, inserted, reordered or truncated row it finds."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count, findings = audit_verify()
        if not findings:
            self.stdout.write(self.style.SUCCESS("Audit trail intact: {n} rows verified.".format(n=count)))
            return
        for finding in findings:
            self.stdout.write("{kind:<15} row {seq}: {detail}".format(**finding.__dict__))
        raise CommandError(
            "Audit trail NOT intact: {n} problem(s) in {rows} rows.".format(n=len(findings), rows=count)
        )
