"""Households' contacts for the platform's own services (notifications: notices, parcels, surveys).

Read only by a service client (an HQ client holding `identity:households`, which no person's role carries), for one
project at a time, a page of units at a time. Each page read is one entry in that project's tamper-evident access
log, naming the purpose and the units' range, so the keeper can see every time a notice went out over the archive.
One entry per page rather than per unit: a notice to 5,000 households would otherwise append 5,000 chained entries
one after the other before the first message could leave.
"""
from __future__ import annotations

from datetime import datetime

from kefulib.authn import Principal
from kefulib.problems import Forbidden
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..access_log import append_access_log
from ..domain import OwnershipRecord, current_owner, households
from ..store import OWNER_ARCHIVES, OWNERSHIPS, RESIDENT_ARCHIVES, UNITS
from .common import as_date, now

RECORD_KIND = "household_contacts"
FIELDS = ("unit", "name", "phone", "members.name", "members.phone")


def _owners_by_unit(db: Database, tenant: str, unit_ids: list[str], at: datetime) -> dict[str, dict]:
    records_by_unit: dict[str, list[OwnershipRecord]] = {}
    for doc in TenantCollection(db[OWNERSHIPS], tenant).find({"unit_id": {"$in": unit_ids}}):
        records_by_unit.setdefault(doc["unit_id"], []).append(OwnershipRecord(
            doc["_id"], doc["unit_id"], doc["owner_archive_id"], as_date(doc["valid_from"]),
            as_date(doc.get("valid_until"))))
    owner_of = {unit_id: record.owner_archive_id for unit_id, records in records_by_unit.items()
                if (record := current_owner(records, unit_id, at.date()))}
    archives = TenantCollection(db[OWNER_ARCHIVES], tenant).find(
        {"_id": {"$in": list(owner_of.values())}}, {"name": 1, "phone": 1, "unit_id": 1})
    by_id = {doc["_id"]: doc for doc in archives}
    return {unit_id: by_id[owner_id] for unit_id, owner_id in owner_of.items() if owner_id in by_id}


def read_households(db: Database, principal: Principal, query: dict) -> dict:
    if not principal.hq:
        raise Forbidden("Only a platform service (an HQ client) reads households' contacts.")
    at = now()
    tenant, page, size = query["project"], query["page"], query["page_size"]
    filter_ = {key: query[key] for key in ("building", "unit_id") if key in query}
    units_collection = TenantCollection(db[UNITS], tenant)
    units = list(units_collection.find(filter_, {"unit_id": 1, "building": 1})
                 .sort("unit_id", 1).skip((page - 1) * size).limit(size))
    unit_ids = [unit["unit_id"] for unit in units]
    owners = _owners_by_unit(db, tenant, unit_ids, at) if unit_ids else {}
    # The current archives are picked here rather than by `superseded_at: None` in the query: with that clause the
    # embedded test server reads every archive of the project and tests the 200 units against each (2.5 s a page
    # at 5,000 units, against 60 ms without); MongoDB serves either from the same index.
    residents = {doc["unit_id"]: doc for doc in TenantCollection(db[RESIDENT_ARCHIVES], tenant).find(
        {"unit_id": {"$in": unit_ids}}, {"unit_id": 1, "members": 1, "superseded_at": 1})
        if doc.get("superseded_at") is None} if unit_ids else {}
    if unit_ids:  # logged before answering: a read the log cannot record is not answered
        scope = ",".join(f"{key}={value}" for key, value in sorted(filter_.items())) or "all"
        append_access_log(db, tenant, at=at, actor=principal.actor, role="platform_service", record_kind=RECORD_KIND,
                          record_id=f"{scope};units={unit_ids[0]}..{unit_ids[-1]};count={len(unit_ids)}",
                          fields=FIELDS, purpose=query["purpose"], approval_id=None, allowed=True)
    return {"items": households(units, owners, residents), "page": page, "page_size": size,
            "total": units_collection.count_documents(filter_)}
