"""desk's collections and indexes."""
from kefulib.idempotency import IDEMPOTENCY_INDEXES
from kefulib.messaging import OUTBOX_INDEXES
from kefulib.store import IndexSpec

KEYS = "keys"                   # the key register: one document per key, with its current loan
KEY_LOANS = "key_loans"         # every sign-out and its return: the key's history
KEY_COUNTS = "key_counts"       # counts at shift hand-over and what they found
PARCELS = "parcels"             # parcels, mail and newspapers waiting or picked up
PHONE_MESSAGES = "phone_messages"
HELD_ITEMS = "held_items"       # small items kept for someone
DESK_SETTINGS = "desk_settings"  # one per project
ANSWERS = "answers"             # standard answers 回复口径: the project's, and the company's under tenant "hq"
ANSWER_VERSIONS = "answer_versions"  # every version of every answer, as it was saved
ANSWER_USES = "answer_uses"     # each time a clerk or steward used an answer, in the user's project

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
    # Search: the answer's segmented words (multikey), asked with $in for the question's words and synonyms.
    IndexSpec(ANSWERS, [("tenant_id", 1), ("terms", 1)], name="answers_by_term"),
    IndexSpec(ANSWERS, [("tenant_id", 1), ("updated_at", -1)], name="answers_newest_first"),
    IndexSpec(ANSWERS, [("tenant_id", 1), ("overrides", 1)], name="answers_by_overridden"),
    IndexSpec(ANSWER_VERSIONS, [("tenant_id", 1), ("answer_id", 1), ("version", -1)], unique=True,
              name="answer_versions"),
    IndexSpec(ANSWER_USES, [("tenant_id", 1), ("answer_id", 1), ("used_at", -1)], name="uses_by_answer"),
    IndexSpec(ANSWER_USES, [("tenant_id", 1), ("used_at", -1)], name="uses_by_time"),
    # HQ's usage report and a company answer's count read every project's uses (explicit /hq/ reads).
    IndexSpec(ANSWER_USES, [("answer_id", 1), ("used_at", -1)], tenant_scoped=False, name="uses_all_projects"),
    IndexSpec(ANSWER_USES, [("used_at", -1)], tenant_scoped=False, name="uses_all_projects_by_time"),
    IndexSpec(DESK_SETTINGS, [("tenant_id", 1)], unique=True, name="settings_per_project"),
    *OUTBOX_INDEXES,
]
