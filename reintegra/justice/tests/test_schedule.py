"""Expected check-ins from a schedule, and which were missed (pure functions)."""

from datetime import date, datetime, time

import pytest

from reintegra.justice.choices import CheckInStatus, Frequency
from reintegra.justice.schedule import MAX_DATES, check_ins, deadline, expected_dates, missed

MON = date(2025, 3, 3)  # a Monday


def test_no_schedule_and_empty_range():
    assert expected_dates(Frequency.NONE, MON, date(2025, 4, 1)) == []
    assert expected_dates(Frequency.WEEKLY, MON, date(2025, 3, 1), weekday=0) == []


def test_daily():
    assert expected_dates(Frequency.DAILY, MON, date(2025, 3, 5)) == [
        date(2025, 3, 3),
        date(2025, 3, 4),
        date(2025, 3, 5),
    ]


def test_weekly_on_a_weekday():
    # given a Wednesday schedule starting on a Monday
    dates = expected_dates(Frequency.WEEKLY, MON, date(2025, 3, 31), weekday=2)
    # then the first check-in is that Wednesday, then every seven days
    assert dates == [date(2025, 3, 5), date(2025, 3, 12), date(2025, 3, 19), date(2025, 3, 26)]


def test_weekly_defaults_to_the_start_weekday():
    assert expected_dates(Frequency.WEEKLY, MON, date(2025, 3, 17)) == [
        MON,
        date(2025, 3, 10),
        date(2025, 3, 17),
    ]


def test_fortnightly():
    dates = expected_dates(Frequency.FORTNIGHTLY, MON, date(2025, 4, 30), weekday=0)
    assert dates == [
        date(2025, 3, 3),
        date(2025, 3, 17),
        date(2025, 3, 31),
        date(2025, 4, 14),
        date(2025, 4, 28),
    ]


def test_monthly_keeps_the_day_or_the_last_day_of_a_short_month():
    dates = expected_dates(Frequency.MONTHLY, date(2025, 1, 15), date(2025, 5, 31), day_of_month=31)
    assert dates == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
        date(2025, 4, 30),
        date(2025, 5, 31),
    ]
    # a day before the start in the first month waits for the next month
    assert expected_dates(Frequency.MONTHLY, date(2025, 1, 20), date(2025, 3, 1), day_of_month=10) == [
        date(2025, 2, 10)
    ]


def test_monthly_across_a_year():
    dates = expected_dates(Frequency.MONTHLY, date(2025, 11, 5), date(2026, 2, 5))
    assert dates == [date(2025, 11, 5), date(2025, 12, 5), date(2026, 1, 5), date(2026, 2, 5)]


def test_dates_are_bounded():
    assert len(expected_dates(Frequency.DAILY, date(1990, 1, 1), date(2030, 1, 1))) == MAX_DATES


def test_deadline_is_the_reporting_time_or_the_end_of_the_day():
    assert deadline(MON, time(12, 0)) == datetime.combine(date(2025, 3, 3), time(12, 0))
    assert deadline(MON, None) == datetime.combine(MON, time.max)


@pytest.mark.parametrize(
    ("logged", "now", "missed_expected"),
    [
        ({}, datetime.combine(date(2025, 3, 3), time(11, 59)), False),  # not due yet
        ({}, datetime.combine(date(2025, 3, 3), time(12, 1)), True),  # due and not logged in time
        ({MON: CheckInStatus.ATTENDED}, datetime.combine(date(2025, 3, 9), time()), False),
        ({MON: CheckInStatus.EXCUSED}, datetime.combine(date(2025, 3, 9), time()), False),
        (
            {MON: CheckInStatus.MISSED},
            datetime.combine(date(2025, 3, 3), time(8)),
            True,
        ),  # logged missed before the deadline
    ],
)
def test_a_check_in_is_missed_when_not_attended_by_its_time(logged, now, missed_expected):
    rows = check_ins([MON], logged, now=now, report_by=time(12, 0))
    assert [r.missed for r in rows] == [missed_expected]
    assert bool(missed(rows)) is missed_expected


def test_off_schedule_check_ins_are_listed_but_never_overdue():
    # given a visit logged on a day without a scheduled check-in
    rows = check_ins(
        [MON],
        {date(2025, 3, 4): CheckInStatus.ATTENDED},
        now=datetime.combine(date(2025, 3, 10), time()),
        report_by=None,
    )
    # then both days are listed, oldest first
    assert [(r.due_on, r.scheduled, r.status) for r in rows] == [
        (MON, True, ""),
        (date(2025, 3, 4), False, CheckInStatus.ATTENDED),
    ]
    assert rows[0].overdue
    assert not rows[1].overdue


def test_upcoming():
    rows = check_ins([date(2025, 3, 10)], {}, now=datetime.combine(date(2025, 3, 9), time()), report_by=None)
    assert rows[0].upcoming
    assert not rows[0].missed
