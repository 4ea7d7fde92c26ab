"""Quantiles as every bench section reports them."""
from __future__ import annotations

import statistics


def p50_p99(seconds: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds (inclusive quantiles: p99 of 30 samples lies between the two slowest)."""
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


def ms(pair: tuple[float, float]) -> str:
    return f"{pair[0]:.1f} ms / {pair[1]:.1f} ms"
