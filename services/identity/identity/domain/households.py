"""Who to write to in a household (a unit's current owner and the members living there), for the platform's
messages to customers: notices and surveys. Pure: the caller brings the archives it read.
"""
from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class HouseholdPurpose(StrEnum):
    """Why a platform service reads households' contacts; the access log records it."""

    CUSTOMER_NOTICE = "customer_notice"  # 客户通知 / 温馨提示, a parcel waiting at the desk
    SURVEY = "survey"                    # 顾客满意度调查


def household_contacts(owner: dict | None, residents: dict | None) -> list[dict]:
    """The owner first, then the members with a phone; one entry per phone number, so that a household whose
    owner also lives there is written to once."""
    contacts, seen = [], set()

    def add(role: str, name: str | None, phone: str | None) -> None:
        phone = (phone or "").strip()
        if phone and phone not in seen:
            seen.add(phone)
            contacts.append({"role": role, "name": name, "phone": phone})

    if owner:
        add("owner", owner.get("name"), owner.get("phone"))
    for member in (residents or {}).get("members") or ():
        add("resident", member.get("name"), member.get("phone"))
    return contacts


def households(units: Iterable[dict], owners_by_unit: dict[str, dict], residents_by_unit: dict[str, dict]) -> list[dict]:
    """One household per unit, in the units' order, with the contacts a message can reach (maybe none)."""
    return [{"unit_id": unit["unit_id"], "building": unit.get("building"),
             "contacts": household_contacts(owners_by_unit.get(unit["unit_id"]),
                                            residents_by_unit.get(unit["unit_id"]))}
            for unit in units]
