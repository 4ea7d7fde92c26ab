"""Request and response shapes of billing's REST API. Money is integer fen (分), CNY."""
from kefulib.web import PageQuery
from marshmallow import Schema, fields, validate
from webargs.fields import DelimitedList

from .domain import DocumentType, PaymentMethod, QuoteStatus

KINDS = ["free", "paid", "repair"]
METHODS = [m.value for m in PaymentMethod]
DOC_TYPES = [t.value for t in DocumentType]
RECORDED_VIA = ["phone", "on_site", "counter", "integration", "letter", "email", "web"]
Code = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$", error="letters, digits, '_', '.', '-' (max 40)")


def Fen(**kwargs):  # noqa: N802 - reads like a field type
    """An amount in fen: a whole number, never a float or text."""
    kwargs.setdefault("validate", validate.Range(min=0, max=2**53))
    kwargs.setdefault("metadata", {"description": "integer fen (分), CNY"})
    return fields.Integer(strict=True, **kwargs)


def Text(max_length=200, **kwargs):  # noqa: N802
    return fields.String(validate=validate.Length(min=1, max=max_length), **kwargs)


def Id(max_length=64, **kwargs):  # noqa: N802
    """A ticket or unit id: events promise ids that are not blank, so a blank one is refused here."""
    return fields.String(validate=[validate.Length(min=1, max=max_length),
                                   validate.Regexp(r"\S", error="must not be blank")], **kwargs)


class IdempotencyHeader(Schema):
    idempotency_key = fields.String(data_key="Idempotency-Key", required=True, validate=validate.Length(min=8, max=200),
                                    metadata={"description": "unique per intended request; a retry sends the same key"})


# --- catalogue ---------------------------------------------------------------------------
class SeedOut(Schema):
    inserted = fields.Integer()
    already_present = fields.Integer()
    total = fields.Integer()
    free = fields.Integer()
    paid = fields.Integer()
    repair = fields.Integer()


class CategoryIn(Schema):
    code = fields.String(required=True, validate=Code)
    name = Text(100, required=True)


class CategoryOut(Schema):
    code = fields.String()
    name = fields.String()
    source = fields.String()
    created_at = fields.DateTime()


class ItemIn(Schema):
    code = fields.String(required=True, validate=Code)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    category = fields.String(required=True, validate=Code)
    name_zh = Text(100, required=True)
    name_en = Text(100, load_default=None, allow_none=True)
    price_fen = Fen(load_default=None, allow_none=True, validate=validate.Range(min=0, max=10**10))
    unit = Text(20, load_default=None, allow_none=True, metadata={"description": "e.g. 元/次, 元/小时"})
    materials_billed_separately = fields.Boolean(load_default=False, metadata={"description": "材料费另计"})
    pricing_note = Text(500, load_default=None, allow_none=True)


class PriceIn(Schema):
    # Bounded like a quote line (10^10 fen), since a catalogue price becomes one.
    price_fen = Fen(required=True, validate=validate.Range(min=0, max=10**10))
    unit = Text(20, required=True)
    note = Text(500, load_default=None, allow_none=True)


class PriceChangeOut(Schema):
    price_fen = fields.Integer(allow_none=True)
    unit = fields.String(allow_none=True)
    until = fields.DateTime()


class ItemOut(Schema):
    code = fields.String()
    kind = fields.String()
    category = fields.String()
    name_zh = fields.String()
    name_en = fields.String(allow_none=True)
    handbook_number = fields.Integer(allow_none=True)
    price_fen = fields.Integer(allow_none=True, metadata={"description": "null until the project sets a price"})
    unit = fields.String(allow_none=True)
    price_text = fields.String(allow_none=True)
    pricing_note = fields.String(allow_none=True)
    materials_billed_separately = fields.Boolean()
    materials_basis = fields.String(allow_none=True)
    parent_code = fields.String(allow_none=True, metadata={"description": "for a repair: the seed service it falls under"})
    reference_materials_fen = fields.Integer(allow_none=True)
    source = fields.String()
    price_history = fields.List(fields.Nested(PriceChangeOut))


class ItemQuery(PageQuery):
    kind = fields.String(validate=validate.OneOf(KINDS))
    category = fields.String(validate=Code)
    priced = fields.Boolean()


# --- quotes ------------------------------------------------------------------------------
# A quote's lines travel on billing.quote.accepted and ticketing.repair.completed, whose schemas bound
# them (50 lines, 10^10 fen each) so that quantity x price summed stays inside MongoDB's 64-bit integers.
QUOTE_LINE_FEN = validate.Range(min=0, max=10**10)
MAX_QUOTE_LINES = 50


class LineIn(Schema):
    catalogue_code = fields.String(load_default=None, allow_none=True, validate=Code)
    description = Text(200, load_default=None, allow_none=True)
    quantity = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=10_000))
    unit_price_fen = Fen(load_default=None, allow_none=True, validate=QUOTE_LINE_FEN,
                         metadata={"description": "only for off-catalogue lines"})
    materials_fen = Fen(load_default=0, validate=QUOTE_LINE_FEN,
                        metadata={"description": "materials at actual cost (材料费另计)"})


class QuoteIn(Schema):
    ticket_id = Id(required=True)
    unit_id = Id(required=True, metadata={"description": "Unit (楼-层-房号)"})
    lines = fields.List(fields.Nested(LineIn), required=True, validate=validate.Length(min=1, max=MAX_QUOTE_LINES))


class ReviseIn(Schema):
    lines = fields.List(fields.Nested(LineIn), required=True, validate=validate.Length(min=1, max=MAX_QUOTE_LINES))
    finding = Text(2000, required=True, metadata={"description": "what the on-site finding changed"})


class AcceptIn(Schema):
    version = fields.Integer(strict=True, required=True, validate=validate.Range(min=1))
    recorded_via = fields.String(load_default="counter", validate=validate.OneOf(RECORDED_VIA))


class DeclineIn(AcceptIn):
    reason = Text(1000, required=True)


class LineOut(Schema):
    catalogue_code = fields.String(allow_none=True)
    description = fields.String()
    quantity = fields.Integer()
    unit_price_fen = fields.Integer()
    materials_fen = fields.Integer()
    labour_fen = fields.Integer()
    total_fen = fields.Integer()


class QuoteVersionOut(Schema):
    number = fields.Integer()
    status = fields.String()
    lines = fields.List(fields.Nested(LineOut))
    total_fen = fields.Integer()
    finding = fields.String(allow_none=True)
    decline_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()
    sent_at = fields.DateTime()
    decided_at = fields.DateTime()
    decided_by = fields.String()
    recorded_via = fields.String()


class QuoteOut(Schema):
    id = fields.String(attribute="_id")
    ticket_id = fields.String()
    unit_id = fields.String()
    status = fields.String()
    current_version = fields.Integer()
    accepted_version = fields.Integer(allow_none=True)
    versions = fields.List(fields.Nested(QuoteVersionOut))
    created_at = fields.DateTime()


class QuoteQuery(PageQuery):
    ticket_id = fields.String(validate=validate.Length(max=64))
    unit_id = fields.String(validate=validate.Length(max=64))
    status = fields.String(validate=validate.OneOf([s.value for s in QuoteStatus]))


# --- charges and money documents ----------------------------------------------------------
class VoidedNumberOut(Schema):
    number = fields.String()
    reason = fields.String()
    replaced_by = fields.String()
    cancelled_at = fields.DateTime()
    cancelled_by = fields.String()


class BalanceOut(Schema):
    charged_fen = fields.Integer()
    credited_fen = fields.Integer()
    paid_fen = fields.Integer()
    refunded_fen = fields.Integer()
    outstanding_fen = fields.Integer()
    refundable_fen = fields.Integer()


class HoldDecisionOut(Schema):
    decision = fields.String(metadata={"description": "release or cancel"})
    reason = fields.String()
    hold_reason = fields.String()
    amount_fen = fields.Integer(metadata={"description": "what a release made owed"})
    by = fields.String()
    roles = fields.List(fields.String())
    at = fields.DateTime()


class ChargeOut(Schema):
    id = fields.String(attribute="_id")
    source = fields.String(metadata={"description": "repair (from a completed ticket), desk (sold at the centre) "
                                                    "or renovation (装修 fees of an approved application)"})
    ticket_id = fields.String(allow_none=True)
    renovation_id = fields.String(allow_none=True, metadata={"description": "the renovation application it charges"})
    round = fields.Integer(allow_none=True)
    unit_id = fields.String()
    category = fields.String(allow_none=True)
    quote_id = fields.String(allow_none=True)
    quote_version = fields.Integer(allow_none=True, metadata={"description": "the accepted quote version charged"})
    lines = fields.List(fields.Nested(LineOut))
    amount_fen = fields.Integer()
    priced_total_fen = fields.Integer(metadata={"description": "what the lines are worth, even when waived"})
    zero_reason = fields.String(allow_none=True)
    warranty_rework_of = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "open; held when the ticket disagrees with its quote; "
                                                     "cancelled by finance"})
    hold_reason = fields.String(allow_none=True)
    decisions = fields.List(fields.Nested(HoldDecisionOut), metadata={"description": "finance's release or cancel"})
    note = fields.String(allow_none=True)
    created_by = fields.String(allow_none=True)
    slip_number = fields.String(allow_none=True)
    voided_numbers = fields.List(fields.Nested(VoidedNumberOut))
    posted_on = fields.String()
    completed_at = fields.DateTime()
    created_at = fields.DateTime()
    balance = fields.Nested(BalanceOut)


class ChargeQuery(PageQuery):
    ticket_id = fields.String(validate=validate.Length(max=64))
    unit_id = fields.String(validate=validate.Length(max=64))
    status = fields.String(validate=validate.OneOf(["open", "held", "cancelled"]),
                           metadata={"description": "held: finance's list of charges waiting for a decision"})
    source = fields.String(validate=validate.OneOf(["repair", "desk", "renovation"]))


class DeskLineIn(Schema):
    catalogue_code = fields.String(required=True, validate=Code)
    quantity = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=10_000))
    materials_fen = Fen(load_default=0, metadata={"description": "only for services billed with materials"})


class DeskChargeIn(Schema):
    unit_id = Id(required=True, metadata={"description": "Unit (楼-层-房号) the service is charged to"})
    lines = fields.List(fields.Nested(DeskLineIn), required=True, validate=validate.Length(min=1, max=50))
    note = Text(500, load_default=None, allow_none=True)


class HoldCancelIn(Schema):
    reason = Text(1000, required=True)


class HoldReleaseIn(HoldCancelIn):
    unit_id = Id(load_default=None, allow_none=True,
                 metadata={"description": "only for a charge held as missing_unit_id: the unit it is owed by"})
    quote_version = fields.Integer(strict=True, load_default=None, allow_none=True, validate=validate.Range(min=1),
                                   metadata={"description": "charge this accepted version instead of the recorded lines"})


class PaymentIn(Schema):
    charge_id = Text(64, required=True)
    amount_fen = Fen(required=True, validate=validate.Range(min=1, max=2**53))
    method = fields.String(required=True, validate=validate.OneOf(METHODS))
    received_on = fields.Date(load_default=None, allow_none=True,
                              metadata={"description": "value date of a bank transfer; default today"})
    external_reference = Text(200, load_default=None, allow_none=True,
                              metadata={"description": "the payment integration's transaction id"})


class PaymentOut(Schema):
    id = fields.String(attribute="_id")
    charge_id = fields.String()
    unit_id = fields.String()
    method = fields.String()
    amount_fen = fields.Integer()
    receipt_number = fields.String()
    external_reference = fields.String(allow_none=True)
    posted_on = fields.String()
    voided_numbers = fields.List(fields.Nested(VoidedNumberOut))
    created_at = fields.DateTime()
    created_by = fields.String()


class RefundIn(Schema):
    payment_id = Text(64, required=True)
    amount_fen = Fen(required=True, validate=validate.Range(min=1, max=2**53))
    reason = Text(1000, required=True)


class RefundOut(Schema):
    id = fields.String(attribute="_id")
    charge_id = fields.String()
    payment_id = fields.String()
    unit_id = fields.String()
    amount_fen = fields.Integer()
    reason = fields.String()
    refund_number = fields.String()
    posted_on = fields.String()
    voided_numbers = fields.List(fields.Nested(VoidedNumberOut))
    created_at = fields.DateTime()


class CreditNoteIn(Schema):
    charge_id = Text(64, required=True)
    amount_fen = Fen(required=True, validate=validate.Range(min=1, max=2**53))
    reason = Text(1000, required=True)


class CreditNoteOut(Schema):
    id = fields.String(attribute="_id")
    charge_id = fields.String()
    unit_id = fields.String()
    amount_fen = fields.Integer()
    reason = fields.String()
    credit_number = fields.String()
    posted_on = fields.String()
    voided_numbers = fields.List(fields.Nested(VoidedNumberOut))
    created_at = fields.DateTime()


class ByChargeQuery(PageQuery):
    charge_id = fields.String(validate=validate.Length(min=1, max=64))


# --- commissions -------------------------------------------------------------------------
class CommissionIn(Schema):
    unit_id = Text(64, required=True)
    description = Text(1000, required=True, metadata={"description": "e.g. 代订生日蛋糕"})
    prepaid_fen = Fen(required=True, validate=validate.Range(min=1, max=2**53))
    service_fee_fen = Fen(load_default=0)
    method = fields.String(load_default="cash_at_centre", validate=validate.OneOf(METHODS))


class VoucherIn(Schema):
    supplier = Text(200, required=True)
    voucher_number = Text(100, required=True)
    amount_fen = Fen(required=True)


class CancelIn(Schema):
    reason = Text(1000, required=True)


class VoucherOut(Schema):
    supplier = fields.String()
    voucher_number = fields.String()
    amount_fen = fields.Integer()


class SettlementOut(Schema):
    kind = fields.String(metadata={"description": "refund, top_up or even"})
    amount_fen = fields.Integer()
    document_number = fields.String(allow_none=True)


class CommissionOut(Schema):
    id = fields.String(attribute="_id")
    unit_id = fields.String()
    description = fields.String()
    prepaid_fen = fields.Integer()
    service_fee_fen = fields.Integer()
    method = fields.String()
    receipt_number = fields.String()
    status = fields.String()
    voucher = fields.Nested(VoucherOut, allow_none=True)
    settlement = fields.Nested(SettlementOut, allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    voided_numbers = fields.List(fields.Nested(VoidedNumberOut))
    created_at = fields.DateTime()


class CommissionQuery(PageQuery):
    unit_id = fields.String(validate=validate.Length(max=64))
    status = fields.String(validate=validate.OneOf(["ordered", "supplied", "settled", "cancelled"]))


# --- numbers -----------------------------------------------------------------------------
class NumberOut(Schema):
    number = fields.String()
    doc_type = fields.String()
    year = fields.Integer()
    sequence = fields.Integer()
    status = fields.String(metadata={"description": "issued, or cancelled (作废) — kept on record"})
    document = fields.String()
    document_id = fields.String()
    issued_at = fields.DateTime()
    cancel_reason = fields.String()
    cancelled_at = fields.DateTime()
    cancelled_by = fields.String()
    replaced_by = fields.String()


class NumberQuery(PageQuery):
    doc_type = fields.String(validate=validate.OneOf(DOC_TYPES))
    year = fields.Integer(validate=validate.Range(min=2000, max=9999))
    status = fields.String(validate=validate.OneOf(["issued", "cancelled"]))


# --- statements and revenue ----------------------------------------------------------------
class PeriodQuery(Schema):
    from_ = fields.Date(data_key="from", attribute="from", metadata={"description": "first day (default: 1st of this month)"})
    to = fields.Date(metadata={"description": "last day, inclusive (default: today)"})


class HqPeriodQuery(PeriodQuery):
    projects = DelimitedList(fields.String(validate=validate.Length(min=1, max=64)),
                                    metadata={"description": "comma-separated project ids (default: all)"})


class StatementLineOut(Schema):
    posted_on = fields.String()
    document_number = fields.String()
    kind = fields.String()
    description = fields.String()
    debit_fen = fields.Integer(metadata={"description": "raises what the unit owes (charge, refund)"})
    credit_fen = fields.Integer(metadata={"description": "lowers it (payment, credit note)"})
    balance_fen = fields.Integer()
    charge_id = fields.String(allow_none=True)


class StatementOut(Schema):
    unit_id = fields.String()
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    opening_balance_fen = fields.Integer()
    closing_balance_fen = fields.Integer()
    lines = fields.List(fields.Nested(StatementLineOut))


class RevenueRowOut(Schema):
    project_id = fields.String()
    month = fields.String()
    charged_fen = fields.Integer()
    credited_fen = fields.Integer()
    revenue_fen = fields.Integer(metadata={"description": "accrual: charges less credit notes"})
    collected_fen = fields.Integer()
    refunded_fen = fields.Integer()
    net_collected_fen = fields.Integer(metadata={"description": "cash: payments less refunds"})


class RevenueOut(Schema):
    project_id = fields.String()
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    months = fields.List(fields.Nested(RevenueRowOut))


class ConsolidatedMonthOut(Schema):
    month = fields.String()
    charged_fen = fields.Integer()
    credited_fen = fields.Integer()
    revenue_fen = fields.Integer()
    net_collected_fen = fields.Integer()
    projects = fields.List(fields.Nested(RevenueRowOut))


class HqRevenueOut(Schema):
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    months = fields.List(fields.Nested(ConsolidatedMonthOut))


# --- receipts, day close, settings ----------------------------------------------------------
class SlipLineOut(Schema):
    description = fields.String()
    amount_fen = fields.Integer()


class SlipOut(Schema):
    number = fields.String(metadata={"description": "the gap-free number of the three-part slip (三联单)"})
    doc_type = fields.String(metadata={"description": "receipt, refund_note or credit_note"})
    title = fields.String(metadata={"description": "收款收据, 退款单 or 冲减凭证"})
    status = fields.String(metadata={"description": "issued, or cancelled (作废): printed marked void"})
    issued_at = fields.String(metadata={"description": "local time of the project, YYYY-MM-DD HH:MM"})
    unit_id = fields.String(allow_none=True)
    amount_fen = fields.Integer()
    method = fields.String(allow_none=True)
    cashier = fields.String()
    reason = fields.String(allow_none=True)
    charge_slip_number = fields.String(allow_none=True, metadata={"description": "the charge's SLIP number"})
    replaced_by = fields.String(allow_none=True)
    lines = fields.List(fields.Nested(SlipLineOut))
    header = fields.String(metadata={"description": "the project's receipt header"})


class _DayTotalsOut(Schema):
    received_fen = fields.Integer()
    refunded_fen = fields.Integer()
    net_fen = fields.Integer()
    receipts = fields.Integer()
    refunds = fields.Integer()


class MethodTotalOut(_DayTotalsOut):
    method = fields.String()


class CashierTotalOut(_DayTotalsOut):
    cashier = fields.String()


class CashCloseQuery(Schema):
    date = fields.Date(metadata={"description": "the project's local day (default: today)"})


class CashCloseOut(Schema):
    date = fields.String()
    header = fields.String()
    received_fen = fields.Integer(metadata={"description": "receipts of the day, voided numbers left out"})
    refunded_fen = fields.Integer(metadata={"description": "refund notes of the day"})
    net_fen = fields.Integer(metadata={"description": "what the day's drawer and accounts hold: received − refunded"})
    credited_fen = fields.Integer(metadata={"description": "credit notes: lower what is owed, move no money"})
    by_method = fields.List(fields.Nested(MethodTotalOut))
    by_cashier = fields.List(fields.Nested(CashierTotalOut))
    slips = fields.List(fields.Nested(SlipOut))
    voided = fields.List(fields.Nested(SlipOut))


class BillingSettingsIn(Schema):
    receipt_header = Id(80, required=True, metadata={
        "description": "printed at the top of every receipt, e.g. 某某物业 某某花园管理处"})


class BillingSettingsOut(Schema):
    receipt_header = fields.String()
