"""Repair warranty 保修期 (TK-7): a rework of a repair inside the warranty is free and is
linked to the original ticket.

The period is counted in calendar months on the project's local calendar, because that is
how the handbook and the owner count "3 months"; a repair signed off on 30 November is
covered until the end of 28 (or 29) February, clamped like any month arithmetic.
"""
from __future__ import annotations

import calendar as _months
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from .calendars import DEFAULT_TIMEZONE, zone
from .errors import TransitionRefused, require, require_aware, require_fen, require_text


@dataclass(frozen=True)
class WarrantyPolicy:
    months: int = 3
    timezone: str = DEFAULT_TIMEZONE

    def __post_init__(self) -> None:
        require(type(self.months) is int and self.months >= 0, "warranty_months", "must be a whole number >= 0")
        zone(self.timezone)


@dataclass(frozen=True)
class CompletedRepair:
    """The original repair: its ticket and when the owner signed it off (the warranty's start)."""

    ticket_id: str
    signed_off_at: datetime


@dataclass(frozen=True)
class Rework:
    """A repeat repair 返修: ``charge_fen`` is 0 inside the warranty."""

    original_ticket_id: str
    under_warranty: bool
    charge_fen: int


def add_months(day: date, months: int) -> date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, _months.monthrange(year, month)[1]))


def warranty_ends(signed_off_at: datetime, policy: WarrantyPolicy = WarrantyPolicy()) -> datetime:
    """The first instant no longer covered: midnight after the last covered local day."""
    tz = zone(policy.timezone)
    local_day = require_aware(signed_off_at, "signed_off_at").astimezone(tz).date()
    last_day = add_months(local_day, policy.months)
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)


def is_under_warranty(original: CompletedRepair, reported_at: datetime,
                      policy: WarrantyPolicy = WarrantyPolicy()) -> bool:
    reported_at = require_aware(reported_at, "reported_at")
    if reported_at < original.signed_off_at:
        raise TransitionRefused("a rework cannot be reported before the original repair was signed off")
    return reported_at < warranty_ends(original.signed_off_at, policy)


def rework(original: CompletedRepair, reported_at: datetime, quoted_fen: int,
           policy: WarrantyPolicy = WarrantyPolicy()) -> Rework:
    """Link a rework to its original; free inside the warranty, the quoted price after it."""
    require_text(original.ticket_id, "original_ticket_id")
    quoted_fen = require_fen(quoted_fen, "quoted_fen")
    covered = is_under_warranty(original, reported_at, policy)
    return Rework(original.ticket_id, covered, 0 if covered else quoted_fen)
