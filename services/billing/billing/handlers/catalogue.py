"""The service catalogue per project (BL-1): seed 001's 28 free and 60 paid services plus the
repair price list; projects add items and set their own prices. Prices are integer fen."""
from __future__ import annotations

from kefulib.authn import Principal
from kefulib.problems import Conflict, NotFound, Unprocessable
from kefulib.store import TenantCollection
from pymongo.database import Database
from pymongo.errors import BulkWriteError, DuplicateKeyError

from ..common import problem_from, utcnow
from ..domain import BillingError, ServiceKind, load_repair_price_list, load_seed_catalogue
from ..domain.catalogue import CatalogueItem
from ..store import CATALOGUE_CATEGORIES, CATALOGUE_ITEMS

REPAIR = "repair"  # an entry of the repair price list (维修项目收费标准): labour per unit
REPAIR_CATEGORY = "repair_price_list"
SEED_SOURCE = "seed-001"
REPAIR_SOURCE = "sample-repair-price-list"


def seed_documents() -> tuple[list[dict], list[dict]]:
    """Categories and items of seed 001 and the sample repair price list, as stored documents."""
    items = []
    for item in load_seed_catalogue():
        items.append({
            "code": item.code, "kind": item.kind.value, "category": item.category, "name_zh": item.name_zh,
            "name_en": None, "handbook_number": item.handbook_number, "price_fen": item.price_fen,
            "unit": item.unit, "price_text": item.price_text, "pricing_note": item.pricing_note,
            "materials_billed_separately": item.materials_billed_separately, "materials_basis": None,
            "parent_code": None, "reference_materials_fen": None, "source": SEED_SOURCE,
        })
    price_list = load_repair_price_list()
    for entry in price_list.items:
        items.append({
            "code": entry.code, "kind": REPAIR, "category": REPAIR_CATEGORY, "name_zh": entry.name_zh,
            "name_en": entry.name_en, "handbook_number": None, "price_fen": entry.labour_fen, "unit": entry.unit,
            "price_text": None, "pricing_note": price_list.notice if price_list.is_sample else None,
            "materials_billed_separately": entry.materials_basis == "actual", "materials_basis": entry.materials_basis,
            "parent_code": entry.catalogue_code, "reference_materials_fen": entry.reference_materials_fen,
            "source": REPAIR_SOURCE,
        })
    categories = sorted({(i["category"], i["source"]) for i in items})
    return [{"code": code, "name": code.replace("_", " "), "source": source} for code, source in categories], items


def _insert_missing(collection: TenantCollection, documents: list[dict]) -> int:
    """Insert what is not there yet; a concurrent seed inserting the same codes is harmless."""
    try:
        return collection.insert_many(documents)
    except BulkWriteError as error:
        if any(e.get("code") != 11000 for e in error.details.get("writeErrors", [])):
            raise
        return error.details.get("nInserted", 0)


def seed_catalogue(db: Database, tenant_id: str, actor: str | None) -> dict:
    """Load seed 001 and the repair price list into a project; running it again adds nothing."""
    categories, items = seed_documents()
    now = utcnow()
    stamp = {"created_at": now, "created_by": actor, "active": True}
    category_col = TenantCollection(db[CATALOGUE_CATEGORIES], tenant_id)
    item_col = TenantCollection(db[CATALOGUE_ITEMS], tenant_id)
    have_categories = {c["code"] for c in category_col.find({}, {"code": 1})}
    have_items = {i["code"] for i in item_col.find({}, {"code": 1})}
    new_categories = [{**c, **stamp} for c in categories if c["code"] not in have_categories]
    new_items = [{**i, **stamp, "price_history": []} for i in items if i["code"] not in have_items]
    _insert_missing(category_col, new_categories)
    inserted = _insert_missing(item_col, new_items) if new_items else 0
    return {"inserted": inserted, "already_present": len(items) - inserted, "total": item_col.count_documents({}),
            "free": item_col.count_documents({"kind": "free"}), "paid": item_col.count_documents({"kind": "paid"}),
            "repair": item_col.count_documents({"kind": REPAIR})}


def create_category(categories: TenantCollection, principal: Principal, body: dict) -> dict:
    document = {**body, "source": "project", "active": True, "created_at": utcnow(), "created_by": principal.actor}
    try:
        return categories.insert_one(document)
    except DuplicateKeyError:
        raise Conflict(f"The category {body['code']} exists already.", reason_code="category_exists") from None


def create_item(items: TenantCollection, categories: TenantCollection, principal: Principal, body: dict) -> dict:
    if categories.find_one({"code": body["category"]}) is None:
        raise Unprocessable("This field is not valid: category.", errors={"category": ["no such category in this project"]})
    kind = body["kind"]
    price = body.get("price_fen")
    if kind == "free" and price not in (None, 0):
        raise Unprocessable("This field is not valid: price_fen.", errors={"price_fen": ["a free service has no price"]})
    if kind == REPAIR and price is None:
        raise Unprocessable("This field is not valid: price_fen.", errors={"price_fen": ["a repair needs its labour price"]})
    if kind != "free" and price is not None and not body.get("unit"):
        raise Unprocessable("This field is not valid: unit.", errors={"unit": ["a price needs its unit, e.g. 元/次"]})
    document = {
        "code": body["code"], "kind": kind, "category": body["category"], "name_zh": body["name_zh"],
        "name_en": body.get("name_en"), "handbook_number": None, "price_fen": 0 if kind == "free" else price,
        "unit": body.get("unit"), "price_text": None, "pricing_note": body.get("pricing_note"),
        "materials_billed_separately": body["materials_billed_separately"],
        "materials_basis": ("actual" if body["materials_billed_separately"] else "none") if kind == REPAIR else None,
        "parent_code": None, "reference_materials_fen": None, "source": "project", "active": True,
        "price_history": [], "created_at": utcnow(), "created_by": principal.actor,
    }
    try:
        return items.insert_one(document)
    except DuplicateKeyError:
        raise Conflict(f"The item {body['code']} exists already.", reason_code="item_exists") from None


def get_item(items: TenantCollection, code: str) -> dict:
    item = items.find_one({"code": code})
    if item is None:
        raise NotFound("No such catalogue item.")
    return item


def set_price(items: TenantCollection, principal: Principal, code: str, body: dict) -> dict:
    """A project's own price for a paid service or repair; the old price stays in the history.

    Quotes and charges copy the price they used, so a new price never changes them.
    """
    item = get_item(items, code)
    if item["kind"] == "free":
        raise Conflict(f"free_service_has_price: {code} is free", reason_code="free_service_has_price")
    price_text = body.get("price_text")
    if item["kind"] == "paid":
        try:
            priced = _as_domain(item).with_project_price(body["price_fen"], body["unit"], body.get("note"))
        except BillingError as error:
            raise problem_from(error) from None
        price_text = priced.price_text
    now = utcnow()
    previous = {"price_fen": item.get("price_fen"), "unit": item.get("unit"), "until": now}
    updated = items.find_one_and_update({"_id": item["_id"], "price_fen": item.get("price_fen")}, {
        "$set": {"price_fen": body["price_fen"], "unit": body["unit"], "price_text": price_text,
                 "pricing_note": body.get("note"), "priced_at": now, "priced_by": principal.actor},
        "$push": {"price_history": previous},
    })
    if updated is None:
        raise Conflict("The price changed at the same moment; reload and try again.", reason_code="concurrent_change")
    return updated


def _as_domain(item: dict) -> CatalogueItem:
    return CatalogueItem(code=item["code"], kind=ServiceKind(item["kind"]), handbook_number=item.get("handbook_number") or 0,
                         category=item["category"], name_zh=item["name_zh"], price_text=item.get("price_text") or "",
                         price_fen=item.get("price_fen"), unit=item.get("unit"),
                         materials_billed_separately=item["materials_billed_separately"],
                         pricing_note=item.get("pricing_note"))


def item_filter(query: dict) -> dict:
    filter_ = {key: query[key] for key in ("kind", "category") if key in query}
    if "priced" in query:
        filter_["price_fen"] = {"$ne": None} if query["priced"] else None
    return filter_
