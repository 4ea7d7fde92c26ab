"""Monthly figures per project and kind (TK-13), defined on plain ticket summaries.

The store may compute the same numbers with MongoDB aggregations; these functions are the
reference semantics those must match. Choices:
- a ticket counts in the month (project local time) it was *received*, so every figure of
  a row describes the same tickets;
- SLA compliance counts each target once it is decided (met, or its deadline has passed):
  met on time / decided; ``None`` when nothing is decided yet;
- a repeat complaint is a complaint from the same unit in the same category within the
  window (30 days by default) after an earlier one.
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .calendars import DEFAULT_TIMEZONE, zone
from .errors import require_aware
from .kinds import TicketKind
from .sla import SlaTarget

DEFAULT_REPEAT_WINDOW = timedelta(days=30)
RowKey = tuple[str, TicketKind]


@dataclass(frozen=True)
class TicketSummary:
    ticket_id: str
    kind: TicketKind
    created_at: datetime
    resolved_at: datetime | None = None   # when the result was recorded
    unit: str | None = None
    category: str | None = None
    deadlines: Mapping[SlaTarget, datetime | None] = field(default_factory=dict)
    milestones: Mapping[SlaTarget, datetime] = field(default_factory=dict)
    satisfaction: int | None = None


@dataclass(frozen=True)
class MonthlyFigures:
    volume: int
    sla_decided: int
    sla_met: int
    sla_compliance: float | None
    mean_time_to_resolve: timedelta | None
    median_time_to_resolve: timedelta | None
    repeat_complaints: int
    satisfaction_average: float | None


def month_of(at: datetime, timezone: str = DEFAULT_TIMEZONE) -> str:
    return require_aware(at, "at").astimezone(zone(timezone)).strftime("%Y-%m")


def sla_outcomes(summary: TicketSummary, now: datetime) -> tuple[int, int]:
    """(decided, met on time) over the ticket's targets."""
    decided = met = 0
    for target, deadline in summary.deadlines.items():
        met_at = summary.milestones.get(target)
        if deadline is None or (met_at is None and deadline > now):
            continue  # still running or paused: not decided yet
        decided += 1
        met += met_at is not None and met_at <= deadline
    return decided, met


def repeat_complaints(summaries: Iterable[TicketSummary],
                      window: timedelta = DEFAULT_REPEAT_WINDOW) -> tuple[TicketSummary, ...]:
    """Complaints that follow an earlier complaint of the same unit and category within ``window``."""
    last_seen: dict[tuple[str, str], datetime] = {}
    repeats = []
    complaints = (s for s in summaries if s.kind is TicketKind.COMPLAINT and s.unit and s.category)
    for s in sorted(complaints, key=lambda s: s.created_at):
        key = (s.unit, s.category)
        if key in last_seen and s.created_at - last_seen[key] <= window:
            repeats.append(s)
        last_seen[key] = s.created_at
    return tuple(repeats)


def monthly_report(summaries: Sequence[TicketSummary], now: datetime, timezone: str = DEFAULT_TIMEZONE,
                   repeat_window: timedelta = DEFAULT_REPEAT_WINDOW) -> dict[RowKey, MonthlyFigures]:
    """Figures by (month "YYYY-MM", kind), months in the project's time zone."""
    now = require_aware(now, "now")
    rows: dict[RowKey, list[TicketSummary]] = defaultdict(list)
    for s in summaries:
        rows[(month_of(s.created_at, timezone), s.kind)].append(s)
    repeats = {s.ticket_id for s in repeat_complaints(summaries, repeat_window)}
    return {key: _figures(rows[key], now, repeats) for key in sorted(rows)}


def _figures(row: list[TicketSummary], now: datetime, repeats: set[str]) -> MonthlyFigures:
    decided, met = map(sum, zip(*(sla_outcomes(s, now) for s in row), strict=True))
    durations = [s.resolved_at - s.created_at for s in row if s.resolved_at is not None]
    scores = [s.satisfaction for s in row if s.satisfaction is not None]
    return MonthlyFigures(
        volume=len(row), sla_decided=decided, sla_met=met,
        sla_compliance=met / decided if decided else None,
        mean_time_to_resolve=sum(durations, timedelta(0)) / len(durations) if durations else None,
        median_time_to_resolve=statistics.median(durations) if durations else None,
        repeat_complaints=sum(s.ticket_id in repeats for s in row),
        satisfaction_average=statistics.fmean(scores) if scores else None,
    )
