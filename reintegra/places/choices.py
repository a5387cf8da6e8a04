"""Levels of the administrative-area hierarchy."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceLevel(models.TextChoices):
    """Country → region → district → locality; each place sits one level below its parent."""

    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    DISTRICT = "district", _("District")
    LOCALITY = "locality", _("Town or locality")


LEVEL_ORDER = [PlaceLevel.COUNTRY, PlaceLevel.REGION, PlaceLevel.DISTRICT, PlaceLevel.LOCALITY]
