"""renovation's collections and indexes."""
from kefulib.idempotency import IDEMPOTENCY_INDEXES
from kefulib.messaging import INBOX_INDEXES, OUTBOX_INDEXES
from kefulib.store import IndexSpec

APPLICATIONS = "applications"   # 装修申请: the papers by reference, the plan, each review decision, fees, the permit
PAYMENTS_SEEN = "payments_seen"  # projection of billing.payment.received for an application's charge, once each
PASSES = "passes"               # worker passes 装修出入证: one per worker, the ID number only masked
GATE_ENTRIES = "gate_entries"   # every check of a pass at the gate: who asked, when, the answer
PATROLS = "patrols"             # 巡查: findings and photos of an active renovation
VIOLATIONS = "violations"       # a violation found, its 整改通知书 (number, deadline) and the follow-ups
PROJECT_SETTINGS = "project_settings"  # per project: the patrols' intervals, the review steps' hours
HOT_WORK = "hot_work"           # 动火 applications: day, hours, place, the fire-watch person, the decision
EXTENSIONS = "extensions"       # 延期 applications: the permit's new end, the decision
PERMIT_COUNTERS = "permit_counters"  # one per project: the last 装修许可证 number issued (gap-free)

INDEXES = [
    *IDEMPOTENCY_INDEXES,
    IndexSpec(APPLICATIONS, [("tenant_id", 1), ("status", 1), ("submitted_at", -1)], name="applications_by_status"),
    IndexSpec(APPLICATIONS, [("tenant_id", 1), ("unit_id", 1), ("submitted_at", -1)], name="applications_by_unit"),
    # The patrols' list: active renovations engineering flagged.
    IndexSpec(APPLICATIONS, [("tenant_id", 1), ("flags", 1), ("status", 1)], name="applications_by_flag"),
    # billing's events name the charge, not the application.
    IndexSpec(APPLICATIONS, [("tenant_id", 1), ("fees.charge_id", 1)], name="applications_by_charge"),
    # The review SLA scan across projects, {review_escalation_at: {$lte: now}}: only applications with a level still
    # to announce carry the field, and a date bound never matches the index's null entries, so the scan reads only
    # what is due. Plain rather than partial, as ticketing's tickets_next_breach (SecantusDB scans partial indexes).
    IndexSpec(APPLICATIONS, [("review_escalation_at", 1)], tenant_scoped=False, name="applications_review_escalation"),
    # A project's overdue reviews (`?overdue=true`): review_due_at is set only while a step waits.
    IndexSpec(APPLICATIONS, [("tenant_id", 1), ("review_due_at", 1)], name="applications_review_due"),
    # One number per permit in a project: a second issue of the same number cannot be stored.
    IndexSpec(APPLICATIONS, [("tenant_id", 1), ("permit_number", 1)], unique=True,
              partial_filter={"has_permit": True}, name="permit_number_once"),
    IndexSpec(PASSES, [("tenant_id", 1), ("number", 1)], unique=True, name="pass_number_once"),
    IndexSpec(PASSES, [("tenant_id", 1), ("application_id", 1), ("sequence", 1)], name="passes_of_application"),
    IndexSpec(GATE_ENTRIES, [("tenant_id", 1), ("application_id", 1), ("checked_at", -1)], name="entries_of_permit"),
    IndexSpec(PATROLS, [("tenant_id", 1), ("application_id", 1), ("at", -1)], name="patrols_of_application"),
    IndexSpec(VIOLATIONS, [("tenant_id", 1), ("application_id", 1), ("found_at", -1)], name="violations_of_application"),
    IndexSpec(VIOLATIONS, [("tenant_id", 1), ("status", 1), ("found_at", -1)], name="violations_by_status"),
    IndexSpec(VIOLATIONS, [("tenant_id", 1), ("notice.number", 1)], unique=True, name="notice_number_once"),
    IndexSpec(PROJECT_SETTINGS, [("tenant_id", 1), ("kind", 1)], unique=True, name="settings_per_project"),
    IndexSpec(HOT_WORK, [("tenant_id", 1), ("application_id", 1), ("requested_at", -1)], name="hot_work_of_application"),
    IndexSpec(EXTENSIONS, [("tenant_id", 1), ("application_id", 1), ("requested_at", -1)],
              name="extensions_of_application"),
    IndexSpec(PAYMENTS_SEEN, [("tenant_id", 1), ("payment_id", 1)], unique=True, name="payment_once"),
    IndexSpec(PERMIT_COUNTERS, [("tenant_id", 1)], unique=True, name="permit_counter_per_project"),
    *OUTBOX_INDEXES,
    *INBOX_INDEXES,
]
