"""Archive quality checks (ID-10, 档案质量检查): when they are due and which units to sample.

A full check once the project is 1 year past move-in or 80 % occupied; afterwards a random
sample of at least 5 % every 6 months. Ratios are exact fractions: in floats 0.05 * 100 is
5.000000000000001, and a ceiling of that would sample 6 units instead of 5.
"""

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from identity.domain.dates import add_months
from identity.domain.errors import InvalidInput


def _fraction(field: str, value: float | str | Fraction) -> Fraction:
    try:
        ratio = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    except (ValueError, ZeroDivisionError):  # not a number at all, or "4/0", which reads as a fraction but is none
        raise InvalidInput(field, "must be a ratio like 0.8 or 4/5, greater than 0 and at most 1") from None
    if not 0 < ratio <= 1:
        raise InvalidInput(field, "must be greater than 0 and at most 1")
    return ratio


@dataclass(frozen=True)
class QualityCheckPolicy:
    """A project's settings; the defaults are the handbook's numbers."""

    full_check_after_months: int = 12
    full_check_occupancy: float | str | Fraction = Fraction(4, 5)
    sample_ratio: float | str | Fraction = Fraction(1, 20)
    sample_every_months: int = 6

    def __post_init__(self) -> None:
        object.__setattr__(self, "full_check_occupancy", _fraction("full_check_occupancy", self.full_check_occupancy))
        object.__setattr__(self, "sample_ratio", _fraction("sample_ratio", self.sample_ratio))
        for name in ("full_check_after_months", "sample_every_months"):
            if getattr(self, name) < 1:
                raise InvalidInput(name, "must be at least 1 month")


def sample_size(total_units: int, ratio: float | str | Fraction) -> int:
    """At least `ratio` of the units, rounded up, and at least one unit if there are any."""
    if total_units < 0:
        raise InvalidInput("total_units", "cannot be negative")
    return 0 if total_units == 0 else max(1, math.ceil(total_units * _fraction("ratio", ratio)))


def choose_sample(unit_ids: Iterable[str], ratio: float | str | Fraction, seed: int | str) -> tuple[str, ...]:
    """The units to check, sorted; the same units and seed always give the same sample.

    Sorting first makes the draw independent of the order the store returns units in, so
    a recorded seed lets an auditor reproduce the sample (抽查) later.
    """
    units = sorted(set(unit_ids))
    picked = random.Random(f"quality-check|{seed}").sample(units, sample_size(len(units), ratio))
    return tuple(sorted(picked))


class CheckKind(StrEnum):
    FULL = "full"
    SAMPLE = "sample"


@dataclass(frozen=True)
class CheckDue:
    """The next check: its kind, the day it falls due (None: not yet triggered), and status."""

    kind: CheckKind
    due_on: date | None
    is_due: bool
    is_overdue: bool


def _due(kind: CheckKind, due_on: date | None, today: date) -> CheckDue:
    # Due on the day itself, overdue from the day after.
    return CheckDue(kind, due_on, due_on is not None and today >= due_on, due_on is not None and today > due_on)


def next_check(
    policy: QualityCheckPolicy,
    *,
    move_in: date,
    total_units: int,
    occupied_units: int,
    today: date,
    last_full_check: date | None = None,
    last_sample_check: date | None = None,
    occupancy_reached_on: date | None = None,
) -> CheckDue:
    """What check the project owes next and whether it is due or overdue on `today`.

    Before the first full check it is due at the anniversary of move-in, or on the day
    occupancy reached the threshold (`occupancy_reached_on`, else today if it has now).
    Afterwards a sample falls due `sample_every_months` after the latest check of either kind.
    """
    if not 0 <= occupied_units <= total_units:
        raise InvalidInput("occupied_units", "must be between 0 and total_units")
    if last_full_check is None:
        anniversary = add_months(move_in, policy.full_check_after_months)
        occupied_enough = total_units > 0 and Fraction(occupied_units, total_units) >= policy.full_check_occupancy
        triggers = [anniversary] + ([occupancy_reached_on or today] if occupied_enough else [])
        return _due(CheckKind.FULL, min(triggers), today)
    latest = max(d for d in (last_full_check, last_sample_check) if d is not None)
    return _due(CheckKind.SAMPLE, add_months(latest, policy.sample_every_months), today)
