"""Project time: every rule compares tz-aware instants and counts days on the project's clock.

A visit at 23:30 in Shanghai is 15:30 UTC of the same day but belongs to the project's day,
so month and day boundaries are taken in the project's time zone, never in UTC.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from kefulib import timezones

from .errors import InvalidInput, require

DEFAULT_TIMEZONE = "Asia/Shanghai"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def project_zone(name: str = DEFAULT_TIMEZONE) -> ZoneInfo:
    """The project's time zone (an IANA name such as ``Asia/Shanghai``)."""
    try:
        return timezones.zone(name)
    except timezones.UnknownTimeZone as exc:
        raise InvalidInput("unknown_timezone", f"unknown time zone {name!r}", "timezone") from exc


def ensure_aware(value: datetime, field: str) -> datetime:
    """Refuse a naive datetime: its meaning would depend on the server's clock."""
    require(isinstance(value, datetime), "invalid_datetime", f"{field} must be a datetime", field)
    require(value.utcoffset() is not None, "naive_datetime", f"{field} must carry a time zone", field)
    return value


def local_date(moment: datetime, timezone: str = DEFAULT_TIMEZONE) -> date:
    """The calendar day ``moment`` falls on in the project's zone."""
    return ensure_aware(moment, "moment").astimezone(project_zone(timezone)).date()


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month such as 2024-05; written and parsed as ``YYYY-MM``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        require(1 <= self.month <= 12, "invalid_month", "month must be 1..12", "month")
        require(1 <= self.year <= 9998, "invalid_month", "year out of range", "month")

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH.match(text or "")
        require(match is not None, "invalid_month", "month must look like YYYY-MM", "month")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def contains(self, day: date) -> bool:
        return (day.year, day.month) == (self.year, self.month)


def month_of(moment: datetime, timezone: str = DEFAULT_TIMEZONE) -> Month:
    """The project month ``moment`` falls in."""
    return Month.of(local_date(moment, timezone))
