"""The subject-access report: who saw which of a person's data, when, and on what grounds.

One source (`selectors.disclosure_report`), two renderings: JSON for machines and a PDF in
the reader's language for the person and the data-protection officer.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core.audit_labels import action_label, purpose_label
from reintegra.core.choices import DataCategory
from reintegra.core.pdf import PdfDocument
from reintegra.sharing.models import SharingBasis, TermKind
from reintegra.sharing.selectors import DisclosureReport


def _categories(values: list[str]) -> list[str]:
    return [str(DataCategory(v).label) if v in DataCategory.values else v for v in values]


def _basis(basis: SharingBasis) -> dict[str, Any]:
    return {
        "reference": basis.code,
        "basis": str(basis.get_kind_display()),
        "recipients": [a.name for a in basis.recipient_agencies.all()]
        + ([basis.recipient_protocol.code] if basis.recipient_protocol else [])
        + [p.name for p in basis.recipient_community_actors.all()],
        "categories": _categories([t.value for t in basis.terms.all() if t.kind == TermKind.CATEGORY]),
        "valid_from": basis.valid_from.isoformat(),
        "valid_to": basis.valid_to.isoformat() if basis.valid_to else None,
        "withdrawn_at": basis.withdrawn_at.isoformat() if basis.withdrawn_at else None,
    }


def as_json(report: DisclosureReport) -> dict[str, Any]:
    """The report as plain data."""
    person = report.person
    return {
        "report": "subject_access",
        "generated_at": report.generated_at.isoformat(),
        "person": {"code": person.code, "name": person.display_name},
        "consents_and_legal_bases": [_basis(b) for b in report.bases],
        "disclosures": [
            {
                "when": e.occurred_at.isoformat(),
                "who": e.actor_name,
                "agency": e.actor_agency_name,
                "what": action_label(e.action),
                "action": e.action,
                "channel": e.channel,
                "categories": _categories(e.categories),
                "protocol": e.protocol_ref,
                "legal_basis_or_consent": e.basis_ref,
                "purpose": purpose_label(e.purpose),
                "emergency_access": e.flagged,
            }
            for e in report.events
        ],
    }


def as_pdf(report: DisclosureReport) -> bytes:
    """The report as a PDF in the reader's language (Arabic right to left)."""
    data = as_json(report)
    document = PdfDocument(title=_("Disclosure report for {code}").format(code=report.person.code))
    document.paragraph(document.generated_at(report.generated_at))
    document.fields([(_("Person"), data["person"]["name"]), (_("Person code"), report.person.code)])
    document.heading(_("Consents and legal bases"))
    if data["consents_and_legal_bases"]:
        document.table(
            [_("Reference"), _("Basis"), _("Recipients"), _("Data categories"), _("Valid"), _("Withdrawn")],
            [
                [
                    b["reference"],
                    b["basis"],
                    ", ".join(b["recipients"]),
                    ", ".join(b["categories"]),
                    "{a} – {b}".format(a=b["valid_from"], b=b["valid_to"] or "…"),
                    (b["withdrawn_at"] or "")[:10],
                ]
                for b in data["consents_and_legal_bases"]
            ],
        )
    else:
        document.paragraph(_("None recorded."))
    document.heading(_("Who saw or changed the data"))
    document.table(
        [_("When"), _("Who"), _("Agency"), _("What"), _("Data categories"), _("Under")],
        [
            [
                timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M"),
                e.actor_name,
                e.actor_agency_name,
                action_label(e.action) + (" ⚠" if e.flagged else ""),
                ", ".join(_categories(e.categories)),
                " / ".join(x for x in (e.protocol_ref, e.basis_ref) if x),
            ]
            for e in report.events
        ],
    )
    return document.output()
