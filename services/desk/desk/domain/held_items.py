"""Items held at the desk 代管物品 (DK-4, seed 001 "临时代为保管小件物品"): kept for a project-set maximum period,
returned against a signature."""
from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from kefulib.domain_errors import refuse_if


class HeldStatus(StrEnum):
    HELD = "held"
    RETURNED = "returned"


def due_back_by(received_at: datetime, holding_days: int) -> datetime:
    return received_at + timedelta(days=holding_days)


def is_overdue(status: HeldStatus | str, received_at: datetime, now: datetime, holding_days: int) -> bool:
    return HeldStatus(status) is HeldStatus.HELD and now > due_back_by(received_at, holding_days)


def check_return(status: HeldStatus | str) -> None:
    refuse_if(HeldStatus(status) is HeldStatus.RETURNED, "already_returned", "The item has already been returned.")
