"""Subscriptions, signed deliveries to a real HTTP receiver, retries and replay."""
import json
import threading

import pytest
from kefulib.messaging import Event, OutboxRelay, add_to_outbox
from kefulib.store import run_in_transaction
from webhooks.app import create_app
from webhooks.consumers import build_consumers
from webhooks.domain import SIGNATURE_HEADER, verify_signature
from webhooks.sender import send_due
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

SCOPE = ["webhooks:manage"]


class Receiver:
    """A real HTTP endpoint on a free local port that records what it receives."""

    def __init__(self):
        self.received = []
        self.fail = False
        self.server = make_server("127.0.0.1", 0, self.app)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def app(self, environ, start_response):
        request = Request(environ)
        self.received.append((dict(request.headers), request.get_data()))
        return Response(status=500 if self.fail else 204)(environ, start_response)


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.server.shutdown()


@pytest.fixture(autouse=True)
def allow_local_targets(monkeypatch):
    monkeypatch.setenv("WEBHOOKS_ALLOW_PRIVATE_URLS", "true")


@pytest.fixture
def settings(settings_for):
    return settings_for("webhooks")


@pytest.fixture
def app(settings, token_factory):
    return create_app(settings, jwks_fetcher=lambda: token_factory.jwks)


@pytest.fixture
def db(app):
    return app.extensions["kefu"].db


@pytest.fixture
def consumer(db, settings):
    (consumer,) = build_consumers(db, settings)
    consumer.declare()
    return consumer


def subscribe(app, token_factory, url, tenant="p1", types=("ticketing.ticket.created",)):
    response = app.test_client().post("/subscriptions", json={"url": url, "event_types": list(types)},
                                      headers=token_factory.headers(tenant, SCOPE))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def publish(mongo_client, settings, event):
    outbox_db = mongo_client[settings.mongo_db + "_publisher"]
    run_in_transaction(outbox_db, lambda s: add_to_outbox(outbox_db, event, s))
    OutboxRelay(outbox_db, settings.amqp_url, settings.topology).run_once()
    mongo_client.drop_database(outbox_db.name)


def test_an_event_reaches_the_subscriber_signed_and_once(app, db, consumer, receiver, mongo_client, settings,
                                                         token_factory):
    subscription = subscribe(app, token_factory, receiver.url)
    event = Event("ticketing.ticket.created", "p1", {"ticket_id": "t-1"})
    publish(mongo_client, settings, event)
    publish(mongo_client, settings, event)  # redelivered: still one delivery
    consumer.drain()
    assert send_due(db) == 1 and send_due(db) == 0
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
    assert send_due(db) == 0 and receiver.received == []


def test_a_failing_receiver_is_retried_later_and_replay_sends_again(app, db, consumer, receiver, mongo_client,
                                                                    settings, token_factory):
    subscribe(app, token_factory, receiver.url, types=["*"])
    receiver.fail = True
    publish(mongo_client, settings, Event("visits.return_visit.completed", "p1", {"ticket_id": "t-1"}))
    consumer.drain()
    assert send_due(db) == 1
    delivery = db.deliveries.find_one()
    assert delivery["status"] == "pending" and delivery["attempts"] == 1
    assert delivery["next_attempt_at"] > delivery["log"][0]["at"]  # backed off, not due now
    assert send_due(db) == 0
    receiver.fail = False
    client, headers = app.test_client(), token_factory.headers("p1", SCOPE)
    assert client.post(f"/deliveries/{delivery['_id']}/replay", headers=headers).status_code == 202
    assert send_due(db) == 1
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
