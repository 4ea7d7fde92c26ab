"""ticketing's collections and indexes."""
from kefulib.idempotency import IDEMPOTENCY_INDEXES
from kefulib.messaging import INBOX_INDEXES, OUTBOX_INDEXES
from kefulib.store import IndexSpec

TICKETS = "tickets"                       # one document per ticket: fields, domain snapshot, SLA state
HISTORY = "ticket_history"                # append-only audit trail, one document per change
SETTINGS = "project_settings"             # per-project SLA policy, business calendar and rule numbers
NON_CONFORMANCE = "non_conformance_records"  # 不合格品/服务记录处理单 (TK-8/TK-9)
DUTY_LOG = "duty_log"                     # 值班记录 (TK-12)
HANDOVERS = "handovers"                   # 交接班记录 (TK-12)
ATTACHMENTS = "ticket_attachments"        # photos and signatures: one record each, tenant-scoped; bytes in GridFS
ATTACHMENT_BLOBS = "ticket_attachment_blobs"  # the GridFS bucket (.files, .chunks), reached only through a record
TICKET_MONTHS = "ticket_month_rollup"     # HQ reports' counters per (project, local month, kind), kept by every write
TICKET_MONTH_DELTAS = "ticket_month_deltas"  # each write's difference to them, until the worker folds it in
# Sharding (kefulib.sharding): the bucket's chunks on MongoDB's documented {files_id: 1, n: 1}; its file metadata
# stays unsharded (one small document per blob, read by _id only through a tenant's attachment record).
GRIDFS_BUCKETS = [ATTACHMENT_BLOBS]
UNSHARDED = {f"{ATTACHMENT_BLOBS}.files": "GridFS file metadata: one small document per blob, read by _id from "
                                          "a tenant's attachment record (the record is tenant-led)"}

INDEXES = [
    *IDEMPOTENCY_INDEXES,  # retried creating POSTs (Idempotency-Key)
    IndexSpec(TICKETS, [("tenant_id", 1), ("created_at", -1)], name="tickets_recent"),
    IndexSpec(ATTACHMENTS, [("tenant_id", 1), ("ticket_id", 1), ("uploaded_at", 1)], name="attachments_by_ticket"),
    IndexSpec(TICKETS, [("tenant_id", 1), ("status", 1), ("created_at", -1)], name="tickets_by_status"),
    # The SLA scanner's claim query across all tenants, {next_breach_at: {$lte: now}}: only tickets
    # with a breach still to report carry next_breach_at (it is unset on closed, cancelled, met or
    # paused tickets), and the $lte bound on a date never matches the index's null entries, so the
    # scan reads exactly the due entries whatever the number of open tickets. A plain index rather
    # than a partial one: the pinned test server (SecantusDB) plans partial indexes as collection
    # scans; on MongoDB a partial {next_breach_at: {$exists: true}} index would also do.
    IndexSpec(TICKETS, [("next_breach_at", 1)], tenant_scoped=False, name="tickets_next_breach"),
    # Monthly reports: $match on tenant + local month, then $group by kind (TK-13).
    IndexSpec(TICKETS, [("tenant_id", 1), ("month", 1), ("domain_kind", 1)], name="tickets_by_month"),
    IndexSpec(TICKETS, [("month", 1), ("tenant_id", 1), ("domain_kind", 1)], tenant_scoped=False,
              name="tickets_by_month_hq"),
    # The HQ reports read the roll-up by month range first (every project), or by project and month.
    IndexSpec(TICKET_MONTHS, [("month", 1), ("tenant_id", 1), ("kind", 1)], tenant_scoped=False,
              name="ticket_months_hq"),
    IndexSpec(TICKET_MONTHS, [("tenant_id", 1), ("month", 1), ("kind", 1)], name="ticket_months_by_project"),
    IndexSpec(TICKET_MONTH_DELTAS, [("month", 1), ("tenant_id", 1)], tenant_scoped=False, name="ticket_deltas_hq"),
    IndexSpec(TICKET_MONTH_DELTAS, [("tenant_id", 1), ("month", 1)], name="ticket_deltas_by_project"),
    # Repeat complaints: the unit's earlier complaints in the window.
    IndexSpec(TICKETS, [("tenant_id", 1), ("unit_id", 1), ("kind", 1), ("created_at", -1)], name="tickets_by_unit"),
    # HQ's list of escalated tickets across projects, by the level reached (only breached tickets carry it).
    IndexSpec(TICKETS, [("escalation_level", 1), ("created_at", -1)], tenant_scoped=False, name="tickets_escalated_hq"),
    IndexSpec(HISTORY, [("tenant_id", 1), ("ticket_id", 1), ("seq", 1)], unique=True, name="history_by_ticket"),
    IndexSpec(NON_CONFORMANCE, [("tenant_id", 1), ("ticket_id", 1)], unique=True, name="ncr_by_ticket"),
    IndexSpec(NON_CONFORMANCE, [("tenant_id", 1), ("status", 1), ("created_at", -1)], name="ncr_by_status"),
    IndexSpec(NON_CONFORMANCE, [("status", 1), ("approver", 1), ("created_at", -1)], tenant_scoped=False,
              name="ncr_awaiting_hq"),
    IndexSpec(DUTY_LOG, [("tenant_id", 1), ("at", -1)], name="duty_log_recent"),
    IndexSpec(DUTY_LOG, [("tenant_id", 1), ("matter", 1), ("at", 1)], name="duty_log_by_matter"),
    IndexSpec(HANDOVERS, [("tenant_id", 1), ("prepared_at", -1)], name="handovers_recent"),
    *OUTBOX_INDEXES,
    *INBOX_INDEXES,
]
