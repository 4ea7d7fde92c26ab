"""Appointments 预约 (VS-5): resources, slots and bookings; the unique index is what prevents double booking."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from kefulib.authn import Principal
from kefulib.problems import Conflict
from kefulib.store import TenantCollection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..domain import BookableResource, generate_slots, project_zone, seat_keys, validate_booking
from ..store import BOOKINGS, RESOURCES
from .common import domain_errors, get_or_404, now


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _resource(doc: dict) -> BookableResource:
    hours = {int(day): tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in windows)
             for day, windows in doc["weekly_hours"].items()}
    return BookableResource(doc["_id"], hours, doc["slot_minutes"], doc["capacity"], doc["timezone"],
                            frozenset(date.fromisoformat(d) for d in doc.get("closed_on", [])))


def create_resource(db: Database, principal: Principal, body: dict) -> dict:
    doc = {
        "_id": str(uuid.uuid4()), "name": body["name"], "kind": body["kind"], "description": body.get("description", ""),
        "weekly_hours": {str(day): [[_hhmm(w["start"]), _hhmm(w["end"])] for w in windows]
                         for day, windows in body["weekly_hours"].items()},
        "slot_minutes": body["slot_minutes"], "capacity": body["capacity"], "timezone": body["timezone"],
        "closed_on": sorted(d.isoformat() for d in body.get("closed_on", [])),
        "created_by": principal.actor, "created_at": now(),
    }
    with domain_errors():
        _resource(doc)
    TenantCollection(db[RESOURCES], principal.tenant_id).insert_one(doc)
    return doc


def resource_out(doc: dict) -> dict:
    return {**doc, "weekly_hours": {day: [{"start": a, "end": b} for a, b in windows]
                                    for day, windows in doc["weekly_hours"].items()}}


def slots(db: Database, tenant: str, resource_id: str, day: date) -> dict:
    doc = get_or_404(TenantCollection(db[RESOURCES], tenant), resource_id, "bookable resource")
    resource = _resource(doc)
    day_slots = generate_slots(resource, day)
    taken: dict[datetime, int] = {}
    if day_slots:
        for booking in TenantCollection(db[BOOKINGS], tenant).find(
                {"resource_id": resource_id, "status": "active",
                 "start": {"$gte": day_slots[0].start, "$lt": day_slots[-1].end}}):
            taken[booking["start"]] = taken.get(booking["start"], 0) + 1
    at = now()
    items = []
    for slot in day_slots:
        used = taken.get(slot.start, 0)
        items.append({"start": slot.start, "end": slot.end, "capacity": resource.capacity,
                      "seats_free": max(0, resource.capacity - used),
                      "available": used < resource.capacity and slot.start >= at})
    return {"resource_id": resource_id, "date": day, "timezone": resource.timezone, "items": items}


def book(db: Database, principal: Principal, body: dict) -> dict:
    tenant = principal.tenant_id
    doc = get_or_404(TenantCollection(db[RESOURCES], tenant), body["resource_id"], "bookable resource")
    resource = _resource(doc)
    bookings = TenantCollection(db[BOOKINGS], tenant)
    start = body["start"]
    with domain_errors():
        taken = bookings.count_documents({"resource_id": resource.resource_id, "start": start, "status": "active"})
        slot = validate_booking(resource, start, now(), taken)
        keys = seat_keys(resource, slot.start)
    base = {
        "resource_id": resource.resource_id, "resource_name": doc["name"], "start": slot.start, "end": slot.end,
        "unit_id": body["unit_id"], "purpose": body.get("purpose", ""), "party_size": body.get("party_size", 1),
        "status": "active", "booked_by": principal.actor, "created_at": now(),
    }
    for seat, key in enumerate(keys):
        record = {"_id": str(uuid.uuid4()), **base, "seat": seat, "slot_key": key}
        try:
            return bookings.insert_one(record)
        except DuplicateKeyError:
            continue  # that seat went to someone else a moment ago; try the next one
    raise Conflict("That slot has just been booked; choose another.", reason_code="slot_taken")


def cancel_booking(db: Database, principal: Principal, booking_id: str, body: dict) -> dict:
    bookings = TenantCollection(db[BOOKINGS], principal.tenant_id)
    doc = get_or_404(bookings, booking_id, "booking")
    updated = bookings.find_one_and_update(
        {"_id": booking_id, "status": "active"},
        {"$set": {"status": "cancelled", "cancelled_by": principal.actor, "cancelled_at": now(),
                  "cancel_reason": body.get("reason", "")}})
    if updated is None:
        raise Conflict(f"The booking is already {doc['status']}.", reason_code="not_active")
    return updated


def booking_filter(db: Database, tenant: str, query: dict) -> dict:
    filter_ = {key: query[key] for key in ("resource_id", "status", "unit_id") if key in query}
    if "date" in query:
        zone = project_zone()
        if "resource_id" in query:
            resource = TenantCollection(db[RESOURCES], tenant).find_one({"_id": query["resource_id"]})
            zone = project_zone(resource["timezone"]) if resource else zone
        start = datetime.combine(query["date"], time.min, zone)
        filter_["start"] = {"$gte": start, "$lt": start + timedelta(days=1)}
    return filter_
