"""billing's REST endpoints: thin views over the handlers."""
from flask import Response, jsonify
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.problems import Forbidden
from kefulib.web import context, page_of, page_schema, tenant_collection

from . import receipt_pdf
from . import schemas as s
from .common import local_date
from .domain import HoldDecision
from .handlers import catalogue as catalogue_h
from .handlers import charges as charges_h
from .handlers import commissions as commissions_h
from .handlers import desk as desk_h
from .handlers import holds as holds_h
from .handlers import numbers as numbers_h
from .handlers import payments as payments_h
from .handlers import quotes as quotes_h
from .handlers import receipts as receipts_h
from .handlers import statements as statements_h
from .store import (
    CATALOGUE_CATEGORIES,
    CATALOGUE_ITEMS,
    CHARGES,
    COMMISSIONS,
    CREDIT_NOTES,
    DOCUMENT_NUMBERS,
    PAYMENTS,
    QUOTES,
    REFUNDS,
)

READ, WRITE = ["billing:read"], ["billing:write"]
# A technician quotes on site and records the customer's consent (billing:quote) without the cashier's powers
# that billing:write gives (payments, refunds, credit notes).
QUOTE_WRITERS = ["billing:write", "billing:quote"]
CATALOGUE_ROLES = ["project_manager", "cs_administrator", "cs_supervisor", "finance_clerk"]

catalogue = Blueprint("catalogue", __name__, description="The project's service catalogue and repair price list (BL-1).")
quotes = Blueprint("quotes", __name__, description="Quotes before work, accepted or declined by the customer (BL-2).")
charges = Blueprint("charges", __name__, description="Charges from completed repairs (BL-3) and desk sales (BL-1); "
                                                   "held charges and finance's decision on them.")
money = Blueprint("money", __name__, description="Payments, refunds and credit notes; idempotent, never edited (BL-6/7).")
commissions = Blueprint("commissions", __name__, description="Commissioned services with prepayment (BL-4).")
numbers = Blueprint("numbers", __name__, description="Gap-free document numbers and voided numbers (BL-5).")
statements = Blueprint("statements", __name__, description="Unit statements, project and HQ revenue (BL-8).")
receipts = Blueprint("receipts", __name__, description="Printable receipts, refund and credit notes by number; the "
                                                     "cashier's day close; the project's receipt header.")
BLUEPRINTS = [catalogue, quotes, charges, money, commissions, numbers, statements, receipts]
# The header printed on receipts is the project's letterhead: set by who answers for the project's money.
SETTINGS_ROLES = ["project_manager", "finance_clerk"]


def _db():
    return context().db


def _paged(name, filter_, query, sort=("created_at", -1)):
    collection = tenant_collection(name)
    return page_of(lambda: collection.find(filter_).sort(*sort), collection.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda d: d)


def _replayable(result):
    body, status, replayed = result
    response = jsonify(body)
    response.status_code = status
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


# --- catalogue -----------------------------------------------------------------------------
@catalogue.route("/catalogue/seed", methods=["POST"])
@require(scopes=WRITE, roles=CATALOGUE_ROLES)
@catalogue.response(200, s.SeedOut)
def seed_catalogue():
    """Load seed 001 (28 free + 60 paid services) and the sample repair price list; idempotent."""
    principal = current_principal()
    return catalogue_h.seed_catalogue(_db(), principal.tenant_id, principal.actor)


@catalogue.route("/catalogue/categories", methods=["GET"])
@require(scopes=READ)
@catalogue.arguments(s.PageQuery, location="query")
@catalogue.response(200, page_schema(s.CategoryOut, "CategoryPage"))
def list_categories(query):
    return _paged(CATALOGUE_CATEGORIES, {}, query, sort=("code", 1))


@catalogue.route("/catalogue/categories", methods=["POST"])
@require(scopes=WRITE, roles=CATALOGUE_ROLES)
@idempotent()
@catalogue.arguments(s.CategoryIn)
@catalogue.response(201, s.CategoryOut)
def create_category(body):
    return catalogue_h.create_category(tenant_collection(CATALOGUE_CATEGORIES), current_principal(), body)


@catalogue.route("/catalogue/items", methods=["GET"])
@require(scopes=READ)
@catalogue.arguments(s.ItemQuery, location="query")
@catalogue.response(200, page_schema(s.ItemOut, "ItemPage"))
def list_items(query):
    return _paged(CATALOGUE_ITEMS, catalogue_h.item_filter(query), query, sort=("code", 1))


@catalogue.route("/catalogue/items", methods=["POST"])
@require(scopes=WRITE, roles=CATALOGUE_ROLES)
@idempotent()
@catalogue.arguments(s.ItemIn)
@catalogue.response(201, s.ItemOut)
def create_item(body):
    return catalogue_h.create_item(tenant_collection(CATALOGUE_ITEMS), tenant_collection(CATALOGUE_CATEGORIES),
                                   current_principal(), body)


@catalogue.route("/catalogue/items/<code>", methods=["GET"])
@require(scopes=READ)
@catalogue.response(200, s.ItemOut)
def get_item(code):
    return catalogue_h.get_item(tenant_collection(CATALOGUE_ITEMS), code)


@catalogue.route("/catalogue/items/<code>/price", methods=["PUT"])
@require(scopes=WRITE, roles=CATALOGUE_ROLES)
@catalogue.arguments(s.PriceIn)
@catalogue.response(200, s.ItemOut)
def set_price(body, code):
    """The project's own price (fen) for a paid service or a repair; the old one stays in the history."""
    return catalogue_h.set_price(tenant_collection(CATALOGUE_ITEMS), current_principal(), code, body)


# --- quotes --------------------------------------------------------------------------------
@quotes.route("/quotes", methods=["POST"])
@require(any_scopes=QUOTE_WRITERS)
@idempotent()
@quotes.arguments(s.QuoteIn)
@quotes.response(201, s.QuoteOut)
def create_quote(body):
    return quotes_h.create_quote(_db(), current_principal(), body)


@quotes.route("/quotes", methods=["GET"])
@require(scopes=READ)
@quotes.arguments(s.QuoteQuery, location="query")
@quotes.response(200, page_schema(s.QuoteOut, "QuotePage"))
def list_quotes(query):
    return _paged(QUOTES, quotes_h.quote_filter(query), query)


@quotes.route("/quotes/<quote_id>", methods=["GET"])
@require(scopes=READ)
@quotes.response(200, s.QuoteOut)
def get_quote(quote_id):
    return quotes_h.get_quote(tenant_collection(QUOTES), quote_id)


@quotes.route("/quotes/<quote_id>/send", methods=["POST"])
@require(any_scopes=QUOTE_WRITERS)
@quotes.response(200, s.QuoteOut)
def send_quote(quote_id):
    return quotes_h.send_quote(_db(), current_principal(), quote_id)


@quotes.route("/quotes/<quote_id>/accept", methods=["POST"])
@require(any_scopes=QUOTE_WRITERS)
@quotes.arguments(s.AcceptIn)
@quotes.response(200, s.QuoteOut)
def accept_quote(body, quote_id):
    """Record the customer's acceptance of the version they were shown."""
    return quotes_h.accept_quote(_db(), current_principal(), quote_id, body)


@quotes.route("/quotes/<quote_id>/decline", methods=["POST"])
@require(any_scopes=QUOTE_WRITERS)
@quotes.arguments(s.DeclineIn)
@quotes.response(200, s.QuoteOut)
def decline_quote(body, quote_id):
    return quotes_h.decline_quote(_db(), current_principal(), quote_id, body)


@quotes.route("/quotes/<quote_id>/revisions", methods=["POST"])
@require(any_scopes=QUOTE_WRITERS)
@idempotent()
@quotes.arguments(s.ReviseIn)
@quotes.response(201, s.QuoteOut)
def revise_quote(body, quote_id):
    """A new version after an on-site finding; it needs the customer's acceptance again."""
    return quotes_h.revise_quote(_db(), current_principal(), quote_id, body)


# --- charges -------------------------------------------------------------------------------
@charges.route("/charges", methods=["GET"])
@require(scopes=READ)
@charges.arguments(s.ChargeQuery, location="query")
@charges.response(200, page_schema(s.ChargeOut, "ChargePage"))
def list_charges(query):
    return _paged(CHARGES, charges_h.charge_filter(query), query)


@charges.route("/charges", methods=["POST"])
@require(scopes=WRITE)
@charges.arguments(s.IdempotencyHeader, location="headers")
@charges.arguments(s.DeskChargeIn)
@charges.response(201, s.ChargeOut)
def create_desk_charge(headers, body):
    """A paid catalogue service sold at the desk (洗车, 复印, …): priced from the catalogue, numbered, payable."""
    return _replayable(desk_h.create_desk_charge(_db(), current_principal(), headers["idempotency_key"], body,
                                                 s.ChargeOut().dump))


@charges.route("/charges/<charge_id>/release", methods=["POST"])
@require(scopes=WRITE)
@charges.arguments(s.HoldReleaseIn)
@charges.response(200, s.ChargeOut)
def release_charge(body, charge_id):
    """Finance releases a held charge: numbered, posted and payable, at its lines or an accepted quote version."""
    return holds_h.decide(_db(), current_principal(), charge_id, HoldDecision.RELEASE, body)


@charges.route("/charges/<charge_id>/cancel", methods=["POST"])
@require(scopes=WRITE)
@charges.arguments(s.HoldCancelIn)
@charges.response(200, s.ChargeOut)
def cancel_charge(body, charge_id):
    """Finance cancels a held charge: it is never owed; the decision and its reason stay on record."""
    return holds_h.decide(_db(), current_principal(), charge_id, HoldDecision.CANCEL, body)


@charges.route("/charges/<charge_id>", methods=["GET"])
@require(scopes=READ)
@charges.response(200, s.ChargeOut)
def get_charge(charge_id):
    principal = current_principal()
    charge = charges_h.get_charge(tenant_collection(CHARGES), charge_id)
    return charges_h.with_balance(_db(), principal.tenant_id, charge)


# --- payments, refunds, credit notes ---------------------------------------------------------
@money.route("/payments", methods=["POST"])
@require(scopes=WRITE)
@money.arguments(s.IdempotencyHeader, location="headers")
@money.arguments(s.PaymentIn)
@money.response(201, s.PaymentOut)
def record_payment(headers, body):
    """Record money received for a charge. A retry with the same Idempotency-Key gets the first answer."""
    return _replayable(payments_h.record_payment(_db(), current_principal(), headers["idempotency_key"], body,
                                                 s.PaymentOut().dump))


@money.route("/payments", methods=["GET"])
@require(scopes=READ)
@money.arguments(s.ByChargeQuery, location="query")
@money.response(200, page_schema(s.PaymentOut, "PaymentPage"))
def list_payments(query):
    return _paged(PAYMENTS, {k: query[k] for k in ("charge_id",) if k in query}, query)


@money.route("/payments/<payment_id>", methods=["GET"])
@require(scopes=READ)
@money.response(200, s.PaymentOut)
def get_payment(payment_id):
    return payments_h.get_document(tenant_collection(PAYMENTS), payment_id, "payment")


@money.route("/refunds", methods=["POST"])
@require(scopes=WRITE)
@money.arguments(s.IdempotencyHeader, location="headers")
@money.arguments(s.RefundIn)
@money.response(201, s.RefundOut)
def issue_refund(headers, body):
    """Give money back against a payment, as a new numbered refund note."""
    return _replayable(payments_h.issue_refund(_db(), current_principal(), headers["idempotency_key"], body,
                                               s.RefundOut().dump))


@money.route("/refunds", methods=["GET"])
@require(scopes=READ)
@money.arguments(s.ByChargeQuery, location="query")
@money.response(200, page_schema(s.RefundOut, "RefundPage"))
def list_refunds(query):
    return _paged(REFUNDS, {k: query[k] for k in ("charge_id",) if k in query}, query)


@money.route("/refunds/<refund_id>", methods=["GET"])
@require(scopes=READ)
@money.response(200, s.RefundOut)
def get_refund(refund_id):
    return payments_h.get_document(tenant_collection(REFUNDS), refund_id, "refund")


@money.route("/credit-notes", methods=["POST"])
@require(scopes=WRITE)
@money.arguments(s.IdempotencyHeader, location="headers")
@money.arguments(s.CreditNoteIn)
@money.response(201, s.CreditNoteOut)
def issue_credit_note(headers, body):
    """Lower what a charge is owed, as a new numbered credit note (never an edit of the charge)."""
    return _replayable(payments_h.issue_credit_note(_db(), current_principal(), headers["idempotency_key"], body,
                                                    s.CreditNoteOut().dump))


@money.route("/credit-notes", methods=["GET"])
@require(scopes=READ)
@money.arguments(s.ByChargeQuery, location="query")
@money.response(200, page_schema(s.CreditNoteOut, "CreditNotePage"))
def list_credit_notes(query):
    return _paged(CREDIT_NOTES, {k: query[k] for k in ("charge_id",) if k in query}, query)


@money.route("/credit-notes/<credit_id>", methods=["GET"])
@require(scopes=READ)
@money.response(200, s.CreditNoteOut)
def get_credit_note(credit_id):
    return payments_h.get_document(tenant_collection(CREDIT_NOTES), credit_id, "credit note")


# --- commissions ---------------------------------------------------------------------------
@commissions.route("/commissions", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@commissions.arguments(s.CommissionIn)
@commissions.response(201, s.CommissionOut)
def place_commission(body):
    """The owner orders and prepays; the receipt number is issued with the order."""
    return commissions_h.place_order(_db(), current_principal(), body)


@commissions.route("/commissions", methods=["GET"])
@require(scopes=READ)
@commissions.arguments(s.CommissionQuery, location="query")
@commissions.response(200, page_schema(s.CommissionOut, "CommissionPage"))
def list_commissions(query):
    return _paged(COMMISSIONS, commissions_h.order_filter(query), query)


@commissions.route("/commissions/<order_id>", methods=["GET"])
@require(scopes=READ)
@commissions.response(200, s.CommissionOut)
def get_commission(order_id):
    return commissions_h.get_order(tenant_collection(COMMISSIONS), order_id)


@commissions.route("/commissions/<order_id>/voucher", methods=["POST"])
@require(scopes=WRITE)
@commissions.arguments(s.VoucherIn)
@commissions.response(200, s.CommissionOut)
def record_voucher(body, order_id):
    """The supplier's voucher (购货凭证): what the goods really cost."""
    return commissions_h.record_voucher(_db(), current_principal(), order_id, body)


@commissions.route("/commissions/<order_id>/settle", methods=["POST"])
@require(scopes=WRITE)
@commissions.response(200, s.CommissionOut)
def settle_commission(order_id):
    """Final settlement against the prepayment: a refund note or a top-up receipt."""
    return commissions_h.settle_order(_db(), current_principal(), order_id)


@commissions.route("/commissions/<order_id>/cancel", methods=["POST"])
@require(scopes=WRITE)
@commissions.arguments(s.CancelIn)
@commissions.response(200, s.CommissionOut)
def cancel_commission(body, order_id):
    """Cancel before the supplier delivered: the whole prepayment is refunded (refund note)."""
    return commissions_h.cancel_order(_db(), current_principal(), order_id, body)


# --- numbers -------------------------------------------------------------------------------
@numbers.route("/document-numbers", methods=["GET"])
@require(scopes=READ)
@numbers.arguments(s.NumberQuery, location="query")
@numbers.response(200, page_schema(s.NumberOut, "NumberPage"))
def list_numbers(query):
    return _paged(DOCUMENT_NUMBERS, numbers_h.number_filter(query), query,
                  sort=([("doc_type", 1), ("year", 1), ("sequence", 1)],))


@numbers.route("/document-numbers/<number>", methods=["GET"])
@require(scopes=READ)
@numbers.response(200, s.NumberOut)
def get_number(number):
    return numbers_h.get_number(tenant_collection(DOCUMENT_NUMBERS), number)


@numbers.route("/document-numbers/<number>/cancel", methods=["POST"])
@require(scopes=WRITE)
@numbers.arguments(s.CancelIn)
@numbers.response(200, s.NumberOut)
def cancel_number(body, number):
    """Void a spoiled number (作废): it stays on record as cancelled; its document gets the next number."""
    return numbers_h.void_number(_db(), current_principal(), number, body)


# --- statements and revenue ------------------------------------------------------------------
@statements.route("/units/<unit_id>/statement", methods=["GET"])
@require(scopes=READ)
@statements.arguments(s.PeriodQuery, location="query")
@statements.response(200, s.StatementOut)
def unit_statement(query, unit_id):
    start, end = statements_h.period(query)
    return statements_h.unit_statement(_db(), current_principal().tenant_id, unit_id, start, end)


def _project_revenue(query):
    start, end = statements_h.period(query)
    return start, end, statements_h.project_revenue(_db(), current_principal().tenant_id, start, end)


@statements.route("/revenue", methods=["GET"])
@require(scopes=READ)
@statements.arguments(s.PeriodQuery, location="query")
@statements.response(200, s.RevenueOut)
def project_revenue(query):
    """Monthly revenue of the caller's project (accrual) with cash collected beside it."""
    start, end, rows = _project_revenue(query)
    return {"project_id": current_principal().tenant_id, "from": start, "to": end,
            "months": [statements_h.revenue_row(row) for row in rows]}


@statements.route("/revenue.csv", methods=["GET"])
@require(scopes=READ)
@statements.arguments(s.PeriodQuery, location="query")
@statements.response(200, content_type="text/csv", description="one row per month, amounts in fen")
@statements.doc(responses={"200": {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def project_revenue_csv(query):
    return Response(statements_h.revenue_csv(_project_revenue(query)[2]), mimetype="text/csv")


def _hq(query):
    if not current_principal().hq:
        raise Forbidden("Only HQ reads across projects.", reason_code="hq_only")
    start, end = statements_h.period(query)
    return start, end, statements_h.hq_revenue(_db(), start, end, query.get("projects"))


@statements.route("/hq/revenue", methods=["GET"])
@require(scopes=READ)
@statements.arguments(s.HqPeriodQuery, location="query")
@statements.response(200, s.HqRevenueOut)
def hq_revenue(query):
    """HQ's consolidated monthly revenue across projects, each project's row kept for drill-down."""
    start, end, months = _hq(query)
    return {"from": start, "to": end, "months": [statements_h.consolidated_row(m) for m in months]}


@statements.route("/hq/revenue.csv", methods=["GET"])
@require(scopes=READ)
@statements.arguments(s.HqPeriodQuery, location="query")
@statements.response(200, content_type="text/csv", description="one row per project and month, amounts in fen")
@statements.doc(responses={"200": {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def hq_revenue_csv(query):
    months = _hq(query)[2]
    return Response(statements_h.revenue_csv([row for m in months for row in m.projects]), mimetype="text/csv")


# --- receipts, day close, settings ---------------------------------------------------------------
def _slip(number):
    tenant = current_principal().tenant_id
    return receipts_h.slip_view(receipts_h.slip(_db(), tenant, number), receipts_h.receipt_header(_db(), tenant))


@receipts.route("/receipts/<number>", methods=["GET"])
@require(scopes=READ)
@receipts.response(200, s.SlipOut)
def get_receipt(number):
    """The slip a money document's number prints: receipt (RCPT), refund note (RFN) or credit note (CN)."""
    return _slip(number)


@receipts.route("/receipts/<number>/pdf", methods=["GET"])
@require(scopes=READ)
@receipts.response(200, content_type="application/pdf", description="the slip as an A5 PDF, in Chinese")
@receipts.doc(responses={"200": {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}})
def get_receipt_pdf(number):
    slip = _slip(number)
    return Response(receipt_pdf.render(slip), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{slip["number"]}.pdf"'})


@receipts.route("/cash-close", methods=["GET"])
@require(scopes=READ)
@receipts.arguments(s.CashCloseQuery, location="query")
@receipts.response(200, s.CashCloseOut)
def cash_close(query):
    """The day's close (收银日结): money in and out by method and by cashier, every slip, voided numbers apart."""
    tenant = current_principal().tenant_id
    day = query.get("date") or local_date()
    return receipts_h.close_view(receipts_h.cash_close(_db(), tenant, day), receipts_h.receipt_header(_db(), tenant))


@receipts.route("/settings", methods=["GET"])
@require(scopes=READ)
@receipts.response(200, s.BillingSettingsOut)
def get_settings():
    return receipts_h.settings_view(_db(), current_principal().tenant_id)


@receipts.route("/settings", methods=["PATCH"])
@require(scopes=WRITE, roles=SETTINGS_ROLES)
@receipts.arguments(s.BillingSettingsIn)
@receipts.response(200, s.BillingSettingsOut)
def update_settings(body):
    principal = current_principal()
    return receipts_h.update_settings(_db(), principal.tenant_id, principal.actor, body)
