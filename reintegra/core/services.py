"""Helpers every app's services share: optimistic locking and field updates."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.core.audit import diff
from reintegra.core.models import VersionedModel

V = TypeVar("V", bound=VersionedModel)


class StaleEditError(ValidationError):
    """Someone saved the record after this form was opened; nothing was changed."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this record after you opened it, so your changes were "
                "not saved. Reload the page to see the latest version, then make your changes again."
            ),
            code="stale",
        )


def lock_current(instance: V, expected_version: int | None) -> V:
    """Re-read `instance` under a row lock and refuse if its version moved on.

    `expected_version` is the version the user's form was opened with; None skips the
    check (used by internal callers that just read the row).
    """
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError()
    return current


def versioned_update(
    instance: V,
    values: Mapping[str, Any],
    *,
    expected_version: int | None,
    audit_values: Callable[[Mapping[str, Any]], Mapping[str, Any]] = dict,
    reveal: Iterable[str] = (),
    before_save: Callable[[V, dict[str, Any]], None] | None = None,
) -> tuple[V, dict[str, Any]]:
    """The edit every versioned record goes through: lock, refuse a stale version, apply
    `values`, and save with the version raised by one, or do nothing when nothing changed.

    Returns the saved record and the audit diff (values only for fields in `reveal`,
    after `audit_values` turned objects into codes). `before_save` may adjust derived
    fields once the changes are known. The caller writes the audit row.
    """
    current = lock_current(instance, expected_version)
    before, after = assign(current, values)
    changes = diff(audit_values(before), audit_values(after), reveal=reveal)
    if changes:
        if before_save is not None:
            before_save(current, changes)
        current.version += 1
        current.full_clean()
        current.save()
    return current, changes


def assign(instance: models.Model, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set `values` on `instance`; return the before and after values for the audit diff."""
    before = {name: getattr(instance, name) for name in values}
    for name, value in values.items():
        setattr(instance, name, value)
    return before, dict(values)
