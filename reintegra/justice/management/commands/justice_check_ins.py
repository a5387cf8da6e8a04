"""Record unlogged, overdue check-ins as missed and alert their responsible officers.

Run it hourly beside `audit_checkpoint` (docs/justice.md). Safe to repeat: a check-in is
recorded once, and a day already logged is left alone.
"""

from typing import Any

from django.core.management.base import BaseCommand

from reintegra.core.choices import AuditChannel
from reintegra.core.context import channel_var
from reintegra.justice import selectors, services


class Command(BaseCommand):
    help = "Record scheduled check-ins nobody logged by their time as missed, with a follow-up task."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=selectors.MISSED_DASHBOARD_DAYS,
            help="How many days back to look (default %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        channel_var.set(AuditChannel.COMMAND)
        recorded = services.check_ins_watch(days=options["days"])
        self.stdout.write("Missed check-ins recorded: {n}.".format(n=recorded))
