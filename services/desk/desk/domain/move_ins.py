"""Move-in 入伙 (DK-1): the appointment, the guided flow's steps and their clock, and the 30-minute report.

Seed 001 wants "业户收楼入伙程序30分钟内完成": the clock starts when the clerk starts the flow and stops at finish.
The five steps may be done in any order (an owner may pay first, or sign for keys while a form is fetched), but all
are required before finish. A step's duration is the time from the previous step done (or the start) to its own
completion: at a desk one thing is worked at a time, so that gap is what the step cost, and the step durations plus
the tail before finish add up to the whole move-in.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from kefulib.domain_errors import BadField, Refused, refuse_if


class Step(StrEnum):
    DOCUMENTS = "documents"        # the ID-4 move-in documents, kept in identity's checklist
    FEES = "fees"                  # what billing has due for the unit, paid (or waived by a supervisor)
    KEYS = "keys"                  # the unit's keys handed to the owner against signature 签领钥匙登记表
    UTILITIES = "utilities"        # water, power, gas, phone, cable TV opened
    REGISTRATION = "registration"  # 业主登记表, kept in identity's owner archive


STEPS: tuple[Step, ...] = tuple(Step)
STEP_TITLES = {Step.DOCUMENTS: "入伙资料", Step.FEES: "费用", Step.KEYS: "签领钥匙", Step.UTILITIES: "水电气等开通",
               Step.REGISTRATION: "业主登记表"}


class Status(StrEnum):
    BOOKED = "booked"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Utility(StrEnum):
    """Seed 001: 供水、供电、供气、电话公司、有线电视台."""
    WATER = "water"
    POWER = "power"
    GAS = "gas"
    PHONE = "phone"
    CABLE_TV = "cable_tv"


UTILITIES: tuple[Utility, ...] = tuple(Utility)

# The kinds of keys the 签领钥匙登记表 counts (a bunch on the register's tag holds several).
HANDOVER_KEY_KINDS = ("front_door", "unit_entrance", "mailbox", "room", "access_card", "other")

_SLOT = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$")


# ------------------------------------------------------------------ the appointment

def check_slot(slot: str) -> str:
    """A time slot `09:00-09:30`: it ends after it starts."""
    found = _SLOT.match(slot)
    if not found:
        raise BadField("slot", "a time slot like 09:00-09:30")
    start, end = int(found[1]) * 60 + int(found[2]), int(found[3]) * 60 + int(found[4])
    if end <= start:
        raise BadField("slot", "the slot ends after it starts")
    return slot


def check_booking(day: date, today: date) -> None:
    if day < today:
        raise BadField("date", "an appointment is booked for today or later")


def check_rebooking(status: str) -> None:
    """Only an appointment not yet started is moved or cancelled: once the clock runs, the move-in is on."""
    refuse_if(status == Status.CANCELLED, "cancelled", "The appointment was cancelled.")
    refuse_if(status == Status.COMPLETED, "already_finished", "The move-in is already finished.")
    refuse_if(status == Status.IN_PROGRESS, "already_started", "The move-in has started; finish it instead.")


def check_start(status: str) -> None:
    refuse_if(status == Status.CANCELLED, "cancelled", "The appointment was cancelled.")
    refuse_if(status == Status.COMPLETED, "already_finished", "The move-in is already finished.")
    refuse_if(status == Status.IN_PROGRESS, "already_started", "The move-in has already started.")


def check_step(status: str, step: Step, done_at: datetime | None) -> None:
    """A step is recorded only while the flow runs, and once: a done step stays as it was signed."""
    refuse_if(status == Status.BOOKED, "not_started", "Start the move-in first: the clock starts then.")
    refuse_if(status == Status.CANCELLED, "cancelled", "The appointment was cancelled.")
    refuse_if(status == Status.COMPLETED, "already_finished", "The move-in is already finished.")
    refuse_if(done_at is not None, "step_already_done", f"The step {step} ({STEP_TITLES[step]}) is already done.",
              step=str(step))


# ------------------------------------------------------------------ the steps' own rules

@dataclass(frozen=True)
class Charge:
    charge_id: str
    status: str          # billing's: open, held (waiting for finance), cancelled
    outstanding_fen: int


def fees_due(charges: Iterable[Charge]) -> list[Charge]:
    """What the owner must still pay: open charges with money outstanding. A held charge is not payable until
    finance releases it, and a cancelled one is never owed."""
    return [c for c in charges if c.status == "open" and c.outstanding_fen > 0]


WAIVER_ROLES = frozenset({"cs_supervisor", "project_manager"})


def check_fees(due: list[Charge], waive_reason: str | None, roles: Iterable[str]) -> None:
    """Done when nothing due is unpaid; otherwise only a supervisor may waive the step, with a reason."""
    if waive_reason is None:
        refuse_if(bool(due), "fees_outstanding", "Charges for the unit are still unpaid.",
                  outstanding=[{"charge_id": c.charge_id, "outstanding_fen": c.outstanding_fen} for c in due])
        return
    refuse_if(not WAIVER_ROLES & set(roles), "waiver_not_allowed",
              "Only the CS supervisor or the project manager waives the fees step.")


def check_key_handover(requested: list[str], unit_keys: Mapping[str, str], counts: Mapping[str, int]) -> None:
    """The keys handed over are the unit's keys on their hooks; `unit_keys` maps each key of the unit to its status.
    Positions, not ids, in the answer: another project's ids must not be confirmed."""
    if len(set(requested)) != len(requested):
        raise BadField("key_ids", "each key once")
    unknown = [str(i) for i, key_id in enumerate(requested) if key_id not in unit_keys]
    if unknown:
        raise BadField("key_ids", "not a key of this unit in the register: items " + ", ".join(unknown))
    away = [key_id for key_id in requested if unit_keys[key_id] != "in"]
    refuse_if(bool(away), "key_not_on_hook", "A key to hand over is not on its hook (signed out or handed over).",
              key_ids=away)
    if not any(counts.values()):
        raise BadField("counts", "how many keys of each kind the owner signs for")


def check_utility(entry: Mapping) -> None:
    """Each utility opened with a meter reading or an account reference, or not applicable with a reason."""
    opened = entry.get("meter_reading") is not None or bool(entry.get("account_ref"))
    if opened and entry.get("not_applicable_reason"):
        raise BadField("utilities", f"{entry['utility']}: either opened or not applicable, not both")
    if not opened and not entry.get("not_applicable_reason"):
        raise BadField("utilities", f"{entry['utility']}: a meter reading, an account reference or the reason "
                                    "it does not apply")


def missing_utilities(recorded: Mapping[str, object]) -> list[str]:
    return [str(u) for u in UTILITIES if u not in recorded]


# ------------------------------------------------------------------ the clock

def missing_steps(done: Mapping[str, datetime | None]) -> list[str]:
    return [str(s) for s in STEPS if done.get(s) is None]


def step_durations(started_at: datetime, done: Mapping[str, datetime]) -> dict[str, int]:
    """Seconds each step took: from the previous step done (or the start) to its own completion."""
    durations: dict[str, int] = {}
    previous = started_at
    for step, at in sorted(done.items(), key=lambda item: (item[1], STEPS.index(Step(item[0])))):
        durations[str(step)] = max(0, round((at - previous).total_seconds()))
        previous = max(previous, at)
    return durations


@dataclass(frozen=True)
class Completion:
    duration_seconds: int
    step_seconds: dict[str, int]


def finish(status: str, started_at: datetime | None, done: Mapping[str, datetime | None],
           finished_at: datetime) -> Completion:
    refuse_if(status == Status.BOOKED, "not_started", "Start the move-in first.")
    refuse_if(status == Status.CANCELLED, "cancelled", "The appointment was cancelled.")
    refuse_if(status == Status.COMPLETED, "already_finished", "The move-in is already finished.")
    missing = missing_steps(done)
    if missing:
        titles = "、".join(f"{m} ({STEP_TITLES[Step(m)]})" for m in missing)
        raise Refused("steps_missing", f"Steps not done yet: {titles}.", missing_steps=missing)
    return Completion(max(0, round((finished_at - started_at).total_seconds())),
                      step_durations(started_at, {k: v for k, v in done.items() if v is not None}))


# ------------------------------------------------------------------ the report

def percentile(values: Iterable[float], p: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least p% of the values at or below it. Always a
    duration some move-in really took, which is what a desk reads ("9 in 10 took at most this")."""
    ordered = sorted(values)
    if not ordered:
        return None
    if not 0 < p <= 100:
        raise ValueError("p is in (0, 100]")
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def median(values: Iterable[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class Finished:
    move_in_id: str
    unit_id: str
    date: str
    duration_seconds: int
    step_seconds: Mapping[str, int]


def slowest_step(step_seconds: Mapping[str, int]) -> str | None:
    """The step that took longest (ties: the earlier in the checklist's order)."""
    if not step_seconds:
        return None
    return max(STEPS, key=lambda s: (step_seconds.get(s, -1), -STEPS.index(s))).value


def report(finished: Iterable[Finished], target_minutes: int) -> dict:
    """Count, median and 90th percentile against the target; for each move-in over it, the step that slowed it."""
    rows = list(finished)
    target = target_minutes * 60
    durations = [r.duration_seconds for r in rows]
    slow = sorted((r for r in rows if r.duration_seconds > target), key=lambda r: -r.duration_seconds)
    slowed_by: dict[str, int] = {}
    slow_rows = []
    for r in slow:
        step = slowest_step(r.step_seconds)
        slowed_by[step] = slowed_by.get(step, 0) + 1
        slow_rows.append({"move_in_id": r.move_in_id, "unit_id": r.unit_id, "date": r.date,
                          "duration_seconds": r.duration_seconds, "slowest_step": step,
                          "slowest_step_seconds": r.step_seconds.get(step, 0), "step_seconds": dict(r.step_seconds)})
    return {"count": len(rows), "target_minutes": target_minutes, "median_seconds": median(durations),
            "p90_seconds": percentile(durations, 90), "over_target": len(slow),
            "within_target_ratio": round((len(rows) - len(slow)) / len(rows), 4) if rows else None,
            "slowed_by": dict(sorted(slowed_by.items())), "slow": slow_rows}
