"""Hot work 动火 and extensions 延期: requested for a permitted renovation, decided by their approvers. An approved
extension moves the permit's end, the active passes that ran to it follow, and `renovation.permit.extended` is
published in the same transaction."""
from __future__ import annotations

import uuid
from datetime import date

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain import works as rules_
from ..domain.works import EXTENSION_APPROVERS, HOT_WORK_APPROVERS, RequestStatus
from ..store import EXTENSIONS, HOT_WORK, PASSES
from .applications import applications
from .common import get_or_404, now, rules

PERMIT_EXTENDED = "renovation.permit.extended"
HOT_WORK_APPROVED = "renovation.hot_work.approved"
KINDS = {"hot_work": (HOT_WORK, HOT_WORK_APPROVERS), "extension": (EXTENSIONS, EXTENSION_APPROVERS)}


def _requests(db: Database, tenant: str, kind: str) -> TenantCollection:
    return TenantCollection(db[KINDS[kind][0]], tenant)


def request(db: Database, principal: Principal, kind: str, application_id: str, body: dict) -> dict:
    tenant = principal.tenant_id
    application = get_or_404(applications(db, tenant), application_id, "application")
    with rules():
        rules_.check_request(application["status"])
        permit = application["permit"]
        if kind == "hot_work":
            rules_.check_hot_work(body["day"], body["start"], body["end"], permit)
            asked = {"day": body["day"].isoformat(), "start": body["start"], "end": body["end"],
                     "location": body["location"].strip(), "method": body.get("method", ""),
                     "fire_watch": {"name": body["fire_watch"]["name"].strip(),
                                    "phone": body["fire_watch"].get("phone", "")},
                     "extinguishers": body.get("extinguishers", 1)}
        else:
            rules_.check_extension(body["new_end"], date.fromisoformat(permit["valid_until"]))
            asked = {"new_end": body["new_end"].isoformat(), "previous_end": permit["valid_until"],
                     "reason": body["reason"].strip()}
    doc = {"_id": str(uuid.uuid4()), "application_id": application_id, "unit_id": application["unit_id"],
           "permit_label": permit["label"], **asked, "status": str(RequestStatus.REQUESTED),
           "requested_at": now(), "requested_by": principal.actor, "decision": None}
    _requests(db, tenant, kind).insert_one(doc)
    return doc


def list_requests(db: Database, tenant: str, kind: str, application_id: str, query: dict) -> dict:
    get_or_404(applications(db, tenant), application_id, "application")
    found = _requests(db, tenant, kind)
    filter_ = {"application_id": application_id, **({"status": query["status"]} if "status" in query else {})}
    return page_of(lambda: found.find(filter_).sort([("requested_at", -1), ("_id", 1)]),
                   found.count_documents(filter_), query["page"], query["page_size"], dump=lambda r: r)


def decide(db: Database, principal: Principal, kind: str, request_id: str, body: dict) -> dict:
    tenant = principal.tenant_id
    found = _requests(db, tenant, kind)
    asked = get_or_404(found, request_id, kind.replace("_", " "))
    with rules():
        status = rules_.decide(asked["status"], body["decision"], body.get("reason", ""), set(principal.roles),
                               KINDS[kind][1])
    decision = {"decision": body["decision"], "reason": body.get("reason", ""), "at": now(), "by": principal.actor}

    def work(session) -> None:
        done = found.update_one({"_id": request_id, "status": str(RequestStatus.REQUESTED)},
                                {"$set": {"status": status, "decision": decision}}, session=session)
        if not done.modified_count:
            raise Conflict("The request was decided a moment ago; reload it.", reason_code="changed_meanwhile")
        if kind == "extension" and status == RequestStatus.APPROVED:
            _extend(db, tenant, asked, principal.actor, session)
        if kind == "hot_work" and status == RequestStatus.APPROVED:
            add_to_outbox(db, Event(HOT_WORK_APPROVED, tenant, actor=principal.actor, data={
                "application_id": asked["application_id"], "unit_id": asked["unit_id"], "request_id": request_id,
                "permit_label": asked["permit_label"], "day": asked["day"]}), session)

    run_in_transaction(db, work)
    return found.find_one({"_id": request_id})


def _extend(db: Database, tenant: str, asked: dict, actor: str, session) -> None:
    """The permit's end moves; the active passes that ran to the old end run to the new one."""
    moved = applications(db, tenant).update_one(
        {"_id": asked["application_id"], "status": "permitted", "permit.valid_until": asked["previous_end"]},
        {"$set": {"permit.valid_until": asked["new_end"], "updated_at": now()}}, session=session)
    if not moved.modified_count:
        raise Conflict("The permit changed since the extension was asked; ask again.", reason_code="changed_meanwhile")
    passes = TenantCollection(db[PASSES], tenant).update_many(
        {"application_id": asked["application_id"], "status": "active", "valid_until": asked["previous_end"]},
        {"$set": {"valid_until": asked["new_end"]}}, session=session)
    add_to_outbox(db, Event(PERMIT_EXTENDED, tenant, actor=actor, data={
        "application_id": asked["application_id"], "unit_id": asked["unit_id"], "permit_label": asked["permit_label"],
        "previous_end": asked["previous_end"], "valid_until": asked["new_end"], "passes_moved": passes.modified_count}),
        session)
