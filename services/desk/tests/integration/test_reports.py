"""The desk's daily and weekly reports over REST: what came in that day in the project's zone (tickets from
ticketing's events, parcels, messages, items, key sign-outs), what was still open, what was handed over."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from kefulib.messaging import Event

from .conftest import field_errors

LATER = (datetime.now(UTC) + timedelta(hours=4)).isoformat()


def today() -> str:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


def this_week() -> str:
    year, week, _ = datetime.now(ZoneInfo("Asia/Shanghai")).isocalendar()
    return f"{year}-W{week:02d}"


def ticket_created(ticket_id, kind, at=None):
    return Event("ticketing.ticket.created", "p1", {
        "ticket_id": ticket_id, "kind": kind, "category": "general" if kind == "repair" else None,
        "unit_id": "1-1-101", "channel": "phone", "created_at": (at or datetime.now(UTC)).isoformat(),
        "warranty_rework_of": None})


def repair_completed(ticket_id):
    return Event("ticketing.repair.completed", "p1", {
        "ticket_id": ticket_id, "unit_id": "1-1-101", "category": "general",
        "completed_at": datetime.now(UTC).isoformat(), "customer_signed": True, "signed_by": "业主",
        "quote_id": None, "quote_version": None, "lines": [], "total_fen": 0, "warranty_rework_of": None, "round": 1})


def handed_over(handover_id):
    return Event("ticketing.shift.handed_over", "p1", {"handover_id": handover_id, "outgoing": "s-a", "incoming": "s-b",
                                                       "signed_at": datetime.now(UTC).isoformat()})


def post(client, headers, path, body):
    response = client.post(path, headers=headers, json=body)
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def test_the_daily_report_counts_what_came_in_what_is_open_and_what_was_handed_over(client, desk, publish):
    publish(ticket_created("t-1", "repair"), ticket_created("t-2", "repair"), ticket_created("t-3", "complaint"),
            ticket_created("t-old", "inquiry", datetime.now(UTC) - timedelta(days=3)),
            repair_completed("t-1"), handed_over("h-1"))
    for unit in ("1-1-101", "1-1-102"):
        post(client, desk, "/parcels", {"kind": "parcel", "unit_id": unit, "recipient_name": "王先生", "shelf": "A"})
    post(client, desk, "/phone-messages", {"caller_name": "李女士", "callback_phone": "13800001111", "matter": "回电",
                                           "for_department": "engineering"})
    post(client, desk, "/held-items", {"description": "雨伞", "from_whom": "快递员", "for_unit_id": "1-1-101",
                                       "stored_at": "柜台"})
    key = post(client, desk, "/keys", {"kind": "common_area", "label": "天台门", "hook": "B1"})
    post(client, desk, f"/keys/{key['id']}/sign-outs", {"holder": {"name": "张工", "phone": "13900002222"},
                                                        "expected_return_at": LATER, "staff_id": "s-tech"})
    post(client, desk, "/keys", {"kind": "plant_room", "label": "水泵房", "hook": "B2"})  # not on its hook: missing
    post(client, desk, "/key-counts", {"present_key_ids": []})

    report = client.get("/reports/daily", headers=desk, query_string={"day": today()})
    assert report.status_code == 200, report.get_json()
    report = report.get_json()
    assert report["day"] == today() and report["timezone"] == "Asia/Shanghai"
    assert report["came_in"] == {"tickets": 3, "tickets_by_kind": {"repair": 2, "complaint": 1}, "parcels": 2,
                                 "parcels_by_kind": {"parcel": 2}, "phone_messages": 1, "held_items": 1,
                                 "key_sign_outs": 1}
    still = report["still_open"]
    assert still["tickets_unfinished_by_kind"] == {"repair": 1, "complaint": 1, "inquiry": 1}
    assert (still["parcels_waiting"], still["phone_messages_unacknowledged"], still["held_items"],
            still["keys_out_now"], still["keys_overdue_now"]) == (2, 1, 1, 1, 0)
    assert report["handed_over"] == {"shift_handovers": 1, "key_counts": 1, "key_counts_with_findings": 1,
                                     "keys_handed_to_owners": 0}

    yesterday = (datetime.fromisoformat(today()) - timedelta(days=1)).date().isoformat()
    earlier = client.get("/reports/daily", headers=desk, query_string={"day": yesterday}).get_json()
    assert earlier["came_in"]["tickets"] == 0 and earlier["came_in"]["parcels"] == 0
    assert earlier["still_open"]["tickets_unfinished_by_kind"] == {"inquiry": 1}

    week = client.get("/reports/weekly", headers=desk, query_string={"week": this_week()}).get_json()
    assert week["came_in"]["parcels"] == 2 and week["came_in"]["tickets"] >= 3
    assert week["first_day"] <= today() <= week["last_day"]


def test_another_projects_registers_do_not_count(client, desk, as_):
    post(client, as_("p2", "s-desk2"), "/parcels", {"kind": "mail", "unit_id": "1-1-101", "recipient_name": "某人",
                                                   "shelf": "A"})
    report = client.get("/reports/daily", headers=desk, query_string={"day": today()}).get_json()
    assert report["came_in"]["parcels"] == 0


def test_the_day_follows_the_projects_zone(client, desk, as_):
    manager = as_("p1", "s-pm", "project_manager")
    assert client.put("/settings", headers=manager, json={"timezone": "America/New_York"}).status_code == 200
    report = client.get("/reports/daily", headers=desk, query_string={"day": "2026-07-01"}).get_json()
    assert report["from"].startswith("2026-07-01T04:00:00") and report["until"].startswith("2026-07-02T04:00:00")
    assert field_errors(client.put("/settings", headers=manager, json={"timezone": "Mars/Olympus"})) == {"timezone"}


def test_a_bad_day_or_week_names_the_field(client, desk):
    assert field_errors(client.get("/reports/daily", headers=desk, query_string={"day": "2026-02-30"})) == {"day"}
    assert field_errors(client.get("/reports/weekly", headers=desk, query_string={"week": "2026-W60"})) == {"week"}
    assert field_errors(client.get("/reports/weekly", headers=desk, query_string={"week": "next"})) == {"week"}
