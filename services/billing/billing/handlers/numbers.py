"""The register of issued document numbers (BL-5) and voiding a spoiled one (作废).

A voided number stays on record, marked cancelled, with who, when, why and the number that
replaced it; the document it was on gets the next number of the same scope in the same
transaction, so the sequence keeps no gap and no number is issued twice.
"""
from __future__ import annotations

from kefulib.authn import Principal
from kefulib.problems import Conflict, NotFound
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import first_allowed, utcnow
from ..domain import refund_refusal
from ..sequences import issue_number, run_numbered
from ..store import DOCUMENT_NUMBERS, LEDGER_ENTRIES


def get_number(numbers: TenantCollection, number: str, session: ClientSession | None = None) -> dict:
    found = numbers.find_one({"number": number}, session=session)
    if found is None:
        raise NotFound("No such document number.")
    return found


def void_number(db: Database, principal: Principal, number: str, body: dict) -> dict:
    first_allowed(principal, refund_refusal)
    tenant = principal.tenant_id
    numbers = TenantCollection(db[DOCUMENT_NUMBERS], tenant)
    record = get_number(numbers, number)

    def work(session: ClientSession) -> dict:
        current = get_number(numbers, number, session)
        if current["status"] != "issued":
            raise Conflict(f"number_already_cancelled: {number}", reason_code="number_already_cancelled")
        documents = TenantCollection(db[current["document"]], tenant)
        replacement = issue_number(db, session, tenant, current["doc_type"], document=current["document"],
                                   document_id=current["document_id"], field=current["field"])
        now = utcnow()
        documents.update_one({"_id": current["document_id"]}, {
            "$set": {current["field"]: replacement},
            "$push": {"voided_numbers": {"number": number, "reason": body["reason"], "replaced_by": replacement,
                                         "cancelled_at": now, "cancelled_by": principal.actor}},
        }, session=session)
        TenantCollection(db[LEDGER_ENTRIES], tenant).update_many(
            {"document_id": current["document_id"], "document_number": number},
            {"$set": {"document_number": replacement}}, session=session)
        return numbers.find_one_and_update({"_id": current["_id"], "status": "issued"}, {"$set": {
            "status": "cancelled", "cancel_reason": body["reason"], "cancelled_at": now,
            "cancelled_by": principal.actor, "replaced_by": replacement,
        }}, session=session)

    return run_numbered(db, tenant, [record["doc_type"]], work)


def number_filter(query: dict) -> dict:
    return {key: query[key] for key in ("doc_type", "year", "status") if key in query}
