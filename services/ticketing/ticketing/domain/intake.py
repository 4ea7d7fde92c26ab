"""When the SLA clock of a new ticket starts (TK-2, TK-4).

A call taken on paper (at night at the control centre, or during an outage) is recorded later; its
time limits run from when the call was really received, ``reported_at``, not from when a clerk typed
it in. How far back is bounded: a shift's worth of hours, so an old matter cannot be entered as new
with its deadlines already long gone, and never in the future (a minute's clock skew is tolerated).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from .errors import require, require_aware

MAX_BACKDATE = timedelta(hours=12)
CLOCK_SKEW = timedelta(minutes=1)


def clock_start(recorded_at: datetime, reported_at: datetime | None, max_backdate: timedelta = MAX_BACKDATE) -> datetime:
    """The ticket's received time: ``reported_at`` when given and plausible, else ``recorded_at``."""
    recorded_at = require_aware(recorded_at, "recorded_at")
    if reported_at is None:
        return recorded_at
    reported_at = require_aware(reported_at, "reported_at")
    require(reported_at <= recorded_at + CLOCK_SKEW, "reported_at", "is in the future")
    require(recorded_at - reported_at <= max_backdate, "reported_at",
            f"is more than {max_backdate // timedelta(hours=1)} hours before it was recorded")
    return min(reported_at, recorded_at)
