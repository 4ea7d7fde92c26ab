"""Over the real broker and database: renovation's `renovation.review.overdue` becomes an inbox item, in Chinese and
English, for exactly the holders of the event's roles in the application's project (HQ from the company scope)."""
from kefulib.messaging import Event

from .conftest import granted


def overdue(application_id, level, roles, tenant="p1", step="completeness"):
    return Event("renovation.review.overdue", tenant, {
        "application_id": application_id, "unit_id": "1-1-101", "step": step, "round": 1, "level": level,
        "due_at": "2026-12-01T01:00:00+00:00", "notify_roles": roles}, occurred_at="2026-12-01T01:30:00+00:00")


def items(db, **filter_):
    return sorted(db.inbox_items.find(filter_), key=lambda i: i["recipient"])


def test_each_level_reaches_its_role_holders_in_the_applications_project_only(db, publish, staff):
    publish(overdue("a-1", 1, ["cs_supervisor"]), overdue("a-1", 2, ["project_manager"]),
            overdue("a-1", 3, ["hq_general_manager", "hq_management_representative"]))
    by_level = {level: [(i["recipient"], i["tenant_id"], i["recipient_role"])
                        for i in items(db, application_id="a-1", level=level)] for level in (1, 2, 3)}
    assert by_level == {1: [("s-sup1", "p1", "cs_supervisor")], 2: [("s-pm1", "p1", "project_manager")],
                        3: [("s-gm", "p1", "hq_general_manager"), ("s-rep", "p1", "hq_management_representative")]}
    (first,) = items(db, application_id="a-1", level=1)
    assert first["title"] == "装修审核超时 1 级:客服资料审核" and "2026-12-01 09:00" in first["body"]  # Shanghai time
    assert first["title_en"].startswith("Renovation review overdue, level 1") and "30 min late" in first["body_en"]
    assert (first["kind"], first["action"], first["status"], first["ticket_id"]) == (
        "escalation", "chase_reviewer", "unread", None)
    assert first["deadline"] == "renovation_completeness" and first["minutes_late"] == 30
    assert not items(db, recipient={"$in": ["s-sup2", "s-pm2", "s-asst1"]})  # p2's people and the assistant
    added = [o["envelope"]["data"] for o in db.outbox.find({"routing_key": "notifications.inbox.item_added"})]
    assert len(added) == 4 and all(a["kind"] == "escalation" and a["ticket_id"] is None for a in added)


def test_a_repeated_event_makes_no_second_item_and_a_role_nobody_holds_makes_none(db, publish, staff):
    event = overdue("a-2", 1, ["engineering_supervisor"], step="drawings")
    publish(event)
    assert items(db, application_id="a-2") == []
    publish(granted("s-eng1", "engineering_supervisor", "p1", "Eng One"))
    again = overdue("a-3", 1, ["engineering_supervisor"], step="drawings")
    publish(again)
    publish(again)
    assert [(i["recipient"], i["title"]) for i in items(db, application_id="a-3")] == [
        ("s-eng1", "装修审核超时 1 级:工程图纸审核")]


def test_the_owner_reads_the_item_in_their_inbox(client, db, publish, staff, as_):
    publish(overdue("a-4", 2, ["project_manager"]))
    page = client.get("/inbox", headers=as_("p1", "s-pm1", "project_manager")).get_json()
    (item,) = [i for i in page["items"] if i.get("application_id") == "a-4"]
    assert item["title"] == "装修审核超时 2 级:客服资料审核" and item["title_en"].endswith("completeness check")
    assert item["level"] == 2 and item["action"] == "take_charge"
