"""BL-1/BL-6: a paid catalogue service that is not a repair (洗车, 复印, …) is charged at the desk
from catalogue codes and quantities, numbered, and paid with the existing payments."""
import pytest

DESK = ("cs_assistant",)
CAR_WASH = {"unit_id": "3-12-1203", "lines": [{"catalogue_code": "PAID-58", "quantity": 2}]}


@pytest.fixture
def priced(billing):
    billing.seed("p1")
    assert billing.put("/catalogue/items/PAID-58/price", {"price_fen": 2500, "unit": "元/次"},
                       roles=("project_manager",)).status_code == 200
    return billing


def test_a_desk_charge_is_priced_from_the_catalogue_numbered_payable_and_on_the_statement(priced):
    created = priced.post("/charges", CAR_WASH, roles=DESK, key="desk-car-wash-1")
    assert created.status_code == 201, created.get_json()
    charge = created.get_json()
    assert (charge["source"], charge["amount_fen"], charge["status"], charge["ticket_id"]) == ("desk", 5000, "open", None)
    assert charge["lines"][0]["description"] == "洗车" and charge["slip_number"].startswith("SLIP-")
    (event,) = priced.outbox("billing.charge.created")
    assert event["data"]["source"] == "desk" and event["data"]["amount_fen"] == 5000
    paid = priced.pay(charge["id"], 5000, key="desk-pay-000001")
    assert paid.status_code == 201 and paid.get_json()["receipt_number"].startswith("RCPT-")
    statement = priced.get("/units/3-12-1203/statement").get_json()
    assert [(line["kind"], line["debit_fen"], line["credit_fen"]) for line in statement["lines"]] == [
        ("charge", 5000, 0), ("payment", 0, 5000)]
    assert priced.get(f"/charges/{charge['id']}").get_json()["balance"]["outstanding_fen"] == 0


def test_a_retried_desk_charge_with_the_same_key_makes_one_charge(priced):
    first = priced.post("/charges", CAR_WASH, roles=DESK, key="desk-car-wash-2")
    again = priced.post("/charges", CAR_WASH, roles=DESK, key="desk-car-wash-2")
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    assert priced.db.charges.count_documents({}) == 1 and priced.db.document_numbers.count_documents({}) == 1
    other = priced.post("/charges", {**CAR_WASH, "unit_id": "other"}, roles=DESK, key="desk-car-wash-2")
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["errors"]


@pytest.mark.parametrize("lines,status,field,reason", [
    ([{"catalogue_code": "REP-02", "quantity": 1}], 422, "lines.0.catalogue_code", "not_a_desk_service"),
    ([{"catalogue_code": "FREE-01", "quantity": 1}], 422, "lines.0.catalogue_code", "not_a_desk_service"),
    ([{"catalogue_code": "PAID-58", "quantity": 1}, {"catalogue_code": "NOPE-1", "quantity": 1}], 422,
     "lines.1.catalogue_code", "unknown_catalogue_code"),
    ([{"catalogue_code": "PAID-58", "quantity": 1, "materials_fen": 100}], 422, "lines.0.materials_fen",
     "no_materials_for_item"),
    ([{"catalogue_code": "PAID-57", "quantity": 1}], 409, None, "item_not_priced"),
])
def test_only_priced_paid_services_of_the_catalogue_are_sold_at_the_desk(priced, lines, status, field, reason):
    response = priced.post("/charges", {"unit_id": "u-1", "lines": lines}, roles=DESK, key="desk-refused-1")
    body = response.get_json()
    assert response.status_code == status and body["reason_code"] == reason
    assert field is None or field in body["errors"]
    assert priced.db.charges.count_documents({}) == 0 and priced.db.idempotency_keys.count_documents({}) == 0


@pytest.mark.parametrize("body,key,field", [
    ({"lines": [{"catalogue_code": "PAID-58", "quantity": 1}]}, "desk-bad-0001", "unit_id"),
    ({"unit_id": "u-1", "lines": []}, "desk-bad-0002", "lines"),
    ({"unit_id": "u-1", "lines": [{"catalogue_code": "PAID-58", "quantity": 0}]}, "desk-bad-0003", "lines.0.quantity"),
    ({"unit_id": "u-1", "lines": [{"catalogue_code": "PAID-58", "quantity": 1, "unit_price_fen": 1}]}, "desk-bad-0004",
     "lines.0.unit_price_fen"),  # the desk names no prices: the catalogue has them
    (CAR_WASH, None, "Idempotency-Key"),
])
def test_malformed_desk_charges_are_refused_naming_the_field(priced, body, key, field):
    response = priced.post("/charges", body, roles=DESK, key=key)
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert priced.db.charges.count_documents({}) == 0


def test_technicians_never_charge_at_the_desk(priced):
    response = priced.post("/charges", CAR_WASH, roles=("technician",), key="desk-tech-0001")
    assert response.status_code == 403 and response.get_json()["reason_code"] == "technicians_never_take_money"
