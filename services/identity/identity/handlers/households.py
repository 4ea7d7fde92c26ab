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


def _of_units(collection: TenantCollection, unit_ids: list[str], projection: dict | None = None) -> list[dict]:
    """The rows of a page's units, read as the range from its first unit to its last (the page is sorted by unit):
    one index range, where a `$in` of the page's units costs the embedded test server time that grows faster than
    the page (60 ms for 200 units, 1.6 s for 1,000). Rows of units in the range but not on the page (another
    building's, when the page is one building's) are left out here.

    The upper bound is "below the last unit followed by NUL", the same set as "up to and including the last unit":
    the embedded test server leaves out rows equal to a `$lte` bound on an index field that is not the index's last
    (the residents' index is (project, unit, superseded_at)), which dropped one household a page."""
    on_page = set(unit_ids)
    rows = collection.find({"unit_id": {"$gte": unit_ids[0], "$lt": unit_ids[-1] + "\x00"}}, projection)
    return [row for row in rows if row["unit_id"] in on_page]


def _owners_by_unit(db: Database, tenant: str, unit_ids: list[str], at: datetime) -> dict[str, dict]:
    records_by_unit: dict[str, list[OwnershipRecord]] = {}
    for doc in _of_units(TenantCollection(db[OWNERSHIPS], tenant), unit_ids):
        records_by_unit.setdefault(doc["unit_id"], []).append(OwnershipRecord(
            doc["_id"], doc["unit_id"], doc["owner_archive_id"], as_date(doc["valid_from"]),
            as_date(doc.get("valid_until"))))
    owner_of = {unit_id: record.owner_archive_id for unit_id, records in records_by_unit.items()
                if (record := current_owner(records, unit_id, at.date()))}
    # By id: an owner of several units has one archive, which names only one of them.
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
    # embedded test server reads every archive of the project and tests the units against each (2.5 s a page of
    # 200 at 5,000 units); MongoDB serves either from the same index.
    residents = {doc["unit_id"]: doc for doc in _of_units(
        TenantCollection(db[RESIDENT_ARCHIVES], tenant), unit_ids, {"unit_id": 1, "members": 1, "superseded_at": 1})
        if doc.get("superseded_at") is None} if unit_ids else {}
    if unit_ids:  # logged before answering: a read the log cannot record is not answered
        scope = ",".join(f"{key}={value}" for key, value in sorted(filter_.items())) or "all"
        append_access_log(db, tenant, at=at, actor=principal.actor, role="platform_service", record_kind=RECORD_KIND,
                          record_id=f"{scope};units={unit_ids[0]}..{unit_ids[-1]};count={len(unit_ids)}",
                          fields=FIELDS, purpose=query["purpose"], approval_id=None, allowed=True)
    return {"items": households(units, owners, residents), "page": page, "page_size": size,
            "total": units_collection.count_documents(filter_)}
