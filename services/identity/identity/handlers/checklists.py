"""Document checklists (ID-4): what a unit's move-in, renovation and transfer files hold and what is missing, per
unit and across the project. A checklist opens with the unit's first owner (move-in), a transfer, or renovation's
first paper (renovation_checklist.py)."""
from __future__ import annotations

import uuid
from datetime import datetime

from kefulib.authn import Principal
from kefulib.problems import NotFound
from kefulib.store import TenantCollection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..domain import CHECKLISTS, ChecklistKind, InvalidInput, UnitDocuments, missing, rollup
from ..store import UNIT_DOCUMENTS
from .common import invalid, now
from .units import get_unit

KINDS = {k.value for k in ChecklistKind}


def catalogue() -> dict:
    return {"checklists": [{"kind": kind.value, "items": [vars(i) for i in items]} for kind, items in CHECKLISTS.items()]}


def missing_documents(kind: str, received, conditions) -> list[dict]:
    try:
        return [vars(i) for i in missing(kind, received, conditions)]
    except InvalidInput as error:  # the domain names its own parameters; name the request's fields
        raise invalid({"received_codes": "received"}.get(error.field, error.field), error.message) from None


def record_documents(db: Database, principal: Principal, unit_id: str, kind: str, body: dict) -> dict:
    """Documents handed in (by code) and, optionally, what happened (conditions); the checklist opens if need be."""
    if kind not in KINDS:
        raise NotFound("No such checklist.")
    tenant, at = principal.tenant_id, now()
    get_unit(db, tenant, unit_id)
    documents = TenantCollection(db[UNIT_DOCUMENTS], tenant)
    current = documents.find_one({"unit_id": unit_id, "kind": kind}) or {"received": {}, "conditions": []}
    conditions = body["conditions"] if body.get("conditions") is not None else current["conditions"]
    missing_documents(kind, list(current["received"]) + body["received"], conditions)  # validates before writing
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
            "missing": missing_documents(doc["kind"], doc["received"], doc["conditions"])}


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


def open_checklist(db: Database, tenant_id: str, unit_id: str, kind: str, at: datetime, session) -> None:
    """Open the unit's checklist of `kind` unless it is open (in the caller's transaction: a new owner's)."""
    documents = TenantCollection(db[UNIT_DOCUMENTS], tenant_id)
    if documents.find_one({"unit_id": unit_id, "kind": kind}, session=session) is None:
        documents.insert_one({"_id": str(uuid.uuid4()), "unit_id": unit_id, "kind": kind, "received": {},
                              "conditions": [], "opened_at": at}, session=session)
