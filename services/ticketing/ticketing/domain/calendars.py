"""Business calendars 工作日历: when a project's day shift is on duty.

Calendars are defined in the project's local time (Asia/Shanghai by default) and answer in
UTC, because that is what tickets store. Both kinds expose ``open_segments(start)``, an
endless run of UTC intervals when the clock may run, so the SLA clock treats them alike.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from kefulib import timezones

from .errors import InvalidInput, require, require_aware

DEFAULT_TIMEZONE = "Asia/Shanghai"
# A calendar whose next working minute is further away than this is broken (e.g. every
# day a holiday); failing loudly beats a scan that never ends.
SEARCH_LIMIT_DAYS = 3 * 366
ONE_DAY = timedelta(days=1)


class Calendar(Protocol):
    timezone: str

    def open_segments(self, start: datetime) -> Iterator[tuple[datetime, datetime]]: ...

    def is_open_at(self, at: datetime) -> bool: ...


@dataclass(frozen=True)
class WorkWindow:
    """One stretch of duty within a local day, e.g. 08:30–12:00; it cannot cross midnight."""

    start: time
    end: time

    def __post_init__(self) -> None:
        require(self.start.tzinfo is None and self.end.tzinfo is None, "hours", "are local, naive times")
        require(self.start < self.end, "hours", f"window {self.start}-{self.end} must end after it starts")


DAY_SHIFT = (WorkWindow(time(8, 30), time(12, 0)), WorkWindow(time(13, 30), time(17, 30)))
MONDAY_TO_FRIDAY = (DAY_SHIFT,) * 5 + ((), ())


def zone(name: str) -> ZoneInfo:
    try:
        return timezones.zone(name)
    except timezones.UnknownTimeZone as exc:
        raise InvalidInput("timezone", f"unknown time zone {name!r}") from exc


@dataclass(frozen=True)
class BusinessCalendar:
    """Working hours per weekday (Monday = 0), public holidays, and extra working days
    (调休, a weekend worked in exchange for a holiday) that use ``extra_day_hours``."""

    timezone: str = DEFAULT_TIMEZONE
    weekly_hours: tuple[tuple[WorkWindow, ...], ...] = MONDAY_TO_FRIDAY
    holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    extra_day_hours: tuple[WorkWindow, ...] = field(default=DAY_SHIFT)

    def __post_init__(self) -> None:
        zone(self.timezone)
        require(len(self.weekly_hours) == 7, "weekly_hours", "needs one entry per weekday, Monday first")
        require(any(self.weekly_hours), "weekly_hours", "must have working hours on at least one weekday")
        for windows in (*self.weekly_hours, self.extra_day_hours):
            require(all(a.end <= b.start for a, b in zip(windows, windows[1:], strict=False)),
                    "weekly_hours", "windows of a day must be in order and not overlap")

    def windows_on(self, day: date) -> tuple[WorkWindow, ...]:
        if day in self.extra_working_days:
            return self.extra_day_hours
        if day in self.holidays:
            return ()
        return self.weekly_hours[day.weekday()]

    def open_segments(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        start = require_aware(start, "start")
        tz = zone(self.timezone)
        day = start.astimezone(tz).date()
        for _ in range(SEARCH_LIMIT_DAYS):
            for window in self.windows_on(day):
                opens, closes = _utc(day, window.start, tz), _utc(day, window.end, tz)
                if closes > start and closes > opens:
                    yield max(opens, start), closes
            day += ONE_DAY
        raise InvalidInput("calendar", f"no working time within {SEARCH_LIMIT_DAYS} days", "no_working_time")

    def is_open_at(self, at: datetime) -> bool:
        at = require_aware(at, "at")
        opens, _ = next(self.open_segments(at))
        return opens == at


@dataclass(frozen=True)
class AlwaysOpen:
    """The 24x7 clock (全天候): every minute counts, as for the 24-hour hotline."""

    timezone: str = DEFAULT_TIMEZONE

    def open_segments(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        # Day-sized pieces keep arithmetic far from datetime.max; callers never notice.
        start = require_aware(start, "start")
        while True:
            yield start, start + ONE_DAY
            start += ONE_DAY

    def is_open_at(self, at: datetime) -> bool:
        require_aware(at, "at")
        return True


ALWAYS_OPEN = AlwaysOpen()


def _utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)
