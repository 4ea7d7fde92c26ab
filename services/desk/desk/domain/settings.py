"""A project's desk settings and their bounds (a number a project sets is always bounded)."""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import available_timezones

from kefulib.domain_errors import BadField

UNCLAIMED_DAYS = range(1, 61)
HOLDING_DAYS = range(1, 366)
# Known names only: a made-up one would fail later, inside a report, instead of here.
ZONES = frozenset(available_timezones())
MOVE_IN_TARGET_MINUTES = range(5, 241)


@dataclass(frozen=True)
class DeskSettings:
    unclaimed_parcel_days: int = 7   # DK-3: a parcel still on its shelf after N days is flagged unclaimed
    item_holding_days: int = 30      # how long the desk keeps an item for someone before flagging it
    timezone: str = "Asia/Shanghai"  # the project's zone: where the daily report's day starts and ends
    move_in_target_minutes: int = 30  # DK-1, seed 001: 业户收楼入伙程序30分钟内完成
    # The header of printed notices (seed 000: notices go out under the management office's name).
    letterhead: str = "物业服务中心"
    # When residents can collect parcels, told in the parcel's message (DK-3).
    pickup_hours: str = "每日 08:00–21:00"

    def __post_init__(self) -> None:
        if self.unclaimed_parcel_days not in UNCLAIMED_DAYS:
            raise BadField("unclaimed_parcel_days", "between 1 and 60 days")
        if self.item_holding_days not in HOLDING_DAYS:
            raise BadField("item_holding_days", "between 1 and 365 days")
        if self.timezone not in ZONES:
            raise BadField("timezone", "an IANA time zone such as Asia/Shanghai")
        if self.move_in_target_minutes not in MOVE_IN_TARGET_MINUTES:
            raise BadField("move_in_target_minutes", "between 5 and 240 minutes")
        if not self.letterhead.strip():
            raise BadField("letterhead", "the printed header cannot be blank")
        if not self.pickup_hours.strip():
            raise BadField("pickup_hours", "say when parcels can be collected")
