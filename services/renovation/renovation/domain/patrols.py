"""Patrols 巡查 and violations (seed 004: "装修巡查技术员和安全员对该房重点巡查", "下发《整改通知书》,限期整改"): a patrol of
an active renovation records its findings and photos; a violation found gets a rectification notice 整改通知书 with
its number and deadline, and is followed up until rectified or escalated to the manager. Illegal building is also
recorded for the authorities. Units engineering flagged are due for patrol more often (per-project intervals).
"""
from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from kefulib.domain_errors import BadField, refuse_if

from .applications import ENGINEERING_ROLES, MANAGER_ROLES

PATROL_ROLES = ENGINEERING_ROLES | MANAGER_ROLES | frozenset({"security_supervisor"})
DEFAULT_INTERVALS = {"interval_days": 7, "flagged_interval_days": 2}
LONGEST_DEADLINE_DAYS = 30


class ViolationKind(StrEnum):
    ILLEGAL_BUILDING = "illegal_building"      # 违章搭建: recorded for the authorities too
    LOAD_BEARING_WALL = "load_bearing_wall"
    FACADE = "facade"
    WET_AREA = "wet_area"
    HOT_WORK = "hot_work"                      # 动火 without its permit
    HOURS = "hours"                            # working outside the permitted hours
    DEBRIS = "debris"
    OTHER = "other"


class ViolationStatus(StrEnum):
    OPEN = "open"              # notice served: waiting for the rectification by its deadline
    ESCALATED = "escalated"    # not rectified (or serious): with the project manager
    RECTIFIED = "rectified"


class Outcome(StrEnum):
    RECTIFIED = "rectified"
    ESCALATED = "escalated"


def check_patrol(status: str, roles: set[str]) -> None:
    refuse_if(not PATROL_ROLES & roles, "role_not_allowed", "Patrols are engineering's and the safety officers'.")
    refuse_if(status != "permitted", "not_active", "Only a renovation under way (permitted) is patrolled.",
              current_status=status)


def check_deadline(deadline: date, today: date) -> None:
    """The notice's deadline: from today, at most 30 days on."""
    if deadline < today:
        raise BadField("deadline", "not before today")
    if deadline > today + timedelta(days=LONGEST_DEADLINE_DAYS):
        raise BadField("deadline", f"at most {LONGEST_DEADLINE_DAYS} days from today")


def for_authorities(kind: str) -> bool:
    """Illegal building is recorded for the authorities (the seed's last step), whatever comes of the notice."""
    return kind == ViolationKind.ILLEGAL_BUILDING


def notice_number(permit_label: str, sequence: int) -> str:
    """整改通知书's number: the permit's label and the notice's sequence within it (ZG01, ZG02, …)."""
    return f"{permit_label}-ZG{sequence:02d}"


def follow_up(status: str, outcome: str, roles: set[str]) -> str:
    """Open → rectified or escalated (to the manager); escalated → rectified, by the manager. Rectified is final."""
    refuse_if(status == ViolationStatus.RECTIFIED, "already_rectified", "The violation was already rectified.")
    # Who patrols closes: a violation marked rectified is no longer deducted from the deposit at completion.
    refuse_if(not PATROL_ROLES & roles, "role_not_allowed", "A violation is followed up by those who patrol.")
    refuse_if(status == ViolationStatus.ESCALATED and outcome == Outcome.ESCALATED, "already_escalated",
              "The violation is already with the manager.")
    refuse_if(status == ViolationStatus.ESCALATED and not MANAGER_ROLES & roles, "role_not_allowed",
              "An escalated violation is closed by the project manager.")
    return str(outcome)


def unrectified(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["status"] != ViolationStatus.RECTIFIED]


def check_intervals(interval_days: int, flagged_interval_days: int) -> None:
    if flagged_interval_days > interval_days:
        raise BadField("flagged_interval_days", "not longer than interval_days: flagged units are patrolled more often")


def due_on(last_patrol: date | None, permit_from: date, flagged: bool, intervals: dict) -> date:
    """When the renovation is next due for a patrol: its interval after the last one (the permit's first day when
    none yet); flagged units on the shorter interval."""
    if last_patrol is None:
        return permit_from
    days = intervals["flagged_interval_days"] if flagged else intervals["interval_days"]
    return last_patrol + timedelta(days=days)
