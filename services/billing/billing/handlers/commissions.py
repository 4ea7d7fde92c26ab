"""Commissioned services (BL-4, 业户服务委托单): prepayment on order against a numbered receipt,
the supplier's voucher, final settlement (refund note or top-up receipt), or cancellation with
the whole prepayment refunded. The prepayment is the owner's money held for the supplier, so
none of it reaches the revenue journal."""
from __future__ import annotations

from dataclasses import asdict

from kefulib.authn import Principal
from kefulib.problems import Conflict, NotFound
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import first_allowed, new_id, problem_from, utcnow
from ..domain import (
    BillingError,
    CommissionOrder,
    CommissionStatus,
    DocumentType,
    Settlement,
    SupplierVoucher,
    payment_refusal,
    place_commission,
)
from ..sequences import issue_number, run_numbered
from ..store import COMMISSIONS

MONEY_DOCUMENTS = [DocumentType.RECEIPT, DocumentType.REFUND_NOTE]


def _domain(document: dict) -> CommissionOrder:
    voucher = document.get("voucher")
    settlement = document.get("settlement")
    return CommissionOrder(
        order_id=document["_id"], unit_id=document["unit_id"], description=document["description"],
        prepaid_fen=document["prepaid_fen"], receipt_number=document["receipt_number"],
        service_fee_fen=document["service_fee_fen"], status=CommissionStatus(document["status"]),
        voucher=SupplierVoucher(voucher["supplier"], voucher["voucher_number"], voucher["amount_fen"]) if voucher else None,
        settlement=Settlement(settlement["kind"], settlement["amount_fen"]) if settlement else None,
    )


def place_order(db: Database, principal: Principal, body: dict) -> dict:
    """The owner signs and prepays at the centre; the receipt number is issued with the order."""
    first_allowed(principal, lambda role: payment_refusal(role, body["method"]))
    tenant = principal.tenant_id
    orders = TenantCollection(db[COMMISSIONS], tenant)

    def work(session: ClientSession) -> dict:
        order_id = new_id()
        receipt = issue_number(db, session, tenant, DocumentType.RECEIPT, document=COMMISSIONS, document_id=order_id,
                               field="receipt_number")
        try:
            order = place_commission(order_id, body["unit_id"], body["description"], body["prepaid_fen"], receipt,
                                     body["service_fee_fen"])
        except BillingError as error:
            raise problem_from(error) from None
        document = {
            "_id": order_id, "unit_id": order.unit_id, "description": order.description, "prepaid_fen": order.prepaid_fen,
            "service_fee_fen": order.service_fee_fen, "method": body["method"], "receipt_number": receipt,
            "status": order.status.value, "voucher": None, "settlement": None, "cancel_reason": None,
            "revision": 1, "voided_numbers": [], "created_at": utcnow(), "created_by": principal.actor,
        }
        return orders.insert_one(document, session=session)

    return run_numbered(db, tenant, [DocumentType.RECEIPT], work)


def get_order(orders: TenantCollection, order_id: str, session: ClientSession | None = None) -> dict:
    order = orders.find_one({"_id": order_id}, session=session)
    if order is None:
        raise NotFound("No such commission order.")
    return order


def _change(db: Database, principal: Principal, order_id: str, change, stamp: dict, money: bool) -> dict:
    if money:
        first_allowed(principal, lambda role: payment_refusal(role, "cash_at_centre"))
    tenant = principal.tenant_id
    orders = TenantCollection(db[COMMISSIONS], tenant)
    get_order(orders, order_id)  # 404 before anything else (another tenant's order included)

    def work(session: ClientSession) -> dict:
        document = get_order(orders, order_id, session)
        try:
            changed = change(_domain(document))
        except BillingError as error:
            raise problem_from(error) from None
        update = {"status": changed.status.value, **stamp, "updated_at": utcnow(), "updated_by": principal.actor}
        if changed.voucher is not None:
            update["voucher"] = asdict(changed.voucher)
        if changed.settlement is not None and document.get("settlement") is None:
            kind, amount = changed.settlement
            number = None
            if kind == "refund":
                number = issue_number(db, session, tenant, DocumentType.REFUND_NOTE, document=COMMISSIONS,
                                      document_id=order_id, field="settlement.document_number")
            elif kind == "top_up":
                number = issue_number(db, session, tenant, DocumentType.RECEIPT, document=COMMISSIONS,
                                      document_id=order_id, field="settlement.document_number")
            update["settlement"] = {"kind": kind, "amount_fen": amount, "document_number": number}
        updated = orders.find_one_and_update({"_id": order_id, "revision": document["revision"]},
                                             {"$set": update, "$inc": {"revision": 1}}, session=session)
        if updated is None:
            raise Conflict("The order changed at the same moment; reload it and try again.", reason_code="concurrent_change")
        return updated

    return run_numbered(db, tenant, MONEY_DOCUMENTS, work)


def record_voucher(db: Database, principal: Principal, order_id: str, body: dict) -> dict:
    def change(order: CommissionOrder) -> CommissionOrder:
        return order.record_voucher(SupplierVoucher(body["supplier"], body["voucher_number"], body["amount_fen"]))
    return _change(db, principal, order_id, change, {}, money=False)


def settle_order(db: Database, principal: Principal, order_id: str) -> dict:
    return _change(db, principal, order_id, lambda order: order.settle(), {"settled_at": utcnow()}, money=True)


def cancel_order(db: Database, principal: Principal, order_id: str, body: dict) -> dict:
    return _change(db, principal, order_id, lambda order: order.cancel(body["reason"]),
                   {"cancel_reason": body["reason"], "cancelled_at": utcnow()}, money=True)


def order_filter(query: dict) -> dict:
    return {key: query[key] for key in ("unit_id", "status") if key in query}
