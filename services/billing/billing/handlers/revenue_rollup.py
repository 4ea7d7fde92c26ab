"""The month roll-up behind HQ's consolidated revenue (BL-8 at scale): one document per (project, month).

Each journal entry adds its amount to its kind's sum in the row of its project and posting month; ``record`` does it
with an ``$inc`` upsert in the SAME transaction as the entry's insert (ledger.post), so the roll-up never differs from
the journal. ``rebuild`` recomputes it from the journal (existing data, repair). ``hq_revenue`` reads whole months of
a period from here and aggregates only the journal of a month the period cuts (usually the current one, up to today).
"""
from __future__ import annotations

from datetime import date, timedelta

from pymongo import ReplaceOne
from pymongo.database import Database

from ..store import LEDGER_ENTRIES, REVENUE_MONTHS

SUMS = {"charge": "charged_fen", "credit_note": "credited_fen", "payment": "collected_fen", "refund": "refunded_fen"}


def row_id(tenant_id: str, month: str) -> str:
    return f"{tenant_id}|{month}"


def contribution(entry: dict) -> tuple[tuple[str, str], dict[str, int]]:
    """The row (project, month) a journal entry counts in and what it adds (one kind's sum, in fen)."""
    return (entry["tenant_id"], entry["month"]), {SUMS[entry["kind"]]: entry["amount_fen"]}


def record(db: Database, entry: dict, session) -> None:
    (tenant_id, month), inc = contribution(entry)
    db[REVENUE_MONTHS].update_one(
        {"_id": row_id(tenant_id, month), "tenant_id": tenant_id},
        {"$inc": {**dict.fromkeys(SUMS.values(), 0), **inc}, "$setOnInsert": {"month": month}},
        upsert=True, session=session)


def from_journal(db: Database, match: dict | None = None) -> list[dict]:
    """The roll-up's rows computed from scratch from the journal entries matching ``match``, by one aggregation."""
    group = {name: {"$sum": {"$cond": [{"$eq": ["$kind", kind]}, "$amount_fen", 0]}} for kind, name in SUMS.items()}
    rows = []
    for row in db[LEDGER_ENTRIES].aggregate([{"$match": match or {}}, {"$group": {
            "_id": {"tenant_id": "$tenant_id", "month": "$month"}, **group}}]):
        key = row.pop("_id")
        rows.append({"_id": row_id(key["tenant_id"], key["month"]), **key, **row})
    return rows


def rebuild(db: Database, projects: list[str] | None = None) -> int:
    """Recompute the roll-up (of ``projects``, or all) from the journal while those projects post nothing."""
    match = {"tenant_id": {"$in": projects}} if projects else {}
    rows = from_journal(db, match)
    db[REVENUE_MONTHS].delete_many(match)
    for start in range(0, len(rows), 1000):
        db[REVENUE_MONTHS].bulk_write([ReplaceOne({"_id": r["_id"]}, r, upsert=True) for r in rows[start:start + 1000]],
                                      ordered=False)
    return len(rows)


def whole_months(start: date, end: date) -> tuple[str, str] | None:
    """The first and last month (YYYY-MM) lying wholly inside ``start``..``end``, or None when there is none."""
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    after = end + timedelta(days=1)
    last = after.replace(day=1) - timedelta(days=1)  # the end of the last month that `end` completes
    if last < first:
        return None
    return _month(first), _month(last)


def _month(day: date) -> str:
    """YYYY-MM with a four-digit year always (strftime's %Y gives "999" for year 999 on glibc)."""
    return f"{day.year:04d}-{day.month:02d}"


def stored(db: Database, months: tuple[str, str], projects: list[str] | None) -> list[dict]:
    match: dict = {"month": {"$gte": months[0], "$lte": months[1]}}
    if projects:
        match["tenant_id"] = {"$in": projects}
    return list(db[REVENUE_MONTHS].find(match))
