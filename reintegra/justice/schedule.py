"""Expected check-ins from a reporting schedule, and which of them were missed.

Pure functions (the caller passes "now"), so they are tested without a clock. A check-in
is *missed* when it fell due and was not logged as attended or excused by its time, or
was logged as missed.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from reintegra.justice.choices import CheckInStatus, Frequency

#: Never generate more than this many expected dates for one measure in one call.
MAX_DATES = 2000


def _monthly(start: date, end: date, day_of_month: int) -> list[date]:
    dates: list[date] = []
    year, month = start.year, start.month
    while len(dates) < MAX_DATES:
        last = calendar.monthrange(year, month)[1]
        day = date(year, month, min(day_of_month, last))
        if day > end:
            break
        if day >= start:
            dates.append(day)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return dates


def expected_dates(
    frequency: str,
    start: date,
    end: date,
    *,
    weekday: int | None = None,
    day_of_month: int | None = None,
) -> list[date]:
    """Dates on which a check-in is expected between `start` and `end` (both included).

    Weekly and fortnightly schedules fall on `weekday` (Monday is 0; the start date's
    weekday when not given); monthly ones on `day_of_month` (the start date's day when not
    given, the month's last day when the month is shorter).
    """
    if end < start or frequency == Frequency.NONE:
        return []
    if frequency == Frequency.MONTHLY:
        return _monthly(start, end, day_of_month or start.day)
    if frequency == Frequency.DAILY:
        first, step = start, 1
    else:
        wanted = start.weekday() if weekday is None else weekday
        first = start + timedelta(days=(wanted - start.weekday()) % 7)
        step = 7 if frequency == Frequency.WEEKLY else 14
    dates: list[date] = []
    day = first
    while day <= end and len(dates) < MAX_DATES:
        dates.append(day)
        day += timedelta(days=step)
    return dates


def deadline(due_on: date, report_by: time | None) -> datetime:
    """When a check-in due on `due_on` counts as missed if nothing was logged (naive local
    time: the end of the day when no time is set)."""
    return datetime.combine(due_on, report_by or time.max)


@dataclass(frozen=True)
class ExpectedCheckIn:
    """One expected (or logged) check-in and what became of it."""

    due_on: date
    status: str  # a CheckInStatus, or "" when nothing was logged
    scheduled: bool
    overdue: bool  # due, nothing logged, deadline passed

    @property
    def missed(self) -> bool:
        return self.status == CheckInStatus.MISSED or self.overdue

    @property
    def upcoming(self) -> bool:
        return not self.status and not self.overdue


def check_ins(
    expected: list[date],
    logged: Mapping[date, str],
    *,
    now: datetime,
    report_by: time | None,
) -> list[ExpectedCheckIn]:
    """Every expected date and every logged one (off-schedule visits too), oldest first."""
    rows = []
    for day in sorted(set(expected) | set(logged)):
        status = logged.get(day, "")
        overdue = not status and day in expected and deadline(day, report_by) < now
        rows.append(ExpectedCheckIn(day, status, day in expected, overdue))
    return rows


def missed(rows: list[ExpectedCheckIn]) -> list[ExpectedCheckIn]:
    """The missed ones: logged as missed, or due and not logged by their time."""
    return [row for row in rows if row.missed]
