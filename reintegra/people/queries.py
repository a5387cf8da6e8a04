"""Query builders for people fields (names, ages), shared by person and case searches."""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from reintegra.people.choices import AgeBand
from reintegra.people.matching import name_tokens


def name_match_q(query: str, prefix: str = "") -> Q | None:
    """Every word of `query` must match a stored name key; None if no usable word."""
    tokens = name_tokens(query)
    if not tokens:
        return None
    condition = Q()
    for token in tokens:
        condition &= Q(**{prefix + "name_key__contains": " {t} ".format(t=token)})
    return condition


def _band_limits(band: str) -> tuple[int, int]:
    low, _, high = band.partition("-")
    return int(low), int(high) if high else 150


def age_band_q(band: str, prefix: str = "", today: date | None = None) -> Q:
    """People whose age, from the date of birth or else the year of birth, is in `band`."""
    today = today or timezone.localdate()
    low, high = _band_limits(band)
    latest_birth = date(today.year - low, today.month, min(today.day, 28))
    earliest_birth = date(today.year - high - 1, today.month, min(today.day, 28))
    by_date = Q(
        **{
            prefix + "date_of_birth__gt": earliest_birth,
            prefix + "date_of_birth__lte": latest_birth,
        }
    )
    by_year = Q(
        **{
            prefix + "date_of_birth__isnull": True,
            prefix + "birth_year__gte": today.year - high,
            prefix + "birth_year__lte": today.year - low,
        }
    )
    return by_date | by_year


def age_band_of(age: int | None) -> str:
    """The band an age falls in ('' when unknown)."""
    if age is None:
        return ""
    for band in AgeBand.values:
        low, high = _band_limits(band)
        if low <= age <= high:
            return band
    return ""
