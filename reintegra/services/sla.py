"""Referral service levels: when an answer is due, what is overdue, how long things took.

The rules, in one place:

* **Answer due by** = the time the referral was sent + 24 hours (emergency), 72 hours
  (urgent) or 14 days (normal). A sent referral not accepted or declined by then is
  *overdue for an answer*.
* **Target end date**: set by the referrer, or when sent = the sending date + 30 days
  (emergency), 60 days (urgent) or 90 days (normal). An accepted or started referral not
  completed or ended after that date is *overdue for completion*.
* **Turnaround**: answer time = sent → accepted or declined; completion time = sent →
  completed (referrals ended without completion have no completion time).

Pure functions of dates, so they are tested without a database.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from reintegra.services.choices import (
    ACTIVE_STATUSES,
    COMPLETION_TIME,
    RESPONSE_TIME,
    ReferralStatus,
)


def due_by(sent_at: datetime, priority: str) -> datetime:
    """When the provider's answer is due."""
    return sent_at + RESPONSE_TIME[priority]


def default_target_end(sent_at: datetime, priority: str) -> date:
    """The target end date when the referrer gave none."""
    return (sent_at + COMPLETION_TIME[priority]).date()


def response_overdue(status: str, due: datetime | None, now: datetime) -> bool:
    """Sent, not yet answered, and past the time the answer was due."""
    return status == ReferralStatus.SENT and due is not None and now > due


def completion_overdue(status: str, target_end_on: date | None, today: date) -> bool:
    """Accepted or in progress, and past its target end date."""
    return status in ACTIVE_STATUSES and target_end_on is not None and today > target_end_on


def elapsed(start: datetime | None, end: datetime | None) -> timedelta | None:
    """The time between two moments, or None while either is missing."""
    if start is None or end is None:
        return None
    return end - start


def answered_in_time(due: datetime | None, responded_at: datetime | None) -> bool | None:
    """Whether the answer came by its due time (None while unanswered)."""
    if due is None or responded_at is None:
        return None
    return responded_at <= due


@dataclass(frozen=True)
class Turnaround:
    """Turnaround over a set of sent referrals."""

    sent: int
    answered: int
    answered_in_time: int
    median_answer_hours: float | None
    completed: int
    median_completion_days: float | None
    overdue_now: int

    @property
    def percent_in_time(self) -> int | None:
        return round(100 * self.answered_in_time / self.answered) if self.answered else None


@dataclass(frozen=True)
class ReferralTimes:
    """The few columns turnaround needs, read with `values_list` (no model instances)."""

    status: str
    sent_at: datetime | None
    due_by: datetime | None
    responded_at: datetime | None
    closed_at: datetime | None
    target_end_on: date | None


def turnaround(rows: Iterable[ReferralTimes], now: datetime, today: date) -> Turnaround:
    """Counts and medians over sent referrals (drafts are ignored); `today` is the local date."""
    answer_hours: list[float] = []
    completion_days: list[float] = []
    sent = in_time = overdue = 0
    for row in rows:
        if row.sent_at is None:
            continue
        sent += 1
        answer = elapsed(row.sent_at, row.responded_at)
        if answer is not None:
            answer_hours.append(answer.total_seconds() / 3600)
            in_time += bool(answered_in_time(row.due_by, row.responded_at))
        if row.status == ReferralStatus.COMPLETED and row.closed_at is not None:
            completion_days.append((row.closed_at - row.sent_at).total_seconds() / 86400)
        if response_overdue(row.status, row.due_by, now) or completion_overdue(
            row.status, row.target_end_on, today
        ):
            overdue += 1
    return Turnaround(
        sent=sent,
        answered=len(answer_hours),
        answered_in_time=in_time,
        median_answer_hours=round(median(answer_hours), 1) if answer_hours else None,
        completed=len(completion_days),
        median_completion_days=round(median(completion_days), 1) if completion_days else None,
        overdue_now=overdue,
    )
