"""Factories and helpers for the justice tests: records go through the services, so
tests exercise the same validation and audit as the pages."""

from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from reintegra.core.actors import Actor
from reintegra.justice import services
from reintegra.justice.choices import FacilityKind, Frequency, LegalEventKind, MeasureKind
from reintegra.justice.models import Facility, LegalEvent, SupervisionMeasure
from reintegra.people.models import Person


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: "Facility {n}".format(n=n))
    kind = FacilityKind.PRISON


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def record(actor: Actor, person: Person, kind: str, days: int = 0, **values: Any) -> LegalEvent:
    """Record an event `days` days ago through the service."""
    event, _notices = services.legal_event_record(
        actor=actor, person=person, kind=kind, values={"occurred_on": days_ago(days), **values}
    )
    return event


def reporting(
    actor: Actor, case: Any, officer: Any, start_days_ago: int = 21, **values: Any
) -> SupervisionMeasure:
    """A weekly reporting measure that started `start_days_ago` days ago on that weekday."""
    start = days_ago(start_days_ago)
    return services.measure_create(
        actor=actor,
        person=case.person,
        case=case,
        values={
            "kind": MeasureKind.REPORTING,
            "starts_on": start,
            "responsible_officer": officer,
            "frequency": Frequency.WEEKLY,
            "weekday": start.weekday(),
            "location": "Central police station",
            **values,
        },
    )


K = LegalEventKind
