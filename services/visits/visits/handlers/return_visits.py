"""Return visits 回访 (VS-3): scheduled from ticketing's events, assigned, completed (event out), cancelled."""
from __future__ import annotations

import logging
import uuid
from datetime import datetime

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.messaging.contracts import present_text
from kefulib.problems import Conflict
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database

from ..domain import (
    ContactMethod,
    DomainError,
    Outcome,
    ReturnVisit,
    ReturnVisitStatus,
    assign,
    cancel,
    complete,
    ensure_aware,
    gets_return_visit,
    is_overdue,
    is_unhappy,
    schedule_return_visit,
)
from ..store import RETURN_VISITS
from .common import domain_errors, get_or_404, history_entry, now, project_settings, return_visit_policy

log = logging.getLogger(__name__)

RETURN_VISIT_COMPLETED = "visits.return_visit.completed"
RETURN_VISIT_SCHEDULED = "visits.return_visit.scheduled"
#: Who a return visit answered through the survey link is recorded as completed by (no clerk took the call).
CUSTOMER = "customer"
OPEN_STATUSES = [ReturnVisitStatus.PENDING.value, ReturnVisitStatus.ASSIGNED.value]
#: event type -> the domain's source name
SOURCES = {"ticketing.repair.completed": "repair_completed", "ticketing.complaint.resolved": "complaint_resolved"}


# ---- from events -----------------------------------------------------------------------------------------

def record_placeholder(db: Database, event: Event, session) -> None:
    """ticket.created: a pending placeholder for a kind that gets a return visit (repairs, complaints),
    unless the ticket already has one (late delivery). Any other kind is a documented no-op."""
    if not gets_return_visit(event.data.get("kind")):
        return
    visits = TenantCollection(db[RETURN_VISITS], event.tenant_id)
    ticket_id = event.data["ticket_id"]
    if visits.find_one({"ticket_id": ticket_id}, session=session) is not None:
        return
    at = now()
    visits.insert_one({
        "_id": str(uuid.uuid4()), "ticket_id": ticket_id, "ticket_kind": event.data.get("kind"),
        "unit_id": present_text(event.data.get("unit_id")), "status": "pending", "scheduled": False, "round": None,
        "source": None, "source_event": event.type, "source_event_id": event.id, "due_at": None, "created_at": at,
        "history": [history_entry("placeholder_recorded", event.actor, at)],
    }, session=session)


def schedule_from_event(db: Database, event: Event, session) -> None:
    """repair.completed / complaint.resolved: the return visit for that ticket and round, once.

    A placeholder for the ticket is turned into the scheduled visit; without one (lost or not yet
    delivered) a new visit is created. A second event for the same ticket and round changes nothing.
    """
    source = SOURCES[event.type]
    data = event.data
    ticket_id, round_ = data["ticket_id"], int(data.get("round") or 1)
    occurred = data.get("completed_at") if source == "repair_completed" else data.get("resolved_at")
    occurred_at = ensure_aware(datetime.fromisoformat(occurred or event.occurred_at), "occurred_at")
    policy = return_visit_policy(project_settings(db, event.tenant_id, session=session))
    unit_id = present_text(data.get("unit_id"))  # null, absent or blank: kept as null, never made up
    planned = schedule_return_visit(source, ticket_id, unit_id, occurred_at, policy)
    visits = TenantCollection(db[RETURN_VISITS], event.tenant_id)
    if visits.find_one({"ticket_id": ticket_id, "round": round_, "scheduled": True}, session=session) is not None:
        return
    at = now()
    fields = {
        "scheduled": True, "round": round_, "source": source, "unit_id": unit_id,
        "due_at": planned.due_at, "occurred_at": occurred_at, "scheduled_at": at, "scheduled_by_event_id": event.id,
        "category": data.get("category"),
    }
    entry = history_entry("scheduled", event.actor, at, source=source, round=round_)
    placeholder = visits.find_one({"ticket_id": ticket_id, "scheduled": {"$ne": True}, "status": "pending"}, session=session)
    if placeholder is not None:
        visits.update_one({"_id": placeholder["_id"]},
                          {"$set": fields, "$push": {"history": entry}}, session=session)
        visit_id = placeholder["_id"]
    else:
        visit_id = str(uuid.uuid4())
        visits.insert_one({
            "_id": visit_id, "ticket_id": ticket_id, "ticket_kind": "repair" if source == "repair_completed"
            else "complaint", "status": "pending", "source_event": event.type, "source_event_id": event.id,
            "created_at": at, "history": [entry], **fields,
        }, session=session)
    # In the same transaction: the desk's return-visit queue shows the new call at once (the console), and
    # integrators learn when the customer will be called.
    add_to_outbox(db, Event(RETURN_VISIT_SCHEDULED, event.tenant_id, {
        "return_visit_id": visit_id, "ticket_id": ticket_id, "round": round_, "source": source,
        "unit_id": unit_id, "due_at": planned.due_at.isoformat()}, actor=event.actor), session)


# ---- from the API ----------------------------------------------------------------------------------------

def list_filter(query: dict) -> dict:
    filter_ = {key: query[key] for key in ("status", "ticket_id") if key in query}
    if query.get("overdue") is True:
        wanted = [filter_["status"]] if "status" in filter_ else OPEN_STATUSES
        filter_["status"] = {"$in": [status for status in wanted if status in OPEN_STATUSES]}
        filter_["due_at"] = {"$lt": now()}
    elif query.get("overdue") is False:
        filter_["$nor"] = [{"status": {"$in": OPEN_STATUSES}, "due_at": {"$lt": now()}}]
    return filter_


def out(doc: dict) -> dict:
    return {**doc, "overdue": _is_overdue(doc)}


def _is_overdue(doc: dict) -> bool:
    return bool(doc.get("scheduled")) and is_overdue(_domain(doc), now())


def _domain(doc: dict) -> ReturnVisit:
    return ReturnVisit(doc.get("source") or "placeholder", doc["ticket_id"], doc.get("unit_id"),
                       doc.get("due_at") or doc["created_at"], ReturnVisitStatus(doc["status"]), doc.get("assignee"))


def _require_scheduled(doc: dict) -> None:
    if not doc.get("scheduled"):
        raise Conflict("This return visit is not scheduled yet: it is scheduled when the repair is completed or "
                       "the complaint resolved.", reason_code="not_scheduled")


def _apply(db: Database, tenant: str, doc: dict, changes: dict, entry: dict, event: Event | None, session) -> dict | None:
    """Write the change, guarded by the status it was decided on, with its event; None if the visit moved meanwhile."""
    updated = TenantCollection(db[RETURN_VISITS], tenant).find_one_and_update(
        {"_id": doc["_id"], "status": doc["status"]}, {"$set": changes, "$push": {"history": entry}}, session=session)
    if updated is not None and event is not None:
        add_to_outbox(db, event, session)
    return updated


def _save(db: Database, tenant: str, doc: dict, changes: dict, entry: dict, event: Event | None = None) -> dict:
    updated = run_in_transaction(db, lambda session: _apply(db, tenant, doc, changes, entry, event, session))
    if updated is None:
        raise Conflict("The return visit changed meanwhile; reload and try again.", reason_code="concurrent_change")
    return out(updated)


def assign_visit(db: Database, principal: Principal, visit_id: str, body: dict) -> dict:
    visits = TenantCollection(db[RETURN_VISITS], principal.tenant_id)
    doc = get_or_404(visits, visit_id, "return visit")
    _require_scheduled(doc)
    with domain_errors():
        assigned = assign(_domain(doc), body["assignee"])
    at = now()
    return _save(db, principal.tenant_id, doc, {"status": assigned.status.value, "assignee": assigned.assignee,
                                                  "assigned_at": at},
                 history_entry("assigned", principal.actor, at, assignee=assigned.assignee))


def _completion(db: Database, tenant: str, doc: dict, outcome: Outcome, actor: str | None, at: datetime,
                session=None, **details) -> tuple[dict, dict, Event]:
    """The changes, history entry and event of completing ``doc`` with ``outcome``, however the customer was
    reached (raises DomainError when the rules refuse it)."""
    threshold = project_settings(db, tenant, session=session)["unhappy_at_or_below"]
    done = complete(_domain(doc), outcome, at)
    unhappy = is_unhappy(outcome, threshold)
    event = Event(RETURN_VISIT_COMPLETED, tenant, actor=actor, data={
        "return_visit_id": doc["_id"], "ticket_id": doc["ticket_id"], "round": doc["round"], "source": doc["source"],
        "method": outcome.method.value, "satisfaction": outcome.satisfaction,
        "problem_came_back": outcome.problem_came_back, "unhappy": unhappy, "completed_at": at.isoformat(),
    })
    changes = {
        "status": done.status.value, "completed_at": at, "completed_by": actor, "unhappy": unhappy,
        "outcome": {"method": outcome.method.value, "satisfaction": outcome.satisfaction,
                    "problem_came_back": outcome.problem_came_back, "comments": outcome.comments},
    }
    return changes, history_entry("completed", actor, at, method=outcome.method.value, **details), event


def complete_visit(db: Database, principal: Principal, visit_id: str, body: dict) -> dict:
    visits = TenantCollection(db[RETURN_VISITS], principal.tenant_id)
    doc = get_or_404(visits, visit_id, "return visit")
    _require_scheduled(doc)
    with domain_errors():
        outcome = Outcome(body["method"], body["satisfaction"], body["problem_came_back"], body.get("comments", ""))
        changes, entry, event = _completion(db, principal.tenant_id, doc, outcome, principal.actor, now())
    return _save(db, principal.tenant_id, doc, changes, entry, event)


def complete_from_survey(db: Database, event: Event, session) -> None:
    """notifications.survey.answered: the customer answered the link sent by message (短信/微信回访, NT-4); the
    visit is completed exactly as a call would complete it, so ticketing closes or reopens the ticket.

    A visit already completed (a clerk called first), cancelled, of another round or unknown keeps what it has:
    the answer is logged and dropped, never retried, as no retry could make it apply.
    """
    data = event.data
    doc = TenantCollection(db[RETURN_VISITS], event.tenant_id).find_one({"_id": data["return_visit_id"]},
                                                                         session=session)
    facts = {"record_id": data["return_visit_id"], "event_id": event.id}  # logs.py's keys: the visit, the answer's event
    if doc is None or not doc.get("scheduled") or doc.get("round") != data["round"]:
        log.info("survey answer ignored: no scheduled return visit of that round", extra=facts)
        return
    outcome = Outcome(ContactMethod.MESSAGE, data["satisfaction"], data["problem_came_back"], data.get("comment", ""))
    try:
        changes, entry, completed = _completion(db, event.tenant_id, doc, outcome, event.actor or CUSTOMER, now(),
                                                session, survey_id=data["survey_id"])
    except DomainError as refused:
        log.info("survey answer ignored: %s (the visit is %s)", refused.code, doc["status"], extra=facts)
        return
    # Inside the inbox transaction: a concurrent change conflicts and the whole delivery is retried.
    _apply(db, event.tenant_id, doc, changes, entry, completed, session)


def cancel_visit(db: Database, principal: Principal, visit_id: str, body: dict) -> dict:
    visits = TenantCollection(db[RETURN_VISITS], principal.tenant_id)
    doc = get_or_404(visits, visit_id, "return visit")
    with domain_errors():
        cancelled = cancel(_domain(doc), body["reason"])
    at = now()
    return _save(db, principal.tenant_id, doc, {"status": cancelled.status.value, "cancel_reason":
                                                  cancelled.cancel_reason, "cancelled_at": at},
                 history_entry("cancelled", principal.actor, at, reason=cancelled.cancel_reason))


# ---- the worker's periodic job ----------------------------------------------------------------------------

def flag_overdue(db: Database, at: datetime | None = None) -> int:
    """Mark open return visits past their due time as overdue (all projects; a system job). Returns how many."""
    at = at or now()
    # One equality per open status (the index is (status, due_at)): the embedded test server reads every open
    # visit for a `$in` with a range, and every received ticket leaves an open placeholder without a due time.
    flagged = 0
    for status in OPEN_STATUSES:
        flagged += db[RETURN_VISITS].update_many(
            {"status": status, "due_at": {"$lt": at}, "overdue_flagged_at": None},
            {"$set": {"overdue_flagged_at": at}, "$push": {"history": history_entry("flagged_overdue", None, at)}},
        ).modified_count
    return flagged

