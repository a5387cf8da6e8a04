"""Administrative areas: where people live, services work and communities are profiled."""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reintegra.core.models import TimeStampedModel
from reintegra.places.choices import LEVEL_ORDER, PlaceLevel


class Place(TimeStampedModel):
    """A country, region, district or locality, named in the three working languages.

    Reference data, not personal data: anyone signed in may read places. The hierarchy
    lets a service "serve the Coastal Province" and still match a person in Port Amani.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=PlaceLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering: ClassVar[list[str]] = ["level", "name_en"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["parent", "level"], name="place_parent_idx")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to English."""
        language = (get_language() or "en")[:2]
        return str(getattr(self, "name_{lang}".format(lang=language), "") or self.name_en)

    def clean(self) -> None:
        """A country has no parent; every other place sits exactly one level below its parent."""
        level = LEVEL_ORDER.index(PlaceLevel(self.level))
        if level == 0 and self.parent_id:
            raise ValidationError({"parent": _("A country is not part of another place.")})
        if level > 0:
            if self.parent is None:
                raise ValidationError({"parent": _("Choose the place this one is part of.")})
            if LEVEL_ORDER.index(PlaceLevel(self.parent.level)) != level - 1:
                raise ValidationError(
                    {
                        "parent": _("A {level} must be part of a {parent}.").format(
                            level=PlaceLevel(self.level).label, parent=LEVEL_ORDER[level - 1].label
                        )
                    }
                )
