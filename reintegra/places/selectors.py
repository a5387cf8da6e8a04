"""Reads of the place hierarchy (reference data, open to every signed-in user)."""

from django.db.models import QuerySet

from reintegra.places.choices import LEVEL_ORDER, PlaceLevel
from reintegra.places.models import Place


def place_list(*, level: str | None = None, active_only: bool = True) -> QuerySet[Place]:
    """Places, optionally of one level, parents joined for labels."""
    places = Place.objects.select_related("parent")
    if level:
        places = places.filter(level=level)
    return places.filter(is_active=True) if active_only else places


def place_with_ancestors(place: Place) -> list[Place]:
    """The place and every place it is part of, nearest first (at most four)."""
    chain = [place]
    while chain[-1].parent_id is not None and len(chain) < len(LEVEL_ORDER):
        parent = chain[-1].parent
        if parent is None:
            break
        chain.append(parent)
    return chain


def place_and_descendant_ids(place: Place) -> set[int]:
    """Ids of the place and every place within it (one query per level below)."""
    ids = {place.pk}
    frontier = {place.pk}
    for _level in range(LEVEL_ORDER.index(PlaceLevel(place.level)) + 1, len(LEVEL_ORDER)):
        frontier = set(Place.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        if not frontier:
            break
        ids |= frontier
    return ids
