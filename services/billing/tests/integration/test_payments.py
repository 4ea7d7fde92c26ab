"""BL-6 / BL-7: idempotent payments, never by technicians; refunds and credit notes as new documents."""
import threading

import pytest


@pytest.fixture
def charge(billing):
    return billing.charge("p1", ticket_id="t-1")  # 9000 fen


def test_a_retried_payment_gets_the_first_response_and_records_one_payment(billing, charge):
    first = billing.pay(charge["_id"], 5000, key="till-0001")
    again = billing.pay(charge["_id"], 5000, key="till-0001")
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert first.get_json()["receipt_number"].startswith("RCPT-")
    assert billing.db.payments.count_documents({}) == 1
    assert billing.db.outbox.count_documents({"routing_key": "billing.payment.received"}) == 1
    assert billing.get(f"/charges/{charge['_id']}").get_json()["balance"]["outstanding_fen"] == 4000


def test_the_same_key_with_a_different_body_is_refused_saying_so(billing, charge):
    billing.pay(charge["_id"], 5000, key="till-0002")
    response = billing.pay(charge["_id"], 4000, key="till-0002")
    assert response.status_code == 422 and response.get_json()["reason_code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in response.get_json()["errors"]
    assert billing.db.payments.count_documents({}) == 1


def test_concurrent_retries_with_one_key_record_one_payment(billing, charge):
    answers = []

    def pay():
        response = billing.pay(charge["_id"], 3000, key="callback-42", method="wechat", roles=("integration_client",))
        answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=pay) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {status for status, _ in answers} == {201}
    assert len({body["id"] for _, body in answers}) == 1
    assert billing.db.payments.count_documents({}) == 1


def test_a_technician_is_refused_and_nothing_is_written(billing, charge):
    response = billing.pay(charge["_id"], 5000, roles=("technician",))
    assert response.status_code == 403 and response.get_json()["reason_code"] == "technicians_never_take_money"
    assert billing.db.payments.count_documents({}) == billing.db.idempotency_keys.count_documents({}) == 0


def test_online_payments_arrive_only_from_the_payment_integration(billing, charge):
    response = billing.pay(charge["_id"], 5000, method="wechat", roles=("cs_assistant",))
    assert response.status_code == 403 and response.get_json()["reason_code"] == "online_payments_arrive_from_integration"


def test_a_payment_needs_an_idempotency_key(billing, charge):
    response = billing.post("/payments", {"charge_id": charge["_id"], "amount_fen": 100, "method": "cash_at_centre"},
                            roles=("cs_assistant",))
    assert response.status_code == 422 and "Idempotency-Key" in response.get_json()["errors"]
    assert billing.db.payments.count_documents({}) == 0


def test_the_centre_takes_no_more_than_is_outstanding(billing, charge):
    response = billing.pay(charge["_id"], 9001)
    assert response.status_code == 409 and response.get_json()["reason_code"] == "payment_exceeds_outstanding"


def test_a_refund_is_a_new_numbered_document_and_is_announced(billing, charge):
    payment = billing.pay(charge["_id"], 9000, method="alipay", roles=("integration_client",)).get_json()
    credit = billing.post("/credit-notes", {"charge_id": charge["_id"], "amount_fen": 2000, "reason": "材料退回"},
                          key="cn-0000001")
    assert credit.status_code == 201 and credit.get_json()["credit_number"].startswith("CN-")
    refund = billing.post("/refunds", {"payment_id": payment["id"], "amount_fen": 2000, "reason": "材料退回"},
                          key="rf-0000001")
    assert refund.status_code == 201, refund.get_json()
    body = refund.get_json()
    assert body["refund_number"].startswith("RFN-") and body["amount_fen"] == 2000
    (event,) = billing.db.outbox.find({"routing_key": "billing.refund.issued"})
    assert event["envelope"]["data"] == {"refund_id": body["id"], "payment_id": payment["id"], "charge_id": charge["_id"],
                                         "amount_fen": 2000, "refund_number": body["refund_number"]}
    balance = billing.get(f"/charges/{charge['_id']}").get_json()["balance"]
    assert balance == {"charged_fen": 9000, "credited_fen": 2000, "paid_fen": 9000, "refunded_fen": 2000,
                       "outstanding_fen": 0, "refundable_fen": 0}
    assert billing.db.charges.find_one({"_id": charge["_id"]})["amount_fen"] == 9000  # never edited


def test_a_refund_beyond_what_is_refundable_is_refused(billing, charge):
    payment = billing.pay(charge["_id"], 9000).get_json()
    response = billing.post("/refunds", {"payment_id": payment["id"], "amount_fen": 1, "reason": "x"}, key="rf-0000002")
    assert response.status_code == 409 and response.get_json()["reason_code"] == "refund_exceeds_refundable"
    assert billing.db.refunds.count_documents({}) == 0


def test_a_cs_assistant_cannot_issue_a_credit_note(billing, charge):
    response = billing.post("/credit-notes", {"charge_id": charge["_id"], "amount_fen": 100, "reason": "x"},
                            key="cn-0000002", roles=("cs_assistant",))
    assert response.status_code == 403 and billing.db.credit_notes.count_documents({}) == 0


def test_payments_refunds_and_credit_notes_are_listed_per_charge(billing, charge):
    other = billing.charge("p1", ticket_id="t-2")
    billing.pay(charge["_id"], 1000)
    billing.pay(other["_id"], 2000)
    assert [p["amount_fen"] for p in billing.get(f"/payments?charge_id={charge['_id']}").get_json()["items"]] == [1000]
    assert billing.get(f"/refunds?charge_id={charge['_id']}").get_json()["total"] == 0
    assert billing.get(f"/credit-notes?charge_id={charge['_id']}").get_json()["total"] == 0


def test_concurrent_payments_on_one_charge_never_take_more_than_is_outstanding(billing, charge):
    answers = []

    def pay(n):
        answers.append(billing.pay(charge["_id"], 5000, key=f"till-race-{n}").status_code)

    threads = [threading.Thread(target=pay, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [201, 409, 409, 409]
    assert billing.get(f"/charges/{charge['_id']}").get_json()["balance"]["paid_fen"] == 5000
    receipts = [n["sequence"] for n in billing.db.document_numbers.find({"doc_type": "receipt"})]
    assert receipts == [1]
