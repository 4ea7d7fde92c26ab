"""The dispatch board's read, `GET /tickets/board`: every open ticket of the project in one answer with only what a
card shows, bounded, on the index the open list uses, and seen by exactly whom the list shows it to."""
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from kefulib.testing.service_tests import field_errors
from ticketing.handlers.board import BOARD_LIMIT, CARD_PROJECTION
from ticketing.handlers.tickets import ticket_filter

CARD_FIELDS = {"id", "kind", "category", "title", "unit_id", "status", "created_at", "department", "assignee",
               "appointment_at", "next_breach", "callback_phone"}


def board(client, headers, query=""):
    answer = client.get(f"/tickets/board{query}", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_the_board_holds_every_open_ticket_with_what_a_card_shows(client, as_):
    clerk = as_("p1", "cs-1", "cs_assistant")
    urgent = client.post("/tickets", headers=clerk, json={
        "kind": "repair", "title": "水管爆裂", "channel": "phone", "unit_id": "1-2-201",
        "subtype": "no_water_or_burst_pipe", "caller_name": "王女士", "callback_phone": "13812341234"}).get_json()
    asked = client.post("/tickets", headers=clerk, json={"kind": "inquiry", "title": "停水通知"}).get_json()
    cancelled = client.post("/tickets", headers=clerk, json={"kind": "inquiry", "title": "打错了"}).get_json()
    client.post(f"/tickets/{cancelled['id']}/actions/cancel", headers=clerk, json={"note": "打错了"})
    appointment = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    dispatched = client.post(f"/tickets/{urgent['id']}/actions/dispatch", headers=clerk, json={
        "department": "engineering", "assignee": "tech-1", "appointment_at": appointment.isoformat()}).get_json()

    shown = board(client, clerk)
    assert (shown["count"], shown["limit"], shown["truncated"]) == (2, BOARD_LIMIT, False)
    assert [card["id"] for card in shown["items"]] == [asked["id"], urgent["id"]]  # newest first; no cancelled one
    card = shown["items"][1]
    assert set(card) == CARD_FIELDS
    assert {key: card[key] for key in ("kind", "category", "title", "unit_id", "status", "department", "assignee")} == {
        "kind": "repair", "category": "urgent", "title": "水管爆裂", "unit_id": "1-2-201", "status": "dispatched",
        "department": "engineering", "assignee": "tech-1"}
    assert datetime.fromisoformat(card["appointment_at"]) == appointment
    assert card["callback_phone"] == "138****1234"  # masked as in every list: the full number only on the ticket
    assert card["next_breach"] == dispatched["next_breach"] and set(card["next_breach"]) == {"key", "due_at"}
    assert card["created_at"] == dispatched["created_at"]
    assert "13812341234" not in client.get("/tickets/board", headers=clerk).get_data(as_text=True)
    assert shown["items"][0]["assignee"] is None and shown["items"][0]["callback_phone"] is None


def test_the_board_shows_whom_the_open_list_shows_it_to(client, as_):
    """The same visibility as `GET /tickets?open=true`, role by role: a technician sees the project's open tickets
    there (the phone view picks its own jobs), so on the board too."""
    clerk = as_("p1", "cs-1", "cs_assistant")
    ids = [client.post("/tickets", headers=clerk, json={"kind": "repair", "title": f"r{n}"}).get_json()["id"]
           for n in range(3)]
    client.post(f"/tickets/{ids[0]}/actions/dispatch", headers=clerk, json={"department": "eng", "assignee": "tech-1"})
    for roles in (["cs_assistant"], ["technician"], ["engineering_supervisor"], ["hq_auditor"]):
        person = as_("p1", "tech-1", *roles)
        listed = client.get("/tickets?open=true&page_size=200", headers=person).get_json()["items"]
        assert [card["id"] for card in board(client, person)["items"]] == [t["id"] for t in listed], roles


def test_another_project_gets_an_empty_board(client, as_):
    client.post("/tickets", headers=as_("p1", "cs-1", "cs_assistant"), json={"kind": "repair", "title": "p1 的"})
    other = board(client, as_("p2", "cs-9", "cs_assistant", "project_manager"))
    assert other == {"items": [], "count": 0, "limit": BOARD_LIMIT, "truncated": False}


def test_the_board_needs_the_read_scope(client, token_factory):
    assert client.get("/tickets/board").status_code == 401
    no_read = client.get("/tickets/board", headers=token_factory.headers("p1", ["ticketing:write"]))
    assert no_read.status_code == 403


@pytest.mark.parametrize("query", ["?limit=0", f"?limit={BOARD_LIMIT + 1}", "?limit=many", "?limit=-3"])
def test_bad_query_input_is_a_422_naming_the_field(client, as_, query):
    answer = client.get(f"/tickets/board{query}", headers=as_("p1", "cs-1", "cs_assistant"))
    assert field_errors(answer) == {query[1:].split("=")[0]}


def test_past_its_limit_the_board_keeps_the_newest_and_says_it_is_truncated(client, as_):
    clerk = as_("p1", "cs-1", "cs_assistant")
    ids = [client.post("/tickets", headers=clerk, json={"kind": "inquiry", "title": f"q{n}"}).get_json()["id"]
           for n in range(3)]
    cut = board(client, clerk, "?limit=2")
    assert [card["id"] for card in cut["items"]] == ids[:0:-1] and (cut["count"], cut["truncated"]) == (2, True)
    whole = board(client, clerk, "?limit=3")
    assert whole["count"] == 3 and not whole["truncated"]


def seed_open(db, tenant, count, status="received"):
    """`count` tickets in the stored fields the board reads, one a second back from now (raw, for volume)."""
    at = datetime.now(UTC)
    db.tickets.insert_many([{"_id": str(uuid.uuid4()), "tenant_id": tenant, "kind": "repair", "category": "general",
                             "title": f"seeded {n}", "status": status, "created_at": at - timedelta(seconds=n),
                             "snapshot": {}, "next_breach": None} for n in range(count)], ordered=False)


def test_the_default_bound_holds_and_the_query_reads_only_the_open_tickets_on_an_index(client, as_, db):
    seed_open(db, "p1", BOARD_LIMIT + 1)
    seed_open(db, "p1", 300, status="closed")
    clerk = as_("p1", "cs-1", "cs_assistant")
    shown = board(client, clerk)
    assert (shown["count"], shown["truncated"]) == (BOARD_LIMIT, True)
    assert shown["items"][0]["title"] == "seeded 0" and shown["items"][-1]["title"] == f"seeded {BOARD_LIMIT - 1}"
    # The board's one query as the handler sends it: an index range of the open states, not the project's history.
    plan = db.tickets.find({"tenant_id": "p1", **ticket_filter({"open": True})}, CARD_PROJECTION) \
        .sort("created_at", -1).limit(BOARD_LIMIT + 1).explain()
    assert "tickets_by_status" in str(plan["queryPlanner"]["winningPlan"])
    assert plan["executionStats"]["totalDocsExamined"] <= BOARD_LIMIT + 1
