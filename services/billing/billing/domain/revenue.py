"""Monthly revenue per project and its consolidation for HQ (BL-8); semantics in statements."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import BillingError
from .statements import AccountEntry, EntryKind


@dataclass(frozen=True)
class MonthlyRevenue:
    project_id: str
    month: str  # 'YYYY-MM'
    charged_fen: int = 0
    credited_fen: int = 0
    collected_fen: int = 0
    refunded_fen: int = 0

    @property
    def revenue_fen(self) -> int:
        """Accrual revenue: charges less credit notes posted this month."""
        return self.charged_fen - self.credited_fen

    @property
    def net_collected_fen(self) -> int:
        """Cash: payments less refunds made this month."""
        return self.collected_fen - self.refunded_fen


_FIELD = {
    EntryKind.CHARGE: "charged_fen",
    EntryKind.CREDIT_NOTE: "credited_fen",
    EntryKind.PAYMENT: "collected_fen",
    EntryKind.REFUND: "refunded_fen",
}


def monthly_revenue(entries: Iterable[AccountEntry], project_id: str) -> list[MonthlyRevenue]:
    """One row per month in which `project_id` posted anything, oldest first."""
    sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_FIELD.values(), 0))
    for entry in entries:
        if entry.project_id == project_id:
            sums[entry.posted_on.strftime("%Y-%m")][_FIELD[entry.kind]] += entry.amount_fen
    return [MonthlyRevenue(project_id, month, **sums[month]) for month in sorted(sums)]


@dataclass(frozen=True)
class ConsolidatedMonth:
    """HQ's view of one month: every project's row and their exact sums."""

    month: str
    projects: tuple[MonthlyRevenue, ...]

    def _total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.projects)

    @property
    def charged_fen(self) -> int:
        return self._total("charged_fen")

    @property
    def credited_fen(self) -> int:
        return self._total("credited_fen")

    @property
    def revenue_fen(self) -> int:
        return self._total("revenue_fen")

    @property
    def net_collected_fen(self) -> int:
        return self._total("net_collected_fen")


def consolidate(rows: Iterable[MonthlyRevenue]) -> list[ConsolidatedMonth]:
    """Group project rows by month; a project appearing twice in a month is refused
    (it would be counted twice)."""
    by_month: dict[str, dict[str, MonthlyRevenue]] = defaultdict(dict)
    for row in rows:
        if row.project_id in by_month[row.month]:
            raise BillingError("duplicate_project_month", f"{row.project_id} {row.month}", "rows")
        by_month[row.month][row.project_id] = row
    return [
        ConsolidatedMonth(month, tuple(by_month[month][p] for p in sorted(by_month[month])))
        for month in sorted(by_month)
    ]
