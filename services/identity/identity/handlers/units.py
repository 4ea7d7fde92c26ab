"""Buildings and units (楼-层-房号) of a property project."""
from __future__ import annotations

import uuid

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..store import BUILDINGS, UNITS
from .common import found, invalid, now

UNIT_CREATED = "identity.unit.created"


def unit_key(building: str, floor: int, room: str) -> str:
    """The unit id every service uses: 楼-层-房号, e.g. 3-12-1203."""
    return f"{building}-{floor}-{room}"


def create_building(db: Database, principal: Principal, body: dict) -> dict:
    buildings = TenantCollection(db[BUILDINGS], principal.tenant_id)
    building = {"_id": str(uuid.uuid4()), **body, "created_at": now(), "created_by": principal.actor}
    try:
        return buildings.insert_one(building)
    except DuplicateKeyError:
        raise Conflict(f"Building '{body['code']}' already exists.", errors={"code": ["already used"]}) from None


def list_buildings(db: Database, tenant_id: str, query: dict) -> dict:
    buildings = TenantCollection(db[BUILDINGS], tenant_id)
    return page_of(lambda: buildings.find().sort("code", 1), buildings.count_documents({}), query["page"],
                   query["page_size"], dump=lambda b: b)


def get_unit(db: Database, tenant_id: str, unit_id: str) -> dict:
    return found(TenantCollection(db[UNITS], tenant_id), {"unit_id": unit_id}, "No such unit.")


def create_unit(db: Database, principal: Principal, body: dict) -> dict:
    tenant, at = principal.tenant_id, now()
    if TenantCollection(db[BUILDINGS], tenant).find_one({"code": body["building"]}) is None:
        raise invalid("building", "no such building")
    unit_id = unit_key(body["building"], body["floor"], body["room"])
    units = TenantCollection(db[UNITS], tenant)
    if units.find_one({"unit_id": unit_id}) is not None:
        raise Conflict(f"Unit {unit_id} already exists.", errors={"room": ["already used"]})
    unit = {"_id": str(uuid.uuid4()), "unit_id": unit_id, **body, "created_at": at, "created_by": principal.actor}
    event = Event(UNIT_CREATED, tenant, actor=principal.actor, data={
        "unit_id": unit_id, "building": body["building"], "floor": body["floor"], "room": body["room"]})

    def insert_with_event(session):
        units.insert_one(unit, session=session)
        add_to_outbox(db, event, session)

    try:
        run_in_transaction(db, insert_with_event)
    except DuplicateKeyError:  # created by someone else a moment ago; nothing of ours was written
        raise Conflict(f"Unit {unit_id} already exists.", errors={"room": ["already used"]}) from None
    return {**unit, "tenant_id": tenant}


def unit_filter(query: dict) -> dict:
    filter_: dict = {}
    for key in ("building", "floor"):
        if key in query:
            filter_[key] = query[key]
    return filter_


def list_units(db: Database, tenant_id: str, query: dict) -> dict:
    units = TenantCollection(db[UNITS], tenant_id)
    filter_ = unit_filter(query)
    return page_of(lambda: units.find(filter_).sort([("building", 1), ("floor", 1), ("room", 1)]),
                   units.count_documents(filter_), query["page"], query["page_size"], dump=lambda u: u)


def unit_exists(db: Database, tenant_id: str, unit_id: str) -> bool:
    return TenantCollection(db[UNITS], tenant_id).find_one({"unit_id": unit_id}) is not None
