"""desk's collections and indexes."""
from kefulib.idempotency import IDEMPOTENCY_INDEXES
from kefulib.messaging import INBOX_INDEXES, OUTBOX_INDEXES
from kefulib.store import IndexSpec

KEYS = "keys"                   # the key register: one document per key, with its current loan
KEY_LOANS = "key_loans"         # every sign-out and its return: the key's history
KEY_COUNTS = "key_counts"       # counts at shift hand-over and what they found
PARCELS = "parcels"             # parcels, mail and newspapers waiting or picked up
PHONE_MESSAGES = "phone_messages"
HELD_ITEMS = "held_items"       # small items kept for someone
DESK_SETTINGS = "desk_settings"  # one per project
NOTICES = "notices"             # customer notices 客户通知, with the delivery and read counts notifications reports

INDEXES = [
    *IDEMPOTENCY_INDEXES,
    IndexSpec(KEYS, [("tenant_id", 1), ("kind", 1), ("label", 1)], name="keys_by_kind"),
    IndexSpec(KEYS, [("tenant_id", 1), ("unit_id", 1)], name="keys_by_unit"),
    IndexSpec(KEYS, [("tenant_id", 1), ("expected_return_at", 1)], name="keys_out_by_return"),
    # The overdue job looks at every project at once (a system job, not a request).
    IndexSpec(KEYS, [("expected_return_at", 1), ("overdue_flagged_at", 1)], tenant_scoped=False,
              name="keys_overdue_all_projects"),
    IndexSpec(KEY_LOANS, [("tenant_id", 1), ("key_id", 1), ("signed_out_at", -1)], name="loans_by_key"),
    IndexSpec(KEY_COUNTS, [("tenant_id", 1), ("counted_at", -1)], name="counts_newest_first"),
    IndexSpec(PARCELS, [("tenant_id", 1), ("status", 1), ("received_at", 1)], name="parcels_by_status"),
    IndexSpec(PARCELS, [("tenant_id", 1), ("unit_id", 1), ("received_at", -1)], name="parcels_by_unit"),
    IndexSpec(PHONE_MESSAGES, [("tenant_id", 1), ("for_staff_id", 1), ("status", 1), ("called_at", -1)],
              name="messages_for_person"),
    IndexSpec(PHONE_MESSAGES, [("tenant_id", 1), ("called_at", -1)], name="messages_newest_first"),
    IndexSpec(HELD_ITEMS, [("tenant_id", 1), ("status", 1), ("received_at", 1)], name="held_items_by_status"),
    IndexSpec(NOTICES, [("tenant_id", 1), ("status", 1), ("created_at", -1)], name="notices_by_status"),
    IndexSpec(NOTICES, [("tenant_id", 1), ("created_at", -1)], name="notices_newest_first"),
    IndexSpec(DESK_SETTINGS, [("tenant_id", 1)], unique=True, name="settings_per_project"),
    *OUTBOX_INDEXES,
    *INBOX_INDEXES,
]
