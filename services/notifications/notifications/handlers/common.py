"""The clock and time parsing every use case shares."""
from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """Now, cut to the millisecond MongoDB keeps, so a stored time reads back equal."""
    return ms(datetime.now(UTC))


def ms(at: datetime) -> datetime:
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def parse_time(value: str) -> datetime:
    """An ISO-8601 time from an event; a time without a zone is taken as UTC (events are UTC)."""
    at = datetime.fromisoformat(value)
    return ms(at if at.tzinfo else at.replace(tzinfo=UTC))
