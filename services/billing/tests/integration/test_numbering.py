"""BL-5: gap-free sequential numbers per project, document type and year; voided numbers stay."""
import threading

import pytest
from billing.domain import DocumentType, missing_sequences
from billing.sequences import current_year, issue_number, run_numbered


def issue(db, tenant, doc_type=DocumentType.RECEIPT):
    return run_numbered(db, tenant, [doc_type], lambda session: issue_number(
        db, session, tenant, doc_type, document="test", document_id="d", field="number"))


def sequences(db, tenant, doc_type="receipt"):
    return sorted(n["sequence"] for n in db.document_numbers.find({"tenant_id": tenant, "doc_type": doc_type}))


def test_eight_threads_issuing_a_thousand_numbers_get_exactly_one_to_a_thousand(db):
    failures = []

    def worker(count):
        try:
            for _ in range(count):
                issue(db, "p1")
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(125,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    issued = sequences(db, "p1")
    assert issued == list(range(1, 1001)) and missing_sequences(issued) == []
    assert db.counters.find_one({"tenant_id": "p1", "doc_type": "receipt"})["last"] == 1000


def test_two_projects_never_share_a_counter(db):
    for _ in range(3):
        issue(db, "p1")
        issue(db, "p2")
    issue(db, "p1", DocumentType.SLIP)
    assert sequences(db, "p1") == sequences(db, "p2") == [1, 2, 3]
    assert sequences(db, "p1", "slip") == [1]
    counters = {(c["tenant_id"], c["doc_type"]) for c in db.counters.find()}
    assert counters == {("p1", "receipt"), ("p2", "receipt"), ("p1", "slip")}


def test_an_aborted_transaction_leaves_no_gap(db):
    class Boom(Exception):
        pass

    def work(session):
        issue_number(db, session, "p1", DocumentType.RECEIPT, document="test", document_id="d", field="number")
        raise Boom

    with pytest.raises(Boom):
        run_numbered(db, "p1", [DocumentType.RECEIPT], work)
    assert issue(db, "p1") == f"RCPT-{current_year()}-000001"


def test_a_voided_slip_number_stays_on_record_and_its_charge_gets_the_next_number(billing):
    charge = billing.charge("p1", ticket_id="t-1")
    other = billing.charge("p1", ticket_id="t-2")
    old = charge["slip_number"]
    voided = billing.post(f"/document-numbers/{old}/cancel", {"reason": "三联单填错作废"})
    assert voided.status_code == 200, voided.get_json()
    body = voided.get_json()
    assert (body["status"], body["cancel_reason"]) == ("cancelled", "三联单填错作废")
    now = billing.get(f"/charges/{charge['_id']}").get_json()
    assert now["slip_number"] == body["replaced_by"] != old and now["voided_numbers"][0]["number"] == old
    register = billing.get("/document-numbers?doc_type=slip").get_json()["items"]
    assert [(n["sequence"], n["status"]) for n in register] == [(1, "cancelled"), (2, "issued"), (3, "issued")]
    assert other["slip_number"].endswith("000002")
    again = billing.post(f"/document-numbers/{old}/cancel", {"reason": "again"})
    assert again.status_code == 409 and again.get_json()["reason_code"] == "number_already_cancelled"


def test_a_cs_assistant_cannot_void_a_number(billing):
    charge = billing.charge("p1")
    response = billing.post(f"/document-numbers/{charge['slip_number']}/cancel", {"reason": "x"}, roles=("cs_assistant",))
    assert response.status_code == 403
    assert billing.db.document_numbers.count_documents({"status": "cancelled"}) == 0
