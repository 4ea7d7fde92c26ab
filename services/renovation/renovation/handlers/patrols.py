"""Patrols 巡查 of active renovations and the violations they find: each violation a rectification notice 整改通知书
numbered within the permit, with its deadline; followed up until rectified or escalated to the manager; illegal
building recorded for the authorities. The patrols' due list puts flagged units on the shorter interval."""
from __future__ import annotations

import uuid
from datetime import date

from kefulib.authn import Principal
from kefulib.domain_errors import BadField
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain import patrols as rules_
from ..domain.patrols import DEFAULT_INTERVALS, ViolationStatus
from ..store import PATROLS, PROJECT_SETTINGS, VIOLATIONS
from .applications import applications
from .common import PROJECT_ZONE, get_or_404, now, rules

VIOLATION_RECORDED = "renovation.violation.recorded"


def _patrols(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[PATROLS], tenant)


def violations(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[VIOLATIONS], tenant)


def _today():
    return now().astimezone(PROJECT_ZONE).date()


def record(db: Database, principal: Principal, application_id: str, body: dict) -> dict:
    """A patrol with its findings and photos, and a numbered rectification notice for each violation found."""
    tenant = principal.tenant_id
    application = get_or_404(applications(db, tenant), application_id, "application")
    today, at = _today(), now()
    with rules():
        rules_.check_patrol(application["status"], set(principal.roles))
        for n, found in enumerate(body.get("violations", [])):
            try:
                rules_.check_deadline(found["deadline"], today)
            except BadField as exc:
                raise BadField(f"violations.{n}.deadline", exc.message) from exc
    noticed = application.get("notices_issued", 0)
    patrol = {"_id": str(uuid.uuid4()), "application_id": application_id, "unit_id": application["unit_id"],
              "findings": body["findings"].strip(), "photo_refs": body.get("photo_refs", []), "at": at,
              "by": principal.actor}
    label = application["permit"]["label"]
    found = [{"_id": str(uuid.uuid4()), "application_id": application_id, "unit_id": application["unit_id"],
              "patrol_id": patrol["_id"], "kind": v["kind"], "description": v["description"].strip(),
              "photo_refs": v.get("photo_refs", []), "for_authorities": rules_.for_authorities(v["kind"]),
              "notice": {"number": rules_.notice_number(label, noticed + n + 1), "sequence": noticed + n + 1,
                         "deadline": v["deadline"].isoformat(), "served_at": at, "served_by": principal.actor},
              "status": str(ViolationStatus.OPEN), "follow_ups": [], "found_at": at}
             for n, v in enumerate(body.get("violations", []))]
    patrol["violation_ids"] = [v["_id"] for v in found]

    def work(session) -> None:
        # The notices' count on the application is the guard, so two patrols at once cannot share a number.
        taken = applications(db, tenant).update_one(
            {"_id": application_id, "status": "permitted", "notices_issued": noticed or {"$in": [0, None]}},
            {"$set": {"notices_issued": noticed + len(found), "last_patrol_at": at,
                      "last_patrol_on": today.isoformat()}}, session=session)
        if not taken.modified_count:
            raise Conflict("Another patrol was recorded a moment ago; try again.", reason_code="changed_meanwhile")
        _patrols(db, tenant).insert_one(patrol, session=session)
        if found:
            violations(db, tenant).insert_many(found, session=session)
        for violation in found:  # the kind and the notice only: the description may name people
            add_to_outbox(db, Event(VIOLATION_RECORDED, tenant, actor=principal.actor, data={
                "application_id": application_id, "unit_id": application["unit_id"], "violation_id": violation["_id"],
                "kind": violation["kind"], "notice_number": violation["notice"]["number"],
                "deadline": violation["notice"]["deadline"], "for_authorities": violation["for_authorities"]}), session)

    run_in_transaction(db, work)
    return {**patrol, "violations": found}


def list_patrols(db: Database, tenant: str, application_id: str, query: dict) -> dict:
    get_or_404(applications(db, tenant), application_id, "application")
    found = _patrols(db, tenant)
    filter_ = {"application_id": application_id}
    return page_of(lambda: found.find(filter_).sort([("at", -1), ("_id", 1)]), found.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda p: p)


def list_violations(db: Database, tenant: str, query: dict, application_id: str | None = None) -> dict:
    """Newest first; one application's, or the project's (`status`, `for_authorities`)."""
    if application_id is not None:
        get_or_404(applications(db, tenant), application_id, "application")
    found = violations(db, tenant)
    filter_ = {**({"application_id": application_id} if application_id else {}),
               **{name: query[name] for name in ("status", "for_authorities") if name in query}}
    return page_of(lambda: found.find(filter_).sort([("found_at", -1), ("_id", 1)]), found.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda v: v)


def follow_up(db: Database, principal: Principal, violation_id: str, body: dict) -> dict:
    """Rectified (checked on site) or escalated to the project manager, with a note."""
    tenant = principal.tenant_id
    found = violations(db, tenant)
    violation = get_or_404(found, violation_id, "violation")
    with rules():
        outcome = rules_.follow_up(violation["status"], body["outcome"], set(principal.roles))
    step = {"outcome": outcome, "note": body.get("note", ""), "photo_refs": body.get("photo_refs", []), "at": now(),
            "by": principal.actor}
    done = found.update_one({"_id": violation_id, "status": violation["status"]},
                            {"$set": {"status": outcome, **({"rectified_at": step["at"]}
                                                            if outcome == ViolationStatus.RECTIFIED else {})},
                             "$push": {"follow_ups": step}})
    if not done.modified_count:
        raise Conflict("The violation was changed a moment ago; reload it.", reason_code="changed_meanwhile")
    return found.find_one({"_id": violation_id})


def intervals(db: Database, tenant: str) -> dict:
    stored = db[PROJECT_SETTINGS].find_one({"tenant_id": tenant, "kind": "patrols"}) or {}
    return {name: stored.get(name, default) for name, default in DEFAULT_INTERVALS.items()}


def set_intervals(db: Database, principal: Principal, body: dict) -> dict:
    with rules():
        rules_.check_intervals(body["interval_days"], body["flagged_interval_days"])
    db[PROJECT_SETTINGS].update_one({"tenant_id": principal.tenant_id, "kind": "patrols"}, {"$set": {
        "interval_days": body["interval_days"], "flagged_interval_days": body["flagged_interval_days"],
        "updated_at": now(), "updated_by": principal.actor}}, upsert=True)
    return intervals(db, principal.tenant_id)


def due(db: Database, tenant: str, query: dict) -> dict:
    """Renovations under way by the day their next patrol is due (flagged units on the shorter interval); `by` keeps
    those due by that day (default today)."""
    settings, by = intervals(db, tenant), query.get("by") or _today()
    rows = []
    for application in applications(db, tenant).find({"status": "permitted"}):
        last = application.get("last_patrol_on")
        flagged = bool(application.get("flags"))
        next_on = rules_.due_on(date.fromisoformat(last) if last else None,
                                date.fromisoformat(application["permit"]["valid_from"]), flagged, settings)
        if next_on <= by:
            rows.append({"application_id": application["_id"], "unit_id": application["unit_id"],
                         "permit_label": application["permit"]["label"], "flags": application.get("flags", []),
                         "flagged": flagged, "last_patrol_on": last, "due_on": next_on.isoformat(),
                         "open_violations": violations(db, tenant).count_documents(
                             {"application_id": application["_id"], "status": {"$ne": "rectified"}})})
    rows.sort(key=lambda r: (r["due_on"], not r["flagged"], r["unit_id"]))
    start = (query["page"] - 1) * query["page_size"]
    return {"items": rows[start:start + query["page_size"]], "page": query["page"], "page_size": query["page_size"],
            "total": len(rows), "intervals": settings}
