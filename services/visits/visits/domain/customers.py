"""Who gets interviewed (VS-4, ID-5): key customers 重要客户 every month, a sample of the rest.

Key-customer classes come from the identity service's profile (ID-5); visits keeps only
the class names it needs to plan, never the profile itself.
"""
from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .errors import require, require_text

#: 政府机关/新闻媒体, 业主委员会及社团负责人, 集团内部员工, 重点投诉客户, 大客户(学校、商户).
KEY_CUSTOMER_CLASSES = frozenset(
    {"government_or_media", "owners_committee", "group_employee", "frequent_complainant", "large_customer"}
)
#: Tenure bands of ordinary customers: 新客户 <6 months, 磨合期 6-12, 稳定期 1-2 years, 老客户 >2.
TENURE_BANDS = ("new", "settling_in", "stable", "long_standing")
#: A sampling ratio 0..1; floats are read through their decimal text.
Ratio = float | Decimal | Fraction | str


@dataclass(frozen=True)
class KeyCustomer:
    """A customer who must be visited in person every month."""

    customer_id: str
    unit_id: str
    classes: frozenset[str]

    def __post_init__(self) -> None:
        require_text(self.customer_id, "customer_id")
        object.__setattr__(self, "classes", frozenset(self.classes))
        require(bool(self.classes), "invalid_customer_class", "a key customer needs a class", "classes")
        unknown = self.classes - KEY_CUSTOMER_CLASSES
        require(not unknown, "invalid_customer_class", f"unknown classes {sorted(unknown)}", "classes")


def is_key_customer(classes: Iterable[str]) -> bool:
    """True when any of ``classes`` is a key-customer class."""
    return not KEY_CUSTOMER_CLASSES.isdisjoint(classes)


def tenure_band(moved_in_on: date, on: date) -> str:
    """The tenure band on ``on`` of a customer who moved in on ``moved_in_on``."""
    require(moved_in_on <= on, "invalid_date", "move-in date is in the future", "moved_in_on")
    months = (on.year - moved_in_on.year) * 12 + on.month - moved_in_on.month - (on.day < moved_in_on.day)
    if months < 6:
        return "new"
    if months < 12:
        return "settling_in"
    return "stable" if months < 24 else "long_standing"


def sample_size(population: int, ratio: Ratio) -> int:
    """ceil(population x ratio), at least 1 when the ratio and the population are positive.

    The ratio is read through its decimal text, so 0.1 x 30 is 3, not the 4 that binary
    floating point (3.0000000000000004) would give.
    """
    exact = _exact_ratio(ratio)
    if exact == 0 or population == 0:
        return 0
    return max(1, math.ceil(exact * population))


def choose_households(unit_ids: Iterable[str], ratio: Ratio, seed: int | str) -> tuple[str, ...]:
    """A deterministic sample of ``unit_ids`` for this month's ordinary-household visits.

    The same units, ratio and seed (e.g. ``"<project>:2024-05"``) always give the same
    sample whatever the input order, so a re-run plan does not change under the staff.
    The result is sorted. Duplicates in ``unit_ids`` count once.
    """
    population = sorted(set(unit_ids))
    chosen = random.Random(f"{seed}").sample(population, sample_size(len(population), ratio))
    return tuple(sorted(chosen))


def monthly_targets(
    key_customers: Iterable[KeyCustomer], unit_ids: Iterable[str], ratio: Ratio, seed: int | str
) -> tuple[tuple[KeyCustomer, ...], tuple[str, ...]]:
    """Key customers (all of them) and the sampled ordinary units, key customers' units excluded."""
    keys = tuple(sorted(key_customers, key=lambda customer: customer.customer_id))
    key_units = {customer.unit_id for customer in keys}
    return keys, choose_households((unit for unit in unit_ids if unit not in key_units), ratio, seed)


def _exact_ratio(ratio: Ratio) -> Fraction:
    require(not isinstance(ratio, bool), "invalid_ratio", "ratio must be a number", "ratio")
    try:
        exact = Fraction(str(ratio)) if isinstance(ratio, float) else Fraction(ratio)
    except (ValueError, TypeError, ZeroDivisionError):
        exact = Fraction(-1)
    require(0 <= exact <= 1, "invalid_ratio", "ratio must be between 0 and 1", "ratio")
    return exact
