"""Fixtures of desk's integration tests: the app on the real MongoDB, and a listener that receives what desk
publishes through its real outbox, relay and RabbitMQ."""
import json
import threading

import pytest
from kefulib.messaging import Event, OutboxRelay
from kefulib.messaging.topology import close_quietly, open_channel
from kefulib.testing.service_tests import field_errors, reason  # noqa: F401 (the tests import them from here)
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


def unit_created(unit_id: str, tenant: str = "p1") -> Event:
    building = unit_id.split("-")[0]
    floor, room = unit_id.split("-")[1:]
    return Event("identity.unit.created", tenant, {"unit_id": unit_id, "building": building, "floor": int(floor),
                                                   "room": room})
