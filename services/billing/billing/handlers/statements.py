"""Statements and revenue (BL-8), aggregated inside MongoDB from the journal.

Every query starts with `$match` on the project and the posting-date index, and `$group`s
there, so the cost follows the size of the answer (one row per month, or the unit's lines in
the period), not the size of the journal. Semantics: billing.domain.statements / revenue.
"""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from kefulib.problems import Unprocessable
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..common import local_date
from ..domain import ConsolidatedMonth, MonthlyRevenue, consolidate
from ..store import LEDGER_ENTRIES
from . import revenue_rollup

_SIGNED = {"$cond": [{"$in": ["$kind", ["charge", "refund"]]}, "$amount_fen", {"$subtract": [0, "$amount_fen"]}]}


def _sum_of(kind: str) -> dict:
    return {"$sum": {"$cond": [{"$eq": ["$kind", kind]}, "$amount_fen", 0]}}


REVENUE_GROUP = {
    "charged_fen": _sum_of("charge"), "credited_fen": _sum_of("credit_note"),
    "collected_fen": _sum_of("payment"), "refunded_fen": _sum_of("refund"),
}


def period(query: dict) -> tuple[date, date]:
    today = local_date()
    start = query.get("from") or today.replace(day=1)
    end = query.get("to") or today
    if end < start:
        raise Unprocessable("This field is not valid: to.", errors={"to": ["must not be before 'from'"]})
    return start, end


def unit_statement(db: Database, tenant_id: str, unit_id: str, start: date, end: date) -> dict:
    entries = TenantCollection(db[LEDGER_ENTRIES], tenant_id)
    opening = next(iter(entries.aggregate([
        {"$match": {"unit_id": unit_id, "posted_on": {"$lt": start.isoformat()}}},
        {"$group": {"_id": None, "fen": {"$sum": _SIGNED}}},
    ])), {"fen": 0})["fen"]
    # `to` is inclusive, asked as "before the next day": the pinned SecantusDB misses entries equal to a
    # `$lte` bound on this compound index (found with a charge posted today), and `$lt` means the same.
    rows = entries.find({"unit_id": unit_id, "posted_on": _month_range(start, end)}).sort(
        [("posted_on", 1), ("kind_order", 1), ("document_number", 1)])
    balance, lines = opening, []
    for row in rows:
        debit = row["amount_fen"] if row["kind"] in ("charge", "refund") else 0
        credit = row["amount_fen"] - debit
        balance += debit - credit
        lines.append({"posted_on": row["posted_on"], "document_number": row["document_number"], "kind": row["kind"],
                      "description": row.get("description", ""), "debit_fen": debit, "credit_fen": credit,
                      "balance_fen": balance, "charge_id": row.get("charge_id")})
    return {"unit_id": unit_id, "from": start, "to": end, "opening_balance_fen": opening,
            "closing_balance_fen": balance, "lines": lines}


def _month_range(start: date, end: date) -> dict:
    return {"$gte": start.isoformat(), "$lt": (end + timedelta(days=1)).isoformat()}


def _row(project_id: str, month: str, sums: dict) -> MonthlyRevenue:
    return MonthlyRevenue(project_id, month, **{k: sums[k] for k in REVENUE_GROUP})


def revenue_pipeline(start: date, end: date) -> list[dict]:
    """After the tenant's `$match` (added by TenantCollection): the period, then one group per month."""
    return [
        {"$match": {"posted_on": _month_range(start, end)}},
        {"$group": {"_id": "$month", **REVENUE_GROUP}},
        {"$sort": {"_id": 1}},
    ]


def project_revenue(db: Database, tenant_id: str, start: date, end: date) -> list[MonthlyRevenue]:
    rows = TenantCollection(db[LEDGER_ENTRIES], tenant_id).aggregate(revenue_pipeline(start, end))
    return [_row(tenant_id, row["_id"], row) for row in rows]


def hq_revenue(db: Database, start: date, end: date, projects: list[str] | None) -> list[ConsolidatedMonth]:
    """HQ's consolidated view: an explicit read across projects (X-1 allows it for HQ only).

    The months lying wholly inside the period come from the month roll-up (revenue_rollup: one document per project
    and month, kept by every journal entry); only a month the period cuts (the current one, up to today) is
    aggregated from the journal, over those days alone.
    """
    rows = []
    whole = revenue_rollup.whole_months(start, end)
    cut = [(start, end)]
    if whole:
        rows += [_row(r["tenant_id"], r["month"], r) for r in revenue_rollup.stored(db, whole, projects)]
        first = date.fromisoformat(f"{whole[0]}-01")
        after = (date.fromisoformat(f"{whole[1]}-01") + timedelta(days=31)).replace(day=1)
        cut = [(start, first - timedelta(days=1)), (after, end)]
    for low, high in cut:
        if low <= high:
            rows += _journal_revenue(db, low, high, projects)
    rows.sort(key=lambda r: (r.month, r.project_id))
    return consolidate(rows)


def _journal_revenue(db: Database, start: date, end: date, projects: list[str] | None) -> list[MonthlyRevenue]:
    match: dict = {"posted_on": _month_range(start, end)}
    if projects:
        match["tenant_id"] = {"$in": projects}
    rows = db[LEDGER_ENTRIES].aggregate([
        {"$match": match},
        {"$group": {"_id": {"tenant_id": "$tenant_id", "month": "$month"}, **REVENUE_GROUP}},
    ])
    return [_row(row["_id"]["tenant_id"], row["_id"]["month"], row) for row in rows]


def revenue_row(row: MonthlyRevenue) -> dict:
    return {"project_id": row.project_id, "month": row.month, "charged_fen": row.charged_fen,
            "credited_fen": row.credited_fen, "revenue_fen": row.revenue_fen, "collected_fen": row.collected_fen,
            "refunded_fen": row.refunded_fen, "net_collected_fen": row.net_collected_fen}


def consolidated_row(month: ConsolidatedMonth) -> dict:
    return {"month": month.month, "charged_fen": month.charged_fen, "credited_fen": month.credited_fen,
            "revenue_fen": month.revenue_fen, "net_collected_fen": month.net_collected_fen,
            "projects": [revenue_row(row) for row in month.projects]}


CSV_COLUMNS = ["project_id", "month", "charged_fen", "credited_fen", "revenue_fen", "collected_fen", "refunded_fen",
               "net_collected_fen"]


def revenue_csv(rows: list[MonthlyRevenue]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(revenue_row(row))
    return out.getvalue()
