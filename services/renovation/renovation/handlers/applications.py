"""Renovation applications 装修申请: submitted at the desk, reviewed in three steps, resubmitted after a refusal,
and, at the manager's approval, the fees asked of billing (`renovation.fees.requested`, in the same transaction).

Who may take each step is the domain's state table; every write is guarded on the status it was read in, so two
reviewers deciding the same application at once cannot both pass it.
"""
from __future__ import annotations

import uuid

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain import applications as rules_
from ..domain.applications import Action, ReviewStep, Status
from ..domain.fees import FeeSchedule, fee_lines, total_fen
from ..store import APPLICATIONS
from .common import get_or_404, now, rules
from .review_clock import clock_change

FEES_REQUESTED = "renovation.fees.requested"
SUBMITTED = "renovation.application.submitted"
ACTIVE = [str(Status.APPROVED), str(Status.PERMITTED)]


def applications(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[APPLICATIONS], tenant)


def view(application: dict, *, listed: bool = False) -> dict:
    """The application as answered; in lists the applicant's and owner's names masked and no phone. `overdue`: its
    review step is past the deadline (the console marks it)."""
    due = application.get("review_due_at")
    out = {**application, "missing_papers": rules_.missing_papers(
        application["applicant"]["kind"], [a["kind"] for a in application["attachments"]]),
        "review_due_at": due, "overdue": due is not None and due <= now()}
    if listed:
        applicant = application["applicant"]
        out["applicant"] = {"kind": applicant["kind"], "name": rules_.mask_name(applicant["name"]), "phone": None}
        out["owner_name"] = rules_.mask_name(application["owner_name"]) if application.get("owner_name") else None
    return out


def _checked(body: dict, today) -> dict:
    """The application's fields after the domain's rules (a bad one is a 422 naming it)."""
    with rules():
        rules_.check_applicant(body["applicant"]["kind"], body.get("owner_name"))
        rules_.check_plan(body["planned_start"], body["planned_end"], today, body["working_hours"]["start"],
                          body["working_hours"]["end"])
        fee_lines(FeeSchedule(), body["workers_planned"])
    applicant = body["applicant"]
    return {
        # Under personal keys (`name`, `phone`), so the audit trail records that they were written, not the values.
        "applicant": {"kind": applicant["kind"], "name": applicant["name"].strip(), "phone": applicant.get("phone")},
        "owner_name": (body.get("owner_name") or "").strip() or None,
        "contractor": {k: body["contractor"].get(k) for k in ("company", "licence_number", "name", "phone")},
        "scope": {"items": list(dict.fromkeys(body["scope"]["items"])), "description": body["scope"].get("description", "")},
        "planned_start": body["planned_start"].isoformat(), "planned_end": body["planned_end"].isoformat(),
        "working_hours": {"start": body["working_hours"]["start"], "end": body["working_hours"]["end"]},
        "workers_planned": body["workers_planned"],
        "attachments": [{"kind": a["kind"], "ref": a["ref"]} for a in body.get("attachments", [])],
        "note": body.get("note", ""),
    }


def submit(db: Database, principal: Principal, body: dict) -> dict:
    at = now()
    with rules():
        rules_.refuse_if(not rules_.CS_ROLES & set(principal.roles), "role_not_allowed",
                         "An application is taken in at the CS centre.")
    doc = {"_id": str(uuid.uuid4()), "unit_id": body["unit_id"], **_checked(body, at.date()),
           "status": str(Status.SUBMITTED), "round": 1, "submitted_at": at, "submitted_by": principal.actor,
           "reviews": [], "flags": [], "returned": None, "fees": None, "permit": None, "has_permit": False,
           "passes_issued": 0, "review_escalations": [],
           "updated_at": at}
    doc.update(clock_change(db, principal.tenant_id, doc["status"], doc["round"], at)[0])

    def work(session) -> None:
        applications(db, principal.tenant_id).insert_one(doc, session=session)
        add_to_outbox(db, _submitted(principal, doc), session)

    run_in_transaction(db, work)
    return view(doc)


def _submitted(principal: Principal, application: dict) -> Event:
    """Which papers came in (by kind only: identity's renovation checklist follows them), no names."""
    return Event(SUBMITTED, principal.tenant_id, actor=principal.actor, data={
        "application_id": application["_id"], "unit_id": application["unit_id"], "round": application["round"],
        "papers": list(dict.fromkeys(a["kind"] for a in application["attachments"]))})


def get_application(db: Database, tenant: str, application_id: str) -> dict:
    return view(get_or_404(applications(db, tenant), application_id, "application"))


def list_applications(db: Database, tenant: str, query: dict) -> dict:
    """Newest first; `flagged` lists the active renovations engineering flagged, for the patrols; `overdue` those
    waiting on a review step past its deadline."""
    filter_: dict = {name: query[name] for name in ("unit_id", "status") if name in query}
    if query.get("overdue"):
        filter_["review_due_at"] = {"$lte": now()}
    if query.get("flagged"):
        filter_["flags"] = {"$ne": []}
        filter_.setdefault("status", {"$in": ACTIVE})
    found = applications(db, tenant)
    return page_of(lambda: found.find(filter_).sort([("submitted_at", -1), ("_id", 1)]),
                   found.count_documents(filter_), query["page"], query["page_size"],
                   dump=lambda a: view(a, listed=True))


def _guarded(collection: TenantCollection, application: dict, change: dict, session=None) -> None:
    """Write only if nobody moved the application on meanwhile (two reviewers, one application)."""
    done = collection.update_one({"_id": application["_id"], "status": application["status"],
                                  "round": application["round"]}, change, session=session)
    if not done.modified_count:
        raise Conflict("The application was changed a moment ago; reload it.", reason_code="changed_meanwhile")


def review(db: Database, principal: Principal, application_id: str, body: dict) -> dict:
    """One review decision: the step it belongs to, passed or refused with the reason; engineering's flags kept."""
    tenant = principal.tenant_id
    collection = applications(db, tenant)
    application = get_or_404(collection, application_id, "application")
    step, passed = ReviewStep(body["step"]), body["decision"] == "pass"
    with rules():
        rules_.check_refusal_reason(passed, body.get("reason"))
        flags = rules_.check_flags(step, body.get("flags", []))
        action = rules_.review_action(application["status"], step, passed)
        to = rules_.transition(application["status"], action, principal.roles)
        if action is Action.CS_PASS:
            rules_.check_completeness(application["applicant"]["kind"], [a["kind"] for a in application["attachments"]])
    at = now()
    entry = {"step": str(step), "decision": "passed" if passed else "refused",
             "reason": (body.get("reason") or "").strip() or None, "flags": flags, "note": body.get("note", ""),
             "by": principal.actor, "at": at, "round": application["round"]}
    change: dict = {"status": str(to), "updated_at": at,
                    "returned": None if passed else {"step": str(step), "reason": entry["reason"], "at": at}}
    if flags:
        change["flags"] = flags
    clock_set, clock_unset = clock_change(db, tenant, str(to), application["round"], at)
    change.update(clock_set)
    if action is Action.APPROVE:
        lines = fee_lines(FeeSchedule(), application["workers_planned"])
        change["fees"] = {"lines": lines, "total_fen": total_fen(lines), "requested_at": at, "charge_id": None,
                          "slip_number": None, "paid_fen": 0, "paid_at": None}

    def work(session) -> None:
        _guarded(collection, application, {"$set": change, "$push": {"reviews": entry},
                                           **({"$unset": clock_unset} if clock_unset else {})}, session)
        if action is Action.APPROVE:
            add_to_outbox(db, Event(FEES_REQUESTED, tenant, actor=principal.actor, data={
                "application_id": application["_id"], "unit_id": application["unit_id"],
                "lines": [{k: line[k] for k in ("description", "quantity", "unit_price_fen")}
                          for line in change["fees"]["lines"]],
                "total_fen": change["fees"]["total_fen"]}), session)

    run_in_transaction(db, work)
    return get_application(db, tenant, application_id)


def resubmit(db: Database, principal: Principal, application_id: str, body: dict) -> dict:
    """After a refusal: the corrected application (all its fields again), a new round from the CS check."""
    tenant = principal.tenant_id
    collection = applications(db, tenant)
    application = get_or_404(collection, application_id, "application")
    at = now()
    with rules():
        rules_.transition(application["status"], Action.RESUBMIT, principal.roles)
    fields_ = _checked(body, at.date())
    entry = {"step": "resubmitted", "decision": "resubmitted", "reason": None, "flags": [],
             "note": body.get("note", ""), "by": principal.actor, "at": at, "round": application["round"] + 1}
    change = {**fields_, "status": str(Status.SUBMITTED), "returned": None, "round": application["round"] + 1,
              "updated_at": at}
    change.update(clock_change(db, tenant, change["status"], change["round"], at)[0])

    def work(session) -> None:
        _guarded(collection, application, {"$set": change, "$push": {"reviews": entry}}, session)
        add_to_outbox(db, _submitted(principal, {**application, **change}), session)

    run_in_transaction(db, work)
    return get_application(db, tenant, application_id)
