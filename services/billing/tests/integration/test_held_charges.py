"""Finance's view of held charges and its decision on each: release (numbered, posted, payable)
or cancel (never owed), with a reason, who and when on record, and an event."""
import pytest

FINANCE = ("finance_clerk",)


@pytest.fixture
def held(billing):
    billing.seed("p1")
    return billing.charge("p1", ticket_id="t-1", quote_id="old-ticketing-quote")  # 9000 fen of lines, quote unknown


def test_finance_lists_every_held_charge_with_its_reason(billing, held):
    billing.charge("p1", ticket_id="t-2")  # an ordinary open charge
    listed = billing.get("/charges?status=held").get_json()
    assert [(c["id"], c["hold_reason"], c["slip_number"]) for c in listed["items"]] == [
        (held["_id"], "unknown_quote", None)]


def test_a_released_charge_is_numbered_posted_announced_and_payable(billing, held):
    released = billing.post(f"/charges/{held['_id']}/release", {"reason": "价格已与业主核对"}, roles=FINANCE)
    assert released.status_code == 200, released.get_json()
    body = released.get_json()
    assert (body["status"], body["amount_fen"]) == ("open", 9000) and body["slip_number"].startswith("SLIP-")
    (decision,) = body["decisions"]
    assert (decision["decision"], decision["reason"], decision["hold_reason"], decision["by"]) == (
        "release", "价格已与业主核对", "unknown_quote", "p1-finance_clerk")
    assert decision["at"] and decision["roles"] == ["finance_clerk"]
    (event,) = billing.outbox("billing.charge.released")
    assert event["actor"] == "p1-finance_clerk" and event["data"]["slip_number"] == body["slip_number"]
    assert billing.outbox("billing.charge.created")[0]["data"]["charge_id"] == held["_id"]
    assert billing.db.ledger_entries.count_documents({"charge_id": held["_id"]}) == 1
    assert billing.pay(held["_id"], 9000).status_code == 201
    again = billing.post(f"/charges/{held['_id']}/release", {"reason": "x"}, roles=FINANCE)
    assert again.status_code == 409 and again.get_json()["reason_code"] == "charge_not_held"


def test_a_held_charge_can_be_released_at_a_quote_version_the_customer_accepted_since(billing):
    billing.seed("p1")
    quote = billing.quote("t-1", accept=False)
    held = billing.charge("p1", ticket_id="t-1", quote_id=quote["id"], lines=[])
    assert held["hold_reason"] == "no_accepted_quote"
    early = billing.post(f"/charges/{held['_id']}/release", {"reason": "x", "quote_version": 1}, roles=FINANCE)
    assert early.status_code == 409 and early.get_json()["reason_code"] == "quote_version_not_accepted"
    billing.post(f"/quotes/{quote['id']}/accept", {"version": 1})
    released = billing.post(f"/charges/{held['_id']}/release", {"reason": "业主已确认报价", "quote_version": 1},
                            roles=FINANCE).get_json()
    assert (released["amount_fen"], released["quote_version"], released["status"]) == (9000, 1, "open")


def test_a_cancelled_charge_is_never_owed_and_refuses_payments(billing, held):
    cancelled = billing.post(f"/charges/{held['_id']}/cancel", {"reason": "重复工单"}, roles=("project_manager",))
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert cancelled.get_json()["slip_number"] is None
    (event,) = billing.outbox("billing.charge.cancelled")
    assert event["data"] == {"charge_id": held["_id"], "ticket_id": "t-1", "unit_id": "3-12-1203",
                             "hold_reason": "unknown_quote"}
    refused = billing.pay(held["_id"], 100)
    assert refused.status_code == 409 and refused.get_json()["reason_code"] == "charge_cancelled"
    assert billing.get("/charges?status=cancelled").get_json()["total"] == 1


@pytest.mark.parametrize("roles,reason", [(("technician",), "technicians_never_take_money"),
                                          (("cs_assistant",), "finance_decides_held_charges")])
def test_only_finance_and_managers_decide_held_charges(billing, held, roles, reason):
    response = billing.post(f"/charges/{held['_id']}/release", {"reason": "x"}, roles=roles)
    assert response.status_code == 403 and response.get_json()["reason_code"] == reason
    assert billing.db.charges.find_one({"_id": held["_id"]})["status"] == "held"


@pytest.mark.parametrize("path,body,field", [("release", {}, "reason"), ("release", {"reason": "x", "quote_version": 0},
                                                                           "quote_version"),
                                             ("cancel", {"reason": ""}, "reason"), ("cancel", {"reason": "x", "y": 1}, "y")])
def test_bad_decisions_are_refused_naming_the_field_and_nothing_is_written(billing, held, path, body, field):
    before = {name: billing.db[name].count_documents({}) for name in billing.db.list_collection_names()}
    response = billing.post(f"/charges/{held['_id']}/{path}", body, roles=FINANCE)
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert {name: billing.db[name].count_documents({}) for name in billing.db.list_collection_names()} == before
    assert billing.db.charges.find_one({"_id": held["_id"]})["decisions"] == []


def test_a_charge_held_for_a_missing_unit_is_released_onto_the_unit_finance_names(billing):
    held = billing.charge("p1", ticket_id="t-5", unit_id=None)
    assert (held["status"], held["hold_reason"], held["unit_id"]) == ("held", "missing_unit_id", None)
    unnamed = billing.post(f"/charges/{held['_id']}/release", {"reason": "x"}, roles=FINANCE)
    assert unnamed.status_code == 422 and "unit_id" in unnamed.get_json()["errors"]
    released = billing.post(f"/charges/{held['_id']}/release", {"reason": "业主确认房号", "unit_id": "3-12-1203"},
                            roles=FINANCE).get_json()
    assert (released["status"], released["unit_id"]) == ("open", "3-12-1203")
    (entry,) = billing.db.ledger_entries.find({"charge_id": held["_id"]})
    assert entry["unit_id"] == "3-12-1203"
