"""Parcels, mail and newspapers 包裹/邮件/报纸 (DK-3): pickup codes, the wrong-code lockout, unclaimed ones and
the shelf count.

A pickup code has six digits, so its plain hash could be reversed by trying a million codes: it is kept only as
an HMAC under the service's key, bound to its project and parcel, and five wrong tries lock the parcel until a
supervisor has looked.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from kefulib.domain_errors import refuse_if

CODE_DIGITS = 6
CODE_SPACE = 10 ** CODE_DIGITS
MAX_WRONG_CODES = 5


class ParcelKind(StrEnum):
    PARCEL = "parcel"
    MAIL = "mail"
    NEWSPAPER = "newspaper"


class ParcelStatus(StrEnum):
    WAITING = "waiting"      # on its shelf
    PICKED_UP = "picked_up"


def pickup_code(random_number: int) -> str:
    """The code told to the resident, from a number the caller drew at random below CODE_SPACE."""
    if not 0 <= random_number < CODE_SPACE:
        raise ValueError("the random number must be below CODE_SPACE")
    return f"{random_number:0{CODE_DIGITS}d}"


def code_hash(key: bytes, tenant_id: str, parcel_id: str, code: str) -> str:
    # Bound to project and parcel: one parcel's hash says nothing about another's code.
    return hmac.new(key, f"{tenant_id}\x1f{parcel_id}\x1f{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(key: bytes, tenant_id: str, parcel_id: str, code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(code_hash(key, tenant_id, parcel_id, code), stored_hash)


@dataclass(frozen=True)
class PickupState:
    status: ParcelStatus | str
    wrong_codes: int
    locked: bool


@dataclass(frozen=True)
class CodeAttempt:
    accepted: bool
    wrong_codes: int
    locked: bool

    @property
    def attempts_left(self) -> int:
        return max(0, MAX_WRONG_CODES - self.wrong_codes)


def _check_on_shelf(state: PickupState) -> None:
    refuse_if(ParcelStatus(state.status) is not ParcelStatus.WAITING, "already_picked_up",
              "The parcel has already been picked up.")
    refuse_if(state.locked, "parcel_locked",
              "Too many wrong pickup codes: the parcel is locked until a supervisor unlocks it.")


def attempt_code(state: PickupState, matches: bool) -> CodeAttempt:
    """A try with a pickup code: accepted, or one more wrong code (the fifth locks the parcel)."""
    _check_on_shelf(state)
    if matches:
        return CodeAttempt(True, state.wrong_codes, False)
    wrong = state.wrong_codes + 1
    return CodeAttempt(False, wrong, wrong >= MAX_WRONG_CODES)


def check_signature_pickup(state: PickupState) -> None:
    """A lost code: the collector signs with name and ID last 4 instead. A locked parcel waits for the supervisor
    all the same: the lock means someone has been guessing, and that is for a person to look at first."""
    _check_on_shelf(state)


def check_unlock(state: PickupState) -> None:
    refuse_if(not state.locked, "not_locked", "The parcel is not locked.")


def is_unclaimed(status: ParcelStatus | str, received_at: datetime, now: datetime, unclaimed_after_days: int) -> bool:
    return ParcelStatus(status) is ParcelStatus.WAITING and now - received_at >= timedelta(days=unclaimed_after_days)


@dataclass(frozen=True)
class ShelfEntry:
    parcel_id: str
    shelf: str
    received_at: datetime


@dataclass(frozen=True)
class Shelf:
    shelf: str
    parcel_ids: list[str]
    unclaimed_ids: list[str]


def shelf_count(on_shelves: Iterable[ShelfEntry], now: datetime, unclaimed_after_days: int) -> list[Shelf]:
    """What should be on each shelf at the daily count, oldest first, shelves in name order."""
    by_shelf: dict[str, list[ShelfEntry]] = {}
    for entry in on_shelves:
        by_shelf.setdefault(entry.shelf, []).append(entry)
    shelves = []
    for name in sorted(by_shelf):
        entries = sorted(by_shelf[name], key=lambda e: (e.received_at, e.parcel_id))
        shelves.append(Shelf(name, [e.parcel_id for e in entries],
                             [e.parcel_id for e in entries
                              if is_unclaimed(ParcelStatus.WAITING, e.received_at, now, unclaimed_after_days)]))
    return shelves
