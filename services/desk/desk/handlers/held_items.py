"""Items held at the desk 代管物品 (DK-4; seed 003's 总服务台接收物品表): received, stored, returned on signature."""
from __future__ import annotations

import uuid
from datetime import timedelta

from kefulib.authn import Principal
from kefulib.masking import mask_phone
from kefulib.problems import Conflict
from kefulib.store import TenantCollection
from kefulib.web import page_of
from pymongo.database import Database

from ..domain.held_items import HeldStatus, check_return, due_back_by, is_overdue
from ..store import HELD_ITEMS
from .common import desk_settings, get_or_404, now, person, person_doc, rules


def _items(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[HELD_ITEMS], tenant)


def view(item: dict, holding_days: int, at, *, listed: bool = False) -> dict:
    returned_to = item.get("returned_to")
    if listed and returned_to:
        returned_to = {**returned_to, "phone": mask_phone(returned_to.get("phone"))}
    return {**item, "returned_to": returned_to, "due_back_by": due_back_by(item["received_at"], holding_days),
            "overdue": is_overdue(item["status"], item["received_at"], at, holding_days)}


def receive(db: Database, principal: Principal, body: dict) -> dict:
    at = now()
    doc = {"_id": str(uuid.uuid4()), "description": body["description"], "from_whom": body["from_whom"],
           "for_unit_id": body.get("for_unit_id"), "for_person": body.get("for_person"),
           "stored_at": body["stored_at"], "photo_ref": body.get("photo_ref"), "status": str(HeldStatus.HELD),
           "received_at": at, "received_by": principal.actor, "returned_at": None, "returned_by": None,
           "returned_to": None}
    _items(db, principal.tenant_id).insert_one(doc)
    return view(doc, desk_settings(db, principal.tenant_id).item_holding_days, at)


def get_item(db: Database, tenant: str, item_id: str) -> dict:
    return view(get_or_404(_items(db, tenant), item_id, "held item"), desk_settings(db, tenant).item_holding_days,
                now())


def list_items(db: Database, tenant: str, query: dict) -> dict:
    at = now()
    days = desk_settings(db, tenant).item_holding_days
    filter_ = {name: query[name] for name in ("status", "for_unit_id") if name in query}
    if query.get("overdue") is True:
        filter_.update(status=str(HeldStatus.HELD), received_at={"$lt": at - timedelta(days=days)})
    items = _items(db, tenant)
    return page_of(lambda: items.find(filter_).sort([("received_at", -1), ("_id", 1)]),
                   items.count_documents(filter_), query["page"], query["page_size"],
                   dump=lambda i: view(i, days, at, listed=True))


def return_item(db: Database, principal: Principal, item_id: str, body: dict) -> dict:
    """Handed back against the collector's signature: name and ID last 4 or phone."""
    items = _items(db, principal.tenant_id)
    item = get_or_404(items, item_id, "held item")
    with rules():
        check_return(item["status"])
    changed = items.update_one({"_id": item_id, "status": str(HeldStatus.HELD)}, {"$set": {
        "status": str(HeldStatus.RETURNED), "returned_at": now(), "returned_by": principal.actor,
        "returned_to": person_doc(person(body["collector"])), "return_note": body.get("note", "")}})
    if not changed.modified_count:
        raise Conflict("The item was returned a moment ago.", reason_code="already_returned")
    return get_item(db, principal.tenant_id, item_id)
