"""notifications' collections and indexes."""
from kefulib.messaging import INBOX_INDEXES, OUTBOX_INDEXES
from kefulib.store import IndexSpec

ROLE_HOLDERS = "role_holders"   # projection of identity's staff role events: who holds which role where
INBOX_ITEMS = "inbox_items"     # the staff inbox: one item per person and matter
DELIVERIES = "deliveries"       # the delivery log: one message to one recipient about one event, and its attempts
NOTICE_SETTINGS = "notice_settings"  # per project: topics, channel order, quiet hours, throttling, provider templates
TEMPLATES = "templates"         # a project's own wording per topic, channel and language
OPT_OUTS = "opt_outs"           # a customer (by keyed phone hash) who wants no messages on a channel
BINDINGS = "customer_bindings"  # a customer's WeChat openid / e-mail, keyed by phone hash (from the WeChat integration)
ON_DUTY = "on_duty"             # projection of ticketing's hand-overs: who is on duty in each project now
STAFF_CONTACTS = "staff_contacts"  # where a staff member gets escalations beyond the inbox (work e-mail, phone)
SURVEYS = "surveys"             # return-visit surveys sent to customers by message (NT-4), one per visit and round
CAMPAIGN_SURVEYS = "campaign_surveys"  # a household's link for one of desk's satisfaction campaigns, and its answer
NOTICE_FANOUTS = "notice_fanouts"  # per published desk notice: its words, the fan-out's cursor, the counts reported
NOTICE_READS = "notice_reads"      # one per household that opened a notice's page

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
    # NT-3: a redelivered event never sends twice: one delivery per event, recipient and audience.
    IndexSpec(DELIVERIES, [("tenant_id", 1), ("source_event_id", 1), ("recipient_key", 1)], unique=True,
              name="delivery_per_event_and_recipient"),
    # The senders take the next due delivery of any project (queued, oldest due first).
    IndexSpec(DELIVERIES, [("status", 1), ("next_attempt_at", 1)], tenant_scoped=False, name="due_deliveries"),
    # A provider's receipt names only its own message id.
    IndexSpec(DELIVERIES, [("provider_message_id", 1)], tenant_scoped=False, name="by_provider_message"),
    # The log, newest first, and the throttle's count of what one customer got in the last hour.
    IndexSpec(DELIVERIES, [("tenant_id", 1), ("created_at", -1)], name="log_newest_first"),
    IndexSpec(DELIVERIES, [("tenant_id", 1), ("address_key", 1), ("sent_at", -1)], name="sent_to_address"),
    IndexSpec(DELIVERIES, [("tenant_id", 1), ("ticket_id", 1), ("created_at", -1)], name="log_by_ticket"),
    IndexSpec(TEMPLATES, [("tenant_id", 1), ("topic", 1), ("channel", 1), ("language", 1)], unique=True,
              name="template_per_topic_channel_language"),
    IndexSpec(OPT_OUTS, [("tenant_id", 1), ("address_key", 1), ("channel", 1)], unique=True,
              name="opt_out_per_customer_and_channel"),
    IndexSpec(BINDINGS, [("tenant_id", 1), ("address_key", 1)], unique=True, name="binding_per_customer"),
    # One survey per return visit and round, whatever visits sends twice (backs the consumer's read-first check).
    IndexSpec(SURVEYS, [("tenant_id", 1), ("return_visit_id", 1), ("round", 1)], unique=True,
              name="survey_per_return_visit"),
    # Staff look surveys up by ticket (GET /surveys?ticket_id=), newest first.
    IndexSpec(SURVEYS, [("tenant_id", 1), ("ticket_id", 1), ("sent_at", -1)], name="surveys_by_ticket"),
    IndexSpec(SURVEYS, [("tenant_id", 1), ("status", 1), ("expires_at", 1)], name="surveys_by_status"),
    # One link per campaign and household, however often desk's sample arrives; desk's answer closes it by unit.
    IndexSpec(CAMPAIGN_SURVEYS, [("tenant_id", 1), ("campaign_id", 1), ("unit_id", 1)], unique=True,
              name="campaign_survey_per_household"),
    # The fan-out job takes the next notice not yet fanned out whose lease ran out; the progress job the changed.
    IndexSpec(NOTICE_FANOUTS, [("done", 1), ("lease_until", 1)], tenant_scoped=False, name="fanouts_waiting"),
    IndexSpec(NOTICE_FANOUTS, [("dirty", 1)], tenant_scoped=False, name="fanouts_changed"),
    IndexSpec(NOTICE_FANOUTS, [("tenant_id", 1), ("notice_id", 1)], unique=True, name="fanout_per_notice"),
    IndexSpec(NOTICE_READS, [("tenant_id", 1), ("notice_id", 1)], name="reads_by_notice"),
    *OUTBOX_INDEXES,
    *INBOX_INDEXES,
]
