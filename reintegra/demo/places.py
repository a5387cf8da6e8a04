"""The demo country's administrative areas, in English, French and Arabic."""

from reintegra.places.choices import PlaceLevel
from reintegra.places.models import Place

COUNTRY = ("meridia", "Republic of Meridia", "République de Méridia", "جمهورية ميريديا")
# region, district, town: (code, en, fr, ar) each
AREAS = [
    (
        ("capital", "Capital District", "District de la capitale", "إقليم العاصمة"),
        ("bel-air-district", "Bel-Air District", "District de Bel-Air", "دائرة بيل إير"),
        ("bel-air", "Bel-Air", "Bel-Air", "بيل إير"),
    ),
    (
        ("coastal", "Coastal Province", "Province côtière", "الإقليم الساحلي"),
        ("port-amani-district", "Port Amani District", "District de Port Amani", "دائرة ميناء أماني"),
        ("port-amani", "Port Amani", "Port Amani", "ميناء أماني"),
    ),
    (
        ("eastern-highlands", "Eastern Highlands", "Hauts plateaux de l'Est", "المرتفعات الشرقية"),
        ("wadi-nour-district", "Wadi Nour District", "District de Wadi Nour", "دائرة وادي النور"),
        ("wadi-nour", "Wadi Nour", "Wadi Nour", "وادي النور"),
    ),
    (
        ("northern", "Northern Province", "Province du Nord", "الإقليم الشمالي"),
        ("kassara-district", "Kassara District", "District de Kassara", "دائرة كسارة"),
        ("kassara", "Kassara", "Kassara", "كسارة"),
    ),
]
TOWN_CODES = [town[0] for _region, _district, town in AREAS]


def _place(names: tuple[str, str, str, str], level: str, parent: Place | None) -> Place:
    code, en, fr, ar = names
    return Place.objects.create(code=code, level=level, parent=parent, name_en=en, name_fr=fr, name_ar=ar)


def build() -> dict[str, Place]:
    """Create the hierarchy; returns the towns by code."""
    country = _place(COUNTRY, PlaceLevel.COUNTRY, None)
    towns = {}
    for region_names, district_names, town_names in AREAS:
        region = _place(region_names, PlaceLevel.REGION, country)
        district = _place(district_names, PlaceLevel.DISTRICT, region)
        towns[town_names[0]] = _place(town_names, PlaceLevel.LOCALITY, district)
    return towns
