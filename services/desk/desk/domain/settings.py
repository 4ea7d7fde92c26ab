"""A project's desk settings and their bounds (a number a project sets is always bounded)."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import BadField

UNCLAIMED_DAYS = range(1, 61)
HOLDING_DAYS = range(1, 366)


@dataclass(frozen=True)
class DeskSettings:
    unclaimed_parcel_days: int = 7   # DK-3: a parcel still on its shelf after N days is flagged unclaimed
    item_holding_days: int = 30      # how long the desk keeps an item for someone before flagging it
    # The header of printed notices (seed 000: notices go out under the management office's name).
    letterhead: str = "物业服务中心"
    # When residents can collect parcels, told in the parcel's message (DK-3).
    pickup_hours: str = "每日 08:00–21:00"

    def __post_init__(self) -> None:
        if self.unclaimed_parcel_days not in UNCLAIMED_DAYS:
            raise BadField("unclaimed_parcel_days", "between 1 and 60 days")
        if self.item_holding_days not in HOLDING_DAYS:
            raise BadField("item_holding_days", "between 1 and 365 days")
        if not self.letterhead.strip():
            raise BadField("letterhead", "the printed header cannot be blank")
        if not self.pickup_hours.strip():
            raise BadField("pickup_hours", "say when parcels can be collected")
