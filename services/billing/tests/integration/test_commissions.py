"""BL-4: commissioned services — prepayment with a receipt, supplier voucher, settlement, cancel."""
import pytest

CAKE = {"unit_id": "3-12-1203", "description": "代订生日蛋糕", "prepaid_fen": 20000}


@pytest.fixture
def order(billing):
    response = billing.post("/commissions", CAKE, roles=("cs_assistant",))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_an_order_is_prepaid_against_a_numbered_receipt(order):
    assert order["status"] == "ordered" and order["prepaid_fen"] == 20000
    assert order["receipt_number"].endswith("-000001") and order["receipt_number"].startswith("RCPT-")


def test_a_cheaper_supplier_voucher_settles_with_a_refund_note(billing, order):
    supplied = billing.post(f"/commissions/{order['id']}/voucher",
                            {"supplier": "好利来", "voucher_number": "HL-889", "amount_fen": 16800})
    assert supplied.get_json()["status"] == "supplied"
    settled = billing.post(f"/commissions/{order['id']}/settle", roles=("cs_assistant",)).get_json()
    assert settled["status"] == "settled"
    assert (settled["settlement"]["kind"], settled["settlement"]["amount_fen"]) == ("refund", 3200)
    assert settled["settlement"]["document_number"].startswith("RFN-")


def test_a_dearer_supplier_voucher_settles_with_a_top_up_receipt(billing, order):
    billing.post(f"/commissions/{order['id']}/voucher", {"supplier": "好利来", "voucher_number": "HL-890",
                                                          "amount_fen": 23000})
    settled = billing.post(f"/commissions/{order['id']}/settle").get_json()
    assert (settled["settlement"]["kind"], settled["settlement"]["amount_fen"]) == ("top_up", 3000)
    assert settled["settlement"]["document_number"].endswith("-000002")  # the order's receipt was 000001


def test_settling_before_the_supplier_voucher_is_refused(billing, order):
    response = billing.post(f"/commissions/{order['id']}/settle")
    assert response.status_code == 409 and response.get_json()["reason_code"] == "commission_not_supplied"


def test_cancelling_refunds_the_whole_prepayment(billing, order):
    cancelled = billing.post(f"/commissions/{order['id']}/cancel", {"reason": "业主不需要了"}).get_json()
    assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == "业主不需要了"
    assert (cancelled["settlement"]["kind"], cancelled["settlement"]["amount_fen"]) == ("refund", 20000)
    again = billing.post(f"/commissions/{order['id']}/cancel", {"reason": "x"})
    assert again.status_code == 409


def test_a_technician_cannot_take_a_prepayment(billing):
    response = billing.post("/commissions", CAKE, roles=("technician",))
    assert response.status_code == 403 and billing.db.commissions.count_documents({}) == 0


def test_commission_prepayments_are_not_revenue(billing, order):
    assert billing.db.ledger_entries.count_documents({}) == 0
    assert billing.get("/commissions?unit_id=3-12-1203").get_json()["total"] == 1
