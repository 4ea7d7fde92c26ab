"""The SLA clock: running time on a calendar, stopped by pauses (挂起).

A pause is an interval when the ticket waits on the customer or on parts. The clock runs
only where the calendar is open *and* no pause covers the moment, so "deadline" means
"the instant the running time reaches the target duration".
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .calendars import Calendar
from .errors import require, require_aware

Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class Pause:
    """Clock stopped from ``start``; ``end`` is None while the ticket is still waiting."""

    start: datetime
    end: datetime | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", require_aware(self.start, "pause.start"))
        if self.end is not None:
            object.__setattr__(self, "end", require_aware(self.end, "pause.end"))
            require(self.end >= self.start, "pause.end", "must not be before the pause started")


def advance(calendar: Calendar, start: datetime, duration: timedelta,
            pauses: Sequence[Pause] = ()) -> datetime | None:
    """When ``duration`` of running time has passed since ``start``; None if an open pause
    stops the clock before that (the deadline is unknown until the ticket resumes)."""
    require(duration > timedelta(0), "duration", "must be positive")
    closed, open_since = _split(pauses)
    remaining = duration
    for piece_start, piece_end in _running(calendar, start, closed):
        if piece_end - piece_start >= remaining:
            reached = piece_start + remaining
            # A pause that began after the deadline passed cannot un-breach it.
            return None if open_since is not None and reached > open_since else reached
        remaining -= piece_end - piece_start
    raise AssertionError("open_segments is endless")  # pragma: no cover


def running_time(calendar: Calendar, start: datetime, end: datetime,
                 pauses: Sequence[Pause] = ()) -> timedelta:
    """Running time between ``start`` and ``end``; an open pause counts as paused to ``end``."""
    end = require_aware(end, "end")
    closed, open_since = _split(pauses)
    if open_since is not None:
        closed = _merge([*closed, (open_since, max(open_since, end))])
    total = timedelta(0)
    for piece_start, piece_end in _running(calendar, start, closed):
        if piece_start >= end:
            break
        total += min(piece_end, end) - piece_start
    return total


def _running(calendar: Calendar, start: datetime, pauses: list[Span]) -> Iterator[Span]:
    for opens, closes in calendar.open_segments(start):
        yield from _minus(opens, closes, pauses)


def _minus(start: datetime, end: datetime, pauses: list[Span]) -> Iterator[Span]:
    """Pieces of [start, end) that no pause covers; ``pauses`` sorted and merged."""
    for pause_start, pause_end in pauses:
        if pause_end <= start or pause_start >= end:
            continue
        if pause_start > start:
            yield start, pause_start
        start = max(start, pause_end)
        if start >= end:
            return
    yield start, end


def _split(pauses: Iterable[Pause]) -> tuple[list[Span], datetime | None]:
    pauses = list(pauses)
    open_starts = [p.start for p in pauses if p.end is None]
    closed = _merge([(p.start, p.end) for p in pauses if p.end is not None])
    return closed, min(open_starts, default=None)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
