"""Move-in 入伙 (DK-1): appointments, the guided flow's five steps, the clock and desk.move_in.completed.

Documents and the owner's registration live in identity, charges in billing: each step reads or writes them through
`Peers` (their REST APIs, the clerk's own token) and keeps on the move-in only what the desk needs to show the step
done: codes, ids, amounts — no copy of the owner's personal data beyond the name the appointment was booked under.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain import move_ins as flow
from ..domain.move_ins import STEP_TITLES, STEPS, Charge, Status, Step
from ..domain.people import mask_name
from ..peers import Peers
from ..store import KEY_LOANS, KEYS, MOVE_INS
from .common import desk_settings, get_or_404, now, person, person_doc, rules

MOVE_IN_COMPLETED = "desk.move_in.completed"


def _move_ins(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[MOVE_INS], tenant)


def _done(move_in: dict) -> dict[str, datetime | None]:
    return {str(s): (move_in["steps"].get(s) or {}).get("done_at") for s in STEPS}


def view(move_in: dict, at: datetime, *, listed: bool = False) -> dict:
    """The move-in as answered: each step with who did it when and how long it took; while the flow runs, the time
    spent since the last step (the step being worked on now), so a step taking long shows."""
    done = {k: v for k, v in _done(move_in).items() if v is not None}
    started = move_in.get("started_at")
    seconds = move_in.get("step_seconds") or (flow.step_durations(started, done) if started else {})
    steps = [{"step": str(s), "title": STEP_TITLES[s], "done": s in done, "done_at": done.get(s),
              "done_by": (move_in["steps"].get(s) or {}).get("done_by"), "duration_seconds": seconds.get(s),
              "detail": {k: v for k, v in (move_in["steps"].get(s) or {}).items() if k not in ("done_at", "done_by")}}
             for s in STEPS]
    running = move_in["status"] == Status.IN_PROGRESS
    last = max([started, *done.values()]) if running else None
    if listed:
        steps = [_masked(s) for s in steps]
    owner = move_in["owner"]["name"]
    return {**move_in, "owner_name": mask_name(owner) if listed else owner, "steps": steps,
            "missing_steps": flow.missing_steps(done) if started else [str(s) for s in STEPS],
            "elapsed_seconds": round((at - started).total_seconds()) if running else move_in.get("duration_seconds"),
            "since_last_step_seconds": round((at - last).total_seconds()) if running else None}


def _masked(step: dict) -> dict:
    signer = step["detail"].get("signed_by")
    if not signer:
        return step
    return {**step, "detail": {**step["detail"], "signed_by": {"name": mask_name(signer["name"])}}}


# ------------------------------------------------------------------ appointments

def book(db: Database, principal: Principal, body: dict) -> dict:
    at = now()
    with rules():
        flow.check_slot(body["slot"])
        flow.check_booking(body["date"], at.date())
    doc = {"_id": str(uuid.uuid4()), "unit_id": body["unit_id"], "date": body["date"].isoformat(),
           "slot": body["slot"],
           # Under a personal key (`name`), so the audit trail records that a name was written, not the name.
           "owner": {"name": body["owner_name"].strip()}, "clerk_id": body["clerk_id"],
           "note": body.get("note", ""), "status": str(Status.BOOKED), "booked_by": principal.actor, "booked_at": at,
           "history": [], "started_at": None, "started_by": None, "finished_at": None, "finished_by": None,
           "duration_seconds": None, "step_seconds": None, "target_minutes": None, "over_target": None,
           "steps": {str(s): None for s in STEPS}}
    _move_ins(db, principal.tenant_id).insert_one(doc)
    return view(doc, at)


def get_move_in(db: Database, tenant: str, move_in_id: str) -> dict:
    return view(get_or_404(_move_ins(db, tenant), move_in_id, "move-in"), now())


def list_move_ins(db: Database, tenant: str, query: dict) -> dict:
    """By day and slot; the owner's name masked (王**)."""
    filter_: dict = {name: query[name] for name in ("unit_id", "status", "clerk_id") if name in query}
    if "date" in query:
        filter_["date"] = query["date"].isoformat()
    at = now()
    move_ins = _move_ins(db, tenant)
    return page_of(lambda: move_ins.find(filter_).sort([("date", 1), ("slot", 1), ("_id", 1)]),
                   move_ins.count_documents(filter_), query["page"], query["page_size"],
                   dump=lambda m: view(m, at, listed=True))


def _guarded(db: Database, tenant: str, move_in: dict, status: str, change: dict, session=None) -> None:
    """Write only if nobody moved the move-in on meanwhile (two desks, one appointment)."""
    changed = _move_ins(db, tenant).update_one({"_id": move_in["_id"], "status": status}, change, session=session)
    if not changed.modified_count:
        raise Conflict("The move-in was changed a moment ago; reload it.", reason_code="changed_meanwhile")


def reschedule(db: Database, principal: Principal, move_in_id: str, body: dict) -> dict:
    move_in = get_or_404(_move_ins(db, principal.tenant_id), move_in_id, "move-in")
    at = now()
    with rules():
        flow.check_rebooking(move_in["status"])
        flow.check_slot(body["slot"])
        flow.check_booking(body["date"], at.date())
    entry = {"action": "rescheduled", "at": at, "by": principal.actor, "from_date": move_in["date"],
             "from_slot": move_in["slot"], "reason": body.get("reason", "")}
    change = {"date": body["date"].isoformat(), "slot": body["slot"],
              **({"clerk_id": body["clerk_id"]} if body.get("clerk_id") else {})}
    _guarded(db, principal.tenant_id, move_in, Status.BOOKED, {"$set": change, "$push": {"history": entry}})
    return get_move_in(db, principal.tenant_id, move_in_id)


def cancel(db: Database, principal: Principal, move_in_id: str, body: dict) -> dict:
    move_in = get_or_404(_move_ins(db, principal.tenant_id), move_in_id, "move-in")
    with rules():
        flow.check_rebooking(move_in["status"])
    entry = {"action": "cancelled", "at": now(), "by": principal.actor, "reason": body["reason"]}
    _guarded(db, principal.tenant_id, move_in, Status.BOOKED,
             {"$set": {"status": str(Status.CANCELLED)}, "$push": {"history": entry}})
    return get_move_in(db, principal.tenant_id, move_in_id)


# ------------------------------------------------------------------ the flow

def start(db: Database, principal: Principal, move_in_id: str) -> dict:
    move_in = get_or_404(_move_ins(db, principal.tenant_id), move_in_id, "move-in")
    with rules():
        flow.check_start(move_in["status"])
    _guarded(db, principal.tenant_id, move_in, Status.BOOKED, {"$set": {
        "status": str(Status.IN_PROGRESS), "started_at": now(), "started_by": principal.actor}})
    return get_move_in(db, principal.tenant_id, move_in_id)


def _open_step(db: Database, tenant: str, move_in_id: str, step: Step) -> dict:
    move_in = get_or_404(_move_ins(db, tenant), move_in_id, "move-in")
    with rules():
        flow.check_step(move_in["status"], step, (move_in["steps"].get(step) or {}).get("done_at"))
    return move_in


def _record_step(db: Database, principal: Principal, move_in: dict, step: Step, detail: dict, *, done: bool,
                 session=None) -> None:
    at = now()
    record = {**detail, "done_at": at if done else None, "done_by": principal.actor if done else None}
    changed = _move_ins(db, principal.tenant_id).update_one(
        {"_id": move_in["_id"], "status": str(Status.IN_PROGRESS), f"steps.{step}.done_at": None},
        {"$set": {f"steps.{step}": record}}, session=session)
    if not changed.modified_count:
        raise Conflict(f"The step {step} was recorded a moment ago; reload the move-in.", reason_code="changed_meanwhile")


def documents(db: Database, principal: Principal, peers: Peers, move_in_id: str) -> dict:
    """What identity's move-in checklist still lacks for the unit."""
    move_in = get_or_404(_move_ins(db, principal.tenant_id), move_in_id, "move-in")
    return {"move_in_id": move_in_id, "unit_id": move_in["unit_id"], **peers.move_in_checklist(move_in["unit_id"])}


def record_documents(db: Database, principal: Principal, peers: Peers, move_in_id: str, body: dict) -> dict:
    """Marks the documents handed in now as received in identity; the step is done when none is missing."""
    move_in = _open_step(db, principal.tenant_id, move_in_id, Step.DOCUMENTS)
    unit = move_in["unit_id"]
    checklist = peers.mark_received(unit, body["received"]) if body["received"] else peers.move_in_checklist(unit)
    earlier = (move_in["steps"].get(Step.DOCUMENTS) or {}).get("marked", [])
    missing = [item["code"] for item in checklist["missing"]]
    _record_step(db, principal, move_in, Step.DOCUMENTS,
                 {"marked": sorted(set(earlier) | set(body["received"])), "missing": missing}, done=not missing)
    return {**get_move_in(db, principal.tenant_id, move_in_id), "documents": checklist}


def _charges(peers: Peers, unit_id: str) -> list[dict]:
    return [{"charge_id": c["id"], "slip_number": c.get("slip_number"), "source": c.get("source"),
             "category": c.get("category"), "status": c.get("status"), "amount_fen": c.get("amount_fen", 0),
             "outstanding_fen": (c.get("balance") or {}).get("outstanding_fen", 0) if c.get("status") == "open" else 0,
             "description": "、".join(line.get("description", "") for line in c.get("lines", []))}
            for c in peers.unit_charges(unit_id)]


def _due(charges: list[dict]) -> list[Charge]:
    return flow.fees_due(Charge(c["charge_id"], c["status"], c["outstanding_fen"]) for c in charges)


def fees(db: Database, principal: Principal, peers: Peers, move_in_id: str) -> dict:
    """billing's charges for the unit and what of them is due now."""
    move_in = get_or_404(_move_ins(db, principal.tenant_id), move_in_id, "move-in")
    charges = _charges(peers, move_in["unit_id"])
    due = _due(charges)
    return {"move_in_id": move_in_id, "unit_id": move_in["unit_id"], "charges": charges,
            "due": [c.charge_id for c in due], "due_fen": sum(c.outstanding_fen for c in due)}


def record_fees(db: Database, principal: Principal, peers: Peers, move_in_id: str, body: dict) -> dict:
    """Done when billing has nothing due unpaid for the unit, or a supervisor waives the step with a reason."""
    move_in = _open_step(db, principal.tenant_id, move_in_id, Step.FEES)
    charges = _charges(peers, move_in["unit_id"])
    due = _due(charges)
    with rules():
        flow.check_fees(due, body.get("waive_reason"), principal.roles)
    detail = {"charges": [{k: c[k] for k in ("charge_id", "slip_number", "amount_fen", "outstanding_fen", "status")}
                          for c in charges],
              "waived": {"reason": body["waive_reason"], "by": principal.actor,
                         "outstanding_fen": sum(c.outstanding_fen for c in due)} if body.get("waive_reason") else None}
    _record_step(db, principal, move_in, Step.FEES, detail, done=True)
    return get_move_in(db, principal.tenant_id, move_in_id)


def record_keys(db: Database, principal: Principal, move_in_id: str, body: dict) -> dict:
    """The unit's keys handed to the owner against signature (签领钥匙登记表): each key leaves the register as a
    hand-over in its history, in one transaction with the step."""
    tenant = principal.tenant_id
    move_in = _open_step(db, tenant, move_in_id, Step.KEYS)
    keys = TenantCollection(db[KEYS], tenant)
    unit_keys = {k["_id"]: k["status"] for k in keys.find({"unit_id": move_in["unit_id"]}, {"status": 1})}
    with rules():
        flow.check_key_handover(body["key_ids"], unit_keys, body["counts"])
    at, signer = now(), person_doc(person(body["signed_by"]))
    loans = [{"_id": str(uuid.uuid4()), "key_id": key_id, "kind": "handover", "holder": signer,
              "holder_staff_id": None, "purpose": "入伙交钥匙", "move_in_id": move_in_id, "signed_out_at": at,
              "signed_out_by": principal.actor, "expected_return_at": None, "returned_at": None, "returned_by": None,
              "overdue_flagged_at": None} for key_id in body["key_ids"]]
    detail = {"key_ids": body["key_ids"], "loan_ids": [loan["_id"] for loan in loans],
              "counts": {k: v for k, v in body["counts"].items() if v}, "signed_by": {"name": signer["name"]},
              "form_ref": body.get("form_ref")}

    def write(session):
        for loan in loans:
            changed = keys.update_one({"_id": loan["key_id"], "status": "in"}, {"$set": {
                "status": "handed_over", "loan_id": loan["_id"], "holder": signer, "holder_staff_id": None,
                "signed_out_at": at, "expected_return_at": None, "overdue_flagged_at": None}}, session=session)
            if not changed.modified_count:
                raise Conflict("A key was signed out a moment ago.", reason_code="key_not_on_hook")
        TenantCollection(db[KEY_LOANS], tenant).insert_many(loans, session=session)
        _record_step(db, principal, move_in, Step.KEYS, detail, done=True, session=session)

    run_in_transaction(db, write)
    return get_move_in(db, tenant, move_in_id)


def record_utilities(db: Database, principal: Principal, move_in_id: str, body: dict) -> dict:
    """Water, power, gas, phone and cable TV, each opened (reading or account) or not applicable with a reason;
    recorded over one or more calls, done when all five are."""
    move_in = _open_step(db, principal.tenant_id, move_in_id, Step.UTILITIES)
    with rules():
        for entry in body["items"]:
            flow.check_utility(entry)
    at = now()
    recorded = dict((move_in["steps"].get(Step.UTILITIES) or {}).get("items") or {})
    for entry in body["items"]:
        recorded[entry["utility"]] = {"meter_reading": entry.get("meter_reading"),
                                      "account_ref": entry.get("account_ref"),
                                      "not_applicable_reason": entry.get("not_applicable_reason"),
                                      "recorded_at": at, "recorded_by": principal.actor}
    missing = flow.missing_utilities(recorded)
    _record_step(db, principal, move_in, Step.UTILITIES, {"items": recorded, "missing": missing}, done=not missing)
    return get_move_in(db, principal.tenant_id, move_in_id)


def record_registration(db: Database, principal: Principal, peers: Peers, move_in_id: str, body: dict) -> dict:
    """The 业主登记表: its personal data goes to identity's owner archive (ID-3, level-1 confidential, access
    logged); desk keeps the archive's id, whether an agent acts for the owner, and where the paper is filed."""
    move_in = _open_step(db, principal.tenant_id, move_in_id, Step.REGISTRATION)
    unit = move_in["unit_id"]
    if body.get("owner"):
        form = {**body["owner"], "agent_name": body.get("agent_name")}
        owner_id = peers.record_owner(unit, form, date.fromisoformat(move_in["date"]),
                                      idempotency_key=f"desk-move-in-{move_in_id}-registration")["owner_id"]
    else:
        owner_id = body["owner_id"]
        if peers.current_owner_id(unit) != owner_id:
            raise Conflict("That owner archive is not the unit's current owner in identity.",
                           reason_code="not_the_current_owner")
    detail = {"owner_id": owner_id, "has_agent": bool(body.get("has_agent") or body.get("agent_name")),
              "form_ref": body.get("form_ref")}
    _record_step(db, principal, move_in, Step.REGISTRATION, detail, done=True)
    return get_move_in(db, principal.tenant_id, move_in_id)


def finish(db: Database, principal: Principal, move_in_id: str) -> dict:
    """Stops the clock: the duration and each step's, against the project's target, and desk.move_in.completed."""
    tenant = principal.tenant_id
    move_in = get_or_404(_move_ins(db, tenant), move_in_id, "move-in")
    at = now()
    with rules():
        done = flow.finish(move_in["status"], move_in.get("started_at"), _done(move_in), at)
    target = desk_settings(db, tenant).move_in_target_minutes
    over = done.duration_seconds > target * 60
    # No names in the event: ids, times and durations are what a report or a webhook needs.
    event = Event(MOVE_IN_COMPLETED, tenant, {
        "move_in_id": move_in_id, "unit_id": move_in["unit_id"], "date": move_in["date"],
        "started_at": move_in["started_at"].isoformat(), "finished_at": at.isoformat(),
        "duration_seconds": done.duration_seconds, "target_minutes": target, "over_target": over,
        "step_durations": done.step_seconds}, actor=principal.actor)

    def write(session):
        _guarded(db, tenant, move_in, Status.IN_PROGRESS, {"$set": {
            "status": str(Status.COMPLETED), "finished_at": at, "finished_by": principal.actor,
            "duration_seconds": done.duration_seconds, "step_seconds": done.step_seconds, "target_minutes": target,
            "over_target": over}}, session=session)
        add_to_outbox(db, event, session)

    run_in_transaction(db, write)
    return get_move_in(db, tenant, move_in_id)


# ------------------------------------------------------------------ the report

def _finished(rows) -> list[flow.Finished]:
    return [flow.Finished(r["_id"], r["unit_id"], r["date"], r["duration_seconds"], r.get("step_seconds") or {})
            for r in rows]


def _period(query: dict) -> dict:
    return {"status": str(Status.COMPLETED),
            "date": {"$gte": query["from_"].isoformat(), "$lte": query["to"].isoformat()}}


FIELDS = {"unit_id": 1, "date": 1, "duration_seconds": 1, "step_seconds": 1}


def report(db: Database, tenant: str, query: dict) -> dict:
    """Move-ins finished on appointment days from..to (the project's own days, as booked)."""
    rows = _move_ins(db, tenant).find(_period(query), FIELDS)
    target = desk_settings(db, tenant).move_in_target_minutes
    return {"project": tenant, "from": query["from_"], "to": query["to"], **flow.report(_finished(rows), target)}


def hq_report(db: Database, query: dict) -> dict:
    """The same per project, for HQ across projects (or those named)."""
    filter_ = _period(query)
    if query.get("project"):
        filter_["tenant_id"] = {"$in": query["project"]}
    by_project: dict[str, list] = {}
    for row in db[MOVE_INS].find(filter_, {**FIELDS, "tenant_id": 1}).sort([("tenant_id", 1), ("date", 1)]):
        by_project.setdefault(row["tenant_id"], []).append(row)
    projects = [{"project": tenant, **flow.report(_finished(rows), desk_settings(db, tenant).move_in_target_minutes)}
                for tenant, rows in sorted(by_project.items())]
    return {"from": query["from_"], "to": query["to"], "projects": projects}
