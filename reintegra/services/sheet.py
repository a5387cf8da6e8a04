"""The external referral sheet: a PDF for providers without Reintegra accounts.

It carries the referral and exactly the categories of the case that travel to the provider
now (`policy.referral_travel_categories`), in the reader's language (Arabic shaped and
right to left). The PDF's metadata holds the title (the reference) only.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reintegra.core.choices import DataCategory
from reintegra.core.pdf import PdfDocument
from reintegra.services.choices import ProviderKind
from reintegra.services.models import Referral
from reintegra.services.selectors import SharedView


def _when(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return date_format(value, "DATE_FORMAT")


def _ltr(document: PdfDocument, text: str) -> str:
    """Phone numbers, e-mail addresses and codes read left to right, also on an Arabic page
    (a left-to-right isolate; without it "+000 898 7811" would print as "7811 898 000+")."""
    return "\u2066{t}\u2069".format(t=text) if document.rtl and text else text


def _languages(codes: list[str]) -> str:
    from reintegra.accounts.choices import Language

    return ", ".join(str(Language(c).label) if c in Language.values else c for c in codes) or "—"


def referral_sheet_pdf(referral: Referral, shared: SharedView) -> bytes:
    """Build the sheet. `shared` comes from `selectors.referral_sheet` (audited)."""
    provider = referral.provider
    document = PdfDocument(title=_("Referral {ref}").format(ref=referral.reference))
    document.paragraph(
        _(
            "Confidential. This sheet is for {provider} only. Keep it locked away, do not copy it, "
            "and destroy it when the service ends."
        ).format(provider=provider.name)
    )
    document.heading(_("Referral"))
    services = ", ".join(
        "{name} ({kind})".format(name=s.name, kind=s.service_type.text) for s in referral.services.all()
    )
    document.fields(
        [
            (_("Reference"), _ltr(document, referral.reference)),
            (_("Case code"), _ltr(document, referral.case.code)),
            (_("Priority"), referral.get_priority_display()),
            (_("Sent on"), _when(referral.sent_at)),
            (_("Answer due by"), _when(referral.due_by)),
            (_("Target end date"), _when(referral.target_end_on)),
            (_("Services requested"), services),
            (_("Provider"), provider.name),
            (_("Referring agency"), referral.referring_agency.name),
            (
                _("Referred by"),
                "{name} {email}".format(
                    name=referral.referred_by.label, email=_ltr(document, referral.referred_by.email)
                ).strip(),
            ),
        ]
    )
    document.heading(_("About the person"))
    person = shared.person
    if not shared.categories:
        document.paragraph(
            _(
                "Nothing beyond the case code is shared with you: no information-sharing agreement "
                "and consent of the person allow more today. Contact the referring agency to arrange "
                "the first meeting."
            )
        )
    if shared.sees[DataCategory.IDENTITY]:
        document.fields(
            [
                (_("Name"), person.display_name),
                (_("Sex"), person.get_sex_display()),
                (_("Age"), str(person.age) if person.age is not None else "—"),
                (_("Nationality"), str(person.nationality.name) if person.nationality else "—"),
                (_("Languages"), _languages(list(person.languages or []))),
            ]
        )
    if shared.sees[DataCategory.CONTACT_LOCATION]:
        document.fields(
            [
                (_("Phone"), _ltr(document, person.phone)),
                (_("E-mail"), _ltr(document, person.email)),
                (_("Address"), person.address),
                (_("Town or area"), person.place.name if person.place else "—"),
                (_("Neighbourhood or village"), person.locality),
            ]
        )
    if shared.sees[DataCategory.LEGAL_STATUS]:
        document.fields(
            [
                (_("Beneficiary type"), referral.case.beneficiary_type.text),
                (_("Citizenship status"), person.get_citizenship_status_display()),
            ]
        )
    if shared.sees[DataCategory.HEALTH_PSYCHOSOCIAL]:
        document.fields(
            [
                (_("Disability"), person.get_disability_display()),
                (_("Accessibility needs"), person.disability_notes),
            ]
        )
    if shared.sees[DataCategory.FAMILY_CHILDREN]:
        document.heading(_("Household"), level=2)
        document.table(
            [_("Relationship"), _("Sex"), _("Age")],
            [
                [m.get_relationship_display(), m.person.get_sex_display(), str(m.person.age or "—")]
                for m in shared.household
            ]
            or [[_("No other members recorded"), "", ""]],
        )
    if shared.sees[DataCategory.CASE_NOTES]:
        document.heading(_("Reason for the referral"))
        document.paragraph(referral.reason)
    if shared.sees[DataCategory.RISK_ASSESSMENT] and referral.safety_notes:
        document.heading(_("Safety information for your staff"))
        document.paragraph(referral.safety_notes)
    document.heading(_("Your answer"))
    document.paragraph(
        _(
            "Please tell the referring agency by {due} whether you can take this referral, and "
            "tell them after each session whether the person came. Quote the reference {ref}."
        ).format(due=_when(referral.due_by), ref=referral.reference)
    )
    document.fields(
        [
            (_("Accepted / declined (reason)"), " "),
            (_("First session on"), " "),
            (_("Name and signature"), " "),
        ]
    )
    if provider.kind == ProviderKind.AGENCY:
        document.paragraph(_("Your organisation uses Reintegra: you can also answer there."), size=8)
    document.paragraph(document.generated_at(), size=8)
    return document.output()
