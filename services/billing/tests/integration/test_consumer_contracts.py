"""Billing consumes what ticketing's schema allows: `ticketing.repair.completed` events generated from
that schema (kefulib.testing.contracts), not made up by hand, through the real inbox transaction.

Hand-made events are how a defect hid here: ticketing named its own quote, which billing never had, so
every quoted repair was held as `unknown_quote`. Ticketing now names billing's quote (docs/flows/
quote-to-charge.md); a generated `quote_id` is still one billing does not have, so it is still held."""
from hypothesis import given
from kefulib.messaging.contracts import present_text
from kefulib.messaging.deadletters import list_dead_letters
from kefulib.testing.contracts import consumer_settings, deliver_twice, events

from .test_charges import publish


@consumer_settings()
@given(event=events("ticketing.repair.completed"))
def test_a_completed_repair_is_charged_once_held_or_a_documented_no_op(consumer, db, event):
    deliver_twice(consumer, event)
    data = event.data
    charges = list(db.charges.find({"tenant_id": event.tenant_id, "source_event_id": event.id}))
    rework = data["warranty_rework_of"] is not None
    if not (data["lines"] or rework or data["quote_id"]):
        assert charges == []  # nothing to bill: documented no-op
        return
    (charge,) = charges  # a warranty rework is a zero record even without lines (TK-7)
    assert charge["round"] == data["round"] and charge["unit_id"] == present_text(data["unit_id"])
    expected_hold = ("unknown_quote" if data["quote_id"] and not rework else
                     "missing_unit_id" if present_text(data["unit_id"]) is None else None)
    assert charge["hold_reason"] == expected_hold
    if rework:
        assert (charge["amount_fen"], charge["zero_reason"]) == (0, "warranty_rework")
    announced = db.outbox.count_documents({"tenant_id": event.tenant_id, "routing_key": "billing.charge.created"})
    if expected_hold:  # parked for a person: no number, nothing in the journal, nothing announced
        assert (charge["status"], charge["slip_number"], announced) == ("held", None, 0)
    else:
        assert charge["status"] == "open" and charge["slip_number"].startswith("SLIP-") and announced == 1


@consumer_settings(max_examples=3)
@given(first=events("ticketing.repair.completed"), second=events("ticketing.repair.completed", unit_id=None))
def test_through_the_broker_no_valid_event_is_dead_lettered(consumer, mongo_client, settings, first, second):
    publish(mongo_client, settings, first, second)
    assert consumer.drain() == 2
    assert list_dead_letters(settings.amqp_url, consumer.queue) == []
