"""Reads of programme reference data (not personal data)."""

from django.db.models import QuerySet

from reintegra.core.models import Label
from reintegra.programmes.models import Programme


def programme_list(*, active_only: bool = False) -> QuerySet[Programme]:
    """Programmes, optionally only those accepting enrolments."""
    programmes = Programme.objects.select_related("lead_agency")
    return programmes.filter(is_active=True) if active_only else programmes


def programme_by_code(code: str) -> Programme | None:
    """The programme with this code, or None."""
    return Programme.objects.filter(code=code).first()


def beneficiary_type_by_code(code: str) -> Label | None:
    """The active beneficiary-type label with this code, or None."""
    return Label.objects.filter(kind="beneficiary_type", code=code, is_active=True).first()
