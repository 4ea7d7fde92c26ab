"""A renovation's fees (issue 16): `renovation.fees.requested` becomes one numbered charge on the unit, once per
application, announced with its `renovation_id`, paid at the cashier and on the unit's statement. Events generated
from renovation's own schema, through the real inbox, each delivered twice."""
from hypothesis import given
from kefulib.messaging import Event
from kefulib.testing.contracts import consumer_settings, deliver_twice, events

FEES = {"application_id": "app-1", "unit_id": "3-12-1203", "total_fen": 252000, "lines": [
    {"description": "装修押金", "quantity": 1, "unit_price_fen": 200000},
    {"description": "装修管理费", "quantity": 1, "unit_price_fen": 50000},
    {"description": "装修出入证工本费", "quantity": 2, "unit_price_fen": 1000}]}


def test_the_fees_are_one_numbered_charge_paid_at_the_cashier_and_on_the_statement(consumer, billing):
    deliver_twice(consumer, Event("renovation.fees.requested", "p1", FEES, actor="s-pm"))
    (charge,) = billing.db.charges.find({"tenant_id": "p1"})
    assert (charge["source"], charge["renovation_id"], charge["amount_fen"]) == ("renovation", "app-1", 252000)
    assert charge["slip_number"].startswith("SLIP-") and charge["status"] == "open"
    (announced,) = billing.outbox("billing.charge.created")
    assert announced["data"]["renovation_id"] == "app-1" and announced["data"]["source"] == "renovation"
    shown = billing.get(f"/charges/{charge['_id']}").get_json()
    assert shown["renovation_id"] == "app-1" and [line["description"] for line in shown["lines"]] == [
        "装修押金", "装修管理费", "装修出入证工本费"]
    assert billing.pay(charge["_id"], 252000).status_code == 201
    statement = billing.get("/units/3-12-1203/statement").get_json()
    assert [(line["kind"], line["debit_fen"], line["credit_fen"]) for line in statement["lines"]] == [
        ("charge", 252000, 0), ("payment", 0, 252000)]


@consumer_settings()
@given(event=events("renovation.fees.requested"))
def test_any_valid_fees_request_is_charged_once_at_the_sum_of_its_lines(consumer, db, event):
    deliver_twice(consumer, event)
    (charge,) = db.charges.find({"tenant_id": event.tenant_id})
    owed = sum(line["quantity"] * line["unit_price_fen"] for line in event.data["lines"])
    assert charge["renovation_id"] == event.data["application_id"] and charge["amount_fen"] == owed


def test_the_deposit_is_refunded_less_its_deduction_once_and_on_the_statement(consumer, billing):
    """`renovation.deposit.refund_requested` (an accepted completion): one numbered refund note against the fees'
    payment for the deposit less the deduction, its reason naming the notice; delivered twice, refunded once."""
    deliver_twice(consumer, Event("renovation.fees.requested", "p1", FEES, actor="s-pm"))
    (charge,) = billing.db.charges.find({"tenant_id": "p1"})
    assert billing.pay(charge["_id"], 252000).status_code == 201
    deliver_twice(consumer, Event("renovation.deposit.refund_requested", "p1", {
        "application_id": "app-1", "unit_id": "3-12-1203", "charge_id": charge["_id"], "deposit_fen": 200000,
        "refund_fen": 150000, "deductions": [
            {"notice_number": "P1-ZX-00001-ZG02", "amount_fen": 50000, "reason": "外墙开孔未整改"}]}, actor="s-tech"))
    (refund,) = billing.db.refunds.find({"tenant_id": "p1"})
    assert refund["amount_fen"] == 150000 and refund["refund_number"].startswith("RFN-")
    assert "P1-ZX-00001-ZG02" in refund["reason"] and "外墙开孔未整改" in refund["reason"]
    (announced,) = billing.outbox("billing.refund.issued")
    assert announced["data"]["amount_fen"] == 150000
    statement = billing.get("/units/3-12-1203/statement").get_json()
    assert sorted((line["kind"], line["debit_fen"], line["credit_fen"]) for line in statement["lines"]) == [
        ("charge", 252000, 0), ("credit_note", 0, 150000), ("payment", 0, 252000), ("refund", 150000, 0)]
    (credit,) = billing.db.credit_notes.find({"tenant_id": "p1"})
    assert credit["amount_fen"] == 150000 and credit["reason"] == refund["reason"]


def test_a_deposit_wholly_deducted_or_never_charged_refunds_nothing(consumer, billing):
    deliver_twice(consumer, Event("renovation.deposit.refund_requested", "p1", {
        "application_id": "app-none", "unit_id": "3-12-1203", "charge_id": None, "deposit_fen": 200000,
        "refund_fen": 150000, "deductions": []}))
    assert billing.db.refunds.count_documents({}) == 0


def test_a_deposit_paid_in_part_is_credited_whole_and_refunds_only_money_received(consumer, billing):
    """The fees paid only in part (252,000 owed, 200,000 paid): accepting the completion credits the 150,000 off
    the charge, and only what was paid beyond what is still owed (98,000) comes back; nothing is dead-lettered."""
    deliver_twice(consumer, Event("renovation.fees.requested", "p1", FEES, actor="s-pm"))
    (charge,) = billing.db.charges.find({"tenant_id": "p1"})
    assert billing.pay(charge["_id"], 200000).status_code == 201
    deliver_twice(consumer, Event("renovation.deposit.refund_requested", "p1", {
        "application_id": "app-1", "unit_id": "3-12-1203", "charge_id": charge["_id"], "deposit_fen": 200000,
        "refund_fen": 150000, "deductions": []}, actor="s-tech"))
    (credit,) = billing.db.credit_notes.find({"tenant_id": "p1"})
    (refund,) = billing.db.refunds.find({"tenant_id": "p1"})
    assert (credit["amount_fen"], refund["amount_fen"]) == (150000, 98000)
    shown = billing.get(f"/charges/{charge['_id']}").get_json()
    assert shown["balance"]["outstanding_fen"] == 0 and shown["balance"]["refundable_fen"] == 0
