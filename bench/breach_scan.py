"""The SLA breach scan over many open tickets: its cost follows the breaches due, not the open tickets.

Tickets are written straight into MongoDB with insert_many in bulk batches, shaped exactly like
the ones the service stores (general repairs with a 72-hour fix deadline, spread over 100
projects). Three scans are timed:
  A. N/100 open tickets, 100 due;   B. N open tickets, 100 due;   C. N open tickets, 1,000 due.
A ~ B shows the open tickets do not matter; C ~ 10 x B shows the cost is per breach.
BENCH_TICKETS sets N (default 1,000,000; BENCH_OPEN_TICKETS is still read when BENCH_TICKETS is unset).
"""
from __future__ import annotations

import os
import time
import uuid
from dataclasses import replace
from datetime import timedelta

from kefulib.store import connect, ensure_indexes
from ticketing.domain import open_ticket, snapshot_to_document
from ticketing.handlers.common import now
from ticketing.handlers.settings import defaults
from ticketing.handlers.sla import scan_breaches, sla_fields
from ticketing.store import INDEXES, TICKETS

OPEN_TICKETS = int(os.environ.get("BENCH_TICKETS") or os.environ.get("BENCH_OPEN_TICKETS") or "1000000")
BATCH = 10_000
FIX = timedelta(hours=72)


def _template(at):
    settings = defaults()
    snapshot = open_ticket("general_repair", "phone", "cs-bench", at).snapshot
    sla = {"policy": settings["policy"], "calendar": settings["calendar"], "reported": []}
    return snapshot, sla


class Tickets:
    """Makes stored-shape tickets created at a given moment, cheaply (the deadlines are shifted, not recomputed)."""

    def __init__(self, at):
        self.at = at
        self.snapshot, self.sla = _template(at)
        self.fields, _ = sla_fields(self.sla, self.snapshot)

    def make(self, n: int, created_at) -> dict:
        snapshot = snapshot_to_document(replace(self.snapshot, created_at=created_at, updated_at=created_at))
        due = created_at + FIX
        return {"_id": str(uuid.uuid4()), "tenant_id": f"bench-{n % 100}", "kind": "repair", "category": "general",
                "domain_kind": "general_repair", "subtype": None, "title": f"bench {n}", "description": "",
                "channel": "phone", "unit_id": f"{n % 40}-{n % 30}-{n % 1000}", "status": "received",
                "first_responder": "cs-bench", "received_by_role": "cs_assistant", "created_at": created_at,
                "created_by": "cs-bench", "month": created_at.strftime("%Y-%m"), "round": 1, "snapshot": snapshot,
                "sla": self.sla, "breaches": [], "repeat_complaint": False, "version": 0, "history_seq": 1,
                "deadlines": {"fixed": due}, "sla_targets": [{"target": "fixed", "deadline": due, "met_at": None}],
                "next_breach": {"key": "fixed/1", "due_at": due}, "next_breach_at": due}


def _insert(db, factory: Tickets, count: int, *, due: bool, start: int) -> float:
    """Open tickets; ``due`` ones were created 73-74 h ago, the rest within the last 60 h (due later)."""
    began = time.perf_counter()
    for offset in range(0, count, BATCH):
        docs = []
        for n in range(start + offset, start + min(offset + BATCH, count)):
            age = timedelta(hours=73, seconds=n % 3600) if due else timedelta(seconds=(n * 7919) % (60 * 3600))
            docs.append(factory.make(n, factory.at - age))
        db[TICKETS].insert_many(docs, ordered=False)
    return time.perf_counter() - began


def _scan(db, at) -> tuple[int, float, dict]:
    try:  # what the claim query reads, asked before the scan (afterwards nothing is due)
        plan = db[TICKETS].find({"next_breach_at": {"$lte": at}}, {"_id": 1}).explain()
        stats = plan.get("executionStats", {})
        examined = {"keys": stats.get("totalKeysExamined"), "docs": stats.get("totalDocsExamined")}
    except Exception as exc:  # the test server may not explain; the timings still stand
        examined = {"explain": exc.__class__.__name__}
    began = time.perf_counter()
    reported = scan_breaches(db, at)
    return reported, time.perf_counter() - began, examined


def measure(mongo_url: str) -> dict:
    db = connect(mongo_url, f"bench_scan_{uuid.uuid4().hex[:8]}")
    ensure_indexes(db, INDEXES)
    at = now()
    factory = Tickets(at)
    small = max(OPEN_TICKETS // 100, 1000)
    rows = []
    try:
        insert_s = _insert(db, factory, small, due=False, start=0)
        insert_s += _insert(db, factory, 100, due=True, start=10_000_000)
        rows.append(("A", small, 100, *_scan(db, at)))
        insert_s += _insert(db, factory, OPEN_TICKETS - small, due=False, start=small)
        insert_s += _insert(db, factory, 100, due=True, start=20_000_000)
        rows.append(("B", OPEN_TICKETS, 100, *_scan(db, at)))
        insert_s += _insert(db, factory, 1000, due=True, start=30_000_000)
        rows.append(("C", OPEN_TICKETS, 1000, *_scan(db, at)))
        total = db[TICKETS].estimated_document_count()
    finally:
        db.client.drop_database(db.name)
    return {"insert_s": insert_s, "inserted": total, "rows": rows}


def report_lines(result: dict) -> list[str]:
    lines = [f"Breach scan: {result['inserted']:,} tickets inserted with insert_many in batches of {BATCH:,} "
             f"in {result['insert_s']:.1f} s ({result['inserted'] / result['insert_s']:,.0f} /s).", "",
             "| scan | open tickets | due breaches | reported | scan time | per breach | index entries read |",
             "|---|---|---|---|---|---|---|"]
    for name, open_, due, reported, elapsed, examined in result["rows"]:
        per = elapsed / reported * 1000 if reported else float("nan")
        lines.append(f"| {name} | {open_:,} | {due:,} | {reported:,} | {elapsed:.2f} s | {per:.2f} ms | {examined} |")
    return lines


if __name__ == "__main__":
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from kefulib.testing.servers import find_or_start_mongo
    server = find_or_start_mongo()
    try:
        print("\n".join(report_lines(measure(server.url))))
    finally:
        server.stop()
