"""Desk charges (BL-1, BL-6): a paid catalogue service sold at the service centre (洗车, 复印, …),
priced only from the project's catalogue, numbered like every charge and paid with /payments."""
from __future__ import annotations

from kefulib.authn import Principal
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import first_allowed, local_date, new_id, problem_from, utcnow
from ..domain import BillingError, DocumentType, desk_charge_refusal, lines_total_fen, price_desk_lines
from ..idempotency import run_idempotent
from ..store import CATALOGUE_ITEMS, CHARGES
from .charges import line_docs, open_charge


def create_desk_charge(db: Database, principal: Principal, key: str, body: dict, dump) -> tuple[dict, int, bool]:
    first_allowed(principal, desk_charge_refusal)
    tenant = principal.tenant_id
    items = TenantCollection(db[CATALOGUE_ITEMS], tenant)

    def work(session: ClientSession) -> dict:
        codes = sorted({line["catalogue_code"] for line in body["lines"]})
        catalogue = {item["code"]: item for item in items.find({"code": {"$in": codes}}, session=session)}
        try:
            lines = price_desk_lines(body["lines"], catalogue)
        except BillingError as error:
            raise problem_from(error) from None
        charge_id, now = new_id(), utcnow()
        document = {
            "_id": charge_id, "source": "desk", "source_key": f"desk/{charge_id}", "ticket_id": None, "round": None,
            "unit_id": body["unit_id"], "category": None, "quote_id": None, "quote_version": None,
            "lines": line_docs(lines), "amount_fen": lines_total_fen(lines), "priced_total_fen": lines_total_fen(lines),
            "zero_reason": None, "warranty_rework_of": None, "hold_reason": None, "decisions": [],
            "voided_numbers": [], "note": body.get("note"), "completed_at": now,
            "posted_on": local_date(now).isoformat(), "ledger_revision": 0, "created_at": now,
            "created_by": principal.actor,
        }
        open_charge(db, session, tenant, document, principal.actor)
        TenantCollection(db[CHARGES], tenant).insert_one(document, session=session)
        return dump({**document, "tenant_id": tenant})

    return run_idempotent(db, tenant, "desk_charges", key, body, [DocumentType.SLIP], work)
