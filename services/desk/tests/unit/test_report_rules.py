"""The reports' spans: a local day and an ISO week in the project's zone, as UTC."""
from datetime import UTC, date, datetime

import pytest
from desk.domain.reports import day_span, parse_week, week_span
from kefulib.domain_errors import BadField


def test_a_day_is_midnight_to_midnight_in_the_projects_zone():
    span = day_span(date(2026, 12, 2), "Asia/Shanghai")
    assert (span.start, span.end) == (datetime(2026, 12, 1, 16, tzinfo=UTC), datetime(2026, 12, 2, 16, tzinfo=UTC))


def test_a_day_the_clocks_change_is_as_long_as_people_live_it():
    span = day_span(date(2026, 3, 8), "America/New_York")
    assert (span.end - span.start).total_seconds() == 23 * 3600


def test_an_iso_week_runs_monday_to_sunday():
    monday = parse_week("2026-W49")
    span = week_span(monday, "Asia/Shanghai")
    assert (span.first_day, span.last_day) == (date(2026, 11, 30), date(2026, 12, 6))
    assert span.start == datetime(2026, 11, 29, 16, tzinfo=UTC)


@pytest.mark.parametrize("bad", ["2026-W54", "2026-W00", "2026W49", "", "0000-W01"])
def test_a_week_that_does_not_exist_is_a_bad_field(bad):
    with pytest.raises(BadField) as raised:
        parse_week(bad)
    assert raised.value.field == "week"
