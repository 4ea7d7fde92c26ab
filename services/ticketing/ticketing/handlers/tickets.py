"""The ticket life cycle: intake (TK-1/TK-2), actions through the state machine (TK-3..TK-10),
work gated by billing's accepted quote and sign-off (TK-6), warranty reworks (TK-7), re-classification, history."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database

from ..domain import (
    ActionContext,
    ComplaintAnalysis,
    CompletedRepair,
    NonConformanceRecord,
    TicketAction,
    TicketKind,
    TicketState,
    WarrantyPolicy,
    apply,
    classify_repair,
    clock_start,
    month_of,
    open_ticket,
    receiving_role,
    result_blocker,
    rework,
    snapshot_from_document,
    snapshot_to_document,
)
from ..store import HISTORY, NON_CONFORMANCE, TICKETS
from . import rollup
from .common import (
    StaleTicket,
    domain_errors,
    history_line,
    invalid,
    load_ticket,
    now,
    save_ticket,
    stale_as_conflict,
    ticket_not_found,
)
from .progress import progress_events
from .settings import calendar_from_doc, project_settings
from .sla import sla_fields

TICKET_CREATED = "ticketing.ticket.created"
REPAIR_COMPLETED = "ticketing.repair.completed"
COMPLAINT_RESOLVED = "ticketing.complaint.resolved"
TICKET_REOPENED = "ticketing.ticket.reopened"

# The API's kinds (TK-1). "repair" becomes urgent_repair or general_repair (TK-5): by ``category``
# when given, else by classify_repair(subtype, dangerous); the default is general.
API_KINDS = {"complaint": TicketKind.COMPLAINT, "inquiry": TicketKind.INQUIRY,
             "help_request": TicketKind.HELP_REQUEST, "community_matter": TicketKind.COMMUNITY_MATTER,
             "suggestion": TicketKind.OWNER_SUGGESTION}
REPAIR_ONLY_FIELDS = ("category", "dangerous", "immediate", "off_catalogue", "paid_repair", "rework_of")

# Return-visit outcomes come only from visits' event (TK-10): no REST client can close the loop by hand.
# Quote actions come only from billing's events: billing owns the price and the customer's answer (TK-6, BL-2).
EVENT_ONLY_ACTIONS = {TicketAction.RECEIVE, TicketAction.RETURN_VISIT_HAPPY, TicketAction.RETURN_VISIT_UNHAPPY,
                      TicketAction.SEND_QUOTE, TicketAction.ACCEPT_QUOTE, TicketAction.DECLINE_QUOTE,
                      TicketAction.QUOTE_REVISED}
REST_ACTIONS = [str(a) for a in TicketAction if a not in EVENT_ONLY_ACTIONS]


def _domain_kind(body: dict) -> tuple[TicketKind, str | None]:
    if body["kind"] != "repair":
        for name in REPAIR_ONLY_FIELDS:
            if body.get(name):
                raise invalid(name, "only a repair has this")
        return API_KINDS[body["kind"]], None
    if body.get("category"):
        category = body["category"]
    else:
        urgent = classify_repair(body.get("subtype"), dangerous=bool(body.get("dangerous")))
        category = "urgent" if urgent is TicketKind.URGENT_REPAIR else "general"
    return (TicketKind.URGENT_REPAIR if category == "urgent" else TicketKind.GENERAL_REPAIR), category


def create_ticket(db: Database, principal: Principal, body: dict) -> dict:
    at = now()
    tenant = principal.tenant_id
    tickets = TenantCollection(db[TICKETS], tenant)
    settings = project_settings(db, tenant)
    rules = settings["rules"]
    kind, category = _domain_kind(body)
    with domain_errors():
        received = clock_start(at, body.get("reported_at"))  # a call taken on paper keeps its real time
        opened = open_ticket(kind, body["channel"], principal.actor, received, subtype=body.get("subtype"),
                             immediate=body.get("immediate", False), off_catalogue=body.get("off_catalogue", False),
                             paid_repair=body.get("paid_repair", False))
        calendar = calendar_from_doc(settings["calendar"])
    snapshot = opened.snapshot
    ticket_id = str(uuid.uuid4())
    link = {}
    if body.get("rework_of"):
        link = _warranty_link(tickets, body["rework_of"], at, rules)
    sla = {"policy": settings["policy"], "calendar": settings["calendar"], "reported": []}
    sla_changes, _ = sla_fields(sla, snapshot)
    if sla_changes.get("next_breach_at") is None:
        sla_changes.pop("next_breach_at", None)
    repeat = False
    if kind is TicketKind.COMPLAINT and body.get("unit_id"):
        window = timedelta(days=rules["repeat_window_days"])
        repeat = tickets.find_one({"unit_id": body["unit_id"], "kind": "complaint",
                                   "created_at": {"$gte": at - window, "$lte": at}}, {"_id": 1}) is not None
    ticket = {
        "_id": ticket_id, "kind": body["kind"], "category": category, "domain_kind": str(kind),
        "subtype": snapshot.subtype, "title": body["title"], "description": body.get("description", ""),
        "channel": body["channel"], "unit_id": body.get("unit_id"), "status": str(snapshot.state),
        "first_responder": principal.actor, "received_by_role": str(receiving_role(calendar, at)),
        "created_at": at, "reported_at": received, "created_by": principal.actor,
        "month": month_of(received, calendar.timezone),
        "round": 1, "snapshot": snapshot_to_document(snapshot), "sla": sla, "breaches": [],
        "repeat_complaint": repeat, "caller_name": body.get("caller_name"),
        "callback_phone": body.get("callback_phone"), "version": 0, "history_seq": 1, **link, **sla_changes,
    }
    event = Event(TICKET_CREATED, tenant, actor=principal.actor, data={
        "ticket_id": ticket_id, "kind": body["kind"], "category": category, "unit_id": ticket["unit_id"],
        "channel": ticket["channel"], "created_at": at.isoformat(),
        "warranty_rework_of": link.get("rework_of") if link.get("under_warranty") else None})

    def work(session):
        tickets.insert_one(ticket, session=session)
        TenantCollection(db[HISTORY], tenant).insert_one(
            {"_id": f"{ticket_id}:1", "ticket_id": ticket_id, "seq": 1, **history_line(opened.entry)}, session=session)
        if link:
            tickets.update_one({"_id": link["rework_of"]}, {"$push": {"reworks": ticket_id}}, session=session)
        rollup.record(db, None, {**ticket, "tenant_id": tenant}, session)
        add_to_outbox(db, event, session)

    run_in_transaction(db, work)
    return {**ticket, "tenant_id": tenant}


def _warranty_link(tickets: TenantCollection, original_id: str, at: datetime, rules: dict) -> dict:
    """TK-7: a rework names its original repair; inside the warranty it is free."""
    original = tickets.find_one({"_id": original_id})
    if original is None or original["kind"] != "repair":
        raise invalid("rework_of", "no such repair ticket")
    if not original.get("signed_off_at"):
        raise invalid("rework_of", "the original repair has not been signed off yet")
    with domain_errors():
        result = rework(CompletedRepair(original_id, original["signed_off_at"]), at, 0,
                        WarrantyPolicy(months=rules["warranty_months"]))
    return {"rework_of": original_id, "under_warranty": result.under_warranty}


def get_ticket(db: Database, tenant_id: str, ticket_id: str) -> dict:
    return load_ticket(db, tenant_id, ticket_id)


def ticket_filter(query: dict) -> dict:
    filter_ = {key: query[key] for key in ("status", "kind", "unit_id", "category") if key in query}
    if query.get("breached"):
        filter_["breaches.0"] = {"$exists": True}
    if query.get("open") and "status" not in filter_:
        # $in of the open states rather than $nin of the closed ones: an index can serve a list of values.
        filter_["status"] = {"$in": [str(state) for state in TicketState if state.is_open]}
    return filter_


OPEN_STATUSES = frozenset(str(state) for state in TicketState if state.is_open)


def list_is_narrow(query: dict) -> bool:
    """A unit's tickets and the open ones are few whatever the project's size, and an index finds them
    directly: one range is cheaper than time windows."""
    return bool(query.get("unit_id") or query.get("open") or query.get("status") in OPEN_STATUSES)


def history(db: Database, tenant_id: str, ticket_id: str) -> dict:
    load_ticket(db, tenant_id, ticket_id)
    lines = TenantCollection(db[HISTORY], tenant_id).find({"ticket_id": ticket_id}).sort("seq", 1)
    return {"ticket_id": ticket_id, "items": list(lines)}


def act(db: Database, principal: Principal, ticket_id: str, action: str, body: dict) -> dict:
    at = now()

    def work(session):
        doc = load_ticket(db, principal.tenant_id, ticket_id, session)
        return perform(db, doc, action, body, principal.actor, at, session)

    try:
        return run_in_transaction(db, work)
    except StaleTicket as exc:
        raise stale_as_conflict(exc) from exc


def perform(db: Database, doc: dict, action: str, body: dict, actor: str, at: datetime, session) -> dict:
    """Apply one action to a loaded ticket and save it with its history line and events (in ``session``)."""
    tenant = doc["tenant_id"]
    snapshot = snapshot_from_document(doc["snapshot"])
    changes: dict = {}
    if action == TicketAction.RESOLVE and snapshot.kind is TicketKind.COMPLAINT:
        _complaint_may_resolve(db, doc, session)
    ctx = ActionContext(actor=actor, at=at, note=body.get("note") or "", department=body.get("department"),
                        assignee=body.get("assignee"), appointment_at=body.get("appointment_at"),
                        result=body.get("result"), signed_by=body.get("signed_by"),
                        satisfaction=body.get("satisfaction"))
    with domain_errors():
        transition = apply(snapshot, action, ctx)
    after = transition.snapshot
    events = progress_events(doc, transition, actor)  # what the rule table says this move announces
    round_ = doc.get("round", 1)
    if action == TicketAction.RESOLVE:
        changes["resolved_at"] = at
        if after.kind is TicketKind.COMPLAINT:
            events.append(Event(COMPLAINT_RESOLVED, tenant, actor=actor, data={
                "ticket_id": doc["_id"], "unit_id": doc.get("unit_id"), "resolved_at": at.isoformat(),
                "result": after.result, "non_conformance_id": (doc.get("complaint") or {}).get("non_conformance_id"),
                "round": round_}))
    elif action == TicketAction.CUSTOMER_SIGN_OFF:
        changes["signed_off_at"] = at
        events.append(_repair_completed(doc, after, actor, at, round_))
    elif action in (TicketAction.REOPEN, TicketAction.RETURN_VISIT_UNHAPPY):
        round_ += 1
        changes["round"] = round_
        events.append(Event(TICKET_REOPENED, tenant, actor=actor, data={
            "ticket_id": doc["_id"], "reason": transition.entry.note, "reopen_count": after.reopen_count,
            "round": round_}))
    if not after.state.is_open:
        changes["closed_at"] = at
    if body.get("return_visit_id"):
        changes["last_return_visit_id"] = body["return_visit_id"]
    sla, unset = sla_fields(doc["sla"], after)
    changes.update(sla, snapshot=snapshot_to_document(after), status=str(after.state),
                   satisfaction=after.satisfaction)
    return save_ticket(db, doc, changes, session, unset=unset, history=[history_line(transition.entry)],
                       events=events)


def _repair_completed(doc: dict, after, actor: str, at: datetime, round_: int) -> Event:
    """TK-6: billing charges the quote version the customer accepted, named here with billing's own lines
    for it (from billing.quote.accepted); a warranty rework is free (TK-7) and billing records it at zero."""
    quote = doc.get("quote") if (doc.get("quote") or {}).get("status") == "accepted" else None
    free = bool(doc.get("under_warranty"))
    if free:
        quote = None
    return Event(REPAIR_COMPLETED, doc["tenant_id"], actor=actor, data={
        "ticket_id": doc["_id"], "unit_id": doc.get("unit_id"), "category": doc.get("category"),
        "completed_at": at.isoformat(), "customer_signed": True, "signed_by": after.signed_off_by,
        "quote_id": quote["id"] if quote else None, "quote_version": quote.get("accepted_version") if quote else None,
        "lines": quote.get("lines", []) if quote else [], "total_fen": quote.get("total_fen", 0) if quote else 0,
        "warranty_rework_of": doc.get("rework_of") if free else None, "round": round_})


def _complaint_may_resolve(db: Database, doc: dict, session) -> None:
    complaint = doc.get("complaint") or {}
    analysis = ComplaintAnalysis(**complaint["analysis"]) if complaint.get("analysis") else None
    record = None
    if complaint.get("non_conformance_id"):
        stored = TenantCollection(db[NON_CONFORMANCE], doc["tenant_id"]).find_one(
            {"_id": complaint["non_conformance_id"]}, session=session)
        record = record_from_doc(stored) if stored else None
    reason = result_blocker(analysis, record, complaint.get("threshold_fen", 50_000))
    if reason:
        raise Conflict(reason, reason_code="complaint_not_ready")


def record_from_doc(doc: dict) -> NonConformanceRecord:
    return NonConformanceRecord(
        ticket_id=doc["ticket_id"], analysis=ComplaintAnalysis(**doc["analysis"]),
        corrective_action=doc["corrective_action"], corrective_deadline=doc["corrective_deadline"],
        threshold_fen=doc["threshold_fen"], approved_by=doc.get("approved_by"), approved_at=doc.get("approved_at"),
        corrected_at=doc.get("corrected_at"), closed_at=doc.get("closed_at"),
        capa_report_filed_at=doc.get("capa_report_filed_at"))


def reclassify(db: Database, principal: Principal, ticket_id: str, body: dict) -> dict:
    """Urgent ↔ general (TK-5) or immediate / off-catalogue changed: deadlines are computed again."""
    at = now()

    def work(session):
        doc = load_ticket(db, principal.tenant_id, ticket_id, session)
        snapshot = snapshot_from_document(doc["snapshot"])
        if not snapshot.kind.is_repair:
            raise Conflict(f"only a repair is re-classified; this is a {snapshot.kind}", reason_code="transition_refused")
        if not snapshot.state.is_open:
            raise Conflict(f"the ticket is {snapshot.state}", reason_code="wrong_state")
        category = body.get("category", doc.get("category"))
        kind = TicketKind.URGENT_REPAIR if category == "urgent" else TicketKind.GENERAL_REPAIR
        after = replace(snapshot, kind=kind, updated_at=max(at, snapshot.updated_at or at),
                        immediate=body.get("immediate", snapshot.immediate),
                        off_catalogue=body.get("off_catalogue", snapshot.off_catalogue))
        sla, unset = sla_fields(doc["sla"], after)
        line = {"at": at, "actor": principal.actor, "action": "reclassify", "from_state": str(snapshot.state),
                "to_state": str(after.state), "note": f"{doc.get('category')} -> {category}. {body.get('note', '')}".strip()}
        return save_ticket(db, doc, {**sla, "snapshot": snapshot_to_document(after), "category": category,
                                     "domain_kind": str(kind)}, session, unset=unset, history=[line])

    try:
        return run_in_transaction(db, work)
    except StaleTicket as exc:
        raise stale_as_conflict(exc) from exc


__all__ = ["act", "create_ticket", "get_ticket", "history", "perform", "reclassify", "ticket_filter",
           "ticket_not_found", "REST_ACTIONS"]
