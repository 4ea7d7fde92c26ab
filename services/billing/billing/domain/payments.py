"""Payments (BL-6): who may record money, and how it arrived.

Technicians never take money (维修人员不得直接向客户收费): the owner pays at the service
centre, or the money arrives from a payment integration (WeChat Pay, Alipay) or a bank
transfer the finance clerk reconciles. Each payment carries an idempotency key, so the
same callback or the same click recorded twice is one payment.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import BillingError, require_text
from .money import require_fen


class PaymentMethod(StrEnum):
    CASH_AT_CENTRE = "cash_at_centre"
    CARD_AT_CENTRE = "card_at_centre"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    BANK_TRANSFER = "bank_transfer"


CENTRE_METHODS = frozenset({PaymentMethod.CASH_AT_CENTRE, PaymentMethod.CARD_AT_CENTRE})
INTEGRATION_METHODS = frozenset({PaymentMethod.WECHAT, PaymentMethod.ALIPAY})

TECHNICIAN = "technician"
INTEGRATION_CLIENT = "integration_client"
FINANCE_CLERK = "finance_clerk"
CENTRE_ROLES = frozenset({"cs_assistant", "cs_administrator", "cs_supervisor", FINANCE_CLERK})
BANK_TRANSFER_ROLES = frozenset({FINANCE_CLERK, INTEGRATION_CLIENT})
# Giving money back or lowering a debt is a decision, not a till operation.
REFUND_ROLES = frozenset({FINANCE_CLERK, "cs_supervisor", "project_manager"})


def payment_refusal(role: str, method: PaymentMethod | str) -> str | None:
    """Why `role` may not record a payment by `method`, or None when it may."""
    if role == TECHNICIAN:
        return "technicians_never_take_money"
    try:
        method = PaymentMethod(method)
    except ValueError:
        return "unknown_payment_method"
    if method in INTEGRATION_METHODS and role != INTEGRATION_CLIENT:
        return "online_payments_arrive_from_integration"
    if method in CENTRE_METHODS and role not in CENTRE_ROLES:
        return "only_service_centre_staff_take_payments"
    if method is PaymentMethod.BANK_TRANSFER and role not in BANK_TRANSFER_ROLES:
        return "bank_transfers_are_reconciled_by_finance"
    return None


def refund_refusal(role: str) -> str | None:
    """Why `role` may not issue a refund or credit note, or None when it may."""
    if role == TECHNICIAN:
        return "technicians_never_take_money"
    if role not in REFUND_ROLES:
        return "refunds_need_finance_or_supervisor"
    return None


def ensure_may_record_payment(role: str, method: PaymentMethod | str) -> None:
    reason = payment_refusal(role, method)
    if reason is not None:
        raise BillingError(reason, f"role {role!r}, method {method!r}", "role")


def ensure_may_refund(role: str) -> None:
    reason = refund_refusal(role)
    if reason is not None:
        raise BillingError(reason, f"role {role!r}", "role")


@dataclass(frozen=True)
class Payment:
    """Money received against one charge; never edited, only refunded."""

    payment_id: str
    charge_id: str
    method: PaymentMethod
    amount_fen: int
    idempotency_key: str  # the integration's transaction id, or the centre's request key
    receipt_number: str | None = None

    def __post_init__(self) -> None:
        require_text(self.payment_id, "payment_id")
        require_text(self.charge_id, "charge_id")
        require_text(self.idempotency_key, "idempotency_key")
        if not isinstance(self.method, PaymentMethod):
            raise BillingError("unknown_payment_method", str(self.method), "method")
        if require_fen(self.amount_fen, "amount_fen") == 0:
            raise BillingError("invalid_amount", "a payment is more than 0", "amount_fen")

    @property
    def taken_at_centre(self) -> bool:
        return self.method in CENTRE_METHODS
