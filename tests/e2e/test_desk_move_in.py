"""Move-in 入伙 on the real platform (issue 15, DK-1): a CS assistant signed in with the password grant takes an owner
through one guided flow over REST at desk; desk marks the documents in identity, reads the unit's charges in billing
(paid there), hands the unit's keys over in its own register and puts the owner's form into identity's archive, all
with the assistant's own token. The duration is recorded and the report shows it; finishing with a step missing is a
409 naming the step. Each effect is checked in the service that owns it."""
import uuid
from datetime import UTC, datetime

import pytest

CODES = [f"MI-{n:02d}" for n in range(1, 11)]


class Api:
    def __init__(self, platform, session):
        self.platform, self.session = platform, session

    def call(self, method, service, path, expect=200, key=None, **kwargs):
        headers = {"Idempotency-Key": key} if key else {}
        response = self.session.request(method, self.platform.url(service) + path, headers=headers, timeout=20,
                                        **kwargs)
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response.json()

    def get(self, service, path, **params):
        return self.call("GET", service, path, params=params)

    def post(self, service, path, body=None, expect=200, key=None):
        return self.call("POST", service, path, expect=expect, key=key, json=body if body is not None else {})


@pytest.fixture(scope="module")
def people(platform, sign_in, credentials, make_person, password_session):
    """The desk's CS assistant and finance, real staff accounts signed in with the password grant."""
    out = {"integration": Api(platform, sign_in(credentials["client"]["client_id"],
                                                credentials["client"]["client_secret"]))}
    for username, role in (("desk.zhao", "cs_assistant"), ("finance.qian", "finance_clerk")):
        out[role] = Api(platform, password_session(make_person(username, username, [role])))
    finance = out["finance_clerk"]
    finance.post("billing", "/catalogue/seed")
    finance.call("PUT", "billing", "/catalogue/items/PAID-58/price", json={"price_fen": 5000, "unit": "元/次"})
    return out


@pytest.fixture(scope="module")
def unit(people):
    """A unit in identity, a charge on it in billing and two of its keys in desk's register."""
    integration, clerk = people["integration"], people["cs_assistant"]
    room = f"{uuid.uuid4().int % 9000 + 1000}"
    integration.post("identity", "/buildings", {"code": "9"}, expect=201)
    unit_id = integration.post("identity", "/units", {"building": "9", "floor": 3, "room": room}, expect=201)["unit_id"]
    charge = clerk.post("billing", "/charges", {"unit_id": unit_id, "lines": [{"catalogue_code": "PAID-58",
                                                                              "quantity": 1}]},
                        expect=201, key=f"move-in-charge-{uuid.uuid4()}")
    keys = [clerk.post("desk", "/keys", {"kind": "unit_spare", "label": f"{unit_id} 入户门 {n}", "unit_id": unit_id,
                                         "hook": f"N-{n}"}, expect=201)["id"] for n in (1, 2)]
    return {"unit_id": unit_id, "charge": charge, "key_ids": keys}


def step(move_in, name):
    return next(s for s in move_in["steps"] if s["step"] == name)


def test_a_move_in_in_one_guided_flow_records_its_duration_and_every_effect_where_it_belongs(people, unit):
    clerk, unit_id = people["cs_assistant"], unit["unit_id"]
    today = datetime.now(UTC).date().isoformat()
    booked = clerk.post("desk", "/move-ins", {"unit_id": unit_id, "date": today, "slot": "09:30-10:00",
                                              "owner_name": "周建国", "clerk_id": "desk.zhao"},
                        expect=201, key=f"move-in-{uuid.uuid4()}")
    mid = booked["id"]
    assert [m["owner_name"] for m in clerk.get("desk", "/move-ins", date=today, unit_id=unit_id)["items"]] == ["周**"]
    clerk.post("desk", f"/move-ins/{mid}/start")

    refused = clerk.post("desk", f"/move-ins/{mid}/finish", expect=409)
    assert refused["reason_code"] == "steps_missing" and "documents" in refused["missing_steps"]

    # (a) documents, marked in identity
    shown = clerk.get("desk", f"/move-ins/{mid}/documents")
    assert [item["code"] for item in shown["missing"]] == CODES
    clerk.post("desk", f"/move-ins/{mid}/documents", {"received": CODES})

    # (b) fees: unpaid in billing is refused; paid at billing, the step is done
    assert clerk.post("desk", f"/move-ins/{mid}/fees", expect=409)["reason_code"] == "fees_outstanding"
    clerk.call("POST", "billing", "/payments", expect=201, key=f"move-in-pay-{uuid.uuid4()}", json={
        "charge_id": unit["charge"]["id"], "amount_fen": unit["charge"]["amount_fen"], "method": "cash_at_centre"})
    clerk.post("desk", f"/move-ins/{mid}/fees")

    # (c) keys, (d) utilities, (e) the owner's registration form
    clerk.post("desk", f"/move-ins/{mid}/keys", {"key_ids": unit["key_ids"], "counts": {"front_door": 4, "mailbox": 2},
                                                 "signed_by": {"name": "周建国", "id_last4": "4321"},
                                                 "form_ref": "签领钥匙登记表 e2e"})
    clerk.post("desk", f"/move-ins/{mid}/utilities", {"items": [
        {"utility": "water", "meter_reading": "3.2"}, {"utility": "power", "meter_reading": "15"},
        {"utility": "gas", "account_ref": "GAS-1"}, {"utility": "phone", "not_applicable_reason": "业主自办"},
        {"utility": "cable_tv", "account_ref": "TV-1"}]})
    # The last step still missing: finishing now is refused naming it.
    one_left = clerk.post("desk", f"/move-ins/{mid}/finish", expect=409)
    assert one_left["missing_steps"] == ["registration"] and "registration" in one_left["detail"]
    registered = clerk.post("desk", f"/move-ins/{mid}/registration", {
        "owner": {"name": "周建国", "id_number": "110101198001014321", "phone": "13900004321", "address": "9栋"},
        "has_agent": False})

    finished = clerk.post("desk", f"/move-ins/{mid}/finish")
    assert finished["status"] == "completed" and finished["duration_seconds"] >= 0
    assert all(s["done"] and s["duration_seconds"] is not None for s in finished["steps"])

    # Effects where they belong: documents in identity, keys in desk's register, the fee paid in billing, the owner
    # in identity's archive.
    (checklist,) = clerk.get("identity", f"/units/{unit_id}/checklists")["checklists"]
    assert checklist["kind"] == "move_in" and checklist["received"] == CODES and checklist["missing"] == []
    for key_id in unit["key_ids"]:
        assert clerk.get("desk", f"/keys/{key_id}")["status"] == "handed_over"
        (loan,) = clerk.get("desk", f"/keys/{key_id}/loans")["items"]
        assert loan["holder"]["name"] == "周建国"
    assert clerk.get("billing", f"/charges/{unit['charge']['id']}")["balance"]["outstanding_fen"] == 0
    history = clerk.get("identity", f"/units/{unit_id}/owner/history")["items"]
    assert [h["owner_id"] for h in history] == [step(registered, "registration")["detail"]["owner_id"]]

    report = clerk.get("desk", "/move-ins/report", **{"from": today, "to": today})
    assert report["count"] >= 1 and report["target_minutes"] == 30
    assert report["median_seconds"] is not None and report["over_target"] == 0
