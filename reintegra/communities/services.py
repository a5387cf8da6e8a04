"""Writes of the community track. Each one validates, saves and writes its audit row in one
transaction.

Services trust their caller for access (records come from selectors called with
`Action.CHANGE`) but re-check what only they can know: the role to create a community, the
draft state of a profile, that a stakeholder engaged in a response belongs to the incident's
community, that the survey wave is collecting, and every answer against its scale.
"""

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.accounts.models import Agency
from reintegra.communities.choices import (
    PLAN_STEPS,
    AgeGroup,
    PartnerRole,
    PlanStatus,
    ProfileStatus,
    RespondentGroup,
    RespondentSex,
    ResponseSource,
    StepStatus,
    WaveStatus,
)
from reintegra.communities.models import (
    STAKEHOLDER_CONTACT_FIELDS,
    CapacityNeed,
    Community,
    CommunityIncident,
    CommunityPlan,
    CommunityProfile,
    IncidentResponse,
    PlanEngagement,
    PlanMeeting,
    PlanObjective,
    PlanPartner,
    PlanStep,
    ProfileEntry,
    ProfileParticipation,
    Stakeholder,
    StakeholderContact,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
    SurveyWave,
)
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.codes import new_code
from reintegra.core.services import versioned_update
from reintegra.places.models import Place
from reintegra.places.selectors import place_and_descendant_ids


def _audit_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Related records as their ids, so the audit diff needs no joins."""
    return {name: value.pk if isinstance(value, models.Model) else value for name, value in values.items()}


def _unique_code(model: type[models.Model], prefix: str) -> str:
    while True:
        code = new_code(prefix)
        if not model._default_manager.filter(code=code).exists():
            return code


def _refuse_unless_editor(actor: Actor) -> None:
    if not policy.may_edit_communities(actor):
        raise PermissionDenied(_("Your role does not allow changing community records."))


def _save_new(instance: models.Model) -> None:
    """Validate and insert; a uniqueness race becomes the same message as `full_clean`'s."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError as error:
        raise ValidationError(
            _("This conflicts with a record saved a moment ago. Reload and try again.")
        ) from error


# --- communities -------------------------------------------------------------------------

COMMUNITY_FIELDS = ("population_estimate", "population_notes")


@transaction.atomic
def community_create(
    *, actor: Actor, place: Place, population_estimate: int | None = None, population_notes: str = ""
) -> Community:
    """Set up a community for a town or district; the actor's agency becomes its steward."""
    _refuse_unless_editor(actor)
    if Community.objects.filter(place=place).exists():
        raise ValidationError({"place": _("This place is already a community.")})
    community = Community(
        place=place,
        population_estimate=population_estimate,
        population_notes=population_notes.strip(),
        steward_agency_id=actor.agency_pk,
        created_by_id=actor.user_pk,
    )
    _save_new(community)
    audit_record(actor=actor, action="community.created", target=community, changes={"place": place.code})
    return community


@transaction.atomic
def community_update(
    *, actor: Actor, community: Community, values: Mapping[str, Any], expected_version: int | None
) -> Community:
    """Change the population figures and notes."""
    current, changes = versioned_update(
        community,
        {k: v for k, v in values.items() if k in COMMUNITY_FIELDS},
        expected_version=expected_version,
        reveal=("population_estimate",),
    )
    if changes:
        audit_record(actor=actor, action="community.updated", target=current, changes=changes)
    return current


# --- profiles ----------------------------------------------------------------------------

PROFILE_FIELDS = (
    "assessed_on",
    "method",
    "summary",
    "governance",
    "services_notes",
    "tensions_stigma",
    "stigma_level",
    "absorption_capacity",
    "absorption_notes",
    "data_sources",
)
ENTRY_FIELDS = ("kind", "theme", "description", "evidence", "coverage", "order")


def _refuse_unless_draft(profile: CommunityProfile) -> None:
    if profile.status != ProfileStatus.DRAFT:
        raise ValidationError(_("A published profile is a record and is not changed. Start a new version."))


@transaction.atomic
def profile_draft_start(*, actor: Actor, community: Community) -> CommunityProfile:
    """Start the next version as a draft, copied from the current profile (its text and
    entries; who took part is counted anew for each assessment)."""
    _refuse_unless_editor(actor)
    if CommunityProfile.objects.filter(community=community, status=ProfileStatus.DRAFT).exists():
        raise ValidationError(_("This community already has a draft profile: continue that one."))
    latest = (
        CommunityProfile.objects.filter(community=community, status=ProfileStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )
    number = (CommunityProfile.objects.filter(community=community).aggregate(n=Max("number"))["n"] or 0) + 1
    values = {name: getattr(latest, name) for name in PROFILE_FIELDS} if latest else {}
    values["assessed_on"] = timezone.localdate()
    draft = CommunityProfile(
        community=community,
        number=number,
        status=ProfileStatus.DRAFT,
        agency_id=actor.agency_pk,
        created_by_id=actor.user_pk,
        **values,
    )
    _save_new(draft)
    if latest is not None:
        ProfileEntry.objects.bulk_create(
            ProfileEntry(profile=draft, **{name: getattr(entry, name) for name in ENTRY_FIELDS})
            for entry in latest.entries.all()
        )
    audit_record(
        actor=actor,
        action="community_profile.draft_started",
        target=draft,
        changes={
            "community": community.pk,
            "number": number,
            "copied_from": latest.number if latest else None,
        },
    )
    return draft


@transaction.atomic
def profile_draft_update(
    *, actor: Actor, profile: CommunityProfile, values: Mapping[str, Any], expected_version: int | None
) -> CommunityProfile:
    """Edit the draft's text and ratings."""
    _refuse_unless_draft(profile)
    current, changes = versioned_update(
        profile,
        {k: v for k, v in values.items() if k in PROFILE_FIELDS},
        expected_version=expected_version,
        reveal=("assessed_on", "stigma_level", "absorption_capacity"),
    )
    if changes:
        audit_record(actor=actor, action="community_profile.updated", target=current, changes=changes)
    return current


def _touch(profile: CommunityProfile) -> None:
    """Entries and counts are part of the draft: a change raises its version, so a colleague's
    stale form on the same draft is refused."""
    CommunityProfile.objects.filter(pk=profile.pk).update(
        version=models.F("version") + 1, updated_at=timezone.now()
    )


@transaction.atomic
def profile_entry_save(
    *, actor: Actor, profile: CommunityProfile, values: Mapping[str, Any], entry: ProfileEntry | None = None
) -> ProfileEntry:
    """Add an entry to the draft, or change one of its entries."""
    _refuse_unless_draft(profile)
    if entry is not None and entry.profile_id != profile.pk:
        raise ValidationError(_("This entry belongs to another profile."))
    target = entry or ProfileEntry(profile=profile)
    for name in ENTRY_FIELDS:
        if name in values:
            setattr(target, name, values[name].strip() if isinstance(values[name], str) else values[name])
    target.full_clean()
    target.save()
    _touch(profile)
    audit_record(
        actor=actor,
        action="community_profile.entry_saved",
        target=profile,
        changes={"entry": target.pk, "kind": target.kind, "new": entry is None},
    )
    return target


@transaction.atomic
def profile_entry_remove(*, actor: Actor, profile: CommunityProfile, entry: ProfileEntry) -> None:
    """Remove an entry from the draft."""
    _refuse_unless_draft(profile)
    if entry.profile_id != profile.pk:
        raise ValidationError(_("This entry belongs to another profile."))
    audit_record(
        actor=actor,
        action="community_profile.entry_removed",
        target=profile,
        changes={"entry": entry.pk, "kind": entry.kind},
    )
    entry.delete()
    _touch(profile)


@transaction.atomic
def profile_participation_set(
    *, actor: Actor, profile: CommunityProfile, group: str, sex: str, age_band: str, count: int
) -> None:
    """Set how many people of a group, sex and age band took part (0 removes the row)."""
    _refuse_unless_draft(profile)
    if count < 0:
        raise ValidationError({"count": _("Enter zero or more.")})
    row = ProfileParticipation.objects.filter(
        profile=profile, group=group, sex=sex, age_band=age_band
    ).first()
    if count == 0:
        if row is not None:
            row.delete()
    else:
        row = row or ProfileParticipation(profile=profile, group=group, sex=sex, age_band=age_band)
        row.count = count
        row.full_clean()
        row.save()
    _touch(profile)
    audit_record(
        actor=actor,
        action="community_profile.participation_set",
        target=profile,
        changes={"group": group, "sex": sex, "age_band": age_band, "count": count},
    )


@transaction.atomic
def profile_publish(
    *, actor: Actor, profile: CommunityProfile, expected_version: int | None
) -> CommunityProfile:
    """Make the draft the current profile. It is frozen from now on."""
    current, _changes = versioned_update(profile, {}, expected_version=expected_version)
    _refuse_unless_draft(current)
    if not current.entries.exists() and not current.summary.strip():
        raise ValidationError(_("Write a summary or add at least one entry before publishing."))
    current.status = ProfileStatus.PUBLISHED
    current.published_at = timezone.now()
    current.published_by_id = actor.user_pk
    current.version += 1
    current.full_clean()
    current.save()
    audit_record(
        actor=actor,
        action="community_profile.published",
        target=current,
        changes={"number": current.number, "assessed_on": current.assessed_on.isoformat()},
    )
    return current


@transaction.atomic
def profile_draft_discard(*, actor: Actor, profile: CommunityProfile) -> None:
    """Throw a draft away (published versions are never deleted)."""
    _refuse_unless_draft(profile)
    audit_record(
        actor=actor,
        action="community_profile.draft_discarded",
        target=profile,
        changes={"number": profile.number},
    )
    profile.delete()


# --- stakeholders ------------------------------------------------------------------------

STAKEHOLDER_FIELDS = (
    "name",
    "kind",
    "is_individual",
    "agency",
    "capacity",
    "needs",
    "willingness",
    "influence",
    "interest",
    "trust",
    "partnership_potential",
    "engagement_strategy",
    "communication_strategy",
    *STAKEHOLDER_CONTACT_FIELDS,
    "is_active",
)
#: Ratings are kept in the audit diff; free text and contact details only as "changed".
STAKEHOLDER_REVEALED = (
    "kind",
    "is_individual",
    "agency",
    "willingness",
    "influence",
    "interest",
    "trust",
    "partnership_potential",
    "is_active",
)


def _contact_categories(values: Mapping[str, Any]) -> list[str]:
    return [DataCategory.CONTACT_LOCATION] if any(values.get(f) for f in STAKEHOLDER_CONTACT_FIELDS) else []


@transaction.atomic
def stakeholder_create(*, actor: Actor, community: Community, values: Mapping[str, Any]) -> Stakeholder:
    """Put a stakeholder on the community's map; the actor's agency holds the relationship."""
    _refuse_unless_editor(actor)
    stakeholder = Stakeholder(
        code=_unique_code(Stakeholder, "S"),
        community=community,
        owning_agency_id=actor.agency_pk,
        created_by_id=actor.user_pk,
    )
    for name in STAKEHOLDER_FIELDS:
        if name in values:
            setattr(stakeholder, name, values[name])
    _save_new(stakeholder)
    audit_record(
        actor=actor,
        action="stakeholder.created",
        target=stakeholder,
        categories=_contact_categories(values),
        changes={"community": community.pk, "kind": stakeholder.kind},
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *, actor: Actor, stakeholder: Stakeholder, values: Mapping[str, Any], expected_version: int | None
) -> Stakeholder:
    """Change a stakeholder (the caller checked the actor may see its contact details)."""
    current, changes = versioned_update(
        stakeholder,
        {k: v for k, v in values.items() if k in STAKEHOLDER_FIELDS},
        expected_version=expected_version,
        audit_values=_audit_values,
        reveal=STAKEHOLDER_REVEALED,
    )
    if changes:
        audit_record(
            actor=actor,
            action="stakeholder.updated",
            target=current,
            categories=[DataCategory.CONTACT_LOCATION]
            if set(changes) & set(STAKEHOLDER_CONTACT_FIELDS)
            else [],
            changes=changes,
        )
    return current


@transaction.atomic
def stakeholder_contact_add(
    *, actor: Actor, stakeholder: Stakeholder, values: Mapping[str, Any]
) -> StakeholderContact:
    """Log a contact with a stakeholder (the caller checked the actor sees its contacts)."""
    contact = StakeholderContact(
        stakeholder=stakeholder,
        contacted_on=values.get("contacted_on") or timezone.localdate(),
        channel=values.get("channel", ""),
        summary=(values.get("summary") or "").strip(),
        follow_up=(values.get("follow_up") or "").strip(),
        agency_id=actor.agency_pk,
        recorded_by_id=actor.user_pk,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor,
        action="stakeholder.contact_added",
        target=stakeholder,
        categories=[DataCategory.CONTACT_LOCATION],
        changes={"contacted_on": contact.contacted_on.isoformat(), "channel": contact.channel},
    )
    return contact


# --- survey waves and responses ----------------------------------------------------------

WAVE_FIELDS = ("label", "instrument", "starts_on", "ends_on", "status", "sampling_notes")


@transaction.atomic
def wave_create(*, actor: Actor, community: Community, values: Mapping[str, Any]) -> SurveyWave:
    """Plan a survey wave; the actor's agency conducts it (its M&E officers enter responses)."""
    _refuse_unless_editor(actor)
    instrument = values.get("instrument")
    if instrument is None or not instrument.is_active:
        raise ValidationError({"instrument": _("Choose a questionnaire that is offered for new waves.")})
    wave = SurveyWave(community=community, agency_id=actor.agency_pk, created_by_id=actor.user_pk)
    for name in WAVE_FIELDS:
        if name in values:
            setattr(wave, name, values[name].strip() if isinstance(values[name], str) else values[name])
    _save_new(wave)
    audit_record(
        actor=actor,
        action="survey_wave.created",
        target=wave,
        changes={"community": community.pk, "instrument": instrument.pk, "label": wave.label},
    )
    return wave


@transaction.atomic
def wave_update(
    *, actor: Actor, wave: SurveyWave, values: Mapping[str, Any], expected_version: int | None
) -> SurveyWave:
    """Change a wave's dates, status or notes. The questionnaire cannot change once answers exist."""
    values = {k: v for k, v in values.items() if k in WAVE_FIELDS}
    if "instrument" in values and values["instrument"].pk != wave.instrument_id and wave.responses.exists():
        raise ValidationError(
            {"instrument": _("Responses were recorded with this questionnaire; it cannot change.")}
        )
    current, changes = versioned_update(
        wave,
        values,
        expected_version=expected_version,
        audit_values=_audit_values,
        reveal=("label", "instrument", "starts_on", "ends_on", "status"),
    )
    if changes:
        audit_record(actor=actor, action="survey_wave.updated", target=current, changes=changes)
    return current


def _refuse_unless_collecting(wave: SurveyWave) -> None:
    if wave.status == WaveStatus.CLOSED:
        raise ValidationError(
            _("This wave is closed: reopen it (status “collecting”) to add or remove responses.")
        )


@dataclass(frozen=True)
class Respondent:
    """One respondent's answers as entered: item code → point (None: don't know / refused)."""

    group: str
    sex: str
    age_band: str
    collected_on: date
    answers: Mapping[str, int | None]


def _check_respondent(
    wave: SurveyWave, items: dict[str, SurveyItem], respondent: Respondent
) -> dict[str, str]:
    """Field → message for everything wrong with one respondent (empty when fine)."""
    errors: dict[str, str] = {}
    if respondent.group not in RespondentGroup.values:
        errors["group"] = _("Choose the respondent group.")
    if respondent.sex not in RespondentSex.values:
        errors["sex"] = _("Choose the respondent's sex (or “not recorded”).")
    if respondent.age_band not in AgeGroup.values:
        errors["age_band"] = _("Choose an age band from 12–17 up.")
    if respondent.collected_on > timezone.localdate():
        errors["collected_on"] = _("The interview date cannot be in the future.")
    elif respondent.collected_on < wave.starts_on:
        errors["collected_on"] = _("The interview date is before the wave started.")
    elif wave.ends_on and respondent.collected_on > wave.ends_on:
        errors["collected_on"] = _("The interview date is after the wave ended.")
    unknown = set(respondent.answers) - set(items)
    if unknown:
        errors["answers"] = _("Not questions of this questionnaire: {codes}.").format(
            codes=", ".join(sorted(unknown))
        )
    for code, value in respondent.answers.items():
        item = items.get(code)
        if item is not None and value is not None and not 1 <= value <= item.scale.size:
            errors[code] = _("Answer {code} with a number from 1 to {n}, or leave it empty.").format(
                code=code, n=item.scale.size
            )
    if not any(value is not None for value in respondent.answers.values()):
        errors.setdefault("answers", _("At least one question must be answered."))
    return errors


def _items_of(wave: SurveyWave) -> dict[str, SurveyItem]:
    return {item.code: item for item in wave.instrument.items.select_related("scale")}


def _store(
    actor: Actor, wave: SurveyWave, items: dict[str, SurveyItem], respondent: Respondent, source: str
) -> SurveyResponse:
    response = SurveyResponse(
        wave=wave,
        group=respondent.group,
        sex=respondent.sex,
        age_band=respondent.age_band,
        collected_on=respondent.collected_on,
        source=source,
        entered_by_id=actor.user_pk,
    )
    response.save(force_insert=True)
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, item=items[code], value=value, score=items[code].score(value))
        for code, value in respondent.answers.items()
    )
    return response


@transaction.atomic
def survey_response_record(
    *, actor: Actor, wave: SurveyWave, respondent: Respondent, source: str = ResponseSource.FORM
) -> SurveyResponse:
    """Record one respondent's anonymous answers (the caller checked the actor is an M&E
    officer of the conducting agency)."""
    _refuse_unless_collecting(wave)
    items = _items_of(wave)
    errors = _check_respondent(wave, items, respondent)
    if errors:
        raise ValidationError(errors)
    response = _store(actor, wave, items, respondent, source)
    audit_record(
        actor=actor,
        action="survey.response_recorded",
        target=wave,
        changes={"response": str(response.pk), "group": respondent.group, "source": source},
    )
    if wave.status == WaveStatus.PLANNED:
        SurveyWave.objects.filter(pk=wave.pk).update(status=WaveStatus.COLLECTING)
    return response


@transaction.atomic
def survey_response_delete(*, actor: Actor, response: SurveyResponse) -> None:
    """Remove a response entered by mistake (audited; anonymous, so nothing else to keep)."""
    _refuse_unless_collecting(response.wave)
    audit_record(
        actor=actor,
        action="survey.response_deleted",
        target=response.wave,
        changes={"response": str(response.pk), "group": response.group},
    )
    response.delete()


IMPORT_MAX_ROWS = 5000
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_FIXED_COLUMNS = ("collected_on", "group", "sex", "age_band")
NO_ANSWER = {"", "dk", "na", "-", "refused", "don't know"}


def import_columns(wave: SurveyWave) -> list[str]:
    """The columns of a response file for this wave, in order (the template's header)."""
    return [
        *IMPORT_FIXED_COLUMNS,
        *wave.instrument.items.order_by("order", "code").values_list("code", flat=True),
    ]


def _parse_rows(
    wave: SurveyWave, items: dict[str, SurveyItem], content: str
) -> tuple[list[Respondent], list[str]]:
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in IMPORT_FIXED_COLUMNS if c not in header]
    if missing:
        return [], [
            _("The file has no column {columns}. Download the template for this wave.").format(
                columns=", ".join(missing)
            )
        ]
    unknown = [h for h in header if h not in IMPORT_FIXED_COLUMNS and h not in items]
    if unknown:
        return [], [
            _("Unknown columns: {columns}. Use the item codes of this wave's questionnaire.").format(
                columns=", ".join(unknown)
            )
        ]
    respondents: list[Respondent] = []
    problems: list[str] = []
    for number, raw in enumerate(reader, start=2):  # row 1 is the header
        if number - 1 > IMPORT_MAX_ROWS:
            problems.append(_("The file has more than {n} rows; split it.").format(n=IMPORT_MAX_ROWS))
            break
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        row_errors: list[str] = []
        collected = parse_date(row.get("collected_on", "")) if row.get("collected_on") else None
        if collected is None:
            row_errors.append(_("collected_on must be a date like 2025-03-31"))
        answers: dict[str, int | None] = {}
        for code in items:
            if code not in row:
                continue
            text = row[code].lower()
            if text in NO_ANSWER:
                answers[code] = None
            elif text.isdigit():
                answers[code] = int(text)
            else:
                row_errors.append(
                    _("{code}: “{value}” is not a number").format(code=code, value=row[code][:20])
                )
        if collected is not None:
            respondent = Respondent(
                group=row.get("group", ""),
                sex=row.get("sex", ""),
                age_band=row.get("age_band", ""),
                collected_on=collected,
                answers=answers,
            )
            row_errors.extend(str(m) for m in _check_respondent(wave, items, respondent).values())
            if not row_errors:
                respondents.append(respondent)
        if row_errors:
            problems.append(_("Row {n}: {errors}").format(n=number, errors="; ".join(row_errors)))
    if not respondents and not problems:
        problems.append(_("The file has no responses."))
    return respondents, problems


@transaction.atomic
def survey_responses_import(*, actor: Actor, wave: SurveyWave, data: bytes) -> int:
    """Import a CSV file of responses: every row is checked first, and if any row is wrong
    nothing is saved and every problem is reported with its row number."""
    _refuse_unless_collecting(wave)
    if len(data) > IMPORT_MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB; split it."))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("Save the file as CSV in UTF-8 and try again.")) from error
    items = _items_of(wave)
    respondents, problems = _parse_rows(wave, items, content)
    if problems:
        raise ValidationError(problems)
    for respondent in respondents:
        _store(actor, wave, items, respondent, ResponseSource.IMPORT)
    if wave.status == WaveStatus.PLANNED:
        SurveyWave.objects.filter(pk=wave.pk).update(status=WaveStatus.COLLECTING)
    audit_record(
        actor=actor, action="survey.responses_imported", target=wave, changes={"rows": len(respondents)}
    )
    return len(respondents)


# --- incidents ---------------------------------------------------------------------------

INCIDENT_FIELDS = (
    "place",
    "occurred_on",
    "kind",
    "title",
    "description",
    "practitioner_safety",
    "status",
    "follow_up",
    "follow_up_due",
    "effect",
    "effect_notes",
)
INCIDENT_REVEALED = (
    "place",
    "occurred_on",
    "kind",
    "practitioner_safety",
    "status",
    "follow_up_due",
    "effect",
)


def _check_place(community: Community, place: Place | None) -> None:
    if place is not None and place.pk not in place_and_descendant_ids(community.place):
        raise ValidationError({"place": _("Choose a place within the community.")})


@transaction.atomic
def incident_report(
    *, actor: Actor, community: Community, values: Mapping[str, Any], involved_agencies: Iterable[Agency] = ()
) -> CommunityIncident:
    """Record an incident; anyone working for an agency may, above all a threat against them."""
    if not policy.may_report_incidents(actor):
        raise PermissionDenied(_("Choose the agency you are working for first."))
    _check_place(community, values.get("place"))
    incident = CommunityIncident(
        code=_unique_code(CommunityIncident, "I"),
        community=community,
        agency_id=actor.agency_pk,
        reported_by_id=actor.user_pk,
    )
    for name in INCIDENT_FIELDS:
        if name in values:
            setattr(incident, name, values[name].strip() if isinstance(values[name], str) else values[name])
    _save_new(incident)
    incident.involved_agencies.set([a for a in involved_agencies if a.pk != actor.agency_id])
    audit_record(
        actor=actor,
        action="incident.reported",
        target=incident,
        changes={
            "community": community.pk,
            "kind": incident.kind,
            "practitioner_safety": incident.practitioner_safety,
        },
        flagged=incident.practitioner_safety,
    )
    return incident


@transaction.atomic
def incident_update(
    *,
    actor: Actor,
    incident: CommunityIncident,
    values: Mapping[str, Any],
    expected_version: int | None,
    involved_agencies: Iterable[Agency] | None = None,
) -> CommunityIncident:
    """Change an incident. A safety incident stays one (its readers were chosen for that)."""
    values = {k: v for k, v in values.items() if k in INCIDENT_FIELDS}
    if incident.practitioner_safety and values.get("practitioner_safety") is False:
        raise ValidationError(
            {
                "practitioner_safety": _(
                    "A practitioner-safety incident stays restricted; it cannot be opened up."
                )
            }
        )
    _check_place(incident.community, values.get("place"))
    current, changes = versioned_update(
        incident,
        values,
        expected_version=expected_version,
        audit_values=_audit_values,
        reveal=INCIDENT_REVEALED,
    )
    if involved_agencies is not None:
        wanted = {a.pk for a in involved_agencies if a.pk != current.agency_id}
        before = set(current.involved_agencies.values_list("pk", flat=True))
        if wanted != before:
            current.involved_agencies.set(wanted)
            changes["involved_agencies"] = [sorted(before), sorted(wanted)]
    if changes:
        audit_record(
            actor=actor,
            action="incident.updated",
            target=current,
            changes=changes,
            flagged=current.practitioner_safety,
        )
    return current


RESPONSE_FIELDS = ("stakeholder", "agency", "asked_on", "request", "action", "done_on", "effect")


@transaction.atomic
def incident_response_save(
    *,
    actor: Actor,
    incident: CommunityIncident,
    values: Mapping[str, Any],
    response: IncidentResponse | None = None,
) -> IncidentResponse:
    """Record who was asked to respond and what they did (or update it)."""
    stakeholder = values.get("stakeholder")
    if stakeholder is not None and stakeholder.community_id != incident.community_id:
        raise ValidationError({"stakeholder": _("Choose a stakeholder of this incident's community.")})
    if response is not None and response.incident_id != incident.pk:
        raise ValidationError(_("This response belongs to another incident."))
    target = response or IncidentResponse(incident=incident, recorded_by_id=actor.user_pk)
    for name in RESPONSE_FIELDS:
        if name in values:
            setattr(target, name, values[name].strip() if isinstance(values[name], str) else values[name])
    target.full_clean()
    target.save()
    audit_record(
        actor=actor,
        action="incident.response_saved",
        target=incident,
        changes={"response": target.pk, "new": response is None, "effect": target.effect},
        flagged=incident.practitioner_safety,
    )
    return target


# --- plans -------------------------------------------------------------------------------

PLAN_FIELDS = (
    "title",
    "status",
    "starts_on",
    "ends_on",
    "profile",
    "analysis_summary",
    "coordination_mechanism",
    "coordination_level",
    "meeting_frequency",
)


@transaction.atomic
def plan_create(*, actor: Actor, values: Mapping[str, Any]) -> CommunityPlan:
    """Start a multi-stakeholder plan led by the actor's agency, with its steps not started."""
    community, programme = values.get("community"), values.get("programme")
    if not policy.may_create_community_plan(actor, community, programme):
        raise PermissionDenied(
            _("Only the community team's supervisors, programme managers and M&E officers start its plans.")
        )
    plan = CommunityPlan(
        community=community, programme=programme, lead_agency_id=actor.agency_pk, created_by_id=actor.user_pk
    )
    for name in PLAN_FIELDS:
        if name in values:
            setattr(plan, name, values[name].strip() if isinstance(values[name], str) else values[name])
    _save_new(plan)
    PlanStep.objects.bulk_create(
        PlanStep(plan=plan, step=step) for steps in PLAN_STEPS.values() for step in steps
    )
    PlanPartner.objects.create(plan=plan, agency_id=actor.agency_pk, role=PartnerRole.LEAD)
    audit_record(
        actor=actor,
        action="community_plan.created",
        target=plan,
        changes={
            "community": community.pk if community else None,
            "programme": programme.pk if programme else None,
        },
    )
    return plan


@transaction.atomic
def plan_update(
    *, actor: Actor, plan: CommunityPlan, values: Mapping[str, Any], expected_version: int | None
) -> CommunityPlan:
    """Change the plan's title, dates, status, analysis and coordination mechanism."""
    current, changes = versioned_update(
        plan,
        {k: v for k, v in values.items() if k in PLAN_FIELDS},
        expected_version=expected_version,
        audit_values=_audit_values,
        reveal=("status", "starts_on", "ends_on", "profile", "coordination_level"),
    )
    if changes:
        audit_record(actor=actor, action="community_plan.updated", target=current, changes=changes)
    return current


@transaction.atomic
def plan_step_set(*, actor: Actor, plan: CommunityPlan, step: str, status: str, notes: str = "") -> PlanStep:
    """Record where one step of the plan stands."""
    if status not in StepStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if step not in {code for codes in PLAN_STEPS.values() for code in codes}:
        raise ValidationError({"step": _("This plan has no such step.")})
    row, _created = PlanStep.objects.get_or_create(plan=plan, step=step)
    before = row.status
    row.status, row.notes, row.updated_by_id = status, notes.strip(), actor.user_pk
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="community_plan.step_set",
        target=plan,
        changes={"step": step, "status": [before, status]},
    )
    return row


#: Rows under a plan that its editors add, change and remove: model, editable fields.
PLAN_ITEMS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "objective": (PlanObjective, ("statement", "measure", "due_on", "responsible_agency", "status", "order")),
    "engagement": (
        PlanEngagement,
        ("stakeholder", "expected_role", "approach", "communication", "responsible_agency", "status"),
    ),
    "partner": (PlanPartner, ("agency", "role", "responsibilities")),
    "meeting": (PlanMeeting, ("held_on", "other_participants", "summary", "decisions", "next_meeting_on")),
    "capacity": (CapacityNeed, ("stakeholder", "agency", "area", "description", "planned_support", "status")),
}


def _check_plan_item(
    plan: CommunityPlan, kind: str, values: Mapping[str, Any], item: models.Model | None
) -> None:
    stakeholder = values.get("stakeholder")
    if stakeholder is not None and stakeholder.community_id != plan.community_id:
        raise ValidationError({"stakeholder": _("Choose a stakeholder of this plan's community.")})
    if kind == "partner":
        agency = values.get("agency")
        lead = item is not None and getattr(item, "agency_id", None) == plan.lead_agency_id
        if lead and (
            agency is None or agency.pk != plan.lead_agency_id or values.get("role") != PartnerRole.LEAD
        ):
            raise ValidationError(_("The lead organisation stays a partner with the lead role."))
        if values.get("role") == PartnerRole.LEAD and (agency is None or agency.pk != plan.lead_agency_id):
            raise ValidationError({"role": _("Only the plan's lead organisation has the lead role.")})
    if kind == "meeting" and values.get("held_on") and values["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": _("Record meetings once they have been held.")})


@transaction.atomic
def plan_item_save(
    *,
    actor: Actor,
    plan: CommunityPlan,
    kind: str,
    values: Mapping[str, Any],
    item: models.Model | None = None,
    agencies: Iterable[Agency] | None = None,
) -> models.Model:
    """Add or change an objective, engagement, partner, meeting or capacity need of a plan."""
    if kind not in PLAN_ITEMS:
        raise ValidationError(_("Unknown part of a plan."))
    model, fields = PLAN_ITEMS[kind]
    if item is not None and (not isinstance(item, model) or getattr(item, "plan_id", None) != plan.pk):
        raise ValidationError(_("This belongs to another plan."))
    _check_plan_item(plan, kind, values, item)
    target = item or model(plan=plan)
    if kind == "meeting" and item is None:
        target.recorded_by_id = actor.user_pk  # type: ignore[attr-defined]
    for name in fields:
        if name in values:
            setattr(target, name, values[name].strip() if isinstance(values[name], str) else values[name])
    target.full_clean()
    target.save()
    if kind == "meeting" and agencies is not None:
        target.agencies.set(agencies)  # type: ignore[attr-defined]
    audit_record(
        actor=actor,
        action="community_plan.{kind}_saved".format(kind=kind),
        target=plan,
        changes={"item": target.pk, "new": item is None},
    )
    return target


@transaction.atomic
def plan_item_remove(*, actor: Actor, plan: CommunityPlan, kind: str, item: models.Model) -> None:
    """Remove a row from the plan (the lead organisation's partner row stays)."""
    model, _fields = PLAN_ITEMS.get(kind, (None, ()))
    if model is None or not isinstance(item, model) or getattr(item, "plan_id", None) != plan.pk:
        raise ValidationError(_("This belongs to another plan."))
    if kind == "partner" and getattr(item, "agency_id", None) == plan.lead_agency_id:
        raise ValidationError(_("The lead organisation cannot be removed from its own plan."))
    audit_record(
        actor=actor,
        action="community_plan.{kind}_removed".format(kind=kind),
        target=plan,
        changes={"item": item.pk},
    )
    item.delete()


def plan_is_open(plan: CommunityPlan) -> bool:
    """A closed plan no longer grants its partners anything."""
    return plan.status != PlanStatus.CLOSED
