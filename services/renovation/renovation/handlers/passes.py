"""Worker passes 装修出入证: issued at the CS centre for a permitted renovation, one per worker up to the workers whose
pass fee was paid, numbered within the permit; handed back and counted; checked at the gate by number.

The worker's ID number is masked before anything is stored (only the last four characters are kept), so neither
the database nor the audit trail ever holds it in full.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime

from kefulib.authn import Principal
from kefulib.domain_errors import refuse_if
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, NotFound
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain import passes as rules_
from ..domain.applications import CS_ROLES, mask_name
from ..domain.passes import PassStatus
from ..store import GATE_ENTRIES, PASSES
from .applications import applications
from .common import PROJECT_ZONE, get_or_404, now, rules

PASS_ISSUED = "renovation.pass.issued"


def _passes(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[PASSES], tenant)


def _entries(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[GATE_ENTRIES], tenant)


def view(worker_pass: dict, *, listed: bool = False) -> dict:
    if not listed:
        return worker_pass
    return {**worker_pass, "worker": {**worker_pass["worker"], "name": mask_name(worker_pass["worker"]["name"])}}


def issue(db: Database, principal: Principal, application_id: str, body: dict) -> dict:
    tenant = principal.tenant_id
    application = get_or_404(applications(db, tenant), application_id, "application")
    issued = application.get("passes_issued", 0)
    with rules():
        refuse_if(not CS_ROLES & set(principal.roles), "role_not_allowed", "Passes are issued at the CS centre.")
        rules_.check_issue(application["status"], issued, application["workers_planned"])
        permit = application["permit"]
        valid_from = body.get("valid_from") or date.fromisoformat(permit["valid_from"])
        valid_until = body.get("valid_until") or date.fromisoformat(permit["valid_until"])
        rules_.check_validity(valid_from, valid_until, date.fromisoformat(permit["valid_from"]),
                              date.fromisoformat(permit["valid_until"]))
        masked = rules_.mask_id_number(body["worker"]["id_number"])
    sequence, at = issued + 1, now()
    worker = body["worker"]
    doc = {"_id": str(uuid.uuid4()), "application_id": application_id, "unit_id": application["unit_id"],
           "number": rules_.pass_number(permit["label"], sequence), "sequence": sequence,
           # Under personal keys (`name`), so the audit trail records that a name was written, not the name.
           "worker": {"name": worker["name"].strip(), "id_masked": masked, "photo_ref": worker["photo_ref"],
                      "trade": worker.get("trade", "")},
           "valid_from": valid_from.isoformat(), "valid_until": valid_until.isoformat(),
           "working_hours": permit["working_hours"], "status": str(PassStatus.ACTIVE), "issued_at": at,
           "issued_by": principal.actor, "returned_at": None, "returned_by": None}

    def work(session) -> None:
        # The count on the application is the guard: two clerks issuing at once cannot both take the last pass.
        taken = applications(db, tenant).update_one(
            {"_id": application_id, "status": "permitted", "passes_issued": issued or {"$in": [0, None]}},
            {"$set": {"passes_issued": sequence}}, session=session)
        if not taken.modified_count:
            raise Conflict("Another pass was issued a moment ago; try again.", reason_code="changed_meanwhile")
        _passes(db, tenant).insert_one(doc, session=session)
        # The worker registered (装修工人情况登记): the pass's number and dates, never the name or ID number.
        add_to_outbox(db, Event(PASS_ISSUED, tenant, actor=principal.actor, data={
            "application_id": application_id, "unit_id": application["unit_id"], "pass_number": doc["number"],
            "sequence": sequence, "valid_from": doc["valid_from"], "valid_until": doc["valid_until"]}), session)

    run_in_transaction(db, work)
    return view(doc)


def list_passes(db: Database, tenant: str, application_id: str, query: dict) -> dict:
    """The application's passes in their order, with how many are out and how many were handed back."""
    get_or_404(applications(db, tenant), application_id, "application")
    found = _passes(db, tenant)
    filter_ = {"application_id": application_id, **({"status": query["status"]} if "status" in query else {})}
    page = page_of(lambda: found.find(filter_).sort([("sequence", 1)]), found.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda p: view(p, listed=True))
    counts = {str(s): found.count_documents({"application_id": application_id, "status": str(s)}) for s in PassStatus}
    return {**page, "counts": counts}


def return_pass(db: Database, principal: Principal, pass_id: str, body: dict) -> dict:
    tenant = principal.tenant_id
    found = _passes(db, tenant)
    worker_pass = get_or_404(found, pass_id, "pass")
    with rules():
        rules_.check_return(worker_pass["status"])
    at = now()
    done = found.update_one({"_id": pass_id, "status": worker_pass["status"]}, {"$set": {
        "status": str(PassStatus.RETURNED), "returned_at": at, "returned_by": principal.actor,
        "return_note": body.get("note", "")}})
    if not done.modified_count:
        raise Conflict("The pass was changed a moment ago; reload it.", reason_code="changed_meanwhile")
    return view(found.find_one({"_id": pass_id}))


def revoke(db: Database, principal: Principal, pass_id: str, body: dict) -> dict:
    """The pass taken away (a violation, a lost pass), with the reason; the gate answers `revoked` from then on."""
    tenant = principal.tenant_id
    found = _passes(db, tenant)
    worker_pass = get_or_404(found, pass_id, "pass")
    with rules():
        reason = rules_.check_revoke(worker_pass["status"], body.get("reason", ""))
    done = found.update_one({"_id": pass_id, "status": worker_pass["status"]}, {"$set": {
        "status": str(PassStatus.REVOKED), "revoked_at": now(), "revoked_by": principal.actor,
        "revoke_reason": reason}})
    if not done.modified_count:
        raise Conflict("The pass was changed a moment ago; reload it.", reason_code="changed_meanwhile")
    return view(found.find_one({"_id": pass_id}))


def check(db: Database, principal: Principal, number: str, at: datetime | None) -> dict:
    """The gate's question for a pass number at `at` (now by default), in the project's local time; every answer on a
    pass of the project is logged (who asked, when, the answer), so the permit's entries can be listed."""
    tenant = principal.tenant_id
    worker_pass = _passes(db, tenant).find_one({"number": number})
    if worker_pass is None:
        raise NotFound("No such pass in this project.")
    checked_at = now()
    local = (at or checked_at).astimezone(PROJECT_ZONE)
    answer = rules_.gate_answer(worker_pass["status"], date.fromisoformat(worker_pass["valid_from"]),
                                date.fromisoformat(worker_pass["valid_until"]), worker_pass["working_hours"],
                                local.date(), local.hour * 60 + local.minute)
    _entries(db, tenant).insert_one({
        "_id": str(uuid.uuid4()), "pass_id": worker_pass["_id"], "application_id": worker_pass["application_id"],
        "number": number, "answer": str(answer), "allowed": rules_.entry_allowed(answer), "at": local,
        "checked_at": checked_at, "checked_by": principal.actor})
    return {"number": number, "answer": str(answer), "checked_at": local, "pass": view(worker_pass)}


def list_entries(db: Database, tenant: str, application_id: str, query: dict) -> dict:
    """The gate's log for a permit, newest first (optionally one pass's, by number)."""
    get_or_404(applications(db, tenant), application_id, "application")
    found = _entries(db, tenant)
    filter_ = {"application_id": application_id, **({"number": query["number"]} if "number" in query else {}),
               **({"answer": query["answer"]} if "answer" in query else {})}
    return page_of(lambda: found.find(filter_).sort([("checked_at", -1), ("_id", 1)]),
                   found.count_documents(filter_), query["page"], query["page_size"], dump=lambda e: e)
