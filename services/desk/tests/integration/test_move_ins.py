"""Move-in 入伙 over REST (DK-1) with identity and billing running as real apps behind real HTTP servers on the same
MongoDB: documents marked in identity's checklist, fees read from billing, keys leaving desk's register, the owner's
form in identity's archive, the clock, desk.move_in.completed through the real outbox and broker, the report."""
from datetime import UTC, datetime, timedelta

import pytest

from .conftest import NOWHERE, field_errors, reason, serve

TODAY = datetime.now(UTC).date()
ALL_SCOPES = ["desk:read", "desk:write", "identity:read", "identity:write", "identity:archives", "billing:read",
              "billing:write"]
MOVE_IN_CODES = [f"MI-{n:02d}" for n in range(1, 11)]
UTILITIES = [{"utility": "water", "meter_reading": "0000.0"}, {"utility": "power", "meter_reading": "12.5"},
             {"utility": "gas", "account_ref": "GAS-778812"}, {"utility": "phone", "not_applicable_reason": "业主自办宽带"},
             {"utility": "cable_tv", "account_ref": "CATV-1203"}]


@pytest.fixture
def peers(build_app):
    started = [serve(build_app("identity")), serve(build_app("billing"))]
    yield {"identity_url": started[0][2], "billing_url": started[1][2]}
    for server, thread, _ in started:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def app(build_app, peers):
    """desk reaching the identity and billing above."""
    return build_app("desk", extra=peers)


@pytest.fixture
def people(token_factory):
    def person(tenant, subject, *roles, hq=False):
        return token_factory.headers(tenant, ALL_SCOPES, list(roles), subject=subject, hq=hq, expires_in=3600)
    return {"clerk": person("p1", "s-clerk", "cs_assistant"), "supervisor": person("p1", "s-sup", "cs_supervisor"),
            "admin": person("p1", "s-admin", "cs_administrator", "finance_clerk"),
            "p2_admin": person("p2", "s-admin2", "cs_administrator", "finance_clerk"),
            "p2_clerk": person("p2", "s-clerk2", "cs_assistant")}


def http(method, url, headers, **kwargs):
    import requests
    return requests.request(method, url, headers=headers, timeout=10, **kwargs)


@pytest.fixture
def unit(peers, people):
    """Unit 1-12-1203 in identity, a 30-yuan charge on it in billing, and its keys in desk's register (p1)."""
    return make_unit(peers, people["admin"], "1", 12, "1203")


def make_unit(peers, admin, building, floor, room):
    identity, billing = peers["identity_url"], peers["billing_url"]
    assert http("POST", identity + "/buildings", admin, json={"code": building}).status_code in (201, 409)
    assert http("POST", identity + "/units", admin, json={"building": building, "floor": floor,
                                                          "room": room}).status_code == 201
    assert http("POST", billing + "/catalogue/seed", admin).status_code in (200, 201)
    assert http("PUT", billing + "/catalogue/items/PAID-58/price", admin,
                json={"price_fen": 3000, "unit": "元/次"}).status_code == 200
    unit_id = f"{building}-{floor}-{room}"
    charge = http("POST", billing + "/charges", {**admin, "Idempotency-Key": f"charge-{unit_id}-0001"},
                  json={"unit_id": unit_id, "lines": [{"catalogue_code": "PAID-58", "quantity": 1}]})
    assert charge.status_code == 201, charge.text
    return {"unit_id": unit_id, "charge": charge.json()}


def add_keys(client, headers, unit_id, count=2):
    ids = []
    for n in range(count):
        response = client.post("/keys", headers=headers, json={"kind": "unit_spare", "label": f"{unit_id} 钥匙 {n}",
                                                               "unit_id": unit_id, "hook": f"M-{n}"})
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    return ids


def book(client, headers, unit_id, **overrides):
    body = {"unit_id": unit_id, "date": TODAY.isoformat(), "slot": "09:00-09:30", "owner_name": "王小明",
            "clerk_id": "s-clerk", **overrides}
    response = client.post("/move-ins", headers=headers, json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def ok(response, status=200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


def step(move_in, name):
    return next(s for s in move_in["steps"] if s["step"] == name)


def pay(peers, headers, charge):
    response = http("POST", peers["billing_url"] + "/payments", {**headers, "Idempotency-Key": f"pay-{charge['id']}"},
                    json={"charge_id": charge["id"], "amount_fen": charge["amount_fen"], "method": "cash_at_centre"})
    assert response.status_code == 201, response.text


def test_a_move_in_goes_through_every_step_and_its_clock_is_recorded(client, db, people, peers, unit, published):
    clerk, unit_id = people["clerk"], unit["unit_id"]
    key_ids = add_keys(client, clerk, unit_id)
    move_in = book(client, clerk, unit_id)
    listed = ok(client.get(f"/move-ins?date={TODAY.isoformat()}", headers=clerk))
    assert [m["owner_name"] for m in listed["items"]] == ["王**"] and move_in["owner_name"] == "王小明"
    mid = move_in["id"]

    assert reason(client.post(f"/move-ins/{mid}/documents", headers=clerk, json={"received": []})) == "not_started"
    assert ok(client.post(f"/move-ins/{mid}/start", headers=clerk, json={}))["status"] == "in_progress"
    refused = client.post(f"/move-ins/{mid}/finish", headers=clerk, json={})
    assert reason(refused) == "steps_missing"
    assert refused.get_json()["missing_steps"] == ["documents", "fees", "keys", "utilities", "registration"]

    # (a) documents: all ten missing at first, marked received in identity, done when none is left
    assert [i["code"] for i in ok(client.get(f"/move-ins/{mid}/documents", headers=clerk))["missing"]] == MOVE_IN_CODES
    partly = ok(client.post(f"/move-ins/{mid}/documents", headers=clerk, json={"received": MOVE_IN_CODES[:9]}))
    assert [i["code"] for i in partly["documents"]["missing"]] == ["MI-10"] and not step(partly, "documents")["done"]
    done = ok(client.post(f"/move-ins/{mid}/documents", headers=clerk, json={"received": ["MI-10"]}))
    assert step(done, "documents")["done"] and step(done, "documents")["done_by"] == "s-clerk"
    in_identity = http("GET", f"{peers['identity_url']}/units/{unit_id}/checklists", clerk).json()
    (checklist,) = in_identity["checklists"]
    assert checklist["missing"] == [] and checklist["received"] == MOVE_IN_CODES

    # (b) fees: refused while billing has the charge unpaid, done once it is paid there
    fees = ok(client.get(f"/move-ins/{mid}/fees", headers=clerk))
    assert (fees["due"], fees["due_fen"]) == ([unit["charge"]["id"]], 3000)
    unpaid = client.post(f"/move-ins/{mid}/fees", headers=clerk, json={})
    assert reason(unpaid) == "fees_outstanding" and unpaid.get_json()["outstanding"][0]["outstanding_fen"] == 3000
    pay(peers, clerk, unit["charge"])
    paid = ok(client.post(f"/move-ins/{mid}/fees", headers=clerk, json={}))
    assert step(paid, "fees")["detail"]["charges"][0]["outstanding_fen"] == 0

    # (c) keys: handed to the owner against signature; they leave the register as hand-overs
    keys = ok(client.post(f"/move-ins/{mid}/keys", headers=clerk, json={
        "key_ids": key_ids, "counts": {"front_door": 3, "mailbox": 2, "access_card": 2},
        "signed_by": {"name": "王小明", "id_last4": "123X"}, "form_ref": "签领钥匙登记表 2026-031"}))
    assert step(keys, "keys")["detail"]["counts"] == {"front_door": 3, "mailbox": 2, "access_card": 2}
    for key_id in key_ids:
        assert ok(client.get(f"/keys/{key_id}", headers=clerk))["status"] == "handed_over"
        (loan,) = ok(client.get(f"/keys/{key_id}/loans", headers=clerk))["items"]
        assert loan["holder"]["name"] == "王小明" and loan["expected_return_at"] is None
    assert reason(client.post(f"/keys/{key_ids[0]}/sign-outs", headers=clerk, json={
        "holder": {"name": "王小明", "id_last4": "123X"},
        "expected_return_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat()})) == "key_handed_over"

    # (d) utilities over two calls; (e) the owner's form goes to identity's archive, desk keeps its id
    half = ok(client.post(f"/move-ins/{mid}/utilities", headers=clerk, json={"items": UTILITIES[:2]}))
    assert step(half, "utilities")["detail"]["missing"] == ["gas", "phone", "cable_tv"]
    ok(client.post(f"/move-ins/{mid}/utilities", headers=clerk, json={"items": UTILITIES[2:]}))
    registered = ok(client.post(f"/move-ins/{mid}/registration", headers=clerk, json={
        "owner": {"name": "王小明", "id_number": "11010119900101123X", "phone": "13800001234", "address": "北京"},
        "has_agent": False, "form_ref": "业主登记表 031"}))
    owner_id = step(registered, "registration")["detail"]["owner_id"]
    history = http("GET", f"{peers['identity_url']}/units/{unit_id}/owner/history", clerk).json()["items"]
    assert [h["owner_id"] for h in history] == [owner_id]
    assert "11010119900101123X" not in repr(registered) and "13800001234" not in repr(registered)

    finished = ok(client.post(f"/move-ins/{mid}/finish", headers=clerk, json={}))
    assert finished["status"] == "completed" and finished["missing_steps"] == []
    assert finished["duration_seconds"] >= sum(s["duration_seconds"] for s in finished["steps"])
    assert finished["over_target"] is False and finished["target_minutes"] == 30
    assert reason(client.post(f"/move-ins/{mid}/finish", headers=clerk, json={})) == "already_finished"

    (event,) = [e for e in published() if e["type"] == "desk.move_in.completed"]
    assert event["data"]["move_in_id"] == mid and event["data"]["duration_seconds"] == finished["duration_seconds"]
    assert set(event["data"]["step_durations"]) == {"documents", "fees", "keys", "utilities", "registration"}
    assert "王小明" not in repr(event)
    # Names are personal data: the audit trail says a name was written, never which.
    assert "王小明" not in repr(list(db.audit_trail.find({})))
    assert ok(client.get("/move-ins", headers=clerk))["items"][0]["steps"][2]["detail"]["signed_by"] == {"name": "王**"}

    report = ok(client.get(f"/move-ins/report?from={TODAY.isoformat()}&to={TODAY.isoformat()}", headers=clerk))
    assert (report["count"], report["over_target"], report["median_seconds"]) == (
        1, 0, finished["duration_seconds"])


def test_booking_rules_a_waiver_and_bad_input_that_writes_nothing(client, people, unit, everything):
    clerk, supervisor, unit_id = people["clerk"], people["supervisor"], unit["unit_id"]
    move_in = book(client, clerk, unit_id)
    mid = move_in["id"]
    later = (TODAY + timedelta(days=1)).isoformat()
    moved = ok(client.post(f"/move-ins/{mid}/reschedule", headers=clerk, json={"date": later, "slot": "10:00-10:30",
                                                                              "reason": "业主改期"}))
    assert (moved["date"], moved["slot"], moved["history"][0]["from_slot"]) == (later, "10:00-10:30", "09:00-09:30")
    assert "slot" in field_errors(client.post(f"/move-ins/{mid}/reschedule", headers=clerk,
                                              json={"date": later, "slot": "11:00-10:00"}))
    ok(client.post(f"/move-ins/{mid}/start", headers=clerk, json={}))
    assert reason(client.post(f"/move-ins/{mid}/reschedule", headers=clerk,
                              json={"date": later, "slot": "10:00-10:30"})) == "already_started"
    assert reason(client.post(f"/move-ins/{mid}/cancel", headers=clerk, json={"reason": "x"})) == "already_started"

    spare = add_keys(client, clerk, unit_id, 1)
    before = everything()
    assert "utilities" in field_errors(client.post(f"/move-ins/{mid}/utilities", headers=clerk,
                                                   json={"items": [{"utility": "gas"}]}))
    assert "counts" in field_errors(client.post(f"/move-ins/{mid}/keys", headers=clerk, json={
        "key_ids": spare, "counts": {"front_door": 0},
        "signed_by": {"name": "王小明", "phone": "13800001234"}}))
    assert everything() == before

    assert reason(client.post(f"/move-ins/{mid}/fees", headers=clerk, json={"waive_reason": "开发商承担"})) == \
        "waiver_not_allowed"
    waived = ok(client.post(f"/move-ins/{mid}/fees", headers=supervisor, json={"waive_reason": "开发商承担"}))
    assert step(waived, "fees")["detail"]["waived"] == {"reason": "开发商承担", "by": "s-sup", "outstanding_fen": 3000}
    assert reason(client.post(f"/move-ins/{mid}/fees", headers=supervisor, json={"waive_reason": "again"})) == \
        "step_already_done"

    other = book(client, clerk, unit_id, slot="14:00-14:30")
    cancelled = ok(client.post(f"/move-ins/{other['id']}/cancel", headers=clerk, json={"reason": "业主未到"}))
    assert cancelled["status"] == "cancelled"
    assert reason(client.post(f"/move-ins/{other['id']}/start", headers=clerk, json={})) == "cancelled"


def test_the_hq_report_covers_every_project_and_only_hq_reads_it(client, people, peers, token_factory):
    finished_in = {}
    for tenant, admin, clerk in (("p1", people["admin"], people["clerk"]), ("p2", people["p2_admin"],
                                                                            people["p2_clerk"])):
        unit = make_unit(peers, admin, "7", 1, "101")
        mid = book(client, clerk, unit["unit_id"])["id"]
        ok(client.post(f"/move-ins/{mid}/start", headers=clerk, json={}))
        ok(client.post(f"/move-ins/{mid}/documents", headers=clerk, json={"received": MOVE_IN_CODES}))
        pay(peers, clerk, unit["charge"])
        ok(client.post(f"/move-ins/{mid}/fees", headers=clerk, json={}))
        ok(client.post(f"/move-ins/{mid}/keys", headers=clerk, json={
            "key_ids": add_keys(client, clerk, unit["unit_id"], 1), "counts": {"front_door": 2},
            "signed_by": {"name": "业主", "id_last4": "0001"}}))
        ok(client.post(f"/move-ins/{mid}/utilities", headers=clerk, json={"items": UTILITIES}))
        ok(client.post(f"/move-ins/{mid}/registration", headers=clerk, json={"owner": {"name": "业主"}}))
        finished_in[tenant] = ok(client.post(f"/move-ins/{mid}/finish", headers=clerk, json={}))

    period = f"from={TODAY.isoformat()}&to={TODAY.isoformat()}"
    hq = token_factory.headers("hq", ["desk:read"], ["hq_admin"], subject="s-hq", hq=True)
    answer = ok(client.get(f"/hq/move-ins/report?{period}", headers=hq))
    assert [(p["project"], p["count"]) for p in answer["projects"]] == [("p1", 1), ("p2", 1)]
    only_p2 = ok(client.get(f"/hq/move-ins/report?{period}&project=p2", headers=hq))
    assert [p["project"] for p in only_p2["projects"]] == ["p2"]
    assert client.get(f"/hq/move-ins/report?{period}", headers=people["clerk"]).status_code == 403
    assert ok(client.get(f"/move-ins/report?{period}", headers=people["p2_clerk"]))["count"] == 1
    assert "to" in field_errors(client.get(f"/move-ins/report?from={TODAY.isoformat()}&to=2000-01-01",
                                           headers=people["clerk"]))


def test_identity_unreachable_is_a_503_and_the_step_stays_undone(build_app, token_factory):
    desk = build_app("desk", extra=NOWHERE).test_client()
    clerk = token_factory.headers("p1", ALL_SCOPES, ["cs_assistant"], subject="s-clerk")
    mid = book(desk, clerk, "1-1-101")["id"]
    ok(desk.post(f"/move-ins/{mid}/start", headers=clerk, json={}))
    down = desk.post(f"/move-ins/{mid}/documents", headers=clerk, json={"received": ["MI-01"]})
    assert reason(down, 503) == "identity_unavailable"
    assert not step(ok(desk.get(f"/move-ins/{mid}", headers=clerk)), "documents")["done"]
