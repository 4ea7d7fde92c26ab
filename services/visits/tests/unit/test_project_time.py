"""Months and days are counted on the project's clock."""
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from visits.domain import DomainError, Month, month_of, project_zone

FAST = settings(max_examples=100, deadline=None, database=None)


def test_month_reads_and_writes_as_year_dash_month():
    assert str(Month.parse("2024-05")) == "2024-05"
    assert Month.parse("2024-12").next() == Month(2025, 1)


@pytest.mark.parametrize("text", ["2024-13", "2024-5", "May", ""])
def test_malformed_months_are_refused(text):
    with pytest.raises(DomainError):
        Month.parse(text)


def test_late_evening_utc_on_the_last_day_is_next_month_in_shanghai():
    assert month_of(datetime(2024, 5, 31, 16, 0, tzinfo=UTC)) == Month(2024, 6)


def test_unknown_time_zone_is_refused():
    with pytest.raises(DomainError):
        project_zone("Mars/Olympus")


@FAST
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_lies_between_its_months_first_and_last_day(day):
    month = Month.of(day)
    assert month.first_day <= day <= month.last_day
    assert month.next().first_day == month.last_day.fromordinal(month.last_day.toordinal() + 1)
