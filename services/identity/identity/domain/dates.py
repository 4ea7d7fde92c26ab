"""Calendar arithmetic shared by tenure bands and quality-check schedules."""

import calendar
from datetime import date, datetime

from identity.domain.errors import InvalidInput


def add_months(day: date, months: int) -> date:
    """Return `day` moved by whole calendar months, clamped to the month's last day.

    Clamping (31 Aug + 6 months = 28/29 Feb) is how people count "half a year" at the desk;
    rolling over into March would make a band boundary depend on month length.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def require_aware(field: str, moment: datetime) -> datetime:
    """Refuse naive datetimes: comparing them with stored UTC times silently shifts by hours."""
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise InvalidInput(field, "must be a timezone-aware datetime")
    return moment
