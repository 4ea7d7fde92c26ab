"""Escalations seen from the ticket (TK-4): who was told at which level, and HQ's cross-project lists.

The ladder's people are notifications' business (it knows who holds which role); the ticket keeps
the record of who was told, from ``notifications.escalation.notified``, one entry per (deadline,
level, role), in its history too. Escalation does not change who owns the ticket: the first
responder stays accountable (TK-2, 首问责任制) and the assignee keeps the work; each level is told
so that it supervises and intervenes (TK-4 says "escalates", not "reassigns").
"""
from __future__ import annotations

import logging

from kefulib.messaging import Event
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..store import NON_CONFORMANCE, TICKETS
from .common import now, save_ticket

log = logging.getLogger(__name__)

ESCALATION_NOTIFIED = "notifications.escalation.notified"
CLOSED_STATES = ("closed", "cancelled")


def on_escalation_notified(db: Database):
    def handle(event: Event, session) -> None:
        data = event.data
        doc = TenantCollection(db[TICKETS], event.tenant_id).find_one({"_id": data["ticket_id"]}, session=session)
        if doc is None:
            log.info("escalation record for an unknown ticket ignored", extra={"record_id": data.get("ticket_id")})
            return
        record(db, doc, data, session)
    return handle


def record(db: Database, doc: dict, data: dict, session) -> dict:
    known = {(e["deadline"], e["level"], e["role"]) for e in doc.get("escalations", [])}
    level, deadline = int(data["escalation_level"]), data["deadline"]
    entries = [{"level": level, "deadline": deadline, "role": n["role"], "notified": list(n["staff_ids"]),
                "at": data.get("notified_at") or now().isoformat()}
               for n in data.get("notified", []) if (deadline, level, n["role"]) not in known]
    if not entries:
        return doc
    told = "; ".join(f"{e['role']}: {', '.join(e['notified']) or 'nobody holds this role'}" for e in entries)
    line = {"at": now(), "actor": "notifications", "action": "escalation_notified", "from_state": doc["status"],
            "to_state": doc["status"], "note": f"{deadline}/{level} told {told}"}
    return save_ticket(db, doc, {"escalations": [*doc.get("escalations", []), *entries]}, session, history=[line])


def escalated_filter(query: dict) -> dict:
    """Tickets that breached: at exactly ``level`` when given (where each stands on the ladder), open or closed."""
    filter_: dict = {"escalation_level": query["level"] if "level" in query else {"$gte": 1}}
    if query.get("project"):
        filter_["tenant_id"] = {"$in": query["project"]}
    if query.get("state") == "open":
        filter_["status"] = {"$nin": list(CLOSED_STATES)}
    elif query.get("state") == "closed":
        filter_["status"] = {"$in": list(CLOSED_STATES)}
    return filter_


def hq_tickets_filter(query: dict) -> dict:
    """The dashboard's drill-down: a project's (or several projects') tickets of a month and kind."""
    filter_: dict = {}
    if query.get("project"):
        filter_["tenant_id"] = {"$in": query["project"]}
    if query.get("month"):
        filter_["month"] = query["month"]
    if query.get("kind"):
        filter_["domain_kind"] = query["kind"]
    return filter_


def awaiting_hq_filter(query: dict) -> dict:
    """Non-conformance records that only HQ's management representative may approve, not yet approved (TK-8)."""
    filter_: dict = {"status": "awaiting_approval", "approver": "hq_management_representative"}
    if query.get("project"):
        filter_["tenant_id"] = {"$in": query["project"]}
    return filter_


def hq_collections(db: Database):
    return db[TICKETS], db[NON_CONFORMANCE]
