"""billing's collections and indexes.

Every tenant-scoped index leads with `tenant_id`. The unique indexes are what make the money
safe under concurrency and retries:

* `catalogue_items (tenant_id, code)`: seeding twice (or at the same moment) adds nothing.
* `charges (tenant_id, source_key)`: one charge per source — a completed ticket round
  (`ticket/<id>/round/<n>`) however often the event arrives, or one desk sale (`desk/<charge id>`).
* `counters (tenant_id, doc_type, year)`: one counter per numbering scope; never shared.
* `document_numbers (tenant_id, doc_type, year, sequence)`: a number is issued once.
* `idempotency_keys (tenant_id, scope, key)`: a retried request finds the first response.
* `ledger_entries`: the journal that statements and revenue are aggregated from.
"""
from kefulib.idempotency import IDEMPOTENCY_INDEXES
from kefulib.messaging import INBOX_INDEXES, OUTBOX_INDEXES
from kefulib.store import IndexSpec

CATALOGUE_ITEMS = "catalogue_items"
CATALOGUE_CATEGORIES = "catalogue_categories"
QUOTES = "quotes"
CHARGES = "charges"
PAYMENTS = "payments"
REFUNDS = "refunds"
CREDIT_NOTES = "credit_notes"
COMMISSIONS = "commissions"
COUNTERS = "counters"
DOCUMENT_NUMBERS = "document_numbers"
IDEMPOTENCY_KEYS = "idempotency_keys"
LEDGER_ENTRIES = "ledger_entries"
REVENUE_MONTHS = "revenue_month_rollup"  # HQ revenue's sums per (project, month), kept by every journal entry
PROJECT_SETTINGS = "project_settings"

INDEXES = [
    *IDEMPOTENCY_INDEXES,  # retried creating POSTs (Idempotency-Key)
    IndexSpec(CATALOGUE_ITEMS, [("tenant_id", 1), ("code", 1)], unique=True, name="catalogue_item_code"),
    IndexSpec(CATALOGUE_ITEMS, [("tenant_id", 1), ("category", 1), ("code", 1)], name="catalogue_by_category"),
    IndexSpec(CATALOGUE_CATEGORIES, [("tenant_id", 1), ("code", 1)], unique=True, name="catalogue_category_code"),
    IndexSpec(QUOTES, [("tenant_id", 1), ("created_at", -1)], name="quotes_recent"),
    IndexSpec(QUOTES, [("tenant_id", 1), ("ticket_id", 1)], name="quotes_by_ticket"),
    # Desk charges have no ticket, so uniqueness is on the source key rather than (ticket_id, round).
    IndexSpec(CHARGES, [("tenant_id", 1), ("source_key", 1)], unique=True, name="charge_once_per_source"),
    IndexSpec(CHARGES, [("tenant_id", 1), ("ticket_id", 1)], name="charges_by_ticket"),
    IndexSpec(CHARGES, [("tenant_id", 1), ("status", 1), ("created_at", -1)], name="charges_by_status"),
    IndexSpec(CHARGES, [("tenant_id", 1), ("created_at", -1)], name="charges_recent"),
    IndexSpec(CHARGES, [("tenant_id", 1), ("unit_id", 1), ("created_at", -1)], name="charges_by_unit"),
    IndexSpec(PAYMENTS, [("tenant_id", 1), ("charge_id", 1)], name="payments_by_charge"),
    IndexSpec(PAYMENTS, [("tenant_id", 1), ("created_at", -1)], name="payments_recent"),
    IndexSpec(REFUNDS, [("tenant_id", 1), ("charge_id", 1)], name="refunds_by_charge"),
    IndexSpec(CREDIT_NOTES, [("tenant_id", 1), ("charge_id", 1)], name="credit_notes_by_charge"),
    IndexSpec(COMMISSIONS, [("tenant_id", 1), ("created_at", -1)], name="commissions_recent"),
    IndexSpec(COUNTERS, [("tenant_id", 1), ("doc_type", 1), ("year", 1)], unique=True, name="counter_scope"),
    IndexSpec(DOCUMENT_NUMBERS, [("tenant_id", 1), ("doc_type", 1), ("year", 1), ("sequence", 1)], unique=True,
              name="document_number_once"),
    IndexSpec(DOCUMENT_NUMBERS, [("tenant_id", 1), ("number", 1)], unique=True, name="document_number_text"),
    # The cashier's day close reads the numbers issued in one local day.
    IndexSpec(DOCUMENT_NUMBERS, [("tenant_id", 1), ("issued_at", 1)], name="document_numbers_by_time"),
    IndexSpec(PROJECT_SETTINGS, [("tenant_id", 1)], unique=True, name="settings_per_project"),
    IndexSpec(IDEMPOTENCY_KEYS, [("tenant_id", 1), ("scope", 1), ("key", 1)], unique=True, name="idempotency_key_once"),
    IndexSpec(LEDGER_ENTRIES, [("tenant_id", 1), ("posted_on", 1)], name="ledger_by_date"),
    IndexSpec(LEDGER_ENTRIES, [("tenant_id", 1), ("unit_id", 1), ("posted_on", 1), ("kind_order", 1)],
              name="ledger_by_unit"),
    # HQ's consolidated revenue reads across projects on purpose: by date first, then project.
    IndexSpec(LEDGER_ENTRIES, [("posted_on", 1), ("tenant_id", 1)], tenant_scoped=False, name="ledger_hq_by_date"),
    IndexSpec(REVENUE_MONTHS, [("month", 1), ("tenant_id", 1)], tenant_scoped=False, name="revenue_months_hq"),
    *OUTBOX_INDEXES,
    *INBOX_INDEXES,
]
