"""Buildings and units (楼-层-房号) of a property project, and the project's own settings."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, NotFound, Unprocessable
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .domain import QualityCheckPolicy
from .store import BUILDINGS, PROJECT_SETTINGS, UNITS

UNIT_CREATED = "identity.unit.created"


def unit_key(building: str, floor: int, room: str) -> str:
    """The unit id every service uses: 楼-层-房号, e.g. 3-12-1203."""
    return f"{building}-{floor}-{room}"


def create_building(db: Database, principal: Principal, body: dict, at: datetime) -> dict:
    buildings = TenantCollection(db[BUILDINGS], principal.tenant_id)
    building = {"_id": str(uuid.uuid4()), **body, "created_at": at, "created_by": principal.actor}
    try:
        return buildings.insert_one(building)
    except DuplicateKeyError:
        raise Conflict(f"Building '{body['code']}' already exists.", errors={"code": ["already used"]}) from None


def get_unit(db: Database, tenant_id: str, unit_id: str) -> dict:
    unit = TenantCollection(db[UNITS], tenant_id).find_one({"unit_id": unit_id})
    if unit is None:
        raise NotFound("No such unit.")
    return unit


def create_unit(db: Database, principal: Principal, body: dict, at: datetime) -> dict:
    tenant = principal.tenant_id
    if TenantCollection(db[BUILDINGS], tenant).find_one({"code": body["building"]}) is None:
        raise Unprocessable("These fields are not valid: building.", errors={"building": ["no such building"]})
    unit_id = unit_key(body["building"], body["floor"], body["room"])
    units = TenantCollection(db[UNITS], tenant)
    if units.find_one({"unit_id": unit_id}) is not None:
        raise Conflict(f"Unit {unit_id} already exists.", errors={"room": ["already used"]})
    unit = {"_id": str(uuid.uuid4()), "unit_id": unit_id, **body, "created_at": at, "created_by": principal.actor}
    event = Event(UNIT_CREATED, tenant, actor=principal.actor, data={
        "unit_id": unit_id, "building": body["building"], "floor": body["floor"], "room": body["room"]})

    def work(session):
        units.insert_one(unit, session=session)
        add_to_outbox(db, event, session)

    try:
        run_in_transaction(db, work)
    except DuplicateKeyError:  # created by someone else a moment ago; nothing of ours was written
        raise Conflict(f"Unit {unit_id} already exists.", errors={"room": ["already used"]}) from None
    return {**unit, "tenant_id": tenant}


def unit_filter(query: dict) -> dict:
    filter_: dict = {}
    for key in ("building", "floor"):
        if key in query:
            filter_[key] = query[key]
    return filter_


DEFAULT_SETTINGS = {
    "move_in_date": None,
    "full_check_after_months": 12,
    "full_check_occupancy": "4/5",
    "sample_ratio": "1/20",
    "sample_every_months": 6,
}


def get_settings(db: Database, tenant_id: str) -> dict:
    stored = TenantCollection(db[PROJECT_SETTINGS], tenant_id).find_one({"_id": tenant_id}) or {}
    settings = {**DEFAULT_SETTINGS, **{k: v for k, v in stored.items() if k in DEFAULT_SETTINGS}}
    if isinstance(settings["move_in_date"], datetime):
        settings["move_in_date"] = settings["move_in_date"].date()
    return settings


def quality_policy(settings: dict) -> QualityCheckPolicy:
    return QualityCheckPolicy(settings["full_check_after_months"], settings["full_check_occupancy"],
                              settings["sample_ratio"], settings["sample_every_months"])


def put_settings(db: Database, tenant_id: str, body: dict) -> dict:
    settings = {**get_settings(db, tenant_id), **body}
    quality_policy(settings)  # InvalidInput names the field
    stored = dict(settings)
    if isinstance(stored["move_in_date"], date):
        stored["move_in_date"] = datetime.combine(stored["move_in_date"], datetime.min.time())
    stored.pop("tenant_id", None)
    TenantCollection(db[PROJECT_SETTINGS], tenant_id).update_one({"_id": tenant_id}, {"$set": stored}, upsert=True)
    return settings
