"""Survey instruments as data: read a JSON item bank and store it as a new instrument version.

The file format (see `data/cohesion_v1.json`, our default bank)::

    {"code": "…", "version": 1,
     "name": {"en": "…", "fr": "…", "ar": "…"}, "description": {…}, "provenance": "…",
     "scales": [{"code": "agree5", "points": [{"value": 1, "en": "…", "fr": "…", "ar": "…"}, …]}],
     "items": [{"code": "trust_1", "dimension": "trust", "scale": "agree5", "reverse": false,
                "en": "…", "fr": "…", "ar": "…"}, …]}

An instrument version is never changed once loaded: responses refer to its items. To change
wording, load the file again with a higher `version`. Used by migration 0002 (with the
migration's historical models) and by `manage.py load_survey_instrument`.
"""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from reintegra.communities.choices import Dimension

DEFAULT_BANK = Path(__file__).resolve().parent / "data" / "cohesion_v1.json"


def read(path: Path) -> dict[str, Any]:
    """The parsed file, checked for the structure above (ValidationError naming the problem)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError("Cannot read {path}: {error}".format(path=path, error=error)) from error
    check(data)
    return data


def check(data: Any) -> None:
    """Refuse a bank that could not be scored: unknown dimensions or scales, bad points."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ValidationError("The item bank must be a JSON object.")
    for key in ("code", "version", "name", "scales", "items"):
        if key not in data:
            problems.append("missing “{key}”".format(key=key))
    if problems:
        raise ValidationError("; ".join(problems))
    if not isinstance(data["version"], int) or data["version"] < 1:
        problems.append("“version” must be a whole number from 1")
    if not data["name"].get("en"):
        problems.append("the name needs English")
    scales = {}
    for scale in data["scales"]:
        values = [p.get("value") for p in scale.get("points", [])]
        if len(values) < 2 or values != list(range(1, len(values) + 1)):
            problems.append("scale {c}: points must be numbered 1, 2, 3 …".format(c=scale.get("code")))
        if any(not p.get("en") for p in scale.get("points", [])):
            problems.append("scale {c}: every point needs English".format(c=scale.get("code")))
        scales[scale.get("code")] = scale
    codes: set[str] = set()
    for item in data["items"]:
        code = item.get("code")
        if code in codes:
            problems.append("item {c} appears twice".format(c=code))
        codes.add(code)
        if item.get("dimension") not in Dimension.values:
            problems.append("item {c}: unknown dimension {d}".format(c=code, d=item.get("dimension")))
        if item.get("scale") not in scales:
            problems.append("item {c}: unknown scale {s}".format(c=code, s=item.get("scale")))
        if not item.get("en"):
            problems.append("item {c}: the question needs English".format(c=code))
    missing = set(Dimension.values) - {item.get("dimension") for item in data["items"]}
    if missing:
        problems.append("no items for: {d}".format(d=", ".join(sorted(missing))))
    if problems:
        raise ValidationError("; ".join(problems))


def store(data: dict[str, Any], instrument_model: Any, scale_model: Any, item_model: Any) -> Any:
    """Create the instrument, its scales and items; refuses a code and version already loaded."""
    check(data)
    if instrument_model.objects.filter(code=data["code"], version=data["version"]).exists():
        raise ValidationError(
            "Instrument {c} version {v} is already loaded; give the file a higher version.".format(
                c=data["code"], v=data["version"]
            )
        )
    names, descriptions = data["name"], data.get("description", {})
    instrument = instrument_model.objects.create(
        code=data["code"],
        version=data["version"],
        name_en=names["en"],
        name_fr=names.get("fr", ""),
        name_ar=names.get("ar", ""),
        description_en=descriptions.get("en", ""),
        description_fr=descriptions.get("fr", ""),
        description_ar=descriptions.get("ar", ""),
        provenance=data.get("provenance", ""),
    )
    scales = {
        scale["code"]: scale_model.objects.create(
            instrument=instrument, code=scale["code"], points=scale["points"]
        )
        for scale in data["scales"]
    }
    for order, item in enumerate(data["items"]):
        item_model.objects.create(
            instrument=instrument,
            code=item["code"],
            dimension=item["dimension"],
            order=order,
            text_en=item["en"],
            text_fr=item.get("fr", ""),
            text_ar=item.get("ar", ""),
            scale=scales[item["scale"]],
            reverse=bool(item.get("reverse", False)),
        )
    return instrument
