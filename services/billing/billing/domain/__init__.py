"""Billing's pure domain (BL-1..BL-8): no database, no web framework, no clock.

Everything here is an immutable value or a pure function; state changes return new
objects. Amounts are integer fen (分), currency CNY.
"""
from .balances import ChargeBalance, ChargeLedger, CreditNote, Refund
from .catalogue import CatalogueItem, ServiceKind, find_item, load_seed_catalogue
from .charges import WARRANTY_REWORK, Charge, RepairChargeDecision, charge_from_completed_repair, decide_repair_charge
from .commissions import (
    CommissionOrder,
    CommissionStatus,
    Settlement,
    SupplierVoucher,
    place_commission,
    settle,
)
from .desk import DESK_ROLES, desk_charge_refusal, price_desk_lines
from .errors import BillingError
from .holds import HoldDecision, Release, decide_hold, hold_decision_refusal, release_terms, release_unit
from .lines import PricedLine, lines_total_fen, parse_lines
from .money import CURRENCY, Money, format_yuan, parse_yuan, require_fen
from .numbering import (
    CancelledNumber,
    DocumentNumber,
    DocumentType,
    format_document_number,
    missing_sequences,
    parse_document_number,
    sequence_scope,
)
from .payments import (
    Payment,
    PaymentMethod,
    ensure_may_record_payment,
    ensure_may_refund,
    payment_refusal,
    refund_refusal,
)
from .quotes import Quote, QuoteStatus, QuoteVersion, draft_quote, ensure_not_charged, ensure_ticket_unquoted
from .repair_prices import RepairPriceItem, RepairPriceList, load_repair_price_list
from .revenue import ConsolidatedMonth, MonthlyRevenue, consolidate, monthly_revenue
from .statements import (
    AccountEntry,
    EntryKind,
    StatementLine,
    UnitStatement,
    unit_statement,
)

__all__ = [
    "CURRENCY",
    "WARRANTY_REWORK",
    "AccountEntry",
    "BillingError",
    "CancelledNumber",
    "CatalogueItem",
    "Charge",
    "ChargeBalance",
    "ChargeLedger",
    "CommissionOrder",
    "CommissionStatus",
    "ConsolidatedMonth",
    "CreditNote",
    "DESK_ROLES",
    "DocumentNumber",
    "DocumentType",
    "EntryKind",
    "HoldDecision",
    "Money",
    "MonthlyRevenue",
    "Payment",
    "PaymentMethod",
    "PricedLine",
    "Quote",
    "QuoteStatus",
    "QuoteVersion",
    "Refund",
    "Release",
    "RepairChargeDecision",
    "RepairPriceItem",
    "RepairPriceList",
    "ServiceKind",
    "Settlement",
    "StatementLine",
    "SupplierVoucher",
    "UnitStatement",
    "charge_from_completed_repair",
    "consolidate",
    "decide_hold",
    "decide_repair_charge",
    "desk_charge_refusal",
    "draft_quote",
    "ensure_may_record_payment",
    "ensure_not_charged",
    "ensure_ticket_unquoted",
    "ensure_may_refund",
    "find_item",
    "format_document_number",
    "format_yuan",
    "hold_decision_refusal",
    "lines_total_fen",
    "load_repair_price_list",
    "load_seed_catalogue",
    "missing_sequences",
    "monthly_revenue",
    "parse_document_number",
    "parse_lines",
    "parse_yuan",
    "payment_refusal",
    "place_commission",
    "price_desk_lines",
    "refund_refusal",
    "release_terms",
    "release_unit",
    "require_fen",
    "sequence_scope",
    "settle",
    "unit_statement",
]
