"""visits' collections and indexes."""
from kefulib.idempotency import IDEMPOTENCY_INDEXES
from kefulib.messaging import INBOX_INDEXES, OUTBOX_INDEXES
from kefulib.store import IndexSpec

RETURN_VISITS = "return_visits"
VISITORS = "visitor_register"
HOST_CALLS = "host_calls"
PRE_REGISTRATIONS = "pre_registrations"
WATCH_LIST = "watch_list"
PROJECT_SETTINGS = "project_settings"
CUSTOMERS = "customers"
UNITS = "units"
YEARLY_PLANS = "interview_yearly_plans"
MONTHLY_PLANS = "interview_monthly_plans"
INTERVIEWS = "interviews"
INTERVIEW_REPORTS = "interview_reports"
RESOURCES = "bookable_resources"
BOOKINGS = "bookings"

INDEXES = [
    *IDEMPOTENCY_INDEXES,  # retried creating POSTs (Idempotency-Key)
    # Overdue list: open statuses whose due time has passed, per tenant.
    IndexSpec(RETURN_VISITS, [("tenant_id", 1), ("status", 1), ("due_at", 1)], name="return_visits_due"),
    # The periodic overdue flagger scans every tenant at once (a system job, not a request).
    IndexSpec(RETURN_VISITS, [("status", 1), ("due_at", 1)], tenant_scoped=False, name="return_visits_due_all"),
    IndexSpec(RETURN_VISITS, [("tenant_id", 1), ("ticket_id", 1), ("created_at", -1)], name="return_visits_by_ticket"),
    # One return visit per ticket and source event, whatever the broker redelivers.
    IndexSpec(RETURN_VISITS, [("tenant_id", 1), ("source_event_id", 1)], unique=True, name="return_visit_per_event"),
    # One scheduled return visit per ticket and round (placeholders have no round yet).
    IndexSpec(RETURN_VISITS, [("tenant_id", 1), ("ticket_id", 1), ("round", 1)], unique=True,
              partial_filter={"scheduled": True}, name="return_visit_per_round"),
    IndexSpec(VISITORS, [("tenant_id", 1), ("checked_in_at", -1)], name="visitors_by_day"),
    IndexSpec(VISITORS, [("tenant_id", 1), ("on_site", 1), ("checked_in_at", -1)], name="visitors_on_site"),
    IndexSpec(HOST_CALLS, [("tenant_id", 1), ("document_fingerprint", 1), ("unit_id", 1), ("recorded_at", -1)],
              name="host_calls_latest"),
    IndexSpec(PRE_REGISTRATIONS, [("tenant_id", 1), ("unit_id", 1), ("valid_until", -1)], name="pre_registrations_unit"),
    IndexSpec(WATCH_LIST, [("tenant_id", 1), ("document_fingerprint", 1)], unique=True, name="watch_list_per_document"),
    IndexSpec(PROJECT_SETTINGS, [("tenant_id", 1)], unique=True, name="settings_per_project"),
    IndexSpec(CUSTOMERS, [("tenant_id", 1), ("customer_id", 1)], unique=True, name="customer_per_project"),
    IndexSpec(CUSTOMERS, [("tenant_id", 1), ("is_key", 1)], name="key_customers"),
    IndexSpec(UNITS, [("tenant_id", 1), ("unit_id", 1)], unique=True, name="unit_per_project"),
    IndexSpec(YEARLY_PLANS, [("tenant_id", 1), ("year", 1)], unique=True, name="yearly_plan_per_year"),
    IndexSpec(MONTHLY_PLANS, [("tenant_id", 1), ("month", 1)], unique=True, name="monthly_plan_per_month"),
    IndexSpec(INTERVIEWS, [("tenant_id", 1), ("month", 1), ("interviewer_id", 1)], name="interviews_by_month"),
    IndexSpec(INTERVIEW_REPORTS, [("tenant_id", 1), ("month", 1)], unique=True, name="report_per_month"),
    IndexSpec(RESOURCES, [("tenant_id", 1), ("name", 1)], name="resources_by_name"),
    # No double booking: of two inserts for the same seat of a slot, the database accepts one.
    IndexSpec(BOOKINGS, [("tenant_id", 1), ("slot_key", 1)], unique=True, partial_filter={"status": "active"},
              name="one_active_booking_per_seat"),
    IndexSpec(BOOKINGS, [("tenant_id", 1), ("resource_id", 1), ("start", 1)], name="bookings_by_resource"),
    *OUTBOX_INDEXES,
    *INBOX_INDEXES,
]
