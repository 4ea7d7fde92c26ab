"""The permit 装修许可证 (issue 16, step 2): billing's charge of the fees and its payments arrive as events through
the real broker and inbox; the permit is issued only when the whole charge is paid, with the project's gap-free
number; the same payment delivered twice issues one permit; numbers stay gap-free under concurrent issue."""
import threading

from kefulib.store import run_in_transaction
from renovation.handlers.permits import CounterMissing, ensure_counter, issue_permit

from .conftest import charge_created, payment


def test_the_permit_is_issued_with_number_1_once_the_fees_are_paid(client, db, flow, publish):
    application = flow.approved()
    publish(charge_created(application["id"]))
    shown = client.get(f"/applications/{application['id']}", headers=flow.people["cs"]).get_json()
    assert (shown["fees"]["charge_id"], shown["fees"]["slip_number"], shown["status"]) == (
        "c-1", "SLIP-2026-000001", "approved")
    publish(payment(amount_fen=200000, payment_id="pay-1"))
    part = client.get(f"/applications/{application['id']}", headers=flow.people["cs"]).get_json()
    assert (part["status"], part["fees"]["paid_fen"], part["permit"]) == ("approved", 200000, None)
    publish(payment(amount_fen=53000, payment_id="pay-2"))
    permitted = client.get(f"/applications/{application['id']}", headers=flow.people["cs"]).get_json()
    assert permitted["status"] == "permitted" and permitted["fees"]["paid_fen"] == 253000
    permit = permitted["permit"]
    assert (permit["number"], permit["label"]) == (1, "P1-ZX-00001")
    assert (permit["valid_from"], permit["valid_until"]) == (application["planned_start"], application["planned_end"])
    (event,) = [o["envelope"] for o in db.outbox.find({"routing_key": "renovation.permit.issued"})]
    assert event["data"] == {"application_id": application["id"], "unit_id": "1-1-101", "permit_number": 1,
                             "permit_label": "P1-ZX-00001", "valid_from": application["planned_start"],
                             "valid_until": application["planned_end"]}


def test_the_same_payment_delivered_twice_issues_one_permit(client, db, flow, publish):
    application = flow.approved()
    publish(charge_created(application["id"]))
    paid = payment()
    publish(paid)
    publish(paid)  # the broker delivers it again (the inbox knows its id)
    publish(payment(payment_id="pay-1"))  # the same payment announced again under another event id
    assert db.payments_seen.count_documents({}) == 1
    assert db.outbox.count_documents({"routing_key": "renovation.permit.issued"}) == 1
    shown = client.get(f"/applications/{application['id']}", headers=flow.people["cs"]).get_json()
    assert (shown["permit"]["number"], shown["fees"]["paid_fen"]) == (1, 253000)


def test_other_charges_and_other_projects_payments_change_nothing(client, db, flow, publish, everything):
    application = flow.approved()
    before = everything()
    publish(charge_created(application["id"], tenant="p2"), payment(tenant="p2"),
            payment(charge_id="someone-elses"))
    after = everything()
    assert {k: v for k, v in after.items() if k != "inbox"} == {k: v for k, v in before.items() if k != "inbox"}
    assert client.get(f"/applications/{application['id']}", headers=flow.people["cs"]).get_json()["status"] == "approved"


def test_permit_numbers_are_gap_free_under_concurrent_issue(db, flow):
    ids = [flow.approved(unit_id=f"1-1-{100 + n}")["id"] for n in range(8)]
    ensure_counter(db, "p1")
    issued, errors = [], []

    def issue(application_id):
        try:
            def work(session):
                application = db.applications.find_one({"_id": application_id}, session=session)
                return issue_permit(db, "p1", application, session)
            issued.append(run_in_transaction(db, work)["number"])
        except Exception as error:  # noqa: BLE001 — reported below, with the thread's numbers
            errors.append(repr(error))

    threads = [threading.Thread(target=issue, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(issued) == list(range(1, 9))
    assert sorted(a["permit_number"] for a in db.applications.find({"tenant_id": "p1"})) == list(range(1, 9))
    assert db.permit_counters.find_one({"tenant_id": "p1"})["last"] == 8


def test_the_first_permit_of_a_project_creates_its_counter(db, flow):
    application = flow.approved()
    try:
        run_in_transaction(db, lambda session: issue_permit(db, "p1", application, session))
        raise AssertionError("no counter yet: the transaction must stop")
    except CounterMissing:
        pass
    assert db.applications.find_one({"_id": application["id"]})["status"] == "approved"
