"""notifications' collections and indexes."""
from kefulib.messaging import INBOX_INDEXES, OUTBOX_INDEXES
from kefulib.store import IndexSpec

ROLE_HOLDERS = "role_holders"   # projection of identity's staff role events: who holds which role where
INBOX_ITEMS = "inbox_items"     # the staff inbox: one item per person and matter
SURVEYS = "surveys"             # return-visit surveys sent to customers by message (NT-4), one per visit and round
# A later issue adds `deliveries` here (SMS / WeChat / e-mail attempts per message, NT-3).

INDEXES = [
    # Routing: the holders of some roles in one scope (a project, or `hq` for HQ roles).
    IndexSpec(ROLE_HOLDERS, [("tenant_id", 1), ("role", 1), ("active", 1)], name="holders_by_role"),
    # One item per person and source event, however often the event arrives.
    IndexSpec(INBOX_ITEMS, [("tenant_id", 1), ("source_event_id", 1), ("recipient", 1)], unique=True,
              name="item_per_event_and_person"),
    # A person's inbox in one project, newest first, and its unread count.
    IndexSpec(INBOX_ITEMS, [("tenant_id", 1), ("recipient", 1), ("status", 1), ("created_at", -1)],
              name="inbox_by_person"),
    # HQ people's items come from every project: their inbox is read by recipient alone.
    IndexSpec(INBOX_ITEMS, [("recipient", 1), ("status", 1), ("created_at", -1)], tenant_scoped=False,
              name="inbox_by_person_all_projects"),
    # One survey per return visit and round, whatever visits sends twice (backs the consumer's read-first check).
    IndexSpec(SURVEYS, [("tenant_id", 1), ("return_visit_id", 1), ("round", 1)], unique=True,
              name="survey_per_return_visit"),
    # Staff look surveys up by ticket (GET /surveys?ticket_id=), newest first.
    IndexSpec(SURVEYS, [("tenant_id", 1), ("ticket_id", 1), ("sent_at", -1)], name="surveys_by_ticket"),
    IndexSpec(SURVEYS, [("tenant_id", 1), ("status", 1), ("expires_at", 1)], name="surveys_by_status"),
    *OUTBOX_INDEXES,
    *INBOX_INDEXES,
]
