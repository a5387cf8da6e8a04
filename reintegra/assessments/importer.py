"""Instruments as JSON: validate, load and export assessment templates and survey question
sets (the schema is documented in docs/assessments.md).

A programme loads a licensed instrument privately by importing its JSON file; Reintegra
ships only its own open template and default survey set (`reintegra/assessments/data/`).
Validation is pure (no database) and reports every problem with the path of the row it is
in, e.g. `domains[2].items[0].code`, so a file can be fixed in one pass. Loading is done by
the services in one transaction: all of the file or nothing.

`load_template` and `load_question_set` take the model classes to use, so the data
migration that installs the shipped instruments can pass its historical models.
"""

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.utils.translation import gettext as _

from reintegra.assessments.choices import DomainKind, SurveyDimension, TemplateKind, VersionStatus

TEMPLATE_FORMAT = "reintegra.assessment-template"
QUESTION_SET_FORMAT = "reintegra.survey-question-set"
FORMAT_VERSION = 1
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_TEMPLATES = ("reintegration-needs-strengths.v1.json",)
SHIPPED_QUESTION_SETS = ("reintegration-sustainability.v1.json",)

#: Keys that would turn ratings into numbers. Instruments are structured professional
#: judgement: scales are ordered labels, never weights, scores, totals or cut-offs.
NUMERIC_KEYS = frozenset(
    {"weight", "weights", "score", "scores", "total", "totals", "value", "values", "points", "cutoff",
     "cutoffs", "cut_off", "band", "bands", "threshold", "thresholds", "sum"}
)  # fmt: skip
INSUFFICIENT = "insufficient_information"  # reserved: see models.INSUFFICIENT
CATEGORIES = ("risk_assessment", "health_psychosocial", "belief_ideology")  # models.ASSESSMENT_CATEGORIES
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
CODE = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an imported file, and where."""

    path: str
    message: str

    def __str__(self) -> str:
        return "{path}: {message}".format(path=self.path or "(file)", message=self.message)


class _Checker:
    """Collects problems while walking a document."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.add(path, _("Expected an object ({…})."))
            return {}
        return value

    def rows(self, value: Any, path: str, *, required: bool = True) -> list[Any]:
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            self.add(path, _("Expected a non-empty list ([…])."))
            return []
        if len(value) > MAX_ROWS:
            self.add(path, _("Too many rows (at most {n}).").format(n=MAX_ROWS))
            return []
        return value

    def code(self, value: Any, path: str, seen: set[str] | None = None) -> str:
        if not isinstance(value, str) or not CODE.match(value):
            self.add(path, _("A code of letters, digits, “-” or “_” is required (at most 60)."))
            return ""
        if value == INSUFFICIENT:
            self.add(path, _("“{code}” is reserved for “insufficient information”.").format(code=value))
        if seen is not None:
            if value in seen:
                self.add(path, _("The code “{code}” is used twice.").format(code=value))
            seen.add(value)
        return value

    def text(self, value: Any, path: str, *, required: bool = True) -> dict[str, str]:
        """Wording in several languages: {"en": "...", "fr": "...", "ar": "..."} or a string."""
        if value in (None, "", {}) and not required:
            return {}
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, dict) or not value:
            self.add(path, _('Give the text as {"en": …, "fr": …, "ar": …}.'))
            return {}
        clean: dict[str, str] = {}
        for language, text in value.items():
            if not isinstance(language, str) or not LANGUAGE.match(language):
                self.add(path, _("“{key}” is not a language code.").format(key=language))
            elif not isinstance(text, str):
                self.add("{p}.{k}".format(p=path, k=language), _("Expected text."))
            elif text.strip():
                clean[language] = text.strip()
        if required and not clean:
            self.add(path, _("This text is required."))
        return clean

    def no_numbers(self, row: dict[str, Any], path: str) -> None:
        for key in row:
            if key.lower() in NUMERIC_KEYS:
                self.add(
                    "{p}.{k}".format(p=path, k=key),
                    _(
                        "Assessment instruments carry no numbers: “{key}” is not allowed. Ratings "
                        "are ordered labels and are never added up."
                    ).format(key=key),
                )

    def integer(self, value: Any, path: str, low: int, high: int, default: int | None = None) -> int:
        if value is None and default is not None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add(path, _("A whole number from {low} to {high} is required.").format(low=low, high=high))
            return default or low
        return value

    def decimal(self, value: Any, path: str, low: Decimal, high: Decimal) -> Decimal:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            number = Decimal("NaN")
        if isinstance(value, bool) or not number.is_finite() or not low <= number <= high:
            self.add(path, _("A number from {low} to {high} is required.").format(low=low, high=high))
            return low
        return number

    def header(self, data: dict[str, Any], fmt: str) -> None:
        if data.get("format") != fmt:
            self.add(
                "format", _("This is not a file of this kind (“format” must be “{fmt}”).").format(fmt=fmt)
            )
        if data.get("format_version") != FORMAT_VERSION:
            self.add(
                "format_version", _("Only version {n} of the format is understood.").format(n=FORMAT_VERSION)
            )


def parse(raw: bytes | str) -> tuple[dict[str, Any], list[Problem]]:
    """The JSON document, or the problem that stops it being read."""
    if len(raw) > MAX_BYTES:
        return {}, [Problem("", _("The file is too large (at most 2 MB)."))]
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, [Problem("", _("This is not valid JSON: {error}").format(error=error))]
    if not isinstance(data, dict):
        return {}, [Problem("", _("The file must hold one JSON object."))]
    return data, []


# --- assessment templates --------------------------------------------------------------


def validate_template(data: dict[str, Any]) -> list[Problem]:
    """Every problem in an assessment-template document (empty when it can be loaded)."""
    check = _Checker()
    check.header(data, TEMPLATE_FORMAT)
    check.no_numbers(data, "$")
    check.code(data.get("code"), "code")
    check.integer(data.get("version"), "version", 1, 10_000)
    check.text(data.get("name"), "name")
    check.text(data.get("description"), "description", required=False)
    kind = data.get("kind")
    if kind not in TemplateKind.values:
        check.add("kind", _("Choose one of: {values}.").format(values=", ".join(TemplateKind.values)))
    category = data.get("category", "risk_assessment")
    if category not in CATEGORIES:
        check.add("category", _("Choose one of: {values}.").format(values=", ".join(CATEGORIES)))
    if kind == TemplateKind.RISK and category != "risk_assessment":
        check.add("category", _("A risk instrument belongs to the risk-assessment category."))
    check.integer(data.get("reassessment_months"), "reassessment_months", 1, 60, default=6)
    licence = check.mapping(data.get("licence", {}), "licence")
    expires = licence.get("expires_on")
    if expires not in (None, ""):
        try:
            datetime.date.fromisoformat(str(expires))
        except ValueError:
            check.add("licence.expires_on", _("Give the date as YYYY-MM-DD."))
    scales: dict[str, int] = {}
    for i, row in enumerate(check.rows(data.get("scales"), "scales")):
        path = "scales[{i}]".format(i=i)
        scale = check.mapping(row, path)
        check.no_numbers(scale, path)
        code = check.code(scale.get("code"), path + ".code", set(scales))
        check.text(scale.get("label"), path + ".label")
        options = check.rows(scale.get("options"), path + ".options")
        if options and len(options) < 2:
            check.add(path + ".options", _("A scale needs at least two options."))
        option_codes: set[str] = set()
        for j, option_row in enumerate(options):
            option_path = "{p}.options[{j}]".format(p=path, j=j)
            option = check.mapping(option_row, option_path)
            check.no_numbers(option, option_path)
            check.code(option.get("code"), option_path + ".code", option_codes)
            check.text(option.get("label"), option_path + ".label")
        if code:
            scales[code] = len(options)
    dimensions: set[str] = set()
    for i, row in enumerate(check.rows(data.get("dimensions"), "dimensions")):
        path = "dimensions[{i}]".format(i=i)
        dimension = check.mapping(row, path)
        check.no_numbers(dimension, path)
        check.code(dimension.get("code"), path + ".code", dimensions)
        check.text(dimension.get("label"), path + ".label")
        if dimension.get("scale") not in scales:
            check.add(
                path + ".scale", _("No scale has the code “{code}”.").format(code=dimension.get("scale"))
            )
    judgement = check.mapping(data.get("judgement"), "judgement")
    check.no_numbers(judgement, "judgement")
    check.text(judgement.get("label"), "judgement.label")
    check.text(judgement.get("guidance"), "judgement.guidance", required=False)
    if judgement and judgement.get("scale") not in scales:
        check.add("judgement.scale", _("No scale has the code “{code}”.").format(code=judgement.get("scale")))
    domain_codes: set[str] = set()
    item_codes: set[str] = set()
    for i, row in enumerate(check.rows(data.get("domains"), "domains")):
        path = "domains[{i}]".format(i=i)
        domain = check.mapping(row, path)
        check.no_numbers(domain, path)
        check.code(domain.get("code"), path + ".code", domain_codes)
        if domain.get("kind") not in DomainKind.values:
            check.add(
                path + ".kind", _("Choose one of: {values}.").format(values=", ".join(DomainKind.values))
            )
        check.text(domain.get("label"), path + ".label")
        check.text(domain.get("guidance"), path + ".guidance", required=False)
        default_dimensions = _dimension_list(
            check, domain.get("dimensions"), path + ".dimensions", dimensions
        )
        for j, item_row in enumerate(check.rows(domain.get("items"), path + ".items")):
            item_path = "{p}.items[{j}]".format(p=path, j=j)
            item = check.mapping(item_row, item_path)
            check.no_numbers(item, item_path)
            check.code(item.get("code"), item_path + ".code", item_codes)
            check.text(item.get("label"), item_path + ".label")
            check.text(item.get("guidance"), item_path + ".guidance", required=False)
            own = _dimension_list(check, item.get("dimensions"), item_path + ".dimensions", dimensions)
            if not (own or default_dimensions):
                check.add(
                    item_path + ".dimensions", _("Say what the item is rated on (one or more dimensions).")
                )
            allowed = item.get("insufficient_information_allowed", True)
            if not isinstance(allowed, bool):
                check.add(item_path + ".insufficient_information_allowed", _("Expected true or false."))
    return check.problems


def _dimension_list(check: _Checker, value: Any, path: str, known: set[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.add(path, _("Expected a list of dimension codes."))
        return []
    for code in value:
        if code not in known:
            check.add(path, _("No dimension has the code “{code}”.").format(code=code))
    if len(set(value)) != len(value):
        check.add(path, _("A dimension is listed twice."))
    return value


def default_models() -> SimpleNamespace:
    """The real model classes (migrations pass their historical ones instead)."""
    from reintegra.assessments import models

    return SimpleNamespace(
        InstrumentTemplate=models.InstrumentTemplate,
        TemplateVersion=models.TemplateVersion,
        Scale=models.Scale,
        ScaleOption=models.ScaleOption,
        RatingDimension=models.RatingDimension,
        Domain=models.Domain,
        Item=models.Item,
        SurveyQuestionSet=models.SurveyQuestionSet,
        SurveyQuestion=models.SurveyQuestion,
    )


def _text(value: Any) -> dict[str, str]:
    check = _Checker()
    return check.text(value, "", required=False)


def template_conflicts(data: dict[str, Any], owner_agency_id: int | None, registry: Any) -> list[Problem]:
    """Problems that depend on what is loaded already (checked after `validate_template`)."""
    template = registry.InstrumentTemplate.objects.filter(code=data["code"]).first()
    if template is None:
        return []
    problems = []
    if template.owner_agency_id != owner_agency_id:
        problems.append(
            Problem("code", _("Another agency's instrument, or one shipped with Reintegra, has this code."))
        )
    elif template.kind != data["kind"] or template.category != data.get("category", "risk_assessment"):
        problems.append(
            Problem("kind", _("The kind and category of an instrument cannot change between versions."))
        )
    if registry.TemplateVersion.objects.filter(template=template, number=data["version"]).exists():
        problems.append(
            Problem(
                "version", _("Version {n} of this instrument is loaded already.").format(n=data["version"])
            )
        )
    return problems


def load_template(
    data: dict[str, Any],
    *,
    registry: Any,
    owner_agency_id: int | None,
    imported_by_id: int | None,
    status: str = VersionStatus.DRAFT,
    shipped: bool = False,
) -> Any:
    """Create the template version a validated document describes (caller: one transaction)."""
    template, _created = registry.InstrumentTemplate.objects.get_or_create(
        code=data["code"],
        defaults={
            "name": _text(data["name"]),
            "kind": data["kind"],
            "category": data.get("category", "risk_assessment"),
            "owner_agency_id": owner_agency_id,
            "is_shipped": shipped,
        },
    )
    template.name = _text(data["name"])
    template.save(update_fields=["name"])
    licence = data.get("licence") or {}
    judgement = data["judgement"]
    version = registry.TemplateVersion.objects.create(
        template=template,
        number=data["version"],
        status=status,
        description=_text(data.get("description")),
        judgement_label=_text(judgement["label"]),
        judgement_guidance=_text(judgement.get("guidance")),
        reassessment_months=data.get("reassessment_months") or 6,
        licence_holder=str(licence.get("holder") or "")[:200],
        licence_reference=str(licence.get("reference") or "")[:200],
        licence_expires_on=datetime.date.fromisoformat(licence["expires_on"])
        if licence.get("expires_on")
        else None,
        licence_note=str(licence.get("note") or ""),
        imported_by_id=imported_by_id,
    )
    scales = {}
    for scale_row in data["scales"]:
        scale = registry.Scale.objects.create(
            version=version, code=scale_row["code"], label=_text(scale_row["label"])
        )
        registry.ScaleOption.objects.bulk_create(
            registry.ScaleOption(
                scale=scale, code=option["code"], label=_text(option["label"]), position=position
            )
            for position, option in enumerate(scale_row["options"])
        )
        scales[scale.code] = scale
    version.judgement_scale = scales[judgement["scale"]]
    version.save(update_fields=["judgement_scale"])
    dimensions = {}
    for position, row in enumerate(data["dimensions"]):
        dimensions[row["code"]] = registry.RatingDimension.objects.create(
            version=version,
            code=row["code"],
            label=_text(row["label"]),
            scale=scales[row["scale"]],
            position=position,
        )
    for domain_position, domain_row in enumerate(data["domains"]):
        domain = registry.Domain.objects.create(
            version=version,
            code=domain_row["code"],
            kind=domain_row["kind"],
            label=_text(domain_row["label"]),
            guidance=_text(domain_row.get("guidance")),
            position=domain_position,
        )
        for item_position, item_row in enumerate(domain_row["items"]):
            item = registry.Item.objects.create(
                domain=domain,
                code=item_row["code"],
                label=_text(item_row["label"]),
                guidance=_text(item_row.get("guidance")),
                position=item_position,
                insufficient_allowed=item_row.get("insufficient_information_allowed", True),
            )
            codes = item_row.get("dimensions") or domain_row.get("dimensions") or []
            item.dimensions.set([dimensions[code] for code in codes])
    return version


def export_template(version: Any) -> dict[str, Any]:
    """The JSON document of one template version (the same schema the importer reads)."""
    template = version.template
    scales = list(version.scales.prefetch_related("options").order_by("pk"))
    dimensions = list(version.dimensions.select_related("scale").order_by("position", "pk"))
    domains = list(version.domains.prefetch_related("items__dimensions").order_by("position", "pk"))
    return {
        "format": TEMPLATE_FORMAT,
        "format_version": FORMAT_VERSION,
        "code": template.code,
        "version": version.number,
        "kind": template.kind,
        "category": template.category,
        "name": template.name,
        "description": version.description,
        "licence": {
            "holder": version.licence_holder,
            "reference": version.licence_reference,
            "expires_on": version.licence_expires_on.isoformat() if version.licence_expires_on else None,
            "note": version.licence_note,
        },
        "reassessment_months": version.reassessment_months,
        "scales": [
            {
                "code": scale.code,
                "label": scale.label,
                "options": [
                    {"code": option.code, "label": option.label}
                    for option in sorted(scale.options.all(), key=lambda o: o.position)
                ],
            }
            for scale in scales
        ],
        "dimensions": [{"code": d.code, "scale": d.scale.code, "label": d.label} for d in dimensions],
        "judgement": {
            "scale": version.judgement_scale.code if version.judgement_scale else None,
            "label": version.judgement_label,
            "guidance": version.judgement_guidance,
        },
        "domains": [
            {
                "code": domain.code,
                "kind": domain.kind,
                "label": domain.label,
                "guidance": domain.guidance,
                "items": [
                    {
                        "code": item.code,
                        "label": item.label,
                        "guidance": item.guidance,
                        "dimensions": [
                            d.code for d in sorted(item.dimensions.all(), key=lambda d: (d.position, d.pk))
                        ],
                        "insufficient_information_allowed": item.insufficient_allowed,
                    }
                    for item in sorted(domain.items.all(), key=lambda i: (i.position, i.pk))
                ],
            }
            for domain in domains
        ],
    }


# --- survey question sets ----------------------------------------------------------------


def _options(
    check: _Checker, value: Any, path: str, option_sets: dict[str, list[Any]]
) -> list[dict[str, Any]]:
    if isinstance(value, str):
        if value not in option_sets:
            check.add(path, _("No option set is called “{name}”.").format(name=value))
            return []
        return option_sets[value]
    options = check.rows(value, path)
    codes: set[str] = set()
    clean = []
    for j, row in enumerate(options):
        option_path = "{p}[{j}]".format(p=path, j=j)
        option = check.mapping(row, option_path)
        check.code(option.get("code"), option_path + ".code", codes)
        check.text(option.get("label"), option_path + ".label")
        if not isinstance(option.get("missing", False), bool):
            check.add(option_path + ".missing", _("Expected true or false."))
        clean.append(option)
    if options and len([o for o in clean if not o.get("missing")]) < 2:
        check.add(path, _("A question needs at least two answers that count (not marked “missing”)."))
    return clean


def validate_question_set(data: dict[str, Any]) -> list[Problem]:
    """Every problem in a survey question-set document (empty when it can be loaded)."""
    check = _Checker()
    check.header(data, QUESTION_SET_FORMAT)
    check.code(data.get("code"), "code")
    check.integer(data.get("version"), "version", 1, 10_000)
    check.text(data.get("name"), "name")
    check.text(data.get("description"), "description", required=False)
    if "completeness_threshold" in data:
        check.decimal(data["completeness_threshold"], "completeness_threshold", Decimal("0.01"), Decimal(1))
    if not isinstance(data.get("reintegra_default", False), bool):
        check.add("reintegra_default", _("Expected true or false."))
    option_sets: dict[str, list[Any]] = {}
    for name, options in check.mapping(data.get("option_sets", {}), "option_sets").items():
        option_sets[name] = _options(check, options, "option_sets.{n}".format(n=name), {})
    codes: set[str] = set()
    weights: dict[str, Decimal] = {d: Decimal(0) for d in SurveyDimension.values}
    composite = Decimal(0)
    for i, row in enumerate(check.rows(data.get("questions"), "questions")):
        path = "questions[{i}]".format(i=i)
        question = check.mapping(row, path)
        check.code(question.get("code"), path + ".code", codes)
        dimension = question.get("dimension")
        if dimension not in SurveyDimension.values:
            check.add(
                path + ".dimension",
                _("Choose one of: {values}.").format(values=", ".join(SurveyDimension.values)),
            )
        check.text(question.get("text"), path + ".text")
        _options(check, question.get("options"), path + ".options", option_sets)
        if not isinstance(question.get("reverse", False), bool):
            check.add(path + ".reverse", _("Expected true or false."))
        weight = check.decimal(
            question.get("weight_dimension"), path + ".weight_dimension", Decimal(0), Decimal(100)
        )
        composite += check.decimal(
            question.get("weight_composite"), path + ".weight_composite", Decimal(0), Decimal(100)
        )
        if dimension in weights:
            weights[dimension] += weight
    if data.get("questions"):
        for dimension, total in weights.items():
            if total <= 0:
                check.add(
                    "questions",
                    _(
                        "The {dimension} dimension needs at least one question with a weight above zero."
                    ).format(dimension=dimension),
                )
        if composite <= 0:
            check.add("questions", _("At least one question needs a composite weight above zero."))
    return check.problems


def question_set_conflicts(data: dict[str, Any], owner_agency_id: int | None, registry: Any) -> list[Problem]:
    """Problems that depend on what is loaded already."""
    existing = registry.SurveyQuestionSet.objects.filter(code=data["code"])
    problems = []
    if existing.exclude(owner_agency_id=owner_agency_id).exists():
        problems.append(
            Problem("code", _("Another agency's question set, or Reintegra's default, has this code."))
        )
    if existing.filter(number=data["version"]).exists():
        problems.append(
            Problem(
                "version", _("Version {n} of this question set is loaded already.").format(n=data["version"])
            )
        )
    return problems


def load_question_set(
    data: dict[str, Any],
    *,
    registry: Any,
    owner_agency_id: int | None,
    imported_by_id: int | None,
    status: str = VersionStatus.DRAFT,
) -> Any:
    """Create the question set a validated document describes (caller: one transaction)."""
    option_sets = data.get("option_sets") or {}
    question_set = registry.SurveyQuestionSet.objects.create(
        code=data["code"],
        number=data["version"],
        name=_text(data["name"]),
        description=_text(data.get("description")),
        source_note=str(data.get("source_note") or ""),
        is_reintegra_default=bool(data.get("reintegra_default", False)),
        status=status,
        completeness_threshold=Decimal(str(data.get("completeness_threshold", "0.80"))),
        owner_agency_id=owner_agency_id,
        imported_by_id=imported_by_id,
    )
    registry.SurveyQuestion.objects.bulk_create(
        registry.SurveyQuestion(
            question_set=question_set,
            code=row["code"],
            dimension=row["dimension"],
            indicator=str(row.get("indicator") or "")[:60],
            text=_text(row["text"]),
            options=[
                {"code": o["code"], "label": _text(o["label"]), "missing": bool(o.get("missing", False))}
                for o in (option_sets[row["options"]] if isinstance(row["options"], str) else row["options"])
            ],
            reverse=bool(row.get("reverse", False)),
            weight_dimension=Decimal(str(row["weight_dimension"])),
            weight_composite=Decimal(str(row["weight_composite"])),
            position=position,
        )
        for position, row in enumerate(data["questions"])
    )
    return question_set


def export_question_set(question_set: Any) -> dict[str, Any]:
    """The JSON document of one question set (options written out for every question)."""
    return {
        "format": QUESTION_SET_FORMAT,
        "format_version": FORMAT_VERSION,
        "code": question_set.code,
        "version": question_set.number,
        "reintegra_default": question_set.is_reintegra_default,
        "name": question_set.name,
        "description": question_set.description,
        "source_note": question_set.source_note,
        "completeness_threshold": float(question_set.completeness_threshold),
        "option_sets": {},
        "questions": [
            {
                "code": q.code,
                "dimension": q.dimension,
                "indicator": q.indicator,
                "text": q.text,
                "options": q.options,
                "reverse": q.reverse,
                "weight_dimension": float(q.weight_dimension),
                "weight_composite": float(q.weight_composite),
            }
            for q in question_set.questions.order_by("position", "pk")
        ],
    }


def shipped_documents(names: Iterable[str]) -> list[dict[str, Any]]:
    """The instruments shipped in `reintegra/assessments/data/`."""
    return [json.loads((DATA_DIR / name).read_text(encoding="utf-8")) for name in names]


def install_shipped(registry: Any) -> None:
    """Load the shipped open template and default survey set, published, unless present
    (used by the data migration, and by tests that rebuild a database)."""
    for data in shipped_documents(SHIPPED_TEMPLATES):
        if not registry.TemplateVersion.objects.filter(
            template__code=data["code"], number=data["version"]
        ).exists():
            problems = validate_template(data)
            if problems:
                raise ValueError("; ".join(str(p) for p in problems))
            load_template(
                data,
                registry=registry,
                owner_agency_id=None,
                imported_by_id=None,
                status=VersionStatus.PUBLISHED,
                shipped=True,
            )
    for data in shipped_documents(SHIPPED_QUESTION_SETS):
        if not registry.SurveyQuestionSet.objects.filter(code=data["code"], number=data["version"]).exists():
            problems = validate_question_set(data)
            if problems:
                raise ValueError("; ".join(str(p) for p in problems))
            load_question_set(
                data,
                registry=registry,
                owner_agency_id=None,
                imported_by_id=None,
                status=VersionStatus.PUBLISHED,
            )
