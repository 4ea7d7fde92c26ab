"""Neighbour disputes 邻里纠纷处理记录 and corridor clutter 楼道杂物 (TK-11), kept on their ticket."""
from __future__ import annotations

from kefulib.authn import Principal
from kefulib.problems import Conflict
from kefulib.store import run_in_transaction
from pymongo.database import Database

from ..domain import (
    ClutterCase,
    DisputeRecord,
    DisputeStep,
    Participant,
    TicketKind,
    add_step,
    issue_notice,
    release,
    remove_to_storage,
    settle,
    snapshot_from_document,
)
from .common import StaleTicket, domain_errors, load_ticket, now, save_ticket, stale_as_conflict
from .settings import project_settings

DISPUTE_KINDS = {TicketKind.COMPLAINT, TicketKind.COMMUNITY_MATTER}


def _change(db: Database, principal: Principal, ticket_id: str, field: str, kinds, step):
    """Load the ticket, let ``step(current_or_None, doc, at)`` give the new sub-record, save it with a history line."""
    at = now()

    def work(session):
        doc = load_ticket(db, principal.tenant_id, ticket_id, session)
        kind = snapshot_from_document(doc["snapshot"]).kind
        if kind not in kinds:
            raise Conflict(f"a {kind} has no {field} record", reason_code="wrong_kind")
        with domain_errors():
            value, note = step(doc.get(field), doc, at)
        line = {"at": at, "actor": principal.actor, "action": f"{field}.{note}", "from_state": doc["status"],
                "to_state": doc["status"], "note": ""}
        return save_ticket(db, doc, {field: value}, session, history=[line])

    try:
        return run_in_transaction(db, work)
    except StaleTicket as exc:
        raise stale_as_conflict(exc) from exc


# --- disputes ---------------------------------------------------------------------------------

def dispute_to_doc(record: DisputeRecord) -> dict:
    return {"parties": list(record.parties), "settled_at": record.settled_at, "settlement": record.settlement,
            "steps": [{"at": s.at, "recorded_by": s.recorded_by, "description": s.description,
                       "participants": sorted(str(p) for p in s.participants)} for s in record.steps],
            "participants": sorted(str(p) for p in record.participants)}


def dispute_from_doc(ticket_id: str, doc: dict) -> DisputeRecord:
    return DisputeRecord(ticket_id, tuple(doc["parties"]), tuple(
        DisputeStep(s["at"], s["recorded_by"], s["description"], frozenset(Participant(p) for p in s["participants"]))
        for s in doc["steps"]), doc.get("settled_at"), doc.get("settlement"))


def open_dispute(db, principal, ticket_id, body):
    def step(current, doc, at):
        if current is not None:
            raise Conflict("this ticket already has a dispute record", reason_code="exists")
        return dispute_to_doc(DisputeRecord(ticket_id, tuple(body["parties"]))), "opened"
    return _change(db, principal, ticket_id, "dispute", DISPUTE_KINDS, step)


def _existing_dispute(current, ticket_id):
    if current is None:
        raise Conflict("open a dispute record first", reason_code="no_record")
    return dispute_from_doc(ticket_id, current)


def add_dispute_step(db, principal, ticket_id, body):
    def step(current, doc, at):
        record = add_step(_existing_dispute(current, ticket_id), at, principal.actor, body["description"],
                          set(body["participants"]))
        return dispute_to_doc(record), "step"
    return _change(db, principal, ticket_id, "dispute", DISPUTE_KINDS, step)


def settle_dispute(db, principal, ticket_id, body):
    def step(current, doc, at):
        return dispute_to_doc(settle(_existing_dispute(current, ticket_id), at, body["settlement"])), "settled"
    return _change(db, principal, ticket_id, "dispute", DISPUTE_KINDS, step)


# --- clutter ----------------------------------------------------------------------------------

def clutter_to_doc(case: ClutterCase) -> dict:
    return {"location": case.location, "notices": list(case.notices), "notices_required": case.notices_required,
            "notices_missing": case.notices_missing, "removed_at": case.removed_at,
            "storage_number": case.storage_number, "released_at": case.released_at,
            "released_to": case.released_to, "stage": str(case.stage)}


def clutter_from_doc(ticket_id: str, doc: dict) -> ClutterCase:
    return ClutterCase(ticket_id, doc["location"], tuple(doc["notices"]), doc["notices_required"], doc.get("removed_at"),
                       doc.get("storage_number"), doc.get("released_at"), doc.get("released_to"))


CLUTTER_KINDS = {TicketKind.COMMUNITY_MATTER}


def open_clutter(db, principal, ticket_id, body):
    required = project_settings(db, principal.tenant_id)["rules"]["clutter_notices"]

    def step(current, doc, at):
        if current is not None:
            raise Conflict("this ticket already has a clutter case", reason_code="exists")
        return clutter_to_doc(ClutterCase(ticket_id, body["location"], notices_required=required)), "opened"
    return _change(db, principal, ticket_id, "clutter", CLUTTER_KINDS, step)


def _case(current, ticket_id):
    if current is None:
        raise Conflict("open a clutter case first", reason_code="no_record")
    return clutter_from_doc(ticket_id, current)


def clutter_notice(db, principal, ticket_id, body):
    return _change(db, principal, ticket_id, "clutter", CLUTTER_KINDS,
                   lambda cur, doc, at: (clutter_to_doc(issue_notice(_case(cur, ticket_id), at)), "notice"))


def clutter_removal(db, principal, ticket_id, body):
    return _change(db, principal, ticket_id, "clutter", CLUTTER_KINDS, lambda cur, doc, at: (
        clutter_to_doc(remove_to_storage(_case(cur, ticket_id), at, body["storage_number"])), "removed"))


def clutter_release(db, principal, ticket_id, body):
    return _change(db, principal, ticket_id, "clutter", CLUTTER_KINDS, lambda cur, doc, at: (
        clutter_to_doc(release(_case(cur, ticket_id), at, body["owner_signature"])), "released"))
