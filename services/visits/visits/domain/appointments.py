"""Appointments 预约 (VS-5): bookable facilities and services, cut into slots, never double-booked.

Double booking is prevented by the database, not by a read-then-write check: each booking
stores ``slot_key(resource_id, start, seat)`` under a unique index (tenant_id, slot_key),
so of two concurrent inserts for the same seat exactly one succeeds. With capacity N the
store tries ``seat_keys`` in order and takes the first free one.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType

from .errors import InvalidInput, refuse_unless, require, require_text
from .timekeeping import DEFAULT_TIMEZONE, ensure_aware, project_zone

Window = tuple[time, time]


@dataclass(frozen=True)
class BookableResource:
    """A facility or service with weekly opening hours (weekday 0 = Monday) on the project clock.

    Several windows a day allow a lunch break; a slot that would run past a window's end is
    not offered. ``closed_on`` holds holidays.
    """

    resource_id: str
    weekly_hours: Mapping[int, tuple[Window, ...]]
    slot_minutes: int = 30
    capacity: int = 1
    timezone: str = DEFAULT_TIMEZONE
    closed_on: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        require_text(self.resource_id, "resource_id")
        require("/" not in self.resource_id, "invalid_resource_id", "resource id may not contain '/'", "resource_id")
        require(
            0 < self.slot_minutes <= 24 * 60, "invalid_slot_length", "slot length must be 1..1440 min", "slot_minutes"
        )
        require(self.capacity >= 1, "invalid_capacity", "capacity must be at least 1", "capacity")
        project_zone(self.timezone)
        hours = {day: tuple(sorted(windows)) for day, windows in self.weekly_hours.items()}
        for day, windows in hours.items():
            require(day in range(7), "invalid_weekday", "weekday must be 0 (Mon)..6 (Sun)", "weekly_hours")
            for (start, end), following in zip(windows, windows[1:] + ((time.max, time.max),), strict=True):
                require(start < end, "invalid_window", "window must end after it starts", "weekly_hours")
                whole = all(t.second == t.microsecond == 0 for t in (start, end))
                require(whole, "invalid_window", "opening hours are whole minutes", "weekly_hours")
                require(end <= following[0], "overlapping_windows", "windows overlap", "weekly_hours")
        object.__setattr__(self, "weekly_hours", MappingProxyType(hours))
        object.__setattr__(self, "closed_on", frozenset(self.closed_on))


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime
    end: datetime


def generate_slots(resource: BookableResource, day: date) -> tuple[Slot, ...]:
    """The day's slots, tz-aware in the resource's zone, in order.

    Slots follow the wall clock; a start that does not exist on a daylight-saving day is
    skipped (Asia/Shanghai has none).
    """
    if day in resource.closed_on:
        return ()
    zone, length = project_zone(resource.timezone), timedelta(minutes=resource.slot_minutes)
    slots: list[Slot] = []
    for open_at, close_at in resource.weekly_hours.get(day.weekday(), ()):
        start, close = datetime.combine(day, open_at, zone), datetime.combine(day, close_at, zone)
        while start + length <= close:
            if _exists(start) and (not slots or start.astimezone(UTC) >= slots[-1].end):
                slots.append(Slot(start, start + length))
            start += length
    return tuple(slots)


def slot_key(resource_id: str, start: datetime, seat: int = 0) -> str:
    """Canonical key ``<resource>/<UTC start, minute precision>/<seat>`` for the unique index.

    The same instant written with any offset gives the same key.
    """
    require_text(resource_id, "resource_id")
    require(seat >= 0, "invalid_seat", "seat must not be negative", "seat")
    utc = ensure_aware(start, "start").astimezone(UTC)
    require(utc.second == utc.microsecond == 0, "not_aligned", "slots start on a whole minute", "start")
    return f"{resource_id}/{utc:%Y-%m-%dT%H:%M}Z/{seat}"


def seat_keys(resource: BookableResource, start: datetime) -> tuple[str, ...]:
    """One key per seat of the slot starting at ``start``, to try in order."""
    return tuple(slot_key(resource.resource_id, start, seat) for seat in range(resource.capacity))


def validate_booking(
    resource: BookableResource, start: datetime, now: datetime, seats_taken: int = 0
) -> Slot:
    """The slot a booking at ``start`` takes, or an error with field ``start``.

    InvalidInput: naive_datetime, in_the_past, closed, outside_opening_hours, not_aligned.
    RuleRefused: slot_full (``seats_taken`` is a courtesy pre-check; the unique index decides).
    """
    ensure_aware(start, "start")
    ensure_aware(now, "now")
    require(start >= now, "in_the_past", "the slot has already started", "start")
    local = start.astimezone(project_zone(resource.timezone))
    require(local.date() not in resource.closed_on, "closed", "closed on that day", "start")
    windows = resource.weekly_hours.get(local.weekday(), ())
    inside = any(open_at <= local.time() < close_at for open_at, close_at in windows)
    require(inside, "outside_opening_hours", "outside opening hours", "start")
    slot = next((s for s in generate_slots(resource, local.date()) if s.start == start), None)
    if slot is None:
        raise InvalidInput("not_aligned", f"start must be on a {resource.slot_minutes}-minute slot", "start")
    refuse_unless(seats_taken < resource.capacity, "slot_full", "the slot is fully booked", "start")
    return slot


def _exists(local: datetime) -> bool:
    return local.astimezone(UTC).astimezone(local.tzinfo).replace(tzinfo=None) == local.replace(tzinfo=None)
