"""The inbox over REST: each person lists and marks only their own items, with the unread count."""
import pytest

from .conftest import breached


@pytest.fixture
def escalated(publish, staff):
    publish(breached("t-1", 1), breached("t-1", 2), breached("t-1", 3), breached("t-9", 1, tenant="p2"))


def inbox(client, headers, **query):
    response = client.get("/inbox", headers=headers, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_each_person_sees_only_their_own_items_with_the_unread_count(client, as_, escalated):
    sup1 = inbox(client, as_("p1", "s-sup1", "cs_supervisor"))
    assert [(i["ticket_id"], i["level"], i["project"]) for i in sup1["items"]] == [("t-1", 1, "p1")]
    assert sup1["unread"] == 1 and sup1["total"] == 1
    assert [i["level"] for i in inbox(client, as_("p1", "s-pm1", "project_manager"))["items"]] == [2]
    assert inbox(client, as_("p1", "s-asst1", "cs_assistant"))["items"] == []
    # p2's supervisor sees p2's breach only; the same person signed in to p1 sees nothing of p2
    assert [i["ticket_id"] for i in inbox(client, as_("p2", "s-sup2", "cs_supervisor"))["items"]] == ["t-9"]
    assert inbox(client, as_("p1", "s-sup2", "cs_supervisor"))["items"] == []


def test_hq_people_see_their_items_from_every_project(client, as_, publish, escalated):
    publish(breached("t-9", 3, tenant="p2"))
    gm = inbox(client, as_("p1", "s-gm", "hq_general_manager", hq=True))
    assert sorted((i["project"], i["ticket_id"]) for i in gm["items"]) == [("p1", "t-1"), ("p2", "t-9")]


def test_marking_read_then_done_by_the_owner(client, as_, escalated):
    me = as_("p1", "s-sup1", "cs_supervisor")
    (item,) = inbox(client, me)["items"]
    read = client.post(f"/inbox/{item['id']}/read", json={}, headers=me)
    assert read.status_code == 200 and read.get_json()["status"] == "read" and read.get_json()["read_at"]
    assert inbox(client, me)["unread"] == 0 and inbox(client, me, status="read")["total"] == 1
    again = client.post(f"/inbox/{item['id']}/read", json={}, headers=me)
    assert again.get_json()["read_at"] == read.get_json()["read_at"]  # a repeat changes nothing
    done = client.post(f"/inbox/{item['id']}/done", json={}, headers=me).get_json()
    assert done["status"] == "done" and done["done_at"]
    back = client.post(f"/inbox/{item['id']}/read", json={}, headers=me)
    assert back.status_code == 409 and back.mimetype == "application/problem+json"


def test_someone_elses_item_is_not_found_and_stays_unread(client, db, as_, escalated):
    (item,) = inbox(client, as_("p1", "s-sup1", "cs_supervisor"))["items"]
    missing = client.post("/inbox/no-such-item/read", json={}, headers=as_("p1", "s-pm1", "project_manager"))
    for who in (as_("p1", "s-pm1", "project_manager"), as_("p2", "s-sup1", "cs_supervisor"),
                as_("p1", "s-gm", "hq_general_manager", hq=True)):
        for call in (client.get(f"/inbox/{item['id']}", headers=who),
                     client.post(f"/inbox/{item['id']}/read", json={}, headers=who),
                     client.post(f"/inbox/{item['id']}/done", json={}, headers=who)):
            assert call.status_code == 404 and call.get_json() == missing.get_json()
    assert db.inbox_items.find_one({"_id": item["id"]})["status"] == "unread"


def test_marking_needs_the_write_scope_and_bad_filters_name_the_field(client, as_, escalated):
    reader = as_("p1", "s-sup1", "hq_auditor", scopes=["notifications:read"])
    (item,) = inbox(client, as_("p1", "s-sup1", "cs_supervisor"))["items"]
    assert client.post(f"/inbox/{item['id']}/read", json={}, headers=reader).status_code == 403
    bad = client.get("/inbox", headers=reader, query_string={"status": "archived"})
    assert bad.status_code == 422 and "status" in bad.get_json()["errors"]


def test_the_projects_managers_see_who_escalations_reach(client, as_, escalated):
    listed = client.get("/role-holders", headers=as_("p1", "s-pm1", "project_manager")).get_json()["items"]
    assert sorted((h["staff_id"], h["role"], h["company_wide"]) for h in listed) == [
        ("s-asst1", "cs_assistant", False), ("s-gm", "hq_general_manager", True),
        ("s-pm1", "project_manager", False), ("s-rep", "hq_management_representative", True),
        ("s-sup1", "cs_supervisor", False)]
    assert client.get("/role-holders", headers=as_("p1", "s-asst1", "cs_assistant")).status_code == 403


def test_each_mark_is_announced_once_to_the_owner_and_a_repeat_announces_nothing(client, db, as_, escalated):
    me = as_("p1", "s-sup1", "cs_supervisor")
    (item,) = inbox(client, me)["items"]
    for step in ("read", "read", "done", "done"):
        assert client.post(f"/inbox/{item['id']}/{step}", json={}, headers=me).status_code == 200
    marked = [o["envelope"] for o in db.outbox.find({"routing_key": "notifications.inbox.item_marked"})]
    assert [(e["tenant_id"], e["actor"], e["data"]) for e in sorted(marked, key=lambda e: e["occurred_at"])] == [
        ("p1", "s-sup1", {"item_id": item["id"], "recipient": "s-sup1", "status": s}) for s in ("read", "done")]
