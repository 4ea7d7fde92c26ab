"""Monthly figures per project and kind (TK-13), computed inside MongoDB.

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


def monthly_hq(db: Database, month: str, at: datetime, projects: list[str] | None = None) -> dict:
    match: dict = {"month": month}
    if projects:
        match["tenant_id"] = {"$in": projects}
    pipeline = [{"$match": match}, _per_ticket(at), _group({"project": "$tenant_id", "kind": "$kind"}),
                {"$sort": {"_id.project": 1, "_id.kind": 1}}]
    by_project: dict[str, list] = {}
    for g in db[TICKETS].aggregate(pipeline):
        by_project.setdefault(g["_id"]["project"], []).append({"kind": g["_id"]["kind"], **_row(g)})
    return {"month": month, "projects": [{"project": p, "kinds": k} for p, k in by_project.items()]}


def months_hq(db: Database, start: str, end: str, at: datetime, projects: list[str] | None = None) -> dict:
    """Every project's figures for each month of ``start``..``end`` (YYYY-MM, inclusive) in ONE aggregation.

    The dashboard's first render: a range match on the HQ index (month first), grouped by project, month
    and kind inside MongoDB; Python only nests the groups it gets back (one per project, month and kind).
    """
    match: dict = {"month": {"$gte": start, "$lte": end}}
    if projects:
        match["tenant_id"] = {"$in": projects}
    pipeline = [{"$match": match}, _per_ticket(at),
                _group({"project": "$tenant_id", "month": "$month", "kind": "$kind"}),
                {"$sort": {"_id.project": 1, "_id.month": 1, "_id.kind": 1}}]
    by_project: dict[str, dict[str, list]] = {}
    for g in db[TICKETS].aggregate(pipeline):
        key = g["_id"]
        by_project.setdefault(key["project"], {}).setdefault(key["month"], []).append(
            {"kind": key["kind"], **_row(g)})
    return {"from": start, "to": end, "projects": [
        {"project": p, "months": [{"month": m, "kinds": k} for m, k in months.items()]}
        for p, months in by_project.items()]}
