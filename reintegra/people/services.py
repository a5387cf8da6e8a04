"""Writes to people, identity documents, aliases and households. Each is audited.

Services trust their caller for access: the record passed in must come from a selector
called with `Action.CHANGE`. Personal values never enter the audit diff, only which
fields changed.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record
from reintegra.core.choices import DataCategory
from reintegra.core.codes import new_code
from reintegra.core.services import versioned_update
from reintegra.people.choices import Relationship
from reintegra.people.matching import name_key
from reintegra.people.models import (
    PERSON_FIELD_CATEGORIES,
    Household,
    HouseholdMember,
    IdentityDocument,
    Person,
    PersonAlias,
)

PERSON_EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "given_name_latin",
    "family_name_latin",
    "sex",
    "date_of_birth",
    "birth_year",
    "birth_date_estimated",
    "nationality",
    "citizenship_status",
    "languages",
    "disability",
    "disability_notes",
    "phone",
    "email",
    "address",
    "place",
    "locality",
    "country",
)
HOUSEHOLD_EDITABLE_FIELDS = ("label", "place", "notes")


def _unique_code(model: type[Person] | type[Household], prefix: str) -> str:
    while True:
        code = new_code(prefix)
        if not model.objects.filter(code=code).exists():
            return code


def _refresh_derived(person: Person) -> None:
    """Keep the derived fields true: birth year from the date, the name search key."""
    if person.date_of_birth and not person.birth_year:
        # Filled in for searching by year; a conflicting year typed by the user is left
        # alone so that Person.clean() reports it instead of silently replacing it.
        person.birth_year = person.date_of_birth.year
    aliases = [] if person._state.adding else [a.name for a in person.aliases.all()]
    person.name_key = name_key(
        [person.given_name, person.family_name, person.given_name_latin, person.family_name_latin, *aliases]
    )


def _rederive(person: Person, changes: dict[str, Any]) -> None:
    if "date_of_birth" in changes and "birth_year" not in changes:
        person.birth_year = None  # re-derived from the new date
    _refresh_derived(person)


def _categories_of(fields: Mapping[str, Any]) -> list[str]:
    return sorted({PERSON_FIELD_CATEGORIES[f] for f in fields if f in PERSON_FIELD_CATEGORIES})


@transaction.atomic
def person_create(*, actor: Actor, values: Mapping[str, Any]) -> Person:
    """Register a person in the actor's agency (no case yet: see cases.services.case_open)."""
    if not policy.may_register_people(actor):
        raise PermissionDenied(_("Your role does not allow registering people."))
    unknown = set(values) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValueError("not editable: {fields}".format(fields=sorted(unknown)))
    person = Person(
        code=_unique_code(Person, "P"),
        registering_agency_id=actor.agency_pk,
        created_by_id=actor.user_pk,
        **values,
    )
    _refresh_derived(person)
    person.full_clean()
    person.save(force_insert=True)
    audit_record(
        actor=actor,
        action="person.created",
        target=person,
        person_id=person.pk,
        categories=_categories_of(values),
        changes={"fields": sorted(k for k, v in values.items() if v)},
    )
    return person


@transaction.atomic
def person_update(
    *, actor: Actor, person: Person, values: Mapping[str, Any], expected_version: int | None
) -> Person:
    """Change a person's details; refused if someone saved the person since `expected_version`."""
    unknown = set(values) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValueError("not editable: {fields}".format(fields=sorted(unknown)))
    current, changes = versioned_update(
        person, values, expected_version=expected_version, before_save=_rederive
    )
    if not changes:
        return current
    audit_record(
        actor=actor,
        action="person.updated",
        target=current,
        person_id=current.pk,
        categories=_categories_of(changes),
        changes=changes,
    )
    return current


@transaction.atomic
def person_alias_add(*, actor: Actor, person: Person, name: str, kind: str) -> PersonAlias:
    """Record another name the person is known by; it becomes searchable."""
    alias = PersonAlias(person=person, name=name.strip(), kind=kind)
    alias.full_clean()
    alias.save()
    _refresh_derived(person)
    Person.objects.filter(pk=person.pk).update(name_key=person.name_key)
    audit_record(
        actor=actor,
        action="person.alias_added",
        target=person,
        person_id=person.pk,
        categories=[DataCategory.IDENTITY],
    )
    return alias


@transaction.atomic
def person_alias_remove(*, actor: Actor, alias: PersonAlias) -> None:
    """Remove an alias recorded in error."""
    person = alias.person
    alias.delete()
    _refresh_derived(person)
    Person.objects.filter(pk=person.pk).update(name_key=person.name_key)
    audit_record(
        actor=actor,
        action="person.alias_removed",
        target=person,
        person_id=person.pk,
        categories=[DataCategory.IDENTITY],
    )


@transaction.atomic
def identity_document_add(*, actor: Actor, person: Person, values: Mapping[str, Any]) -> IdentityDocument:
    """Record an identity document; a document already registered is refused clearly."""
    document = IdentityDocument(person=person, **values)
    document.full_clean()
    document.save()
    audit_record(
        actor=actor,
        action="person.document_added",
        target=person,
        person_id=person.pk,
        categories=[DataCategory.IDENTITY],
        changes={"document_type": document.document_type},
    )
    return document


@transaction.atomic
def identity_document_remove(*, actor: Actor, document: IdentityDocument) -> None:
    """Remove a document recorded in error."""
    person = document.person
    document_type = document.document_type
    document.delete()
    audit_record(
        actor=actor,
        action="person.document_removed",
        target=person,
        person_id=person.pk,
        categories=[DataCategory.IDENTITY],
        changes={"document_type": document_type},
    )


@transaction.atomic
def household_create(*, actor: Actor, values: Mapping[str, Any]) -> Household:
    """Create a household in the actor's agency; members are added one by one."""
    if not policy.may_register_people(actor):
        raise PermissionDenied(_("Your role does not allow registering households."))
    household = Household(
        code=_unique_code(Household, "H"),
        registering_agency_id=actor.agency_pk,
        created_by_id=actor.user_pk,
        **{k: v for k, v in values.items() if k in HOUSEHOLD_EDITABLE_FIELDS},
    )
    household.full_clean()
    household.save(force_insert=True)
    audit_record(
        actor=actor, action="household.created", target=household, categories=[DataCategory.FAMILY_CHILDREN]
    )
    return household


@transaction.atomic
def household_update(
    *, actor: Actor, household: Household, values: Mapping[str, Any], expected_version: int | None
) -> Household:
    """Change a household's label, place or notes; refused on a stale version."""
    current, changes = versioned_update(
        household,
        {k: v for k, v in values.items() if k in HOUSEHOLD_EDITABLE_FIELDS},
        expected_version=expected_version,
    )
    if not changes:
        return current
    audit_record(
        actor=actor,
        action="household.updated",
        target=current,
        categories=[DataCategory.FAMILY_CHILDREN],
        changes=changes,
    )
    return current


@transaction.atomic
def household_member_add(
    *, actor: Actor, household: Household, person: Person, relationship: str
) -> HouseholdMember:
    """Add a person to a household with their relationship to its reference person."""
    member = HouseholdMember(household=household, person=person, relationship=relationship)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="household.member_added",
        target=household,
        person_id=person.pk,
        categories=[DataCategory.FAMILY_CHILDREN],
        changes={"relationship": relationship},
    )
    return member


@transaction.atomic
def household_member_remove(*, actor: Actor, member: HouseholdMember) -> None:
    """Take a person out of a household (the person and their cases are untouched)."""
    household, person_id = member.household, member.person_id
    if member.relationship == Relationship.REFERENCE and household.memberships.count() > 1:
        raise ValidationError(_("Make another member the reference person before removing this one."))
    member.delete()
    audit_record(
        actor=actor,
        action="household.member_removed",
        target=household,
        person_id=person_id,
        categories=[DataCategory.FAMILY_CHILDREN],
    )
