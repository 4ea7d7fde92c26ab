"""Document checklists (ID-4), key-customer profiles (ID-5), the important-event archive (ID-6) and
archive quality checks (ID-10)."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, Forbidden, NotFound, Unprocessable
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .access import acting_role
from .archives import as_date, as_datetime, read_record
from .domain import (
    CHECKLISTS,
    CheckKind,
    ChecklistKind,
    EventKind,
    EventStatus,
    ImportantEvent,
    InvalidInput,
    RecordKind,
    ReviewStep,
    Role,
    UnitDocuments,
    apply,
    choose_sample,
    missing,
    next_check,
    rollup,
    tenure_band,
)
from .store import CUSTOMERS, IMPORTANT_EVENTS, OWNERSHIPS, QUALITY_CHECKS, TENANTS, UNIT_DOCUMENTS, UNITS
from .units import get_settings, get_unit, quality_policy

CUSTOMER_CLASSIFIED = "identity.customer.classified"


# ---------------------------------------------------------------- checklists (ID-4)

def catalogue() -> dict:
    return {"checklists": [{"kind": kind.value, "items": [vars(i) for i in items]} for kind, items in CHECKLISTS.items()]}


def _missing(kind: str, received, conditions) -> list[dict]:
    try:
        return [vars(i) for i in missing(kind, received, conditions)]
    except InvalidInput as error:  # the domain names its own parameters; name the request's fields
        field = {"received_codes": "received"}.get(error.field, error.field)
        raise Unprocessable(f"These fields are not valid: {field}.", errors={field: [error.message]}) from None


def record_documents(db: Database, principal: Principal, unit_id: str, kind: str, body: dict, at: datetime) -> dict:
    tenant = principal.tenant_id
    get_unit(db, tenant, unit_id)
    documents = TenantCollection(db[UNIT_DOCUMENTS], tenant)
    current = documents.find_one({"unit_id": unit_id, "kind": kind}) or {"received": {}, "conditions": []}
    conditions = body["conditions"] if body.get("conditions") is not None else current["conditions"]
    _missing(kind, list(current["received"]) + body["received"], conditions)  # validates before writing
    change = {f"received.{code}": {"at": at, "by": principal.actor} for code in body["received"]
              if code not in current["received"]}
    change["conditions"] = sorted(set(conditions))
    if "_id" not in current:
        try:
            documents.insert_one({"_id": str(uuid.uuid4()), "unit_id": unit_id, "kind": kind, "received": {},
                                  "conditions": [], "opened_at": at})
        except DuplicateKeyError:
            pass  # opened by someone else a moment ago
    documents.update_one({"unit_id": unit_id, "kind": kind}, {"$set": change})
    return unit_checklists(db, tenant, unit_id)


def _view(doc: dict) -> dict:
    return {"kind": doc["kind"], "received": sorted(doc["received"]), "conditions": doc["conditions"],
            "missing": _missing(doc["kind"], doc["received"], doc["conditions"])}


def unit_checklists(db: Database, tenant_id: str, unit_id: str) -> dict:
    get_unit(db, tenant_id, unit_id)
    docs = TenantCollection(db[UNIT_DOCUMENTS], tenant_id).find({"unit_id": unit_id}).sort("kind", 1)
    return {"unit_id": unit_id, "checklists": [_view(d) for d in docs]}


def project_missing(db: Database, tenant_id: str, kind: str | None) -> dict:
    filter_ = {"kind": kind} if kind else {}
    docs = TenantCollection(db[UNIT_DOCUMENTS], tenant_id).find(filter_)
    summary = rollup(UnitDocuments(d["unit_id"], ChecklistKind(d["kind"]), frozenset(d["received"]),
                                   frozenset(d["conditions"])) for d in docs)
    return {"units_checked": summary.units_checked, "units_complete": summary.units_complete,
            "missing_by_unit": {u: {str(k): list(v) for k, v in by_kind.items()}
                                for u, by_kind in summary.missing_by_unit.items()},
            "missing_count_by_code": dict(summary.missing_count_by_code)}


# ---------------------------------------------------------------- key customers (ID-5)

def _band(doc: dict, today: date) -> str | None:
    move_in = as_date(doc.get("move_in_date"))
    return tenure_band(move_in, today).value if move_in else None


def customer_summary(doc: dict, today: date) -> dict:
    return {**doc, "tenure_band": _band(doc, today), "key_customer": bool(doc.get("classes"))}


def _classified(principal: Principal, doc: dict, today: date) -> Event:
    # Only what the interview planner needs: no name, phone, ID number or address (docs/events.md).
    return Event(CUSTOMER_CLASSIFIED, principal.tenant_id, actor=principal.actor, data={
        "customer_id": doc["_id"], "unit_id": doc["unit_id"], "classes": sorted(doc.get("classes", [])),
        "tenure_band": _band(doc, today)})


def _dates_to_datetimes(body: dict) -> dict:
    return {k: as_datetime(v) if isinstance(v, date) and not isinstance(v, datetime) else v for k, v in body.items()}


def create_customer(db: Database, principal: Principal, body: dict, at: datetime) -> dict:
    tenant = principal.tenant_id
    if TenantCollection(db[UNITS], tenant).find_one({"unit_id": body["unit_id"]}) is None:
        raise Unprocessable("These fields are not valid: unit_id.", errors={"unit_id": ["no such unit"]})
    if body.get("move_in_date") and body["move_in_date"] > at.date():
        raise Unprocessable("These fields are not valid: move_in_date.", errors={"move_in_date": ["in the future"]})
    doc = {"_id": f"cus_{uuid.uuid4().hex}", **_dates_to_datetimes(body), "classes": sorted(set(body["classes"])),
           "created_at": at, "created_by": principal.actor}
    customers = TenantCollection(db[CUSTOMERS], tenant)

    def work(session):
        customers.insert_one(doc, session=session)
        add_to_outbox(db, _classified(principal, doc, at.date()), session)

    run_in_transaction(db, work)
    return customer_summary(doc, at.date())


def _customer(db: Database, tenant_id: str, customer_id: str) -> dict:
    doc = TenantCollection(db[CUSTOMERS], tenant_id).find_one({"_id": customer_id})
    if doc is None:
        raise NotFound("No such customer profile.")
    return doc


def update_customer(db: Database, principal: Principal, customer_id: str, body: dict, at: datetime) -> dict:
    tenant = principal.tenant_id
    doc = _customer(db, tenant, customer_id)
    if body.get("move_in_date") and body["move_in_date"] > at.date():
        raise Unprocessable("These fields are not valid: move_in_date.", errors={"move_in_date": ["in the future"]})
    change = _dates_to_datetimes({k: v for k, v in body.items() if k not in ("add_opinion", "add_complaint")})
    if "classes" in change:
        change["classes"] = sorted(set(change["classes"]))
    update: dict = {"$set": {**change, "updated_at": at, "updated_by": principal.actor}}
    pushes = {f: body[k] for k, f in (("add_opinion", "opinions"), ("add_complaint", "complaint_history")) if k in body}
    if pushes:
        update["$push"] = pushes
    reclassified = ("classes" in change and change["classes"] != doc.get("classes")) or \
        ("move_in_date" in change and change["move_in_date"] != doc.get("move_in_date"))
    customers = TenantCollection(db[CUSTOMERS], tenant)

    def work(session):
        updated = customers.find_one_and_update({"_id": customer_id}, update, session=session)
        if reclassified:
            add_to_outbox(db, _classified(principal, updated, at.date()), session)
        return updated

    return customer_summary(run_in_transaction(db, work), at.date())


def customer_filter(query: dict) -> dict:
    filter_: dict = {}
    if "customer_class" in query:
        filter_["classes"] = query["customer_class"]
    if "unit_id" in query:
        filter_["unit_id"] = query["unit_id"]
    if "key_customer" in query:
        filter_["classes.0"] = {"$exists": query["key_customer"]}
    return filter_


def read_customer(db: Database, principal: Principal, customer_id: str, query: dict, at: datetime) -> dict:
    doc = _customer(db, principal.tenant_id, customer_id)
    record = {**doc, "unit": doc["unit_id"], "customer_classes": doc.get("classes", []),
              "birthday": as_date(doc.get("birthday")).isoformat() if doc.get("birthday") else None}
    return read_record(db, principal, RecordKind.VIP_PROFILE, customer_id, record, query.get("requested_fields"),
                       query["purpose"], at)


# ---------------------------------------------------------------- important events (ID-6)

def _event_of(doc: dict) -> ImportantEvent:
    steps = tuple(ReviewStep(s["action"], s["actor"], Role(s["role"]), s["at"], s.get("note", "")) for s in doc["steps"])
    return ImportantEvent(doc["_id"], EventKind(doc["kind"]), doc["title"], doc["recorded_by"], doc.get("unit_id"),
                          EventStatus(doc["status"]), steps)


def create_event(db: Database, principal: Principal, body: dict, at: datetime) -> dict:
    role = acting_role()
    if role in (Role.INTEGRATION_CLIENT, Role.OWNER_RESIDENT):
        raise Forbidden("Only staff record important events.")
    if body.get("unit_id") and TenantCollection(db[UNITS], principal.tenant_id).find_one(
            {"unit_id": body["unit_id"]}) is None:
        raise Unprocessable("These fields are not valid: unit_id.", errors={"unit_id": ["no such unit"]})
    doc = {"_id": f"evt_{uuid.uuid4().hex}", **body, "status": EventStatus.DRAFT.value, "steps": [],
           "recorded_by": principal.actor, "created_at": at}
    return TenantCollection(db[IMPORTANT_EVENTS], principal.tenant_id).insert_one(doc)


def _event(db: Database, tenant_id: str, event_id: str) -> dict:
    doc = TenantCollection(db[IMPORTANT_EVENTS], tenant_id).find_one({"_id": event_id})
    if doc is None:
        raise NotFound("No such important event.")
    return doc


def review_event(db: Database, principal: Principal, event_id: str, action: str, note: str, at: datetime) -> dict:
    """submit (any staff), file or return (the project manager); a filed event is final."""
    doc = _event(db, principal.tenant_id, event_id)
    role = acting_role((Role.PROJECT_MANAGER,) if action in ("file", "return") else ())
    after = apply(_event_of(doc), action, actor=principal.actor, role=role, at=at, note=note)
    step = after.steps[-1]
    updated = TenantCollection(db[IMPORTANT_EVENTS], principal.tenant_id).find_one_and_update(
        {"_id": event_id, "status": doc["status"]},
        {"$set": {"status": after.status.value},
         "$push": {"steps": {"action": step.action, "actor": step.actor, "role": step.role.value, "at": step.at,
                             "note": step.note}}})
    if updated is None:
        raise Conflict("The event changed meanwhile; reload it and try again.")
    return updated


def event_filter(query: dict) -> dict:
    return {k: query[k] for k in ("status", "kind", "unit_id") if k in query}


def read_event(db: Database, principal: Principal, event_id: str, query: dict, at: datetime) -> dict:
    doc = _event(db, principal.tenant_id, event_id)
    record = {**doc, "unit": doc.get("unit_id"), "event_kind": doc["kind"]}
    return read_record(db, principal, RecordKind.IMPORTANT_EVENT, event_id, record, query.get("requested_fields"),
                       query["purpose"], at)


# ---------------------------------------------------------------- quality checks (ID-10)

def _occupied_units(db: Database, tenant_id: str, today: date) -> list[str]:
    return TenantCollection(db[OWNERSHIPS], tenant_id).collection.distinct(
        "unit_id", {"tenant_id": tenant_id, "valid_until": None, "valid_from": {"$lte": as_datetime(today)}})


def _last_completed(db: Database, tenant_id: str, kind: CheckKind) -> date | None:
    doc = TenantCollection(db[QUALITY_CHECKS], tenant_id).find_one(
        {"kind": kind.value, "status": "completed"}, sort=[("completed_at", -1)])
    return as_date(doc["completed_at"]) if doc else None


def check_due(db: Database, tenant_id: str, today: date) -> dict:
    settings = get_settings(db, tenant_id)
    if settings["move_in_date"] is None:
        raise Conflict("Set the project's move_in_date in /settings first: checks are scheduled from it.")
    total = TenantCollection(db[UNITS], tenant_id).count_documents({})
    occupied = len(_occupied_units(db, tenant_id, today))
    due = next_check(quality_policy(settings), move_in=settings["move_in_date"], total_units=total,
                     occupied_units=occupied, today=today,
                     last_full_check=_last_completed(db, tenant_id, CheckKind.FULL),
                     last_sample_check=_last_completed(db, tenant_id, CheckKind.SAMPLE))
    return {"kind": due.kind.value, "due_on": due.due_on, "is_due": due.is_due, "is_overdue": due.is_overdue,
            "total_units": total, "occupied_units": occupied}


def _open_check(db: Database, tenant_id: str) -> dict | None:
    return TenantCollection(db[QUALITY_CHECKS], tenant_id).find_one({"status": "open"})


def start_check(db: Database, principal: Principal, at: datetime) -> dict:
    """A full check, or a random sample of at least the project's ratio (default 5 %), when one is due."""
    tenant = principal.tenant_id
    if _open_check(db, tenant) is not None:
        raise Conflict("A quality check is already open; complete it first.")
    due = check_due(db, tenant, at.date())
    if not due["is_due"]:
        raise Conflict(f"No quality check is due yet (next: {due['kind']} on {due['due_on']}).")
    unit_ids = [u["unit_id"] for u in TenantCollection(db[UNITS], tenant).find({}, {"unit_id": 1})]
    seed = None
    if due["kind"] == CheckKind.SAMPLE.value:
        seed = uuid.uuid4().hex
        unit_ids = list(choose_sample(unit_ids, quality_policy(get_settings(db, tenant)).sample_ratio, seed))
    doc = {"_id": f"qc_{uuid.uuid4().hex}", "kind": due["kind"], "due_on": as_datetime(due["due_on"]),
           "seed": seed, "unit_ids": sorted(unit_ids), "findings": {}, "status": "open", "created_at": at,
           "created_by": principal.actor, "completed_at": None}
    return check_view(TenantCollection(db[QUALITY_CHECKS], tenant).insert_one(doc))


def check_view(doc: dict) -> dict:
    return {**doc, "due_on": as_date(doc.get("due_on")),
            "findings": [{"unit_id": u, **f} for u, f in sorted(doc.get("findings", {}).items())]}


def get_check(db: Database, tenant_id: str, check_id: str) -> dict:
    doc = TenantCollection(db[QUALITY_CHECKS], tenant_id).find_one({"_id": check_id})
    if doc is None:
        raise NotFound("No such quality check.")
    return doc


def record_finding(db: Database, principal: Principal, check_id: str, body: dict, at: datetime) -> dict:
    tenant = principal.tenant_id
    doc = get_check(db, tenant, check_id)
    if body["unit_id"] not in doc["unit_ids"]:
        raise Unprocessable("These fields are not valid: unit_id.", errors={"unit_id": ["not part of this check"]})
    if doc["status"] != "open":
        raise Conflict("The check is completed; findings are final.")
    docs = TenantCollection(db[UNIT_DOCUMENTS], tenant).find({"unit_id": body["unit_id"]})
    lacking = {d["kind"]: [m["code"] for m in _missing(d["kind"], d["received"], d["conditions"])] for d in docs}
    finding = {"complete": body["complete"] and not any(lacking.values()), "notes": body["notes"],
               "missing": {k: v for k, v in lacking.items() if v}, "checked_by": principal.actor, "checked_at": at}
    updated = TenantCollection(db[QUALITY_CHECKS], tenant).find_one_and_update(
        {"_id": check_id, "status": "open"}, {"$set": {f"findings.{body['unit_id']}": finding}})
    if updated is None:
        raise Conflict("The check is completed; findings are final.")
    return check_view(updated)


def complete_check(db: Database, principal: Principal, check_id: str, at: datetime) -> dict:
    tenant = principal.tenant_id
    doc = get_check(db, tenant, check_id)
    unchecked = sorted(set(doc["unit_ids"]) - set(doc.get("findings", {})))
    if unchecked:
        raise Conflict(f"{len(unchecked)} unit(s) have no finding yet, e.g. {unchecked[0]}.")
    updated = TenantCollection(db[QUALITY_CHECKS], tenant).find_one_and_update(
        {"_id": check_id, "status": "open"}, {"$set": {"status": "completed", "completed_at": at}})
    if updated is None:
        raise Conflict("The check is already completed.")
    return check_view(updated)


def overdue(db: Database, principal: Principal, hq: bool, today: date) -> list[dict]:
    """Projects whose next check is overdue: every project for HQ, else the caller's own."""
    projects = [t["_id"] for t in db[TENANTS].find({"_id": {"$ne": "hq"}}).sort("_id", 1)] if hq \
        else [principal.tenant_id]
    out = []
    for project in projects:
        try:
            due = check_due(db, project, today)
        except Conflict:
            continue  # no move-in date yet: nothing is scheduled
        if due["is_overdue"]:
            open_check = _open_check(db, project)
            out.append({"project_id": project, "kind": due["kind"], "due_on": due["due_on"],
                        "open_check_id": open_check["_id"] if open_check else None})
    return out

