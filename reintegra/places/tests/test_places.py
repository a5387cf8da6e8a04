"""The place hierarchy: levels in order, descendants, readable paths."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from reintegra.core.templatetags.reintegra import place_path
from reintegra.places.choices import PlaceLevel
from reintegra.places.models import Place
from reintegra.places.selectors import place_and_descendant_ids, place_with_ancestors

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    country = Place.objects.create(code="c", level=PlaceLevel.COUNTRY, name_en="Meridia")
    region = Place.objects.create(
        code="r", level=PlaceLevel.REGION, parent=country, name_en="Coast", name_ar="الساحل"
    )
    district = Place.objects.create(
        code="d", level=PlaceLevel.DISTRICT, parent=region, name_en="Port District"
    )
    town = Place.objects.create(code="t", level=PlaceLevel.LOCALITY, parent=district, name_en="Port Amani")
    return country, region, district, town


def test_levels_must_follow_each_other(tree):
    country, region, _district, _town = tree
    with pytest.raises(ValidationError, match="must be part of a District"):
        Place(code="x", level=PlaceLevel.LOCALITY, parent=region, name_en="X").full_clean()
    with pytest.raises(ValidationError):
        Place(code="y", level=PlaceLevel.REGION, name_en="Y").full_clean()  # no parent
    with pytest.raises(ValidationError):
        Place(code="z", level=PlaceLevel.COUNTRY, parent=country, name_en="Z").full_clean()


def test_descendants_and_ancestors(tree):
    country, region, district, town = tree
    assert place_and_descendant_ids(region) == {region.pk, district.pk, town.pk}
    assert place_and_descendant_ids(town) == {town.pk}
    assert place_with_ancestors(town) == [town, district, region, country]


def test_names_follow_the_language_and_paths_leave_out_the_country(tree):
    _country, region, _district, town = tree
    assert place_path(town) == "Port Amani, Port District, Coast"
    with translation.override("ar"):
        assert region.name == "الساحل"
        assert town.name == "Port Amani"  # no Arabic name given: English
    assert place_path(None) == "—"
