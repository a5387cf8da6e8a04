"""Small-cell suppression for every figure shown to people who did not collect the data.

A count of 2 returnees in a town of 3,000, or the average answer of 3 women from returning
families, can point at people. Every aggregate that leaves the agency holding the data goes
through this module, so the rule is applied the same way everywhere (community caseloads,
cohesion surveys, and the M&E reports that come later).

The rule, with `threshold` = `settings.REINTEGRA_SMALL_CELL_THRESHOLD` (default 5):

- **Primary suppression.** A count `n` with `0 < n < threshold` is not shown; the cell reads
  "fewer than 5". Zero is shown (an empty cell identifies nobody), unless the caller asks
  otherwise. A mean or a proportion is suppressed when the number of people behind it is
  below the threshold.
- **Complementary suppression.** When a table shows a total, a single suppressed cell
  could be recovered by subtraction (total − the other cells). So when exactly one cell of
  a row is suppressed, the next smallest non-zero cell is suppressed too (it reads "not
  shown", since it is not small itself). When the other cells are all zero, the total equals
  the hidden cell and is itself hidden as small.

Use it like this::

    from reintegra.core.statistics import suppress_count, suppress_counts, suppress_mean

    cell = suppress_count(3)                    # cell.display == "fewer than 5"
    table = suppress_counts({"f": 12, "m": 3})  # both cells suppressed, total shown
    mean = suppress_mean(0.62, n=4)             # suppressed: too few people behind it

Cells keep their true value for the code that made them (`cell.value`), so never put a cell
into an API response or a template other than through `display` / `shown`.
"""

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

K = TypeVar("K", bound=Hashable)


def threshold() -> int:
    """The smallest count shown as such (`REINTEGRA_SMALL_CELL_THRESHOLD`, at least 2)."""
    return max(int(getattr(settings, "REINTEGRA_SMALL_CELL_THRESHOLD", 5)), 2)


def fewer_than(limit: int | None = None) -> str:
    """What a suppressed cell reads: "fewer than 5"."""
    return _("fewer than {n}").format(n=limit or threshold())


def is_small(n: int, *, limit: int | None = None, suppress_zero: bool = False) -> bool:
    """Whether a count must be hidden: 1 to threshold − 1 (and 0 when `suppress_zero`)."""
    limit = limit or threshold()
    return (n == 0 and suppress_zero) or 0 < n < limit


#: Why a cell is hidden.
SMALL = "small"
COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Cell:
    """One figure as it may be shown: `display` is what people read.

    `value` is the true figure and `n` the number of people behind it; both stay inside the
    server. `shown` is the value when it may be shown, else None (for APIs and charts).
    """

    value: float | int | None
    n: int
    suppressed: bool
    reason: str
    display: str

    @property
    def shown(self) -> float | int | None:
        return None if self.suppressed else self.value

    @property
    def shown_n(self) -> int | None:
        return None if self.suppressed else self.n


def not_shown() -> str:
    """What a cell hidden by complementary suppression reads (it is not small itself)."""
    return _("not shown")


def _count_cell(n: int, reason: str, limit: int) -> Cell:
    if reason == SMALL:
        return Cell(value=n, n=n, suppressed=True, reason=reason, display=fewer_than(limit))
    if reason:
        return Cell(value=n, n=n, suppressed=True, reason=reason, display=not_shown())
    return Cell(value=n, n=n, suppressed=False, reason="", display=str(n))


def suppress_count(
    n: int, *, limit: int | None = None, suppress_zero: bool = False, exact: bool = False
) -> Cell:
    """One count on its own. `exact=True` shows it unsuppressed (for those who hold the data)."""
    limit = limit or threshold()
    small = not exact and is_small(n, limit=limit, suppress_zero=suppress_zero)
    return _count_cell(n, SMALL if small else "", limit)


@dataclass(frozen=True)
class CountTable(Generic[K]):
    """Counts by category with their total, after primary and complementary suppression."""

    cells: dict[K, Cell]
    total: Cell

    @property
    def any_suppressed(self) -> bool:
        return self.total.suppressed or any(c.suppressed for c in self.cells.values())


def suppress_counts(
    counts: Mapping[K, int],
    *,
    limit: int | None = None,
    suppress_zero: bool = False,
    exact: bool = False,
) -> CountTable[K]:
    """A row of counts and its total, so that no hidden cell can be worked out from the rest.

    With `exact=True` nothing is hidden (the caller decided the reader holds the data).
    """
    limit = limit or threshold()
    total = sum(counts.values())
    if exact:
        return CountTable(
            cells={k: _count_cell(n, "", limit) for k, n in counts.items()},
            total=_count_cell(total, "", limit),
        )
    reasons: dict[K, str] = {
        k: SMALL if is_small(n, limit=limit, suppress_zero=suppress_zero) else "" for k, n in counts.items()
    }
    total_reason = SMALL if is_small(total, limit=limit, suppress_zero=suppress_zero) else ""
    hidden = [k for k, reason in reasons.items() if reason]
    if len(hidden) == 1 and not total_reason:
        # One hidden cell plus a visible total and visible neighbours gives it away.
        candidates = sorted(
            (n, index, k)
            for index, (k, n) in enumerate(counts.items())
            if not reasons[k] and (n > 0 or suppress_zero)
        )
        if candidates:  # (with only zeros beside it, the total equals the hidden cell: small too)
            reasons[candidates[0][2]] = COMPLEMENTARY
    return CountTable(
        cells={k: _count_cell(n, reasons[k], limit) for k, n in counts.items()},
        total=_count_cell(total, total_reason, limit),
    )


def suppress_mean(
    value: float | None,
    *,
    n: int,
    limit: int | None = None,
    exact: bool = False,
    formatter: Callable[[float], str] | None = None,
) -> Cell:
    """A mean (or proportion) of `n` people: hidden when `n` is below the threshold.

    `value` None (nobody answered) reads "—". `formatter` turns the value into text
    (default: one decimal).
    """
    limit = limit or threshold()
    if value is None or n == 0:
        return Cell(value=None, n=n, suppressed=False, reason="", display="—")
    if not exact and n < limit:
        return Cell(value=value, n=n, suppressed=True, reason=SMALL, display=fewer_than(limit))
    text = formatter(value) if formatter else "{v:.1f}".format(v=value)
    return Cell(value=value, n=n, suppressed=False, reason="", display=text)
