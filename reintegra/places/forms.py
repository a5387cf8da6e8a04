from typing import Any

from django import forms

from reintegra.places.choices import PlaceLevel
from reintegra.places.models import Place
from reintegra.places.selectors import place_list


class PlaceChoiceField(forms.ModelChoiceField):
    """Towns and districts, labelled with what they are part of ("Port Amani, Coastal Province")."""

    def __init__(self, **kwargs: Any) -> None:
        levels = kwargs.pop("levels", (PlaceLevel.LOCALITY, PlaceLevel.DISTRICT))
        kwargs.setdefault("queryset", place_list().filter(level__in=levels).order_by("name_en"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Place) -> str:
        parent = obj.parent
        return "{name}, {parent}".format(name=obj.name, parent=parent.name) if parent else obj.name
