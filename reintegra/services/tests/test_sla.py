"""Service levels: due times per priority, what is overdue, turnaround figures."""

from datetime import UTC, date, datetime, timedelta

import pytest

from reintegra.services import sla
from reintegra.services.choices import ReferralPriority as P
from reintegra.services.choices import ReferralStatus as S

SENT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("priority", "due"),
    [
        (P.EMERGENCY, datetime(2026, 3, 3, 9, 30, tzinfo=UTC)),
        (P.URGENT, datetime(2026, 3, 5, 9, 30, tzinfo=UTC)),
        (P.NORMAL, datetime(2026, 3, 16, 9, 30, tzinfo=UTC)),
    ],
)
def test_answer_is_due_24h_72h_or_14_days_after_sending(priority, due):
    assert sla.due_by(SENT, priority) == due


@pytest.mark.parametrize(
    ("priority", "target"),
    [(P.EMERGENCY, date(2026, 4, 1)), (P.URGENT, date(2026, 5, 1)), (P.NORMAL, date(2026, 5, 31))],
)
def test_default_target_end_is_30_60_or_90_days(priority, target):
    assert sla.default_target_end(SENT, priority) == target


def test_a_sent_referral_is_overdue_only_after_its_due_time():
    due = sla.due_by(SENT, P.EMERGENCY)
    assert not sla.response_overdue(S.SENT, due, due)
    assert sla.response_overdue(S.SENT, due, due + timedelta(seconds=1))


@pytest.mark.parametrize("status", [S.DRAFT, S.ACCEPTED, S.DECLINED, S.IN_PROGRESS, S.COMPLETED, S.ENDED])
def test_only_an_unanswered_referral_can_be_overdue_for_an_answer(status):
    assert not sla.response_overdue(status, SENT, SENT + timedelta(days=100))


@pytest.mark.parametrize(
    ("status", "expected"),
    [(S.ACCEPTED, True), (S.IN_PROGRESS, True), (S.SENT, False), (S.COMPLETED, False), (S.ENDED, False)],
)
def test_completion_is_overdue_after_the_target_end_while_under_way(status, expected):
    target = date(2026, 4, 1)
    assert sla.completion_overdue(status, target, date(2026, 4, 1)) is False
    assert sla.completion_overdue(status, target, date(2026, 4, 2)) is expected
    assert sla.completion_overdue(status, None, date(2030, 1, 1)) is False


def test_answered_in_time():
    due = sla.due_by(SENT, P.URGENT)
    assert sla.answered_in_time(due, due) is True
    assert sla.answered_in_time(due, due + timedelta(minutes=1)) is False
    assert sla.answered_in_time(due, None) is None


def _row(status, sent, answered=None, closed=None, priority=P.NORMAL, target=None):
    return sla.ReferralTimes(
        status=status,
        sent_at=sent,
        due_by=sla.due_by(sent, priority) if sent else None,
        responded_at=answered,
        closed_at=closed,
        target_end_on=target,
    )


def test_turnaround_medians_counts_and_overdue():
    # given three answered referrals (2 h, 10 h and 20 days), one still waiting and late,
    # one completed after 30 days, and a draft that must not count
    now = SENT + timedelta(days=40)
    rows = [
        _row(S.ACCEPTED, SENT, SENT + timedelta(hours=2), target=date(2027, 1, 1)),
        _row(S.DECLINED, SENT, SENT + timedelta(hours=10), SENT + timedelta(hours=10)),
        _row(S.COMPLETED, SENT, SENT + timedelta(days=20), SENT + timedelta(days=30)),
        _row(S.SENT, SENT),
        _row(S.DRAFT, None),
    ]
    # when
    result = sla.turnaround(rows, now, now.date())
    # then
    assert result.sent == 4
    assert result.answered == 3
    assert result.median_answer_hours == 10.0
    assert result.answered_in_time == 2  # 20 days is late for a normal referral (14 days)
    assert result.percent_in_time == 67
    assert result.completed == 1
    assert result.median_completion_days == 30.0
    assert result.overdue_now == 1


def test_turnaround_of_nothing():
    result = sla.turnaround([], SENT, SENT.date())
    assert result.sent == 0
    assert result.median_answer_hours is None
    assert result.percent_in_time is None
