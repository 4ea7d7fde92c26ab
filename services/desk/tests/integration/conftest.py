"""Fixtures of desk's integration tests: the app on the real MongoDB, and a listener that receives what desk
publishes through its real outbox, relay and RabbitMQ."""
import json
import threading

import pytest
from kefulib.messaging import Event, OutboxRelay, add_to_outbox
from kefulib.messaging.topology import close_quietly, open_channel
from werkzeug.serving import make_server

RW = ["desk:read", "desk:write"]
LISTENER = "desk-test-listener"


# A port nothing listens on: tests that do not start identity and billing never reach whatever else runs here.
NOWHERE = {"identity_url": "http://127.0.0.1:9", "billing_url": "http://127.0.0.1:9"}


@pytest.fixture
def app(build_app):
    return build_app("desk", extra=NOWHERE)


def serve(app):
    """A service's app in a real HTTP server on a free port (desk reaches it over HTTP, as in production)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    return app.extensions["kefu"].db


@pytest.fixture
def settings(app):
    return app.extensions["kefu"].settings


@pytest.fixture
def as_(token_factory):
    def make(tenant="p1", subject="s-desk1", *roles, scopes=RW, hq=False):
        return token_factory.headers(tenant, list(scopes), list(roles or ["cs_assistant"]), subject=subject, hq=hq)
    return make


@pytest.fixture
def desk(as_):
    return as_()


@pytest.fixture
def supervisor(as_):
    return as_("p1", "s-sup1", "cs_supervisor")


@pytest.fixture
def published(db, settings):
    """Relay desk's outbox to the broker and return the events a queue bound to `desk.#` received."""
    connection, channel = open_channel(settings.amqp_url)
    queue = settings.topology.declare_consumer(channel, LISTENER, ["desk.#"])

    def relay_and_receive() -> list[dict]:
        OutboxRelay(db, settings.amqp_url, settings.topology).run_once()
        received = []
        while True:
            method, properties, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return received
            received.append(json.loads(body))

    yield relay_and_receive
    close_quietly(connection)


@pytest.fixture
def everything(db):
    """Every document of every collection, to show a refused request wrote nothing."""
    def snapshot():
        return {name: sorted(map(repr, db[name].find({}))) for name in sorted(db.list_collection_names())}
    return snapshot


def field_errors(response) -> set[str]:
    assert response.status_code == 422, response.get_json()
    assert response.headers["Content-Type"] == "application/problem+json"
    return set(response.get_json()["errors"])


def reason(response, status=409) -> str:
    assert response.status_code == status, response.get_json()
    return response.get_json()["reason_code"]


@pytest.fixture
def consumers(db, settings):
    from desk.consumers import build_consumers
    built = {c.name: c for c in build_consumers(db, settings)}
    for consumer in built.values():
        consumer.declare()
    return built


@pytest.fixture
def publish(mongo_client, settings, consumers):
    """Publish other services' events through a real outbox, relay and broker, then let desk's consumers drain them."""
    from kefulib.store import run_in_transaction

    def send(*events) -> int:
        outbox_db = mongo_client[settings.mongo_db + "_publisher"]
        for event in events:
            run_in_transaction(outbox_db, lambda s, e=event: add_to_outbox(outbox_db, e, s))
        OutboxRelay(outbox_db, settings.amqp_url, settings.topology).run_once()
        mongo_client.drop_database(outbox_db.name)
        return sum(consumer.drain() for consumer in consumers.values())
    return send


def unit_created(unit_id: str, tenant: str = "p1") -> Event:
    building = unit_id.split("-")[0]
    floor, room = unit_id.split("-")[1:]
    return Event("identity.unit.created", tenant, {"unit_id": unit_id, "building": building, "floor": int(floor),
                                                   "room": room})
