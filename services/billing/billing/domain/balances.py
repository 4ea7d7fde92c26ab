"""The balance of one charge from its documents (BL-7): payments, refunds, credit notes.

Nothing is edited: a credit note (冲减) lowers what is owed, a refund note (退款) gives
money back and names the payment it returns. A refund never exceeds what is refundable:
the money held beyond what is owed, and never more than its payment still holds. To give
money back for a service, first credit it, then refund the overpayment this creates.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import BillingError, require_text
from .money import require_fen
from .payments import Payment


@dataclass(frozen=True)
class Refund:
    refund_id: str
    charge_id: str
    payment_id: str  # the original payment this returns
    amount_fen: int
    reason: str

    def __post_init__(self) -> None:
        for name in ("refund_id", "charge_id", "payment_id", "reason"):
            require_text(getattr(self, name), name)
        if require_fen(self.amount_fen, "amount_fen") == 0:
            raise BillingError("invalid_amount", "a refund is more than 0", "amount_fen")


@dataclass(frozen=True)
class CreditNote:
    credit_id: str
    charge_id: str
    amount_fen: int
    reason: str

    def __post_init__(self) -> None:
        for name in ("credit_id", "charge_id", "reason"):
            require_text(getattr(self, name), name)
        if require_fen(self.amount_fen, "amount_fen") == 0:
            raise BillingError("invalid_amount", "a credit note is more than 0", "amount_fen")


@dataclass(frozen=True)
class ChargeBalance:
    charged_fen: int
    credited_fen: int
    paid_fen: int
    refunded_fen: int

    @property
    def due_fen(self) -> int:
        return self.charged_fen - self.credited_fen

    @property
    def held_fen(self) -> int:
        return self.paid_fen - self.refunded_fen

    @property
    def outstanding_fen(self) -> int:
        return max(0, self.due_fen - self.held_fen)

    @property
    def refundable_fen(self) -> int:
        return max(0, self.held_fen - self.due_fen)

    @property
    def creditable_fen(self) -> int:
        return self.due_fen


@dataclass(frozen=True)
class ChargeLedger:
    """One charge and every money document against it; each `record_*` returns a new ledger."""

    charge_id: str
    charged_fen: int
    payments: tuple[Payment, ...] = ()
    refunds: tuple[Refund, ...] = ()
    credits: tuple[CreditNote, ...] = ()

    def __post_init__(self) -> None:
        require_text(self.charge_id, "charge_id")
        require_fen(self.charged_fen, "charged_fen")

    def balance(self) -> ChargeBalance:
        return ChargeBalance(
            charged_fen=self.charged_fen,
            credited_fen=sum(c.amount_fen for c in self.credits),
            paid_fen=sum(p.amount_fen for p in self.payments),
            refunded_fen=sum(r.amount_fen for r in self.refunds),
        )

    def record_payment(self, payment: Payment) -> ChargeLedger:
        """Add a payment; the same idempotency key again is a no-op if it is the same payment.

        At the centre staff take no more than is outstanding; money from an integration or
        a bank has already moved, so it is recorded and any excess becomes refundable.
        """
        self._require_own(payment.charge_id)
        earlier = next((p for p in self.payments if p.idempotency_key == payment.idempotency_key), None)
        if earlier is not None:
            if (earlier.method, earlier.amount_fen) != (payment.method, payment.amount_fen):
                raise BillingError("idempotency_key_reused", payment.idempotency_key, "idempotency_key")
            return self
        if payment.taken_at_centre and payment.amount_fen > self.balance().outstanding_fen:
            raise BillingError("payment_exceeds_outstanding", self.charge_id, "amount_fen")
        return replace(self, payments=(*self.payments, payment))

    def record_refund(self, refund: Refund) -> ChargeLedger:
        self._require_own(refund.charge_id)
        if any(r.refund_id == refund.refund_id for r in self.refunds):
            return self._same_or_reused(refund, self.refunds, "refund_id")
        original = next((p for p in self.payments if p.payment_id == refund.payment_id), None)
        if original is None:
            raise BillingError("unknown_payment", refund.payment_id, "payment_id")
        already = sum(r.amount_fen for r in self.refunds if r.payment_id == original.payment_id)
        if refund.amount_fen > original.amount_fen - already:
            raise BillingError("refund_exceeds_payment", refund.payment_id, "amount_fen")
        if refund.amount_fen > self.balance().refundable_fen:
            raise BillingError("refund_exceeds_refundable", self.charge_id, "amount_fen")
        return replace(self, refunds=(*self.refunds, refund))

    def record_credit_note(self, credit: CreditNote) -> ChargeLedger:
        self._require_own(credit.charge_id)
        if any(c.credit_id == credit.credit_id for c in self.credits):
            return self._same_or_reused(credit, self.credits, "credit_id")
        if credit.amount_fen > self.balance().creditable_fen:
            raise BillingError("credit_exceeds_charge", self.charge_id, "amount_fen")
        return replace(self, credits=(*self.credits, credit))

    def _require_own(self, charge_id: str) -> None:
        if charge_id != self.charge_id:
            raise BillingError("document_for_other_charge", charge_id, "charge_id")

    def _same_or_reused(self, document: object, existing: tuple, id_field: str) -> ChargeLedger:
        if document in existing:
            return self
        raise BillingError("document_id_reused", getattr(document, id_field), id_field)
