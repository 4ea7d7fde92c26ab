"""Over the real broker and database: identity's role events keep the role holders; a breach becomes inbox
items for exactly the level's holders in the ticket's project and announces who was told."""
from kefulib.messaging import Event

from .conftest import breached, granted, removed


def items(db, **filter_):
    return sorted(db.inbox_items.find(filter_), key=lambda i: i["recipient"])


def notified_events(db):
    return [o["envelope"] for o in db.outbox.find({"routing_key": "notifications.escalation.notified"})]


def test_each_level_reaches_its_role_holders_in_the_tickets_project_only(db, publish, staff):
    publish(breached("t-1", 1), breached("t-1", 2), breached("t-1", 3))
    by_level = {level: [(i["recipient"], i["tenant_id"], i["recipient_role"]) for i in items(db, level=level)]
                for level in (1, 2, 3)}
    assert by_level == {1: [("s-sup1", "p1", "cs_supervisor")], 2: [("s-pm1", "p1", "project_manager")],
                        3: [("s-gm", "p1", "hq_general_manager"), ("s-rep", "p1", "hq_management_representative")]}
    (first,) = items(db, level=1)
    assert first["ticket_id"] == "t-1" and first["deadline"] == "first_response" and first["minutes_late"] == 7
    assert first["status"] == "unread" and first["action"] == "chase_assignee" and "t-1" in first["body"]
    assert not items(db, recipient={"$in": ["s-sup2", "s-pm2", "s-asst1"]})  # p2's people and the assistant


def test_who_was_told_is_announced_per_role_in_the_same_transaction(db, publish, staff):
    publish(breached("t-2", 3))
    (event,) = notified_events(db)
    assert event["tenant_id"] == "p1" and event["data"]["ticket_id"] == "t-2"
    assert event["data"]["escalation_level"] == 3 and event["data"]["deadline"] == "first_response"
    assert event["data"]["notified"] == [{"role": "hq_general_manager", "staff_ids": ["s-gm"]},
                                         {"role": "hq_management_representative", "staff_ids": ["s-rep"]}]


def test_a_role_nobody_holds_is_still_announced_with_nobody_told(db, publish, staff):
    publish(Event("ticketing.sla.breached", "p1", {
        "ticket_id": "t-3", "kind": "repair", "deadline": "fixed", "due_at": "2026-12-01T08:00:00+00:00",
        "escalation_level": 1, "escalated_to": "engineering_supervisor", "notify_roles": ["engineering_supervisor"]}))
    assert items(db, ticket_id="t-3") == []
    (event,) = notified_events(db)
    assert event["data"]["notified"] == [{"role": "engineering_supervisor", "staff_ids": []}]


def test_a_repeated_breach_event_makes_no_second_item_or_announcement(db, publish, consumers, staff):
    event = breached("t-4", 1)
    publish(event)
    publish(event)
    assert len(items(db, ticket_id="t-4")) == 1 and len(notified_events(db)) == 1


def test_a_removed_role_is_no_longer_told_and_an_older_grant_cannot_bring_it_back(db, publish, staff):
    publish(removed("s-sup1", "cs_supervisor", "p1", occurred_at="2030-01-01T00:00:00+00:00"))
    publish(granted("s-sup1", "cs_supervisor", "p1", occurred_at="2029-01-01T00:00:00+00:00"))  # late redelivery
    publish(breached("t-5", 1))
    assert items(db, ticket_id="t-5") == []
    holder = db.role_holders.find_one({"_id": "p1:s-sup1:cs_supervisor"})
    assert holder["active"] is False and holder["display_name"] == "Sup One"


def test_a_new_holder_is_told_from_the_next_breach_on(db, publish, staff):
    publish(granted("s-sup1b", "cs_supervisor", "p1", "Sup Backup"))
    publish(breached("t-6", 1))
    assert [i["recipient"] for i in items(db, ticket_id="t-6")] == ["s-sup1", "s-sup1b"]


def test_a_non_conformance_record_reaches_its_approver(db, publish, staff):
    publish(Event("ticketing.non_conformance.opened", "p2", {
        "non_conformance_id": "ncr-1", "ticket_id": "t-7", "unit_id": "1-1-101",
        "approver": "hq_management_representative", "loss_fen": 60_000, "project_can_resolve": True,
        "corrective_deadline": "2026-12-08T00:00:00+00:00", "opened_at": "2026-12-01T00:00:00+00:00"}))
    (item,) = items(db, non_conformance_id="ncr-1")
    assert (item["recipient"], item["tenant_id"], item["kind"]) == ("s-rep", "p2", "approval_requested")
    assert notified_events(db) == []  # only breaches are recorded back on the ticket


def test_each_new_item_is_announced_to_its_recipient_with_ids_and_codes_only(db, publish, staff):
    event = breached("t-8", 3)
    publish(event)
    publish(event)  # redelivered: no second item, no second announcement
    added = sorted((o["envelope"] for o in db.outbox.find({"routing_key": "notifications.inbox.item_added"})),
                   key=lambda e: e["data"]["recipient"])
    by_id = {i["_id"]: i for i in items(db, ticket_id="t-8")}
    assert [(e["tenant_id"], e["data"]["recipient"]) for e in added] == [("p1", "s-gm"), ("p1", "s-rep")]
    for event in added:
        item = by_id[event["data"]["item_id"]]
        assert event["data"] == {"item_id": item["_id"], "recipient": item["recipient"], "kind": "escalation",
                                 "ticket_id": "t-8", "level": 3, "created_at": event["data"]["created_at"]}
