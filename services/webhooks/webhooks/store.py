"""webhooks' collections and indexes."""
from kefulib.idempotency import IDEMPOTENCY_INDEXES
from kefulib.messaging import INBOX_INDEXES
from kefulib.store import IndexSpec

SUBSCRIPTIONS = "subscriptions"
DELIVERIES = "deliveries"

INDEXES = [
    IndexSpec(SUBSCRIPTIONS, [("tenant_id", 1), ("event_types", 1), ("active", 1)], name="subscriptions_by_type"),
    IndexSpec(SUBSCRIPTIONS, [("tenant_id", 1), ("created_at", -1)], name="subscriptions_recent"),
    # One delivery per subscription and event, however often the event arrives.
    IndexSpec(DELIVERIES, [("tenant_id", 1), ("subscription_id", 1), ("event_id", 1)], unique=True,
              name="delivery_per_event"),
    IndexSpec(DELIVERIES, [("tenant_id", 1), ("created_at", -1)], name="deliveries_recent"),
    # The sender's scan across all tenants: only deliveries that are due.
    IndexSpec(DELIVERIES, [("status", 1), ("next_attempt_at", 1)], tenant_scoped=False, name="deliveries_due"),
    *INBOX_INDEXES,
    *IDEMPOTENCY_INDEXES,
]
