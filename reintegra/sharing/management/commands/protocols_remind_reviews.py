"""Remind coordinators of information-sharing protocols that a review is coming or overdue.

Run it daily (docs/operations.md). Each due date is reminded once: a task for the
coordinator and an e-mail with the protocol's reference and a link, nothing else. A protocol
not reviewed within its grace period stops sharing on its own; this only warns before.
"""

from typing import Any

from django.core.management.base import BaseCommand

from reintegra.core.choices import AuditChannel
from reintegra.core.context import channel_var
from reintegra.sharing import services


class Command(BaseCommand):
    help = "Create review reminders for protocols due within REINTEGRA_PROTOCOL_REMINDER_DAYS or overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        channel_var.set(AuditChannel.COMMAND)
        sent = services.protocol_review_reminders()
        self.stdout.write("Protocol review reminders sent: {n}.".format(n=sent))
