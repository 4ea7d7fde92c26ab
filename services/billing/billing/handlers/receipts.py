"""Printable slips (收据, 退款单, 冲减凭证) looked up by their number, the cashier's day close, and the project's
receipt header. The number register (`document_numbers`) says which document carries a number; the slip is built
from that document, so a reprint always shows what was issued, voided numbers included (marked 作废)."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from kefulib.problems import NotFound
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..common import PROJECT_TZ, utcnow
from ..domain import DocumentType
from ..domain.receipts import CashClose, MethodTotal, Slip, SlipLine, charge_lines, close_day
from ..store import CHARGES, COMMISSIONS, CREDIT_NOTES, DOCUMENT_NUMBERS, PAYMENTS, PROJECT_SETTINGS, REFUNDS
from .numbers import get_number

MONEY_TYPES = [DocumentType.RECEIPT.value, DocumentType.REFUND_NOTE.value, DocumentType.CREDIT_NOTE.value]
DEFAULT_HEADER = "物业服务中心"


def _local(moment: datetime) -> str:
    local = moment.replace(tzinfo=moment.tzinfo or UTC)  # pymongo hands back naive UTC
    return local.astimezone(PROJECT_TZ).strftime("%Y-%m-%d %H:%M")


def _charge_part(db: Database, tenant: str, charge_id: str) -> tuple[list[SlipLine], str | None]:
    charge = TenantCollection(db[CHARGES], tenant).find_one({"_id": charge_id}) or {}
    return charge_lines(charge), charge.get("slip_number")


def _commission_part(record: dict, order: dict) -> tuple[int, str | None, list[SlipLine], str | None, str]:
    """amount, method, lines, reason, cashier of the order's prepayment receipt or its settlement's document."""
    if record["field"] == "receipt_number":
        return (order["prepaid_fen"], order.get("method"), [SlipLine(f"{order['description']}(预付款)", order["prepaid_fen"])],
                None, order["created_by"])
    settlement = order.get("settlement") or {}
    voucher = order.get("voucher") or {}
    if order.get("status") == "cancelled":
        what, reason = f"{order['description']}(取消,退还预付款)", order.get("cancel_reason")
    elif settlement.get("kind") == "top_up":
        what, reason = f"{order['description']}(结算补收)", None
    else:
        what, reason = f"{order['description']}(结算退款)", None
    lines = [SlipLine(what, settlement.get("amount_fen", 0))]
    if voucher:
        lines.append(SlipLine(f"供应商 {voucher['supplier']} 凭证 {voucher['voucher_number']}(预付 "
                              f"{order['prepaid_fen'] / 100:.2f} 元)", voucher["amount_fen"]))
    return settlement.get("amount_fen", 0), order.get("method"), lines, reason, order.get("updated_by") or order["created_by"]


def slip_from_record(db: Database, tenant: str, record: dict) -> Slip:
    if record["doc_type"] not in MONEY_TYPES:
        raise NotFound("No such receipt.")  # a charge's SLIP number is printed on the slip of its payment
    document = TenantCollection(db[record["document"]], tenant).find_one({"_id": record["document_id"]})
    if document is None:
        raise NotFound("No such receipt.")
    doc_type = DocumentType(record["doc_type"])
    base = {"number": record["number"], "doc_type": doc_type, "status": record["status"],
            "issued_at": _local(record["issued_at"]), "unit_id": document.get("unit_id"),
            "replaced_by": record.get("replaced_by")}
    if record["document"] == COMMISSIONS:
        amount, method, lines, reason, cashier = _commission_part(record, document)
        return Slip(**base, amount_fen=amount, method=method, cashier=cashier, lines=lines, reason=reason)
    lines, slip_number = _charge_part(db, tenant, document["charge_id"])
    method = document.get("method")
    if record["document"] == REFUNDS:  # the money goes back the way it came
        payment = TenantCollection(db[PAYMENTS], tenant).find_one({"_id": document["payment_id"]}) or {}
        method = payment.get("method")
    if record["document"] == CREDIT_NOTES or record["document"] == REFUNDS:
        lines = [SlipLine(document["reason"], document["amount_fen"])]
    return Slip(**base, amount_fen=document["amount_fen"], method=method, cashier=document.get("created_by", ""),
                lines=lines, reason=document.get("reason"), charge_slip_number=slip_number)


def slip(db: Database, tenant: str, number: str) -> Slip:
    return slip_from_record(db, tenant, get_number(TenantCollection(db[DOCUMENT_NUMBERS], tenant), number))


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, PROJECT_TZ)
    return start, start + timedelta(days=1)


def cash_close(db: Database, tenant: str, day: date) -> CashClose:
    """Every money slip numbered on the project's local `day` (voided ones listed apart)."""
    start, end = day_bounds(day)
    records = TenantCollection(db[DOCUMENT_NUMBERS], tenant).find(
        {"issued_at": {"$gte": start, "$lt": end}, "doc_type": {"$in": MONEY_TYPES}})
    return close_day(day.isoformat(), [slip_from_record(db, tenant, record) for record in records])


def receipt_header(db: Database, tenant: str) -> str:
    found = TenantCollection(db[PROJECT_SETTINGS], tenant).find_one({})
    return (found or {}).get("receipt_header") or DEFAULT_HEADER


def update_settings(db: Database, tenant: str, actor: str, body: dict) -> dict:
    settings = TenantCollection(db[PROJECT_SETTINGS], tenant)
    settings.update_one({}, {"$set": {**body, "updated_at": utcnow(), "updated_by": actor}}, upsert=True)
    return settings_view(db, tenant)


def settings_view(db: Database, tenant: str) -> dict:
    return {"receipt_header": receipt_header(db, tenant)}


def slip_view(found: Slip, header: str) -> dict:
    return {"number": found.number, "doc_type": found.doc_type.value, "title": found.title, "status": found.status,
            "issued_at": found.issued_at, "unit_id": found.unit_id, "amount_fen": found.amount_fen,
            "method": found.method, "cashier": found.cashier, "reason": found.reason,
            "charge_slip_number": found.charge_slip_number, "replaced_by": found.replaced_by,
            "lines": [{"description": line.description, "amount_fen": line.amount_fen} for line in found.lines],
            "header": header}


def _total(total: MethodTotal, key: str) -> dict:
    return {key: total.method, "received_fen": total.received_fen, "refunded_fen": total.refunded_fen,
            "net_fen": total.net_fen, "receipts": total.receipts, "refunds": total.refunds}


def close_view(close: CashClose, header: str) -> dict:
    return {"date": close.day, "header": header, "received_fen": close.received_fen,
            "refunded_fen": close.refunded_fen, "net_fen": close.net_fen, "credited_fen": close.credited_fen,
            "by_method": [_total(t, "method") for t in close.by_method.values()],
            "by_cashier": [_total(t, "cashier") for t in close.by_cashier.values()],
            "slips": [slip_view(s, header) for s in close.slips], "voided": [slip_view(s, header) for s in close.voided]}
