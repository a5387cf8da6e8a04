"""Shared read helpers: what a user may see of one record, for templates and serializers."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from reintegra.core.actors import Actor
from reintegra.core.audit import Subject, audit_record
from reintegra.core.choices import DataCategory

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Seen(Generic[M]):
    """A record together with the data categories the actor may see of it.

    Templates test `seen.sees.health_psychosocial`; serializers drop fields whose
    category is not in `categories`, so disallowed data is absent, not hidden.
    """

    obj: M
    categories: frozenset[str]
    sees: dict[str, bool] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sees", {c: c in self.categories for c in DataCategory.values})


def get_or_404(queryset: "QuerySet[M]", **lookup: object) -> M:
    """One object from a policy-filtered queryset; 404 alike for missing and not allowed."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404(_("Not found.")) from None


def visible_fields(field_categories: dict[str, str], categories: Iterable[str]) -> set[str]:
    """Names of categorised fields the actor may see (uncategorised fields are always shown)."""
    allowed = set(categories)
    return {name for name, category in field_categories.items() if category in allowed}


@dataclass
class Listing(Generic[M]):
    """A policy-filtered list that is disclosed only when a page of it is shown.

    Showing a page writes one audit row naming every person and case on it, so each of
    them finds the list in their disclosure log. Views call `page()`; the API paginates
    `queryset` itself and passes the rows to `disclose()`.
    """

    actor: Actor
    action: str
    queryset: "QuerySet[M]"
    subject: Callable[[M], Subject]
    details: dict[str, Any] = field(default_factory=dict)
    categories_of: Callable[[M], Iterable[str]] = lambda _row: ()
    prepare: Callable[[list[M]], None] = lambda _rows: None

    def page(self, number: str | int | None, per_page: int | None = None) -> "Page[M]":
        """One page (the last one when `number` is past the end), disclosed and audited.

        The page's ids are found first and only those rows are then loaded: deep pages of
        a large list would otherwise join, annotate and sort every row before the offset.
        """
        paginator = Paginator(
            self.queryset.values_list("pk", flat=True), per_page or settings.REINTEGRA_PAGE_SIZE
        )
        ids_page = paginator.get_page(number)
        rows = self.rows(list(ids_page.object_list))
        self.disclose(rows)
        return Page(rows, ids_page.number, paginator)

    def paginate(self, view: Any) -> list[M]:
        """The API's page: DRF's pagination of `view` applied to the ids, then those rows
        loaded as in `page()`; disclosed and audited."""
        return self.disclose(
            self.rows(view.paginate_queryset(self.queryset.values_list("pk", flat=True)) or [])
        )

    def rows(self, ids: list[Any]) -> list[M]:
        """The rows with these ids, in this order (loaded by key, reordered here)."""
        by_id = {row.pk: row for row in self.queryset.filter(pk__in=ids).order_by()}
        return [by_id[pk] for pk in ids if pk in by_id]

    def disclose(self, rows: Iterable[M]) -> list[M]:
        """Record that `rows` were shown; returns them as a list."""
        shown = list(rows)
        self.prepare(shown)
        categories = {category for row in shown for category in self.categories_of(row)}
        audit_record(
            actor=self.actor,
            action=self.action,
            categories=categories,
            changes={**self.details, "shown": len(shown)},
            subjects=[self.subject(row) for row in shown],
        )
        return shown
