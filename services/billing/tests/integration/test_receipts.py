"""Printable receipts by number (JSON and an A5 PDF in Chinese), the cashier's day close, the receipt header."""
import io

import pytest
from pypdf import PdfReader

CAKE = {"unit_id": "3-12-1203", "description": "代订生日蛋糕", "prepaid_fen": 20000}


@pytest.fixture
def charge(billing):
    return billing.charge("p1", ticket_id="t-1")  # 9000 fen, slip SLIP-…


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_payments_receipt_prints_its_number_the_charge_slip_and_the_projects_header(billing, charge):
    assert billing.client.patch("/settings", json={"receipt_header": "幸福家园物业管理处"},
                                headers=billing.headers(roles=("project_manager",))).status_code == 200
    paid = billing.pay(charge["_id"], 9000).get_json()
    slip = billing.get(f"/receipts/{paid['receipt_number']}").get_json()
    assert (slip["title"], slip["amount_fen"], slip["method"], slip["status"]) == ("收款收据", 9000, "cash_at_centre", "issued")
    assert slip["charge_slip_number"] == charge["slip_number"] and slip["header"] == "幸福家园物业管理处"
    assert slip["lines"] == [{"description": "更换水龙头", "amount_fen": 9000}]
    response = billing.get(f"/receipts/{paid['receipt_number']}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (420, 595)  # A5 in points
    text = pdf_text(response.data)
    for expected in ("幸福家园物业管理处", "收款收据", paid["receipt_number"], charge["slip_number"], "玖拾元整", "¥90.00"):
        assert expected in text


def test_a_cake_order_prints_its_prepayment_receipt_and_its_settlement_refund_note(billing):
    order = billing.post("/commissions", CAKE, roles=("cs_assistant",)).get_json()
    billing.post(f"/commissions/{order['id']}/voucher", {"supplier": "好利来", "voucher_number": "HL-889",
                                                          "amount_fen": 16800})
    settled = billing.post(f"/commissions/{order['id']}/settle", roles=("cs_assistant",)).get_json()
    prepaid = billing.get(f"/receipts/{order['receipt_number']}").get_json()
    assert (prepaid["title"], prepaid["amount_fen"], prepaid["lines"][0]["description"]) == (
        "收款收据", 20000, "代订生日蛋糕(预付款)")
    refund_number = settled["settlement"]["document_number"]
    refund = billing.get(f"/receipts/{refund_number}").get_json()
    assert (refund["title"], refund["amount_fen"], refund["doc_type"]) == ("退款单", 3200, "refund_note")
    assert "好利来" in refund["lines"][1]["description"]
    text = pdf_text(billing.get(f"/receipts/{refund_number}/pdf").data)
    assert "退款单" in text and "叁拾贰元整" in text and refund_number in text


def test_the_day_close_adds_up_todays_slips_and_lists_a_voided_number_apart(billing, charge):
    paid = billing.pay(charge["_id"], 9000).get_json()
    # Money goes back only once the charge is lowered (a credit note): then it was overpaid.
    credit = billing.post("/credit-notes", {"charge_id": charge["_id"], "amount_fen": 1000, "reason": "少换一个垫片"},
                          key="cn-0000001").get_json()
    refund = billing.post("/refunds", {"payment_id": paid["id"], "amount_fen": 1000, "reason": "少换一个垫片"},
                          key="rf-0000001")
    assert refund.status_code == 201, refund.get_json()
    refund = refund.get_json()
    order = billing.post("/commissions", CAKE, roles=("cs_assistant",)).get_json()
    voided = billing.post(f"/document-numbers/{order['receipt_number']}/cancel", {"reason": "打印错误"})
    assert voided.status_code == 200, voided.get_json()
    close = billing.get("/cash-close").get_json()
    assert (close["received_fen"], close["refunded_fen"], close["net_fen"]) == (29000, 1000, 28000)
    assert close["credited_fen"] == 1000 and credit["credit_number"] in {s["number"] for s in close["slips"]}
    assert close["by_method"] == [{"method": "cash_at_centre", "received_fen": 29000, "refunded_fen": 1000,
                                   "net_fen": 28000, "receipts": 2, "refunds": 1}]
    assert {s["number"] for s in close["slips"]} >= {paid["receipt_number"], refund["refund_number"]}
    assert [s["number"] for s in close["voided"]] == [order["receipt_number"]]
    assert close["voided"][0]["replaced_by"] and close["voided"][0]["status"] == "cancelled"
    assert billing.get("/cash-close?date=2020-01-01").get_json()["slips"] == []


def test_another_projects_receipt_answers_like_a_missing_one(billing, charge):
    paid = billing.pay(charge["_id"], 9000).get_json()
    for path in (f"/receipts/{paid['receipt_number']}", f"/receipts/{paid['receipt_number']}/pdf"):
        assert billing.get(path, tenant="p2").status_code == 404
    assert billing.get(f"/receipts/{charge['slip_number']}").status_code == 404  # a charge's slip is no receipt
    assert billing.get("/cash-close", tenant="p2").get_json()["slips"] == []


def test_only_the_manager_and_finance_set_the_receipt_header_and_a_blank_one_is_refused(billing):
    assert billing.get("/settings").get_json() == {"receipt_header": "物业服务中心"}
    refused = billing.client.patch("/settings", json={"receipt_header": "x"}, headers=billing.headers(roles=("cs_assistant",)))
    assert refused.status_code == 403
    blank = billing.client.patch("/settings", json={"receipt_header": "  "}, headers=billing.headers(roles=("finance_clerk",)))
    assert blank.status_code == 422 and "receipt_header" in blank.get_json()["errors"]
    assert billing.db.project_settings.count_documents({}) == 0
