"""Load a social-cohesion item bank (JSON) as a new questionnaire version."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reintegra.communities import itembank
from reintegra.communities.models import SurveyInstrument, SurveyItem, SurveyScale
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import AuditChannel
from reintegra.core.context import channel_var


class Command(BaseCommand):
    help = (
        "Load a cohesion questionnaire from a JSON item bank (format: reintegra/communities/data/"
        "cohesion_v1.json). A code and version already loaded is refused; use a higher version."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--retire-older",
            action="store_true",
            help="Stop offering older versions of the same code for new waves.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        channel_var.set(AuditChannel.COMMAND)
        try:
            data = itembank.read(options["path"])
            with transaction.atomic():
                instrument = itembank.store(data, SurveyInstrument, SurveyScale, SurveyItem)
                if options["retire_older"]:
                    SurveyInstrument.objects.filter(
                        code=instrument.code, version__lt=instrument.version
                    ).update(is_active=False)
                audit_record(
                    actor=Actor(user_id=None, name="manage.py load_survey_instrument"),
                    action="survey_instrument.loaded",
                    target=instrument,
                    changes={"code": instrument.code, "version": instrument.version},
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            "Loaded {code} version {v}: {n} questions.".format(
                code=instrument.code, v=instrument.version, n=instrument.items.count()
            )
        )
