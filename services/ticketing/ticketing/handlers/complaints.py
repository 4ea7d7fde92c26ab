"""Complaints (TK-8/TK-9): analysis, the non-conformance record with its approval (project
manager, or HQ's management representative above the loss threshold or when the project
cannot resolve it), the corrective deadline, the record's closing and the CAPA report."""
from __future__ import annotations

import uuid
from dataclasses import asdict

from kefulib.authn import Principal
from kefulib.messaging import Event
from kefulib.problems import Conflict, Forbidden, NotFound
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database

from ..domain import (
    ComplaintAnalysis,
    NonConformanceRecord,
    StaffRole,
    TicketKind,
    TicketState,
    analysis_problem,
    approve,
    close_record,
    file_capa_report,
    record_correction,
    snapshot_from_document,
)
from ..store import NON_CONFORMANCE
from .common import StaleTicket, domain_errors, load_ticket, now, save_ticket, stale_as_conflict
from .settings import project_settings
from .tickets import record_from_doc

NON_CONFORMANCE_OPENED = "ticketing.non_conformance.opened"  # the approver is told (notifications)
AFTER_RESULT = {TicketState.AWAITING_RETURN_VISIT, TicketState.CLOSED, TicketState.CANCELLED}


def _complaint(db, tenant_id, ticket_id, session):
    doc = load_ticket(db, tenant_id, ticket_id, session)
    snapshot = snapshot_from_document(doc["snapshot"])
    if snapshot.kind is not TicketKind.COMPLAINT:
        raise Conflict(f"only a complaint has an analysis or a non-conformance record; this is a {snapshot.kind}",
                       reason_code="not_a_complaint")
    if snapshot.state in AFTER_RESULT:
        raise Conflict(f"the complaint is {snapshot.state}; its analysis can no longer change", reason_code="wrong_state")
    return doc


def _tx(db, work):
    try:
        return run_in_transaction(db, work)
    except StaleTicket as exc:
        raise stale_as_conflict(exc) from exc


def analyse(db: Database, principal: Principal, ticket_id: str, body: dict) -> dict:
    threshold = project_settings(db, principal.tenant_id)["rules"]["hq_loss_threshold_fen"]
    with domain_errors():
        analysis = ComplaintAnalysis(**body)
    if problem := analysis_problem(analysis, threshold):
        raise Conflict(problem, reason_code="needs_non_conformance")
    stored = {**asdict(analysis), "cause": str(analysis.cause), "outcome": str(analysis.outcome)}

    def work(session):
        doc = _complaint(db, principal.tenant_id, ticket_id, session)
        complaint = doc.get("complaint") or {}
        if complaint.get("non_conformance_id"):
            raise Conflict("a non-conformance record exists; the analysis it was approved on stands",
                           reason_code="record_exists")
        line = {"at": now(), "actor": principal.actor, "action": "analyse", "from_state": doc["status"],
                "to_state": doc["status"], "note": f"{analysis.cause}: {analysis.outcome}, loss {analysis.loss_fen} fen"}
        return save_ticket(db, doc, {"complaint": {**complaint, "analysis": stored, "threshold_fen": threshold}},
                           session, history=[line])

    return _tx(db, work)


def open_record(db: Database, principal: Principal, ticket_id: str, body: dict) -> dict:
    at = now()

    def work(session):
        doc = _complaint(db, principal.tenant_id, ticket_id, session)
        complaint = doc.get("complaint") or {}
        if not complaint.get("analysis"):
            raise Conflict("analyse the complaint before opening a non-conformance record", reason_code="no_analysis")
        if complaint.get("non_conformance_id"):
            raise Conflict("this complaint already has a non-conformance record", reason_code="record_exists")
        if complaint["analysis"]["outcome"] != "non_conformance":
            raise Conflict("the analysis says an explanation suffices; no record is needed", reason_code="not_needed")
        with domain_errors():
            record = NonConformanceRecord(ticket_id, ComplaintAnalysis(**complaint["analysis"]),
                                          body["corrective_action"], body["corrective_deadline"],
                                          threshold_fen=complaint["threshold_fen"])
        record_id = str(uuid.uuid4())
        stored = {"_id": record_id, "ticket_id": ticket_id, "unit_id": doc.get("unit_id"),
                  "analysis": complaint["analysis"], "corrective_action": record.corrective_action,
                  "corrective_deadline": record.corrective_deadline, "threshold_fen": record.threshold_fen,
                  "approver": str(record.approver), "status": "awaiting_approval", "created_at": at,
                  "created_by": principal.actor, "log": [{"at": at, "actor": principal.actor, "step": "opened"}]}
        TenantCollection(db[NON_CONFORMANCE], principal.tenant_id).insert_one(stored, session=session)
        line = {"at": at, "actor": principal.actor, "action": "open_non_conformance", "from_state": doc["status"],
                "to_state": doc["status"], "note": f"record {record_id}, approver {record.approver}"}
        opened = Event(NON_CONFORMANCE_OPENED, principal.tenant_id, actor=principal.actor, data={
            "non_conformance_id": record_id, "ticket_id": ticket_id, "unit_id": doc.get("unit_id"),
            "approver": str(record.approver), "loss_fen": record.analysis.loss_fen,
            "project_can_resolve": record.analysis.project_can_resolve,
            "corrective_deadline": record.corrective_deadline.isoformat(), "opened_at": at.isoformat()})
        save_ticket(db, doc, {"complaint": {**complaint, "non_conformance_id": record_id}}, session, history=[line],
                    events=[opened])
        return {**stored, "tenant_id": principal.tenant_id}

    return _tx(db, work)


def acting_tenant(principal: Principal, project: str | None) -> str:
    """HQ tokens act in a named project where a rule sends work up to HQ; everyone else in their own."""
    if project and project != principal.tenant_id:
        if not principal.hq:
            raise NotFound("No such non-conformance record.")
        return project
    return principal.tenant_id


def _record(db, tenant_id, record_id, session=None) -> dict:
    doc = TenantCollection(db[NON_CONFORMANCE], tenant_id).find_one({"_id": record_id}, session=session)
    if doc is None:
        raise NotFound("No such non-conformance record.")
    return doc


def get_record(db: Database, tenant_id: str, record_id: str) -> dict:
    return _record(db, tenant_id, record_id)


def _step(db, tenant_id, record_id, actor, name, change, extra=None) -> dict:
    at = now()

    def work(session):
        doc = _record(db, tenant_id, record_id, session)
        record = record_from_doc(doc)
        with domain_errors():
            after, status = change(record, at)
        fields = {"approved_by": after.approved_by, "approved_at": after.approved_at,
                  "corrected_at": after.corrected_at, "closed_at": after.closed_at,
                  "capa_report_filed_at": after.capa_report_filed_at, "status": status, **(extra or {})}
        TenantCollection(db[NON_CONFORMANCE], tenant_id).update_one(
            {"_id": record_id, "status": doc["status"]},
            {"$set": fields, "$push": {"log": {"at": at, "actor": actor, "step": name}}}, session=session)
        return {**doc, **fields}

    return run_in_transaction(db, work)


def approve_record(db: Database, principal: Principal, record_id: str, project: str | None) -> dict:
    tenant = acting_tenant(principal, project)
    doc = _record(db, tenant, record_id)
    if doc.get("approved_at"):
        raise Conflict("the record is already approved", reason_code="approval_refused")
    approver = doc["approver"]
    if approver not in principal.roles:
        why = "" if approver == StaffRole.PROJECT_MANAGER else (
            f" because the customer's loss of {doc['analysis']['loss_fen']} fen exceeds "
            f"{doc['threshold_fen']} fen or the project cannot resolve it")
        raise Forbidden(f"this record must be approved by the {approver.replace('_', ' ')}{why} (TK-8)",
                        reason_code="approval_refused")
    return _step(db, tenant, record_id, principal.actor, "approved",
                 lambda r, at: (approve(r, approver, principal.actor, at), "approved"))


def record_correction_done(db: Database, principal: Principal, record_id: str, body: dict) -> dict:
    return _step(db, principal.tenant_id, record_id, principal.actor, "corrected",
                 lambda r, at: (record_correction(r, at), "corrected"), {"correction_note": body["note"]})


def close(db: Database, principal: Principal, record_id: str, body: dict) -> dict:
    return _step(db, principal.tenant_id, record_id, principal.actor, "closed",
                 lambda r, at: (close_record(r, at), "closed"), {"result": body["result"]})


def file_capa(db: Database, principal: Principal, record_id: str, body: dict) -> dict:
    if StaffRole.PROJECT_MANAGER not in principal.roles:
        raise Forbidden("the project manager files the corrective/preventive action report (TK-9)",
                        reason_code="not_allowed")
    return _step(db, principal.tenant_id, record_id, principal.actor, "capa_report_filed",
                 lambda r, at: (file_capa_report(r, at), "capa_filed"),
                 {"capa_report": {"corrective": body["corrective"], "preventive": body["preventive"]}})


def record_filter(query: dict, at) -> dict:
    filter_ = {k: query[k] for k in ("status", "ticket_id") if k in query}
    if query.get("overdue"):
        filter_.update({"corrected_at": None, "corrective_deadline": {"$lt": at}})
    return filter_


def present_record(doc: dict, at=None) -> dict:
    record = record_from_doc(doc)
    return {**doc, "overdue": record.corrective_action_overdue(at or now()),
            "capa_report_required": record.capa_report_required}
