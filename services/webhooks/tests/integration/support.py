"""Helpers shared by webhooks' integration tests: a recording HTTP receiver, subscribing and publishing."""
import threading

from kefulib.messaging import OutboxRelay, add_to_outbox
from kefulib.store import run_in_transaction
from webhooks.config import WebhooksConfig
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

SCOPE = ["webhooks:manage"]
# The receivers here run on this machine: private targets allowed, as in development.
LOCAL = WebhooksConfig(allow_private_urls=True)


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


def subscribe(app, token_factory, url, tenant="p1", types=("ticketing.ticket.created",)):
    response = app.test_client().post("/subscriptions", json={"url": url, "event_types": list(types)},
                                      headers=token_factory.headers(tenant, SCOPE))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def publish(mongo_client, settings, event):
    outbox_db = mongo_client[settings.mongo_db + "_publisher"]
    # Webhooks forwards any event whatever its type; these tests are about delivery, so the
    # events they make up are not held to the publishers' schemas (tests/contract covers those).
    run_in_transaction(outbox_db, lambda s: add_to_outbox(outbox_db, event, s, contract_check=False))
    OutboxRelay(outbox_db, settings.amqp_url, settings.topology).run_once()
    mongo_client.drop_database(outbox_db.name)
