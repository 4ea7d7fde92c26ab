"""The desk's daily and weekly reports 客服日报 / 周报 (002): which UTC span a local day or ISO week is. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kefulib.domain_errors import BadField

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class Span:
    """[start, end) in UTC, and the local dates it covers."""
    start: datetime
    end: datetime
    first_day: date
    last_day: date


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(UTC)


def day_span(day: date, timezone: str) -> Span:
    zone = ZoneInfo(timezone)
    # Midnight to midnight in the project's zone: 23 or 25 hours on a day the clocks change, as people count it.
    return Span(_local_midnight(day, zone), _local_midnight(day + timedelta(days=1), zone), day, day)


def parse_week(text: str) -> date:
    """The Monday of an ISO week written 2026-W49."""
    match = WEEK.match(text or "")
    if not match:
        raise BadField("week", "an ISO week like 2026-W49")
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise BadField("week", "no such week in that year") from None


def week_span(monday: date, timezone: str) -> Span:
    zone = ZoneInfo(timezone)
    sunday = monday + timedelta(days=6)
    return Span(_local_midnight(monday, zone), _local_midnight(sunday + timedelta(days=1), zone), monday, sunday)


def local_day(at: datetime, timezone: str) -> date:
    return at.astimezone(ZoneInfo(timezone)).date()
