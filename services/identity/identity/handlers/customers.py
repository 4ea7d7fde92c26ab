"""Key-customer (VIP) profiles (ID-5): classes and tenure, announced to the interview planner without personal
data; the profile itself is read one at a time through the policy and logged."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain import RecordKind, tenure_band
from ..store import CUSTOMERS
from .archives import read_record
from .common import as_date, as_datetime, found, invalid, now
from .units import unit_exists

CUSTOMER_CLASSIFIED = "identity.customer.classified"


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


def create_customer(db: Database, principal: Principal, body: dict) -> dict:
    tenant, at = principal.tenant_id, now()
    if not unit_exists(db, tenant, body["unit_id"]):
        raise invalid("unit_id", "no such unit")
    if body.get("move_in_date") and body["move_in_date"] > at.date():
        raise invalid("move_in_date", "in the future")
    doc = {"_id": f"cus_{uuid.uuid4().hex}", **_dates_to_datetimes(body), "classes": sorted(set(body["classes"])),
           "created_at": at, "created_by": principal.actor}
    customers = TenantCollection(db[CUSTOMERS], tenant)

    def insert_with_event(session):
        customers.insert_one(doc, session=session)
        add_to_outbox(db, _classified(principal, doc, at.date()), session)

    run_in_transaction(db, insert_with_event)
    return customer_summary(doc, at.date())


def _customer(db: Database, tenant_id: str, customer_id: str) -> dict:
    return found(TenantCollection(db[CUSTOMERS], tenant_id), {"_id": customer_id}, "No such customer profile.")


def update_customer(db: Database, principal: Principal, customer_id: str, body: dict) -> dict:
    tenant, at = principal.tenant_id, now()
    doc = _customer(db, tenant, customer_id)
    if body.get("move_in_date") and body["move_in_date"] > at.date():
        raise invalid("move_in_date", "in the future")
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

    def update_with_event(session):
        updated = customers.find_one_and_update({"_id": customer_id}, update, session=session)
        if reclassified:
            add_to_outbox(db, _classified(principal, updated, at.date()), session)
        return updated

    return customer_summary(run_in_transaction(db, update_with_event), at.date())


def customer_filter(query: dict) -> dict:
    filter_: dict = {}
    if "customer_class" in query:
        filter_["classes"] = query["customer_class"]
    if "unit_id" in query:
        filter_["unit_id"] = query["unit_id"]
    if "key_customer" in query:
        filter_["classes.0"] = {"$exists": query["key_customer"]}
    return filter_


def list_customers(db: Database, tenant_id: str, query: dict) -> dict:
    """By class and tenure band, oldest first: no personal data (a profile is read through the policy)."""
    customers = TenantCollection(db[CUSTOMERS], tenant_id)
    filter_ = customer_filter(query)
    today = now().date()
    return page_of(lambda: customers.find(filter_).sort("created_at", 1), customers.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda d: customer_summary(d, today))


def read_customer(db: Database, principal: Principal, customer_id: str, query: dict) -> dict:
    doc = _customer(db, principal.tenant_id, customer_id)
    record = {**doc, "unit": doc["unit_id"], "customer_classes": doc.get("classes", []),
              "birthday": as_date(doc.get("birthday")).isoformat() if doc.get("birthday") else None}
    return read_record(db, principal, RecordKind.VIP_PROFILE, customer_id, record, query.get("requested_fields"),
                       query["purpose"], now())
