"""Load the demo world (demo mode only) and print the demo log-ins."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reintegra.core.audit import audit_checkpoint
from reintegra.core.choices import AuditChannel
from reintegra.core.context import channel_var


class Command(BaseCommand):
    help = "Create the fictional demo world once (REINTEGRA_DEMO=1 only) and print the log-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "Refusing to create demo data: REINTEGRA_DEMO is not set. Demo log-ins must never "
                "exist on a real deployment."
            )
        from reintegra.demo import world

        channel_var.set(AuditChannel.COMMAND)
        if world.demo_exists():
            self.stdout.write("Demo world already loaded; reusing it.")
        else:
            counts = world.build()
            audit_checkpoint()
            self.stdout.write(
                "Demo world created: {agencies} agencies, {users} users, {people} people, "
                "{households} households, {cases} cases.".format(**counts)
            )
        self.stdout.write("")
        self.stdout.write("Demo log-ins (password for all: {p})".format(p=world.DEMO_PASSWORD))
        for username, display, memberships in world.USERS:
            roles = ", ".join(
                "{role} @ {agency}".format(
                    role=str(role.label), agency={a[0]: a[2] for a in world.AGENCIES}[key]
                )
                for key, role in memberships
            )
            self.stdout.write("  {u:<20} {d:<26} {r}".format(u=username, d=display, r=roles))
        self.stdout.write("")
        self.stdout.write(
            "Start with layla.supervisor (sees every NCCR case) or karim.caseworker (the PAVE family)."
        )
