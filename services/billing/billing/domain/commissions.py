"""Commissioned services (业户服务委托单, BL-4), e.g. ordering a birthday cake for an owner.

Flow from handbook 001 篇4: the owner signs the commission order and prepays against a
receipt; the supplier's voucher (购货凭证) records what the goods really cost; the final
settlement returns the difference or asks for a top-up. The prepayment is the owner's
money held on their behalf, not revenue; only a service fee, if any, is revenue.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import NamedTuple

from .errors import BillingError, require_text
from .money import require_fen


class Settlement(NamedTuple):
    """('refund', x): return x to the owner; ('top_up', x): collect x more; ('even', 0)."""

    kind: str
    amount_fen: int


def settle(prepaid_fen: int, final_fen: int) -> Settlement:
    """Settle a prepayment against the final amount; both in fen, neither negative."""
    require_fen(prepaid_fen, "prepaid_fen")
    require_fen(final_fen, "final_fen")
    if prepaid_fen > final_fen:
        return Settlement("refund", prepaid_fen - final_fen)
    if prepaid_fen < final_fen:
        return Settlement("top_up", final_fen - prepaid_fen)
    return Settlement("even", 0)


class CommissionStatus(StrEnum):
    ORDERED = "ordered"  # signed and prepaid, receipt issued
    SUPPLIED = "supplied"  # supplier's voucher recorded
    SETTLED = "settled"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class SupplierVoucher:
    supplier: str
    voucher_number: str
    amount_fen: int

    def __post_init__(self) -> None:
        require_text(self.supplier, "supplier")
        require_text(self.voucher_number, "voucher_number")
        require_fen(self.amount_fen, "amount_fen")


@dataclass(frozen=True)
class CommissionOrder:
    order_id: str
    unit_id: str
    description: str
    prepaid_fen: int
    receipt_number: str
    service_fee_fen: int = 0
    status: CommissionStatus = CommissionStatus.ORDERED
    voucher: SupplierVoucher | None = None
    settlement: Settlement | None = None

    @property
    def final_fen(self) -> int:
        if self.voucher is None:
            raise BillingError("no_supplier_voucher", self.order_id)
        return self.voucher.amount_fen + self.service_fee_fen

    def record_voucher(self, voucher: SupplierVoucher) -> CommissionOrder:
        self._require_status(CommissionStatus.ORDERED)
        return replace(self, voucher=voucher, status=CommissionStatus.SUPPLIED)

    def settle(self) -> CommissionOrder:
        """Final settlement against the prepayment; the result is in `settlement`."""
        self._require_status(CommissionStatus.SUPPLIED)
        outcome = settle(self.prepaid_fen, self.final_fen)
        return replace(self, status=CommissionStatus.SETTLED, settlement=outcome)

    def cancel(self, reason: str) -> CommissionOrder:
        """Cancel before the supplier delivered: the whole prepayment is refunded."""
        require_text(reason, "reason")
        self._require_status(CommissionStatus.ORDERED)
        outcome = Settlement("refund", self.prepaid_fen)
        return replace(self, status=CommissionStatus.CANCELLED, settlement=outcome)

    def _require_status(self, expected: CommissionStatus) -> None:
        if self.status is not expected:
            raise BillingError(f"commission_not_{expected}", f"order is {self.status}", "status")


def place_commission(
    order_id: str,
    unit_id: str,
    description: str,
    prepaid_fen: int,
    receipt_number: str,
    service_fee_fen: int = 0,
) -> CommissionOrder:
    """A signed commission order with its prepayment and the receipt number issued for it."""
    if require_fen(prepaid_fen, "prepaid_fen") == 0:
        raise BillingError("prepayment_required", "a commission is prepaid on order", "prepaid_fen")
    return CommissionOrder(
        order_id=require_text(order_id, "order_id"),
        unit_id=require_text(unit_id, "unit_id"),
        description=require_text(description, "description"),
        prepaid_fen=prepaid_fen,
        receipt_number=require_text(receipt_number, "receipt_number"),
        service_fee_fen=require_fen(service_fee_fen, "service_fee_fen"),
    )
