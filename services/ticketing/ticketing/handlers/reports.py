"""Monthly figures per project and kind (TK-13), computed inside MongoDB.

A project's own month (``monthly``) is aggregated from its tickets; HQ's reads across projects (``monthly_hq``,
``months_hq``) read the month roll-up that every ticket write keeps (handlers.rollup), so their cost does not grow
with the tickets.

``$match`` on the indexed (tenant, local month) pair, then ``$group`` by kind: the work is
the month's tickets of the project, never the whole collection. The figures follow
``domain.reports`` (same definitions: a ticket counts in the local month it was received;
an SLA target counts once decided; a repeat complaint is flagged at intake).
"""
from __future__ import annotations

from datetime import datetime

from kefulib.store import TenantCollection
from pymongo.database import Database

from ..store import TICKETS
from . import rollup


def _per_ticket(at: datetime) -> dict:
    targets = {"$ifNull": ["$sla_targets", []]}
    has_deadline = {"$ne": [{"$ifNull": ["$$t.deadline", None]}, None]}
    met = {"$ne": [{"$ifNull": ["$$t.met_at", None]}, None]}
    return {"$project": {
        "tenant_id": 1, "month": 1, "kind": "$domain_kind", "satisfaction": 1,
        "repeat": {"$cond": [{"$eq": ["$repeat_complaint", True]}, 1, 0]},
        "decided": {"$size": {"$filter": {"input": targets, "as": "t", "cond": {
            "$and": [has_deadline, {"$or": [met, {"$lte": ["$$t.deadline", at]}]}]}}}},
        "met": {"$size": {"$filter": {"input": targets, "as": "t", "cond": {
            "$and": [has_deadline, met, {"$lte": ["$$t.met_at", "$$t.deadline"]}]}}}},
        "resolve_ms": {"$cond": [{"$ne": [{"$ifNull": ["$resolved_at", None]}, None]},
                                 {"$subtract": ["$resolved_at", "$created_at"]}, None]},
    }}


def _group(key) -> dict:
    return {"$group": {
        "_id": key, "volume": {"$sum": 1}, "sla_decided": {"$sum": "$decided"}, "sla_met": {"$sum": "$met"},
        "resolved": {"$sum": {"$cond": [{"$ne": ["$resolve_ms", None]}, 1, 0]}},
        "mean_resolve_ms": {"$avg": "$resolve_ms"}, "repeat_complaints": {"$sum": "$repeat"},
        "satisfaction_average": {"$avg": "$satisfaction"}, "satisfaction_count": {
            "$sum": {"$cond": [{"$ne": [{"$ifNull": ["$satisfaction", None]}, None]}, 1, 0]}},
    }}


def _row(group: dict) -> dict:
    decided = group["sla_decided"]
    mean_ms = group["mean_resolve_ms"]
    return {"volume": group["volume"], "sla_decided": decided, "sla_met": group["sla_met"],
            "sla_compliance": group["sla_met"] / decided if decided else None, "resolved": group["resolved"],
            "mean_hours_to_resolve": round(mean_ms / 3_600_000, 3) if mean_ms is not None else None,
            "repeat_complaints": group["repeat_complaints"],
            "satisfaction_average": group["satisfaction_average"], "satisfaction_count": group["satisfaction_count"]}


def monthly(db: Database, tenant_id: str, month: str, at: datetime) -> dict:
    pipeline = [{"$match": {"month": month}}, _per_ticket(at), _group("$kind"), {"$sort": {"_id": 1}}]
    rows = TenantCollection(db[TICKETS], tenant_id).aggregate(pipeline)
    kinds = [{"kind": g["_id"], **_row(g)} for g in rows]
    return {"project": tenant_id, "month": month, "kinds": kinds}


def _rolled(row: dict) -> dict:
    """A roll-up row (handlers.rollup) as the report's figures: the same fields as an aggregated group."""
    resolved, count = row["resolved"], row["satisfaction_count"]
    return {"volume": row["volume"], "sla_decided": row["sla_decided"], "sla_met": row["sla_met"],
            "sla_compliance": row["sla_met"] / row["sla_decided"] if row["sla_decided"] else None,
            "resolved": resolved,
            "mean_hours_to_resolve": round(row["resolve_ms"] / resolved / 3_600_000, 3) if resolved else None,
            "repeat_complaints": row["repeat_complaints"],
            "satisfaction_average": row["satisfaction_sum"] / count if count else None, "satisfaction_count": count}


def _hq_rows(db: Database, months: dict, projects: list[str] | None) -> list[dict]:
    match: dict = {"month": months}
    if projects:
        match["tenant_id"] = {"$in": projects}
    return sorted(rollup.stored(db, match), key=lambda r: (r["tenant_id"], r["month"], r["kind"]))


def monthly_hq(db: Database, month: str, at: datetime, projects: list[str] | None = None) -> dict:
    """Every project's figures for one month, read from the month roll-up (one document per project and kind)."""
    by_project: dict[str, list] = {}
    for row in _hq_rows(db, month, projects):
        by_project.setdefault(row["tenant_id"], []).append({"kind": row["kind"], **_rolled(row)})
    return {"month": month, "projects": [{"project": p, "kinds": k} for p, k in by_project.items()]}


def months_hq(db: Database, start: str, end: str, at: datetime, projects: list[str] | None = None) -> dict:
    """Every project's figures for each month of ``start``..``end`` (YYYY-MM, inclusive): the dashboard's first render.

    Reads the month roll-up (handlers.rollup, kept by every ticket write in its transaction): one range on its
    month-first index, one document per project, month and kind, so the cost follows projects × months × kinds
    whatever the number of tickets. Python nests the rows and divides the sums.
    """
    by_project: dict[str, dict[str, list]] = {}
    for row in _hq_rows(db, {"$gte": start, "$lte": end}, projects):
        by_project.setdefault(row["tenant_id"], {}).setdefault(row["month"], []).append(
            {"kind": row["kind"], **_rolled(row)})
    return {"from": start, "to": end, "projects": [
        {"project": p, "months": [{"month": m, "kinds": k} for m, k in months.items()]}
        for p, months in by_project.items()]}
