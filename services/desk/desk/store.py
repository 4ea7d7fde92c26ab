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
UNITS = "units"                 # projection of identity.unit.created: the households surveys are sampled from
SURVEY_CAMPAIGNS = "survey_campaigns"    # a satisfaction survey 顾客满意度调查: period, categories, ratio, sample size
SURVEY_HOUSEHOLDS = "survey_households"  # one per campaign and sampled unit, with its one answer
TICKETS_SEEN = "tickets_seen"   # projection of ticketing's ticket events: what came in, what is not finished
HANDOVERS = "handovers"         # projection of ticketing.shift.handed_over, for the daily report
MOVE_INS = "move_ins"           # move-in appointments 入伙预约 and their guided flow, steps and clock
ANSWERS = "answers"             # standard answers 回复口径: the project's, and the company's under tenant "hq"
ANSWER_VERSIONS = "answer_versions"  # every version of every answer, as it was saved
ANSWER_USES = "answer_uses"     # each time a clerk or steward used an answer, in the user's project
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
    IndexSpec(NOTICES, [("tenant_id", 1), ("status", 1), ("created_at", -1)], name="notices_by_status"),
    IndexSpec(NOTICES, [("tenant_id", 1), ("created_at", -1)], name="notices_newest_first"),
    IndexSpec(DESK_SETTINGS, [("tenant_id", 1)], unique=True, name="settings_per_project"),
    IndexSpec(UNITS, [("tenant_id", 1), ("unit_id", 1)], unique=True, name="unit_per_project"),
    IndexSpec(SURVEY_CAMPAIGNS, [("tenant_id", 1), ("period", 1), ("created_at", -1)], name="campaigns_by_period"),
    # One answer per sampled household: the unique pair is also what makes the sample idempotent.
    IndexSpec(SURVEY_HOUSEHOLDS, [("tenant_id", 1), ("campaign_id", 1), ("unit_id", 1)], unique=True,
              name="household_per_campaign"),
    # The month's results: the households of the month's campaigns, answered or not, grouped in the database.
    IndexSpec(SURVEY_HOUSEHOLDS, [("tenant_id", 1), ("period", 1), ("answered_at", 1)], name="households_by_period"),
    IndexSpec(SURVEY_HOUSEHOLDS, [("period", 1), ("tenant_id", 1)], tenant_scoped=False,
              name="households_by_period_all_projects"),
    IndexSpec(TICKETS_SEEN, [("tenant_id", 1), ("ticket_id", 1)], unique=True, name="ticket_once"),
    IndexSpec(TICKETS_SEEN, [("tenant_id", 1), ("created_at", 1)], name="tickets_by_arrival"),
    IndexSpec(TICKETS_SEEN, [("tenant_id", 1), ("finished_at", 1), ("kind", 1)], name="tickets_unfinished"),
    IndexSpec(HANDOVERS, [("tenant_id", 1), ("handover_id", 1)], unique=True, name="handover_once"),
    IndexSpec(HANDOVERS, [("tenant_id", 1), ("signed_at", 1)], name="handovers_by_time"),
    IndexSpec(PHONE_MESSAGES, [("tenant_id", 1), ("status", 1), ("called_at", 1)], name="messages_by_status"),
    IndexSpec(HELD_ITEMS, [("tenant_id", 1), ("received_at", 1)], name="held_items_by_arrival"),
    IndexSpec(PARCELS, [("tenant_id", 1), ("received_at", 1)], name="parcels_by_arrival"),
    IndexSpec(KEY_LOANS, [("tenant_id", 1), ("signed_out_at", 1)], name="loans_by_time"),
    IndexSpec(MOVE_INS, [("tenant_id", 1), ("date", 1), ("slot", 1)], name="move_ins_by_day"),
    IndexSpec(MOVE_INS, [("tenant_id", 1), ("unit_id", 1), ("date", -1)], name="move_ins_by_unit"),
    # HQ's report reads every project's move-ins of a period (the finished ones: few of a day's are not).
    IndexSpec(MOVE_INS, [("date", 1), ("tenant_id", 1)], tenant_scoped=False, name="move_ins_by_day_all_projects"),
    *OUTBOX_INDEXES,
    *INBOX_INDEXES,
]
