"""BL-3: charges arrive from completed repairs through the real broker, once per (ticket, round)."""
import pytest
from kefulib.messaging import OutboxRelay, add_to_outbox
from kefulib.messaging.deadletters import list_dead_letters
from kefulib.store import run_in_transaction

from .conftest import repair_completed


def publish(mongo_client, settings, *events, contract_check=True):
    """Publish through a real outbox and relay, as ticketing does (checked against ticketing's schema)."""
    outbox_db = mongo_client[settings.mongo_db + "_publisher"]
    for event in events:
        run_in_transaction(outbox_db, lambda s, e=event: add_to_outbox(outbox_db, e, s, contract_check=contract_check))
    OutboxRelay(outbox_db, settings.amqp_url, settings.topology).run_once()
    mongo_client.drop_database(outbox_db.name)


def test_a_completed_repair_becomes_one_numbered_charge_and_announces_it(billing, consumer, mongo_client, settings):
    publish(mongo_client, settings, repair_completed("p1", "t-1"))
    assert consumer.drain() == 1
    (charge,) = billing.get("/charges").get_json()["items"]
    assert (charge["ticket_id"], charge["amount_fen"], charge["status"]) == ("t-1", 9000, "open")
    assert charge["slip_number"] == f"SLIP-{charge['slip_number'][5:9]}-000001"
    (event,) = billing.db.outbox.find({"routing_key": "billing.charge.created"})
    assert event["envelope"]["data"] == {"charge_id": charge["id"], "ticket_id": "t-1", "unit_id": "3-12-1203",
                                         "amount_fen": 9000, "slip_number": charge["slip_number"], "source": "repair",
                                         "quote_id": None, "quote_version": None, "warranty_rework_of": None}
    assert billing.get(f"/charges/{charge['id']}").get_json()["balance"]["outstanding_fen"] == 9000


def test_the_same_event_delivered_twice_makes_one_charge(billing, consumer, mongo_client, settings):
    event = repair_completed("p1", "t-1")
    publish(mongo_client, settings, event)
    publish(mongo_client, settings, event)  # a relay that crashed before marking it published sends it again
    assert consumer.drain() == 2
    assert billing.db.charges.count_documents({}) == 1
    assert billing.db.outbox.count_documents({"routing_key": "billing.charge.created"}) == 1
    assert billing.db.document_numbers.count_documents({}) == 1


def test_another_event_for_the_same_round_makes_no_second_charge_but_a_new_round_does(billing, consumer, mongo_client,
                                                                                      settings):
    publish(mongo_client, settings, repair_completed("p1", "t-1"), repair_completed("p1", "t-1"),
            repair_completed("p1", "t-1", round_=2))
    assert consumer.drain() == 3
    charges = billing.get("/charges?ticket_id=t-1").get_json()["items"]
    assert sorted((c["round"], c["slip_number"][-6:]) for c in charges) == [(1, "000001"), (2, "000002")]


def test_a_warranty_rework_is_charged_at_zero_but_keeps_its_lines(billing):
    charge = billing.charge("p1", ticket_id="t-9", rework_of="t-1")
    body = billing.get(f"/charges/{charge['_id']}").get_json()
    assert (body["amount_fen"], body["priced_total_fen"], body["zero_reason"]) == (0, 9000, "warranty_rework")
    assert body["warranty_rework_of"] == "t-1"


def test_a_repair_that_disagrees_with_its_accepted_quote_is_held_without_a_slip(billing):
    billing.seed("p1")
    quote = billing.post("/quotes", {"ticket_id": "t-1", "unit_id": "3-12-1203",
                                     "lines": [{"catalogue_code": "REP-02", "quantity": 1, "materials_fen": 5000}]}
                         ).get_json()
    billing.post(f"/quotes/{quote['id']}/send")
    billing.post(f"/quotes/{quote['id']}/accept", {"version": 1})
    held = billing.charge("p1", ticket_id="t-1", quote_id=quote["id"])  # 9000 fen done, 8000 accepted
    assert (held["status"], held["hold_reason"], held["slip_number"]) == (
        "held", "charge_differs_from_accepted_quote", None)
    agreed = billing.charge("p1", ticket_id="t-1", round_=2, quote_id=quote["id"], lines=[
        {"catalogue_code": "REP-02", "description": "更换水龙头", "quantity": 1, "unit_price_fen": 3000,
         "materials_fen": 5000}])
    assert (agreed["status"], agreed["amount_fen"]) == ("open", 8000)
    refused = billing.pay(held["_id"], 100)
    assert refused.status_code == 409 and refused.get_json()["reason_code"] == "charge_held"


def test_a_malformed_completion_event_ends_in_the_dead_letter_queue(billing, consumer, mongo_client, settings):
    bad = repair_completed("p1", "t-1")
    bad.data["lines"][0]["quantity"] = 0
    publish(mongo_client, settings, bad, contract_check=False)  # off-contract on purpose: what a bug would send
    assert consumer.drain() == 1
    assert billing.db.charges.count_documents({}) == 0
    (dead,) = list_dead_letters(settings.amqp_url, consumer.queue)
    assert dead["id"] == bad.id


@pytest.mark.parametrize("query", ["status=lost", "page_size=0"])
def test_bad_charge_filters_are_refused_naming_the_field(billing, query):
    response = billing.get(f"/charges?{query}")
    assert response.status_code == 422 and query.split("=")[0] in response.get_json()["errors"]
