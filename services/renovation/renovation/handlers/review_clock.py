"""The review steps' SLA clock on the stored application, the project's review hours, and the overdue scan.

An application waiting on a step carries `review_due_at` (its deadline, shown and listed as overdue) and
`review_clock` (the step, round and hours it was started with, and the level reached); `review_escalation_at` is the
next level's due time, unset once HQ was told or when the application leaves the step, so the scan's index holds only
applications that can still escalate. Every write that moves an application between steps sets or clears them in
the same update (`clock_change`).
"""
from __future__ import annotations

import logging
from datetime import datetime

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database

from ..domain import review_clock as clock
from ..domain.applications import ReviewStep
from ..store import APPLICATIONS, PROJECT_SETTINGS
from .common import now

log = logging.getLogger(__name__)

REVIEW_OVERDUE = "renovation.review.overdue"
CLOCK_FIELDS = ("review_due_at", "review_escalation_at")


def review_hours(db: Database, tenant: str, session=None) -> dict:
    stored = db[PROJECT_SETTINGS].find_one({"tenant_id": tenant, "kind": "review"}, session=session) or {}
    return {clock.hours_field(step): stored.get(clock.hours_field(step), hours)
            for step, hours in clock.DEFAULT_HOURS.items()}


def set_review_hours(db: Database, principal: Principal, body: dict) -> dict:
    """The project manager sets the hours; applications already waiting keep the hours their step started with."""
    db[PROJECT_SETTINGS].update_one({"tenant_id": principal.tenant_id, "kind": "review"}, {"$set": {
        **{clock.hours_field(step): body[clock.hours_field(step)] for step in ReviewStep},
        "updated_at": now(), "updated_by": principal.actor}}, upsert=True)
    return review_hours(db, principal.tenant_id)


def clock_change(db: Database, tenant: str, status: str, round_: int, at: datetime) -> tuple[dict, dict]:
    """($set, $unset) for an application moving into `status` at `at`: a fresh clock on a review step, none off it."""
    step = clock.step_waiting(status)
    if step is None:
        return {"review_clock": None}, dict.fromkeys(CLOCK_FIELDS, "")
    hours = review_hours(db, tenant)[clock.hours_field(step)]
    due = clock.due_at(at, hours)
    return {"review_clock": {"step": str(step), "round": round_, "hours": hours, "started_at": at, "level": 0},
            "review_due_at": due, "review_escalation_at": due}, {}


def _escalate(db: Database, tenant: str, application_id: str, at: datetime, session) -> int:
    """Record and announce the levels due by `at` of one application; each (step, round, level) once."""
    collection = TenantCollection(db[APPLICATIONS], tenant)
    found = collection.find_one({"_id": application_id}, session=session)
    kept = (found or {}).get("review_clock")
    if not kept or found.get("review_escalation_at") is None or found["review_escalation_at"] > at:
        return 0  # reviewed meanwhile, or another scanner got there first
    step, hours, reached = ReviewStep(kept["step"]), kept["hours"], kept["level"]
    due = clock.escalations_due(step, found["review_due_at"], hours, reached, at)
    if not due:
        return 0
    top = due[-1].level
    following = clock.next_escalation(found["review_due_at"], hours, top)
    change = {"$set": {"review_clock.level": top, "updated_at": at},
              "$push": {"review_escalations": {"$each": [
                  {"step": str(step), "round": kept["round"], "level": e.level, "due_at": e.due_at, "reported_at": at,
                   "roles": list(e.roles)} for e in due]}}}
    if following is None:
        change["$unset"] = {"review_escalation_at": ""}
    else:
        change["$set"]["review_escalation_at"] = following
    # Guarded on what was read: a review decision or a second scanner in between makes this write nothing.
    done = collection.update_one({"_id": application_id, "status": found["status"], "round": found["round"],
                                  "review_clock.level": reached}, change, session=session)
    if not done.modified_count:
        return 0
    for e in due:
        add_to_outbox(db, Event(REVIEW_OVERDUE, tenant, actor=None, data={
            "application_id": application_id, "unit_id": found["unit_id"], "step": str(step),
            "round": kept["round"], "level": e.level, "due_at": e.due_at.isoformat(),
            "notify_roles": list(e.roles)}), session)
    return len(due)


def scan_overdue(db: Database, at: datetime | None = None, batch_size: int = 200) -> int:
    """Announce every review level due by `at` across all projects; returns how many were announced.

    Reads only the index entries with `review_escalation_at <= at`, so the cost follows what is due, not the
    applications under review. Each application is handled in its own transaction.
    """
    at = at or now()
    announced, failed = 0, set()
    while True:
        query: dict = {"review_escalation_at": {"$lte": at}}
        if failed:
            query["_id"] = {"$nin": sorted(failed)}
        rows = list(db[APPLICATIONS].find(query, {"_id": 1, "tenant_id": 1}).sort("review_escalation_at", 1)
                    .limit(batch_size))
        if not rows:
            return announced
        for row in rows:
            try:
                count = run_in_transaction(db, lambda s, r=row: _escalate(db, r["tenant_id"], r["_id"], at, s))
            except Exception:
                log.exception("review overdue scan failed for an application", extra={"record_id": row["_id"]})
                count = 0
            if not count:
                failed.add(row["_id"])  # nothing more to do for it in this run: never loop on it
            announced += count
