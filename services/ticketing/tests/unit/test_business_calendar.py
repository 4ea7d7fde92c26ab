"""Project business calendars and the 24x7 clock."""
from datetime import UTC, date, datetime, time, timedelta

import pytest
from ticketing.domain import (
    ALWAYS_OPEN,
    BusinessCalendar,
    InvalidInput,
    StaffRole,
    WorkWindow,
    advance,
    receiving_role,
    running_time,
)

UTC = UTC
MONDAY_0900_SHANGHAI = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def test_default_calendar_is_shanghai_weekdays_with_a_lunch_break():
    cal = BusinessCalendar()
    assert cal.is_open_at(MONDAY_0900_SHANGHAI)
    assert not cal.is_open_at(datetime(2026, 11, 2, 4, 30, tzinfo=UTC))   # 12:30 lunch
    assert not cal.is_open_at(datetime(2026, 11, 7, 2, 0, tzinfo=UTC))    # Saturday 10:00


def test_a_window_is_open_at_its_start_and_closed_at_its_end():
    cal = BusinessCalendar()
    assert cal.is_open_at(datetime(2026, 11, 2, 0, 30, tzinfo=UTC))      # 08:30
    assert not cal.is_open_at(datetime(2026, 11, 2, 9, 30, tzinfo=UTC))  # 17:30


def test_holidays_are_closed_and_extra_working_days_are_open():
    cal = BusinessCalendar(holidays=frozenset({date(2026, 11, 2)}), extra_working_days=frozenset({date(2026, 11, 7)}))
    assert not cal.is_open_at(MONDAY_0900_SHANGHAI)
    assert cal.is_open_at(datetime(2026, 11, 7, 1, 0, tzinfo=UTC))


def test_business_time_stops_over_lunch_and_overnight():
    cal = BusinessCalendar()
    # 09:00–12:00 is three hours; the fourth starts after lunch, ending 14:30 local.
    assert advance(cal, MONDAY_0900_SHANGHAI, timedelta(hours=4)) == datetime(2026, 11, 2, 6, 30, tzinfo=UTC)
    # 17:00 + 1 h: half an hour today, half an hour from 08:30 next morning.
    assert advance(cal, MONDAY_0900_SHANGHAI + timedelta(hours=8), timedelta(hours=1)) == datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
    assert running_time(cal, MONDAY_0900_SHANGHAI, MONDAY_0900_SHANGHAI + timedelta(days=1)) == timedelta(hours=7, minutes=30)


def test_the_24x7_clock_counts_every_minute():
    assert running_time(ALWAYS_OPEN, MONDAY_0900_SHANGHAI, MONDAY_0900_SHANGHAI + timedelta(days=3)) == timedelta(days=3)
    assert ALWAYS_OPEN.is_open_at(MONDAY_0900_SHANGHAI)


def test_calendar_local_hours_follow_the_project_time_zone():
    berlin = BusinessCalendar(timezone="Europe/Berlin")
    assert berlin.is_open_at(datetime(2026, 11, 2, 8, 0, tzinfo=UTC))        # 09:00 CET
    assert not berlin.is_open_at(MONDAY_0900_SHANGHAI)                       # 02:00 CET


@pytest.mark.parametrize("kwargs, field", [
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"weekly_hours": ((),) * 7}, "weekly_hours"),
    ({"weekly_hours": ((),) * 6}, "weekly_hours"),
    ({"weekly_hours": ((WorkWindow(time(9), time(12)), WorkWindow(time(11), time(13))),) + ((),) * 6}, "weekly_hours"),
])
def test_a_broken_calendar_is_refused_naming_the_field(kwargs, field):
    with pytest.raises(InvalidInput) as err:
        BusinessCalendar(**kwargs)
    assert err.value.field == field


def test_a_work_window_must_end_after_it_starts():
    with pytest.raises(InvalidInput):
        WorkWindow(time(17), time(9))


def test_a_calendar_with_no_working_day_for_years_fails_loudly_instead_of_spinning():
    every_day = frozenset(date(2026, 1, 1) + timedelta(days=n) for n in range(4 * 366))
    cal = BusinessCalendar(holidays=every_day)
    with pytest.raises(InvalidInput) as err:
        advance(cal, datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=1))
    assert err.value.code == "no_working_time"


def test_day_shift_matters_go_to_the_cs_centre_and_night_ones_to_the_duty_officer():
    cal = BusinessCalendar()
    assert receiving_role(cal, MONDAY_0900_SHANGHAI) is StaffRole.CS_ASSISTANT
    assert receiving_role(cal, MONDAY_0900_SHANGHAI + timedelta(hours=12)) is StaffRole.DUTY_OFFICER
