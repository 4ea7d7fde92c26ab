"""What the staff console's intake relies on: the caller kept with the ticket (masked in lists), the
deadline preview matching the deadlines the ticket then gets, and the actions allowed now."""
from datetime import datetime


def test_the_caller_is_kept_with_the_ticket_and_masked_in_lists(client, as_):
    clerk = as_("p1", "cs-1", "cs_assistant")
    created = client.post("/tickets", headers=clerk, json={
        "kind": "repair", "title": "水管爆裂", "channel": "phone", "unit_id": "1-2-201", "subtype": "no_water_or_burst_pipe",
        "caller_name": "王女士", "callback_phone": "13812341234"})
    assert created.status_code == 201, created.get_json()
    ticket = created.get_json()
    assert (ticket["caller_name"], ticket["callback_phone"], ticket["category"]) == ("王女士", "13812341234", "urgent")
    assert client.get(f"/tickets/{ticket['id']}", headers=clerk).get_json()["callback_phone"] == "13812341234"
    listed = client.get("/tickets", headers=clerk).get_json()["items"]
    assert [(t["caller_name"], t["callback_phone"]) for t in listed] == [("王女士", "138****1234")]
    assert "13812341234" not in client.get("/tickets", headers=clerk).get_data(as_text=True)


def test_a_bad_callback_phone_is_refused_naming_the_field(client, as_):
    response = client.post("/tickets", headers=as_("p1", "cs-1", "cs_assistant"),
                           json={"kind": "inquiry", "title": "x", "callback_phone": "call me"})
    assert response.status_code == 422 and "callback_phone" in response.get_json()["errors"]


def test_the_preview_shows_the_deadlines_the_ticket_then_gets(client, as_):
    clerk = as_("p1", "cs-1", "cs_assistant")
    preview = client.get("/tickets/deadline-preview?kind=repair&subtype=no_water_or_burst_pipe", headers=clerk)
    assert preview.status_code == 200, preview.get_json()
    shown = preview.get_json()
    assert shown["category"] == "urgent" and shown["deadlines"]
    ticket = client.post("/tickets", headers=clerk, json={"kind": "repair", "title": "t",
                                                          "subtype": "no_water_or_burst_pipe"}).get_json()
    assert set(ticket["deadlines"]) == set(shown["deadlines"])
    for target, due in ticket["deadlines"].items():  # opened a moment later: the same rule, seconds apart
        gap = datetime.fromisoformat(due) - datetime.fromisoformat(shown["deadlines"][target])
        assert 0 <= gap.total_seconds() < 30, target
    general = client.get("/tickets/deadline-preview?kind=repair", headers=clerk).get_json()
    assert general["category"] == "general" and general["deadlines"] != shown["deadlines"]
    assert client.get("/tickets/deadline-preview?kind=inquiry&category=urgent", headers=clerk).status_code == 422


def test_a_ticket_lists_the_actions_its_state_allows(client, as_):
    clerk = as_("p1", "cs-1", "cs_assistant")
    ticket = client.post("/tickets", headers=clerk, json={"kind": "repair", "title": "t"}).get_json()
    assert "dispatch" in ticket["allowed_actions"] and "close" not in ticket["allowed_actions"]
    assert "return_visit_happy" not in ticket["allowed_actions"]
    dispatched = client.post(f"/tickets/{ticket['id']}/actions/dispatch", headers=clerk,
                             json={"department": "engineering", "assignee": "tech-1"}).get_json()
    assert "accept" in dispatched["allowed_actions"] and "dispatch" in dispatched["allowed_actions"]


def test_a_platform_service_reads_the_contact_and_the_read_is_in_the_audit_trail(client, as_, token_factory, db):
    ticket = client.post("/tickets", headers=as_("p1", "cs-1", "cs_assistant"), json={
        "kind": "repair", "title": "门锁坏了", "caller_name": "李先生", "callback_phone": "13900001111"}).get_json()
    service = token_factory.headers("hq", ["ticketing:contact"], ["service:notifications"], subject="cli_notify",
                                    hq=True)
    read = client.get(f"/hq/tickets/{ticket['id']}/contact?project=p1", headers=service)
    assert read.status_code == 200, read.get_json()
    assert read.get_json() | {"ticket_id": None} == {
        "ticket_id": None, "project": "p1", "kind": "repair", "category": "general", "title": "门锁坏了",
        "unit_id": None, "caller_name": "李先生", "callback_phone": "13900001111"}
    entry = db["audit_trail"].find_one({"tenant_id": "p1", "operation": "read", "record_ids": ticket["id"]})
    assert entry["actor"] == "cli_notify"
    assert entry["changes"] == {"fields_read": ["caller_name", "callback_phone"], "purpose": "customer_notification"}
    # Another project's ticket looks missing; a staff token, even with HQ roles, lacks the scope.
    assert client.get(f"/hq/tickets/{ticket['id']}/contact?project=p2", headers=service).status_code == 404
    hq_staff = token_factory.headers("hq", ["ticketing:read", "ticketing:write"], ["hq_general_manager"], hq=True)
    assert client.get(f"/hq/tickets/{ticket['id']}/contact?project=p1", headers=hq_staff).status_code == 403
    project_token = token_factory.headers("p1", ["ticketing:contact"], ["integration_client"])
    assert client.get(f"/hq/tickets/{ticket['id']}/contact?project=p1", headers=project_token).status_code == 403


def test_the_boards_list_only_open_tickets_when_asked(client, as_):
    clerk = as_("p1", "cs-1", "cs_assistant")
    kept = client.post("/tickets", headers=clerk, json={"kind": "inquiry", "title": "还在办"}).get_json()
    gone = client.post("/tickets", headers=clerk, json={"kind": "inquiry", "title": "撤销了"}).get_json()
    assert client.post(f"/tickets/{gone['id']}/actions/cancel", headers=clerk, json={"note": "打错了"}).status_code == 200
    open_ = client.get("/tickets?open=true", headers=clerk).get_json()
    assert [t["id"] for t in open_["items"]] == [kept["id"]] and open_["total"] == 1
    assert client.get("/tickets", headers=clerk).get_json()["total"] == 2
    assert client.get("/tickets?open=maybe", headers=clerk).status_code == 422
