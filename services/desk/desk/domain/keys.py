"""The key register 钥匙登记 (DK-2): who may take a key out, when it is overdue, and what a shift count finds.

A unit's spare key 业主备用钥匙 leaves the desk only with someone the owner's written authorisation 授权书 names,
while that authorisation is valid; the project's own keys (common areas, plant rooms, other) go to staff only.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kefulib.domain_errors import BadField, refuse_if

from .people import Person, proves_to_be


class KeyKind(StrEnum):
    UNIT_SPARE = "unit_spare"     # 业主备用钥匙: the owner's, out only to people the owner named
    COMMON_AREA = "common_area"   # 公共区域
    PLANT_ROOM = "plant_room"     # 机房 (pump, power, lift rooms)
    OTHER = "other"


#: Keys that belong to an owner: they need the owner's authorisation; every other kind goes to staff.
OWNER_KEYS = frozenset({KeyKind.UNIT_SPARE})


def check_key_definition(kind: KeyKind | str, unit_id: str | None) -> None:
    if KeyKind(kind) in OWNER_KEYS and not unit_id:
        raise BadField("unit_id", "a unit's spare key names its unit")


@dataclass(frozen=True)
class Authorisation:
    """The owner's written authorisation for one unit's key: the people named and how long it holds."""
    persons: tuple[Person, ...]
    valid_until: datetime


def check_authorisation(kind: KeyKind | str, persons: Sequence[Person], valid_until: datetime,
                        now: datetime) -> Authorisation:
    """An authorisation as recorded: for an owner's key, each named person with a proof the desk can check,
    valid in the future."""
    refuse_if(KeyKind(kind) not in OWNER_KEYS, "not_an_owner_key",
              "Only a unit's spare key carries an owner's authorisation; the project's keys go to staff.")
    if not persons:
        raise BadField("persons", "the authorisation names at least one person")
    for index, person in enumerate(persons):
        if not person.has_proof:
            raise BadField(f"persons.{index}", "give the ID document's last 4 characters or a phone number")
    if valid_until <= now:
        raise BadField("valid_until", "an authorisation recorded today must still be valid")
    return Authorisation(tuple(persons), valid_until)


@dataclass(frozen=True)
class SignOut:
    holder: Person
    staff_id: str | None
    signed_out_at: datetime
    expected_return_at: datetime


def sign_out(kind: KeyKind | str, *, is_out: bool, authorisation: Authorisation | None, holder: Person,
             staff_id: str | None, expected_return_at: datetime, now: datetime) -> SignOut:
    """The loan the desk may record, or a refusal whose code says why."""
    if expected_return_at <= now:
        raise BadField("expected_return_at", "the key's return is expected later than now")
    refuse_if(is_out, "key_already_out", "The key is already signed out; it must be returned first.")
    if KeyKind(kind) in OWNER_KEYS:
        refuse_if(authorisation is None, "no_authorisation",
                  "The owner has not authorised anyone in writing to take this key.")
        refuse_if(authorisation.valid_until <= now, "authorisation_expired",
                  "The owner's authorisation for this key has expired.")
        refuse_if(not any(proves_to_be(holder, named) for named in authorisation.persons), "holder_not_authorised",
                  "The owner's authorisation does not name this person (name and ID last 4 or phone).")
    else:
        refuse_if(not staff_id, "staff_only", "The project's own keys are signed out to staff: give the staff_id.")
    return SignOut(holder, staff_id, now, expected_return_at)


def is_overdue(expected_return_at: datetime | None, now: datetime) -> bool:
    """A key out past its expected return (a key that is in has no expected return)."""
    return expected_return_at is not None and expected_return_at < now


def needs_overdue_flag(expected_return_at: datetime | None, flagged_at: datetime | None, now: datetime) -> bool:
    """The worker flags (and announces) each overdue loan once."""
    return flagged_at is None and is_overdue(expected_return_at, now)


@dataclass(frozen=True)
class RegisteredKey:
    key_id: str
    expected_return_at: datetime | None  # None when the key is in

    @property
    def is_out(self) -> bool:
        return self.expected_return_at is not None


@dataclass(frozen=True)
class ShiftCount:
    """What a hand-over count (TK-12) finds against the register."""
    present: list[str]
    out: list[str]
    overdue: list[str]
    missing: list[str]               # neither counted present nor signed out
    present_while_out: list[str]     # counted on its hook although the register has it out


def count_keys(register: Iterable[RegisteredKey], counted_present: Sequence[str], now: datetime) -> ShiftCount:
    keys = {key.key_id: key for key in register}
    unknown = [str(index) for index, key_id in enumerate(counted_present) if key_id not in keys]
    if unknown:
        # Positions, not ids: an answer never repeats ids that are not this project's.
        raise BadField("present_key_ids", "not in this project's key register: items " + ", ".join(unknown))
    present = set(counted_present)
    ordered = sorted(keys)
    return ShiftCount(
        present=[k for k in ordered if k in present],
        out=[k for k in ordered if keys[k].is_out],
        overdue=[k for k in ordered if is_overdue(keys[k].expected_return_at, now)],
        missing=[k for k in ordered if k not in present and not keys[k].is_out],
        present_while_out=[k for k in ordered if k in present and keys[k].is_out],
    )
