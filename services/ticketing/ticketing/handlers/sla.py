"""SLA deadlines of a ticket (TK-4) and the breach scan with escalation.

A ticket keeps the policy and calendar it was opened under (``sla.policy``, ``sla.calendar``),
so later edits of the project's settings never move the deadlines of tickets already running.
``next_breach_at`` is the due time of the earliest breach still to report; it is unset when
there is none (closed, cancelled, all targets met, or the clock held by a pause), which keeps
the scanner's index on it (a plain one, see store.py) to exactly the tickets that can still breach.
"""
from __future__ import annotations

import logging
from datetime import datetime

from kefulib import metrics
from kefulib.messaging import Event
from kefulib.store import after_commit, run_in_transaction
from pymongo.database import Database

from ..domain import (
    EscalationLevel,
    SlaPolicy,
    TicketSnapshot,
    breaches_due,
    compute_deadlines,
    escalation_roles,
    escalation_schedule,
    next_deadline,
    snapshot_from_document,
)
from ..store import TICKETS
from .common import StaleTicket, load_ticket, now, save_ticket
from .settings import calendar_from_doc

log = logging.getLogger(__name__)

SLA_BREACHED = "ticketing.sla.breached"


def _schedule(sla: dict, snapshot: TicketSnapshot):
    policy = SlaPolicy.from_settings(sla["policy"])
    calendar = calendar_from_doc(sla["calendar"])
    return policy, calendar, escalation_schedule(policy, calendar, snapshot.sla_subject, snapshot.created_at,
                                                 snapshot.pauses)


def sla_fields(sla: dict, snapshot: TicketSnapshot) -> tuple[dict, tuple[str, ...]]:
    """The stored SLA view of ``snapshot``: deadlines, per-target outcome rows, next breach. Returns (set, unset)."""
    policy, calendar, schedule = _schedule(sla, snapshot)
    deadlines = compute_deadlines(policy, calendar, snapshot.sla_subject, snapshot.created_at, snapshot.pauses)
    upcoming = next_deadline(schedule, snapshot.milestones, set(sla.get("reported", ()))) \
        if snapshot.state.is_open else None
    changes = {
        "deadlines": {str(target): due for target, due in deadlines.items()},
        "sla_targets": [{"target": str(target), "deadline": due, "met_at": snapshot.milestones.get(target)}
                        for target, due in deadlines.items()],
        "next_breach": {"key": upcoming.key, "due_at": upcoming.due_at} if upcoming else None,
    }
    if upcoming is None:
        return changes, ("next_breach_at",)
    changes["next_breach_at"] = upcoming.due_at
    return changes, ()


def escalated_to(level: EscalationLevel, kind) -> str:
    """Level 1 goes to the supervisor who follows this kind, 2 to the project manager, 3 to HQ."""
    if level is EscalationLevel.HQ:
        return "hq"
    return str(escalation_roles(level, kind)[0])


def report_due(db: Database, tenant_id: str, ticket_id: str, at: datetime, session) -> int:
    """Record and announce the ticket's breaches due by ``at``; each breach key is reported once."""
    doc = load_ticket(db, tenant_id, ticket_id, session)
    if doc.get("next_breach_at") is None or doc["next_breach_at"] > at:
        return 0  # someone else reported it meanwhile, or the ticket moved on
    snapshot = snapshot_from_document(doc["snapshot"])
    sla = dict(doc["sla"])
    reported = set(sla.get("reported", ()))
    _, _, schedule = _schedule(sla, snapshot)
    due = breaches_due(schedule, snapshot.milestones, reported, at)
    events, lines, breaches = [], [], list(doc.get("breaches", []))
    for breach in due:
        to = escalated_to(breach.level, snapshot.kind)
        roles = [str(r) for r in escalation_roles(breach.level, snapshot.kind)]
        events.append(Event(SLA_BREACHED, tenant_id, actor=None, data={
            "ticket_id": ticket_id, "kind": doc["kind"], "deadline": str(breach.target),
            "due_at": breach.due_at.isoformat(), "escalation_level": int(breach.level),
            "escalated_to": to, "notify_roles": roles}))
        lines.append({"at": at, "actor": "system", "action": "sla_breached", "from_state": doc["status"],
                      "to_state": doc["status"], "note": f"{breach.key} due {breach.due_at.isoformat()}, escalated to {to}"})
        breaches.append({"key": breach.key, "deadline": str(breach.target), "level": int(breach.level),
                         "due_at": breach.due_at, "escalated_to": to, "reported_at": at})
        reported.add(breach.key)
    sla["reported"] = sorted(reported)
    changes, unset = sla_fields(sla, snapshot)
    level = max((b["level"] for b in breaches), default=None)  # where on the ladder it stands, for HQ's list
    save_ticket(db, doc, {**changes, "sla": sla, "breaches": breaches, "escalation_level": level}, session,
                unset=unset, history=lines, events=events)
    levels = [str(int(b.level)) for b in due]
    after_commit(session, lambda: [metrics.count(metrics.SLA_BREACHES, level) for level in levels])
    return len(due)


def scan_breaches(db: Database, at: datetime | None = None, batch_size: int = 200) -> int:
    """Report every breach due by ``at`` across all projects; returns how many were reported.

    Reads only index entries with ``next_breach_at <= at``: the cost follows the breaches due,
    not the open tickets. Each ticket is handled in its own transaction guarded by its version,
    so two scanners never report the same breach twice (the loser's transaction aborts).
    """
    at = at or now()
    reported, attempts, failed = 0, {}, set()
    while True:
        query = {"next_breach_at": {"$lte": at}}
        if failed:
            query["_id"] = {"$nin": sorted(failed)}
        due = list(db[TICKETS].find(query, {"_id": 1, "tenant_id": 1}).sort("next_breach_at", 1).limit(batch_size))
        if not due:
            if metrics.enabled():
                metrics.SLA_SCAN_LAST_RUN.set_to_current_time()
            return reported
        for row in due:
            key = (row["tenant_id"], row["_id"])
            attempts[key] = attempts.get(key, 0) + 1
            if attempts[key] > 3:  # still due after being handled: never loop on it
                failed.add(row["_id"])
                continue
            try:
                reported += run_in_transaction(db, lambda s, r=row: report_due(db, r["tenant_id"], r["_id"], at, s))
            except StaleTicket:
                continue  # a request or another scanner changed it first: read it again
            except Exception:
                log.exception("breach scan failed for a ticket", extra={"record_id": row["_id"]})
                failed.add(row["_id"])
