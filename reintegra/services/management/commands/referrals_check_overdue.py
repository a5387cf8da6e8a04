"""Flag overdue referrals: a follow-up task for the referrer, a reminder to the provider."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reintegra.core.choices import AuditChannel
from reintegra.core.context import channel_var
from reintegra.services.services import referrals_alert_overdue


class Command(BaseCommand):
    help = (
        "Create a task for the referrer of every referral overdue for an answer or past its target "
        "end date (once each), and e-mail the provider's desk a reminder with the reference only. "
        "Run hourly, like audit_checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site-url",
            default="",
            help="The site's address for links in e-mails when REINTEGRA_BASE_URL is not set.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        channel_var.set(AuditChannel.COMMAND)
        count = referrals_alert_overdue(site_url=options["site_url"])
        self.stdout.write("{n} overdue referral(s) flagged.".format(n=count))
