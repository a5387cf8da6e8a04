"""Scoring the social-cohesion survey (pure functions; selectors feed them rows).

Every answer is stored with a 0–1 score (`SurveyItem.score`: the point's position on its
scale, flipped for reverse-scored items; "don't know" and "refused" have no score). Then,
per respondent:

- a dimension score is the mean of their scored answers in that dimension;
- their overall score is the mean of their dimension scores (dimensions they answered).

A group's dimension score is the mean of its respondents' dimension scores, over the
respondents who answered that dimension (that number is the cell's `n`, and decides
suppression); the same for the overall score. Scores are shown from 0 to 100.

Results are always per respondent group (returnees and their families / other residents),
never pooled: a pooled figure next to one group's would let a reader recover a hidden one.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from reintegra.communities.choices import DIMENSION_ORDER, RespondentGroup
from reintegra.core.statistics import Cell, CountTable, suppress_counts, suppress_mean

OVERALL = "overall"
GROUPS = list(RespondentGroup)


@dataclass
class RawScores:
    """Unsuppressed means and counts of one wave, by group and dimension (0–1 scale)."""

    means: dict[tuple[str, str], float] = field(default_factory=dict)  # (group, dimension|overall)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)


def score_rows(rows: Iterable[tuple[Any, Any, str, str, float | None]]) -> dict[Any, RawScores]:
    """Rows of (wave id, response id, group, dimension, score) → scores per wave."""
    per_response: dict[tuple[Any, Any, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for wave_id, response_id, group, dimension, score in rows:
        if score is None:
            continue
        per_response[(wave_id, response_id, group)][dimension].append(score)
    collected: dict[Any, dict[tuple[str, str], list[float]]] = defaultdict(lambda: defaultdict(list))
    for (wave_id, _response_id, group), dimensions in per_response.items():
        dimension_means = {d: fmean(scores) for d, scores in dimensions.items()}
        for dimension, mean in dimension_means.items():
            collected[wave_id][(group, dimension)].append(mean)
        collected[wave_id][(group, OVERALL)].append(fmean(dimension_means.values()))
    results: dict[Any, RawScores] = {}
    for wave_id, cells in collected.items():
        results[wave_id] = RawScores(
            means={key: fmean(values) for key, values in cells.items()},
            counts={key: len(values) for key, values in cells.items()},
        )
    return results


def _as_index(value: float) -> str:
    return "{v:.0f}".format(v=value)


@dataclass(frozen=True)
class ResultRow:
    """One line of the results table: a dimension (or the overall score) for each group."""

    key: str  # a Dimension value or OVERALL
    cells: dict[str, Cell]  # by group


@dataclass(frozen=True)
class WaveScores:
    """A wave's results as they may be shown to the reader: suppressed unless `exact`."""

    respondents: CountTable[str]
    rows: list[ResultRow]
    exact: bool

    @property
    def overall(self) -> ResultRow:
        return self.rows[0]

    @property
    def any_suppressed(self) -> bool:
        return self.respondents.any_suppressed or any(
            cell.suppressed for row in self.rows for cell in row.cells.values()
        )


def wave_scores(raw: RawScores | None, respondents: Mapping[str, int], *, exact: bool) -> WaveScores:
    """Means on 0–100 with suppression, the overall score first, then the six dimensions."""
    raw = raw or RawScores()
    rows = []
    for key in [OVERALL, *DIMENSION_ORDER]:
        cells: dict[str, Cell] = {}
        for group in GROUPS:
            mean = raw.means.get((group, key))
            cells[group.value] = suppress_mean(
                mean * 100 if mean is not None else None,
                n=raw.counts.get((group, key), 0),
                exact=exact,
                formatter=_as_index,
            )
        rows.append(ResultRow(key=str(key), cells=cells))
    counts = {group.value: respondents.get(group, 0) for group in GROUPS}
    return WaveScores(respondents=suppress_counts(counts, exact=exact), rows=rows, exact=exact)
