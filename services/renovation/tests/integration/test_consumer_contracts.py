"""renovation consumes what billing's schemas allow, generated from them, each event delivered twice through the
real inbox: a charge or payment renovation does not know changes nothing; the fees' charge and a payment covering
it issue one permit."""
from hypothesis import given
from kefulib.testing.contracts import consumer_settings, deliver_twice, events
from renovation.consumers import FEES_CONSUMER
from renovation.domain.fees import MAX_PAYMENT_FEN


@consumer_settings()
@given(event=events("billing.charge.created"))
def test_a_valid_charge_of_no_known_application_changes_nothing(consumers, db, event):
    deliver_twice(consumers[FEES_CONSUMER], event)
    assert db.applications.count_documents({"tenant_id": event.tenant_id}) == 0


@consumer_settings()
@given(event=events("billing.payment.received"))
def test_a_valid_payment_of_another_charge_is_not_kept(consumers, db, event):
    deliver_twice(consumers[FEES_CONSUMER], event)
    assert db.payments_seen.count_documents({"tenant_id": event.tenant_id}) == 0


@consumer_settings()
@given(event=events("billing.payment.received"))
def test_a_valid_payment_of_the_fees_charge_counts_once_and_permits_when_it_covers_them(consumers, db, event):
    application_id = f"a-{event.id}"
    db.applications.insert_one({
        "_id": application_id, "tenant_id": event.tenant_id, "unit_id": "1-1-101", "status": "approved", "round": 1,
        "planned_start": "2026-12-10", "planned_end": "2027-01-10",
        "working_hours": {"start": "08:00", "end": "18:00"}, "has_permit": False,
        "fees": {"charge_id": event.data["charge_id"], "total_fen": 100, "paid_fen": 0}})
    deliver_twice(consumers[FEES_CONSUMER], event)
    application = db.applications.find_one({"_id": application_id})
    counted = event.data["amount_fen"] if event.data["amount_fen"] <= MAX_PAYMENT_FEN else 0
    assert application["fees"]["paid_fen"] == counted
    assert application["status"] == ("permitted" if counted >= 100 else "approved")
    assert db.outbox.count_documents({"tenant_id": event.tenant_id, "routing_key": "renovation.permit.issued"}) == (
        1 if counted >= 100 else 0)
