"""Satisfaction survey campaigns 顾客满意度调查 (003 "定期进行顾客满意度调查"): the categories rated, the household
sample, the answer and the month's results. Pure: units, times and counts are given; nothing is read or written.

The sample is drawn like visits' ordinary-household interviews (VS-4): a ratio, ceil(n x ratio) and at least one,
with a seeded generator so the same project, campaign and units always give the same households whatever order they
come in. Unlike VS-4 it is drawn per building: a project where one tower holds most units must still hear from the
small buildings, so each building gets its own share.
"""
from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from kefulib.domain_errors import BadField, refuse_if

#: The categories a campaign may ask about, with the words the page and the paper form use.
CATEGORIES: dict[str, str] = {
    "customer_service": "客户服务",
    "maintenance": "工程维修",
    "cleaning": "保洁",
    "landscaping": "绿化",
    "security": "秩序维护/安保",
    "parking": "停车",
    "facilities": "设施设备",
}
SCORES = range(1, 6)
MAX_COMMENT = 500
ANSWER_DAYS = range(1, 61)


def exact_ratio(text: str) -> Fraction:
    """The sample ratio from its decimal text (0.1 is one in ten exactly, not binary floating point's)."""
    try:
        ratio = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        raise BadField("sample_ratio", "a decimal between 0 (exclusive) and 1") from None
    if not 0 < ratio <= 1:
        raise BadField("sample_ratio", "a decimal between 0 (exclusive) and 1")
    return ratio


def share(population: int, ratio: Fraction) -> int:
    """ceil(population x ratio), at least one of a building that has units."""
    return 0 if population == 0 else max(1, math.ceil(ratio * population))


@dataclass(frozen=True)
class Unit:
    unit_id: str
    building: str


def draw_sample(units: Iterable[Unit], ratio: Fraction, seed: str) -> tuple[Unit, ...]:
    """Each building's share of its units, drawn with a generator seeded by ``seed`` and the building; sorted."""
    by_building: dict[str, set[str]] = defaultdict(set)
    for unit in units:
        by_building[unit.building].add(unit.unit_id)
    chosen: list[Unit] = []
    for building in sorted(by_building):
        population = sorted(by_building[building])
        drawn = random.Random(f"{seed}:{building}").sample(population, share(len(population), ratio))
        chosen.extend(Unit(unit_id, building) for unit_id in drawn)
    return tuple(sorted(chosen, key=lambda u: (u.building, u.unit_id)))


def check_categories(categories: list[str]) -> list[str]:
    """The campaign's categories in the order given, each known and once."""
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown or not categories:
        raise BadField("categories", f"choose from {', '.join(CATEGORIES)}")
    if len(set(categories)) != len(categories):
        raise BadField("categories", "each category once")
    return list(categories)


def check_answer_days(days: int) -> int:
    if days not in ANSWER_DAYS:
        raise BadField("answer_days", "between 1 and 60 days")
    return days


def read_ratings(ratings: Mapping[str, object], categories: list[str]) -> list[dict]:
    """Every category of the campaign rated 1–5, and nothing else: an answer with a category missing would make the
    categories' counts differ for reasons nobody could see in the results."""
    extra = sorted(set(ratings) - set(categories))
    if extra:
        raise BadField("ratings", f"not asked in this campaign: {', '.join(extra)}")
    missing = [c for c in categories if c not in ratings]
    if missing:
        raise BadField("ratings", f"rate every category: {', '.join(missing)}")
    out = []
    for category in categories:
        score = ratings[category]
        if isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
            raise BadField("ratings", f"{category}: a whole number from 1 to 5")
        out.append({"category": category, "score": score})
    return out


def check_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise BadField("comment", f"at most {MAX_COMMENT} characters")
    return comment


def check_can_answer(answered_at: datetime | None, closes_at: datetime, at: datetime) -> None:
    """One answer per sampled household, while the campaign is open (a paper form after it closes is refused too:
    the results of a closed month must not move)."""
    refuse_if(answered_at is not None, "already_answered", "This household has already answered this campaign.")
    refuse_if(at >= closes_at, "campaign_closed", "The campaign has closed.", closes_at=closes_at.isoformat())


@dataclass(frozen=True)
class CategoryResult:
    category: str
    label: str
    count: int
    mean: float | None
    distribution: dict[str, int]


def category_results(counts: Mapping[tuple[str, int], int], categories: Iterable[str]) -> list[CategoryResult]:
    """Per category: how many rated it, the mean (3 decimals) and how many gave each score, from the database's
    (category, score) -> count; a category nobody rated yet shows count 0 and no mean."""
    out = []
    for category in categories:
        distribution = {str(s): int(counts.get((category, s), 0)) for s in SCORES}
        count = sum(distribution.values())
        total = sum(s * distribution[str(s)] for s in SCORES)
        out.append(CategoryResult(category, CATEGORIES.get(category, category), count,
                                  round(total / count, 3) if count else None, distribution))
    return out


def response_rate(answered: int, sampled: int) -> float | None:
    return round(answered / sampled, 4) if sampled else None
