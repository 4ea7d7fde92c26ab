"""Households told by the desk (notices 客户通知, parcels 包裹): who in a household gets the message, the notice's
read link, and the counts reported back to the desk. Pure: the caller passes keys and times.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from .notices import Status
from .surveys import LinkState, sign_link, verify_link

#: Who in a household is told first: the people living there hear of the building's water cut and of the
#: parcel at the desk; an owner who lets the flat out is told only when no resident left a phone.
ROLE_ORDER = ("resident", "owner")
#: Who is asked first in a satisfaction survey: the owner, whose property the service is for (seed 003).
SURVEY_ROLE_ORDER = ("owner", "resident")
#: A notice's read link works this long after publication when the notice has no end date of its own.
READ_LINK_VALIDITY = timedelta(days=30)
LINK_PREFIX = "notice:"  # a notice link is never a survey link, and the other way round


def household_phone(contacts: Iterable[Mapping], order: Iterable[str] = ROLE_ORDER) -> str | None:
    """The phone a household is reached on: the first contact's with a phone in `order` of roles (a notice: residents
    first; a survey: SURVEY_ROLE_ORDER); None if nobody left one."""
    contacts = list(contacts)
    for role in order:
        for contact in contacts:
            if contact.get("role") == role and (contact.get("phone") or "").strip():
                return contact["phone"].strip()
    return None


def recipient_key(unit_id: str) -> str:
    """One delivery per household and source event: the household is its unit."""
    return f"household:{unit_id}"


def read_link_expiry(published_at: datetime, ends_at: datetime | None) -> datetime:
    return ends_at if ends_at and ends_at > published_at else published_at + READ_LINK_VALIDITY


def sign_read_link(delivery_id: str, expires_at: datetime, key: bytes) -> str:
    """The token of a notice's page for one household: its delivery's id (which names project, notice and unit)."""
    return sign_link(LINK_PREFIX + delivery_id, expires_at, key)


@dataclass(frozen=True)
class ReadLink:
    state: LinkState
    delivery_id: str | None = None


def verify_read_link(token: str, key: bytes, now: datetime) -> ReadLink:
    check = verify_link(token, key, now)
    if check.state is LinkState.TAMPERED or not (check.survey_id or "").startswith(LINK_PREFIX):
        return ReadLink(LinkState.TAMPERED)
    return ReadLink(check.state, check.survey_id.removeprefix(LINK_PREFIX))


COUNTED = ("queued", "sent", "delivered", "failed", "suppressed")


def progress(households: int, by_status: Mapping[str, int], read: int) -> dict[str, int]:
    """What the desk shows: households told, deliveries by status (sending counts as queued: it has not gone
    yet) and households that opened the notice."""
    counts = dict.fromkeys(COUNTED, 0)
    for status, number in by_status.items():
        counts["queued" if Status(status) is Status.SENDING else str(Status(status))] += number
    return {"households": households, **counts, "read": read}

