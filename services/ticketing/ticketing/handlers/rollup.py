"""The month roll-up behind the HQ reports (TK-13 at scale): one document per (project, local month, kind).

Each ticket contributes counters to the row of its project, local month and kind (``contribution``); every ticket
write inserts the difference between before and after as a delta document in the SAME transaction (``record``), and
the worker folds the deltas into the rows (``fold``, every few seconds, each batch in one transaction that deletes
the deltas it adds). A read adds the deltas not yet folded (``stored``), so the figures are never out of step with
the tickets. Why not ``$inc`` the row inside the ticket's transaction: every create of a project and kind would then
write the same document, so concurrent creates conflict on it (on MongoDB a WriteConflict and a retry per create; on
the embedded test server creates stalled past 30 s at 16 clients); an insert of its own conflicts with nothing.
``rebuild`` recomputes it from the tickets in one MongoDB aggregation (existing data, repair after a hand edit).
Reading a range then costs projects × months × kinds documents (and the few deltas not yet folded), not tickets.

The counters follow ``domain.reports``, with one choice the stored roll-up needs: a target not met is counted as
decided (breached) once its first breach was reported by the SLA scan (key ``<target>/1`` in ``sla.reported``) or
once the ticket left the open states, rather than at the instant its deadline passes (a time, not a write). The
difference lasts from the deadline to the next scan (or, for a ticket closed before a deadline it missed, until that
deadline), after which the figures equal the live definition's.
"""
from __future__ import annotations

import uuid
from datetime import timedelta

from kefulib.store import run_in_transaction
from pymongo import ReplaceOne, UpdateOne
from pymongo.database import Database
from pymongo.read_concern import ReadConcern

from ..domain import TicketState
from ..store import TICKET_MONTH_DELTAS, TICKET_MONTHS, TICKETS

COUNTERS = ("volume", "sla_decided", "sla_met", "resolved", "resolve_ms", "repeat_complaints", "satisfaction_sum",
            "satisfaction_count")
OPEN_STATES = sorted(str(state) for state in TicketState if state.is_open)
_MS = timedelta(milliseconds=1)


def row_id(tenant_id: str, month: str, kind: str) -> str:
    return f"{tenant_id}|{month}|{kind}"


def contribution(doc: dict | None) -> tuple[tuple[str, str, str], dict[str, int]] | None:
    """The row key (project, month, kind) of a stored ticket and what it adds to that row's counters."""
    if doc is None or not doc.get("month"):
        return None
    reported = set((doc.get("sla") or {}).get("reported") or ())
    closed = doc.get("status") not in OPEN_STATES
    decided = met = 0
    for target in doc.get("sla_targets") or ():
        deadline, met_at = target.get("deadline"), target.get("met_at")
        if deadline is None:
            continue  # paused: no deadline, nothing decided
        if met_at is not None:
            decided += 1
            met += met_at <= deadline
        elif closed or f"{target['target']}/1" in reported:
            decided += 1
    resolved_at, satisfaction = doc.get("resolved_at"), doc.get("satisfaction")
    counters = {
        "volume": 1, "sla_decided": decided, "sla_met": met, "resolved": int(resolved_at is not None),
        "resolve_ms": int((resolved_at - doc["created_at"]) / _MS) if resolved_at is not None else 0,
        "repeat_complaints": int(doc.get("repeat_complaint") is True),
        "satisfaction_sum": satisfaction or 0, "satisfaction_count": int(satisfaction is not None),
    }
    return (doc["tenant_id"], doc["month"], doc["domain_kind"]), counters


def deltas(before: dict | None, after: dict | None) -> dict[tuple[str, str, str], dict[str, int]]:
    """What a write moves: the counters to add per row key (rows it leaves unchanged left out)."""
    moved: dict[tuple[str, str, str], dict[str, int]] = {}
    for sign, doc in ((-1, before), (1, after)):
        part = contribution(doc)
        if part is None:
            continue
        key, counters = part
        row = moved.setdefault(key, dict.fromkeys(COUNTERS, 0))
        for name, value in counters.items():
            row[name] += sign * value
    return {key: row for key, row in moved.items() if any(row.values())}


def record(db: Database, before: dict | None, after: dict | None, session) -> None:
    """The write's difference as delta documents, inserted inside the ticket write's ``session`` (every counter,
    zeros too, so a row created by its first delta carries them all)."""
    rows = [{"_id": str(uuid.uuid4()), "tenant_id": tenant_id, "month": month, "kind": kind, "inc": inc}
            for (tenant_id, month, kind), inc in sorted(deltas(before, after).items())]
    if rows:
        db[TICKET_MONTH_DELTAS].insert_many(rows, session=session)


class _FoldedElsewhere(Exception):
    """Another worker folded some of this batch's deltas first: this batch's transaction is abandoned whole."""


def fold(db: Database, batch: int = 1000) -> int:
    """Fold up to ``batch`` deltas into their rows, one project at a time: its rows' ``$inc``s and its deltas'
    deletion in one transaction (one shard), so a delta is counted exactly once even with several workers folding
    (the one that deletes fewer than it read gives that project's batch up; the next run takes what is left).
    Returns the deltas folded."""
    by_project: dict[str, list[dict]] = {}
    for delta in db[TICKET_MONTH_DELTAS].find({}).limit(batch):
        by_project.setdefault(delta["tenant_id"], []).append(delta)
    return sum(_fold_project(db, tenant_id, deltas) for tenant_id, deltas in sorted(by_project.items()))


def _fold_project(db: Database, tenant_id: str, pending: list[dict]) -> int:
    sums: dict[tuple[str, str], dict[str, int]] = {}
    for delta in pending:
        row = sums.setdefault((delta["month"], delta["kind"]), dict.fromkeys(COUNTERS, 0))
        for name, value in delta["inc"].items():
            row[name] += value
    ids = [delta["_id"] for delta in pending]

    def work(session) -> int:
        deleted = db[TICKET_MONTH_DELTAS].delete_many({"tenant_id": tenant_id, "_id": {"$in": ids}}, session=session)
        if deleted.deleted_count != len(ids):
            raise _FoldedElsewhere
        db[TICKET_MONTHS].bulk_write([UpdateOne(
            {"_id": row_id(tenant_id, month, kind), "tenant_id": tenant_id},
            {"$inc": inc, "$setOnInsert": {"month": month, "kind": kind}}, upsert=True)
            for (month, kind), inc in sorted(sums.items())], ordered=True, session=session)
        return len(ids)

    try:
        return run_in_transaction(db, work)
    except _FoldedElsewhere:
        return 0


def _per_ticket() -> dict:
    """The aggregation form of ``contribution`` (rebuild and its test compare the two)."""
    targets = {"$ifNull": ["$sla_targets", []]}
    reported = {"$ifNull": ["$sla.reported", []]}
    has_deadline = {"$ne": [{"$ifNull": ["$$t.deadline", None]}, None]}
    met = {"$ne": [{"$ifNull": ["$$t.met_at", None]}, None]}
    closed = {"$not": [{"$in": ["$status", OPEN_STATES]}]}
    breached = {"$in": [{"$concat": ["$$t.target", "/1"]}, reported]}
    resolved = {"$ne": [{"$ifNull": ["$resolved_at", None]}, None]}
    satisfied = {"$ne": [{"$ifNull": ["$satisfaction", None]}, None]}
    return {"$project": {
        "tenant_id": 1, "month": 1, "kind": "$domain_kind",
        "decided": {"$size": {"$filter": {"input": targets, "as": "t", "cond": {
            "$and": [has_deadline, {"$or": [met, closed, breached]}]}}}},
        "met": {"$size": {"$filter": {"input": targets, "as": "t", "cond": {
            "$and": [has_deadline, met, {"$lte": ["$$t.met_at", "$$t.deadline"]}]}}}},
        "resolved": {"$cond": [resolved, 1, 0]},
        "resolve_ms": {"$cond": [resolved, {"$subtract": ["$resolved_at", "$created_at"]}, 0]},
        "repeat": {"$cond": [{"$eq": ["$repeat_complaint", True]}, 1, 0]},
        "satisfaction": {"$ifNull": ["$satisfaction", 0]}, "satisfied": {"$cond": [satisfied, 1, 0]},
    }}


def from_tickets(db: Database, match: dict | None = None) -> list[dict]:
    """The roll-up's rows computed from scratch from the tickets matching ``match``, by one aggregation."""
    pipeline = [{"$match": {"month": {"$type": "string"}, **(match or {})}}, _per_ticket(), {"$group": {
        "_id": {"tenant_id": "$tenant_id", "month": "$month", "kind": "$kind"}, "volume": {"$sum": 1},
        "sla_decided": {"$sum": "$decided"}, "sla_met": {"$sum": "$met"}, "resolved": {"$sum": "$resolved"},
        "resolve_ms": {"$sum": "$resolve_ms"}, "repeat_complaints": {"$sum": "$repeat"},
        "satisfaction_sum": {"$sum": "$satisfaction"}, "satisfaction_count": {"$sum": "$satisfied"}}}]
    rows = []
    for group in db[TICKETS].aggregate(pipeline):
        key = group.pop("_id")
        rows.append({"_id": row_id(key["tenant_id"], key["month"], key["kind"]), **key,
                     **{name: int(group[name]) for name in COUNTERS}})
    return rows


def rebuild(db: Database, projects: list[str] | None = None) -> int:
    """Recompute the roll-up (of ``projects``, or all) from the tickets; returns the rows written.

    For existing data and repair. Run it while no ticket of those projects is written: a write between the
    aggregation and the replace would be lost from the roll-up until the next rebuild.
    """
    match = {"tenant_id": {"$in": projects}} if projects else {}
    rows = from_tickets(db, match)
    db[TICKET_MONTH_DELTAS].delete_many(match)  # the tickets already hold what they would have added
    db[TICKET_MONTHS].delete_many(match)
    for start in range(0, len(rows), 1000):
        db[TICKET_MONTHS].bulk_write([ReplaceOne({"_id": row["_id"]}, row, upsert=True)
                                      for row in rows[start:start + 1000]], ordered=False)
    return len(rows)


def stored(db: Database, match: dict) -> list[dict]:
    """The roll-up's rows matching ``match``, with the deltas not yet folded added, that have any volume (a row
    every ticket left, by re-classification, is 0)."""
    # Both reads in one snapshot: a fold committing between two plain reads would move deltas out of the second
    # read into rows the first had already read, and the answer would miss them.
    with db.client.start_session() as session, session.start_transaction(read_concern=ReadConcern("snapshot")):
        rows = {}
        for row in db[TICKET_MONTHS].find(match, session=session):
            rows[row["_id"]] = row
        pending = list(db[TICKET_MONTH_DELTAS].find(match, session=session))
    for delta in pending:
        key = row_id(delta["tenant_id"], delta["month"], delta["kind"])
        row = rows.setdefault(key, {"_id": key, "tenant_id": delta["tenant_id"], "month": delta["month"],
                                    "kind": delta["kind"], **dict.fromkeys(COUNTERS, 0)})
        for name, value in delta["inc"].items():
            row[name] = row.get(name, 0) + value
    return [row for row in rows.values() if row.get("volume", 0) > 0]
