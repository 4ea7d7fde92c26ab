"""Subscriptions, signed deliveries to a real HTTP receiver, retries and replay."""
import json

import pytest
from kefulib.messaging import Event
from webhooks.domain import SIGNATURE_HEADER, verify_signature
from webhooks.sender import send_due

from .support import LOCAL, SCOPE, publish, subscribe


def test_an_event_reaches_the_subscriber_signed_and_once(app, db, consumer, receiver, mongo_client, settings,
                                                         token_factory):
    subscription = subscribe(app, token_factory, receiver.url)
    event = Event("ticketing.ticket.created", "p1", {"ticket_id": "t-1"})
    publish(mongo_client, settings, event)
    publish(mongo_client, settings, event)  # redelivered: still one delivery
    consumer.drain()
    assert send_due(db, LOCAL) == 1 and send_due(db, LOCAL) == 0
    (headers, body), = receiver.received
    assert verify_signature(subscription["secret"], headers[SIGNATURE_HEADER], body)
    assert json.loads(body)["id"] == event.id and headers["Kefu-Event-Id"] == event.id
    log = app.test_client().get("/deliveries", headers=token_factory.headers("p1", SCOPE)).get_json()["items"]
    assert [(d["status"], d["attempts"], d["log"][0]["status_code"]) for d in log] == [("delivered", 1, 204)]


def test_other_tenants_and_other_event_types_get_nothing(app, db, consumer, receiver, mongo_client, settings,
                                                         token_factory):
    subscribe(app, token_factory, receiver.url, tenant="p2")
    subscribe(app, token_factory, receiver.url, tenant="p1", types=["billing.charge.created"])
    publish(mongo_client, settings, Event("ticketing.ticket.created", "p1", {"ticket_id": "t-1"}))
    consumer.drain()
    assert send_due(db, LOCAL) == 0 and receiver.received == []


def test_a_failing_receiver_is_retried_later_and_replay_sends_again(app, db, consumer, receiver, mongo_client,
                                                                    settings, token_factory):
    subscribe(app, token_factory, receiver.url, types=["*"])
    receiver.fail = True
    publish(mongo_client, settings, Event("visits.return_visit.completed", "p1", {"ticket_id": "t-1"}))
    consumer.drain()
    assert send_due(db, LOCAL) == 1
    delivery = db.deliveries.find_one()
    assert delivery["status"] == "pending" and delivery["attempts"] == 1
    assert delivery["next_attempt_at"] > delivery["log"][0]["at"]  # backed off, not due now
    assert send_due(db, LOCAL) == 0
    receiver.fail = False
    client, headers = app.test_client(), token_factory.headers("p1", SCOPE)
    assert client.post(f"/deliveries/{delivery['_id']}/replay", headers=headers).status_code == 202
    assert send_due(db, LOCAL) == 1
    assert client.get(f"/deliveries/{delivery['_id']}", headers=headers).get_json()["status"] == "delivered"


def test_another_tenants_subscriptions_and_deliveries_look_missing(app, db, consumer, receiver, mongo_client, settings,
                                                                   token_factory):
    subscription = subscribe(app, token_factory, receiver.url)
    publish(mongo_client, settings, Event("ticketing.ticket.created", "p1", {"ticket_id": "t-1"}))
    consumer.drain()
    delivery_id = db.deliveries.find_one()["_id"]
    client, other = app.test_client(), token_factory.headers("p2", SCOPE)
    missing = client.get("/subscriptions/whs_missing", headers=other)
    for method, path in [("get", f"/subscriptions/{subscription['id']}"), ("delete", f"/subscriptions/{subscription['id']}"),
                         ("get", f"/deliveries/{delivery_id}"), ("post", f"/deliveries/{delivery_id}/replay")]:
        response = getattr(client, method)(path, headers=other)
        assert response.status_code == 404 and response.get_json()["title"] == missing.get_json()["title"], path
    assert client.get("/subscriptions", headers=other).get_json()["total"] == 0
    assert client.get("/deliveries", headers=other).get_json()["total"] == 0
    assert db.subscriptions.find_one({"_id": subscription["id"]})["active"] is True


@pytest.mark.parametrize("body, field", [
    ({"event_types": ["ticketing.ticket.created"]}, "url"),
    ({"url": "ftp://example.com/x", "event_types": ["ticketing.ticket.created"]}, "url"),
    ({"url": "https://example.com/x", "event_types": []}, "event_types"),
    ({"url": "https://example.com/x", "event_types": ["not an event"]}, "event_types.0"),
])
def test_bad_subscriptions_are_refused_naming_the_field_and_nothing_is_stored(app, db, token_factory, body, field):
    response = app.test_client().post("/subscriptions", json=body, headers=token_factory.headers("p1", SCOPE))
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert db.subscriptions.count_documents({}) == 0


def test_the_secret_is_shown_once_and_never_listed(app, receiver, token_factory):
    created = subscribe(app, token_factory, receiver.url)
    listed = app.test_client().get("/subscriptions", headers=token_factory.headers("p1", SCOPE)).get_json()
    assert created["secret"] and "secret" not in listed["items"][0]
