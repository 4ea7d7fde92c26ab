"""Owner records per unit with full history; a transfer (过户) closes one and opens the next.

Pure functions over a list of records: nothing is edited in place or deleted, because the
previous owner's archive must stay retrievable (ID-3). The newest record wins.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from identity.domain.errors import InvalidInput


@dataclass(frozen=True)
class OwnershipRecord:
    """One owner of one unit (楼-层-房号) from valid_from until valid_until (open if None)."""

    record_id: str
    unit_id: str
    owner_archive_id: str
    valid_from: date
    valid_until: date | None = None

    def __post_init__(self) -> None:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise InvalidInput("valid_until", "cannot be before valid_from")

    def holds_on(self, day: date) -> bool:
        """True if this record names the owner on `day` (the closing day belongs to the next)."""
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


def history(records: Iterable[OwnershipRecord], unit_id: str) -> list[OwnershipRecord]:
    """The unit's records, oldest first (ties by record id, so the order is stable)."""
    return sorted((r for r in records if r.unit_id == unit_id), key=lambda r: (r.valid_from, r.record_id))


def current_owner(records: Iterable[OwnershipRecord], unit_id: str, on: date) -> OwnershipRecord | None:
    """The record in force on `on`; if bad data leaves several, the newest wins."""
    holding = [r for r in history(records, unit_id) if r.holds_on(on)]
    return holding[-1] if holding else None


def transfer(
    records: Iterable[OwnershipRecord], *, unit_id: str, new_record_id: str, new_owner_archive_id: str, on: date
) -> list[OwnershipRecord]:
    """A new list with the current record closed on `on` and the new owner's record opened.

    Raises InvalidInput if the transfer predates the current owner's start, if the unit's
    history already continues after `on`, or if the record id is taken.
    """
    records = list(records)
    if any(r.record_id == new_record_id for r in records):
        raise InvalidInput("record_id", f"{new_record_id} already exists")
    unit = history(records, unit_id)
    if any(r.valid_from > on for r in unit):
        raise InvalidInput("on", "the unit already has an ownership record starting later")
    current = current_owner(unit, unit_id, on)
    if current is not None and current.valid_from == on:
        raise InvalidInput("on", "a transfer on the day the current owner started leaves no ownership period")
    new = OwnershipRecord(new_record_id, unit_id, new_owner_archive_id, valid_from=on)
    closed = [replace(r, valid_until=on) if r is current else r for r in records]
    return closed + [new]
