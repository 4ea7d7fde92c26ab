"""The BFF forwards a query as the browser sent it: identity's archive reads take `fields` once per field, and a
read that lost all but the first would disclose less than the approval allows and log the wrong fields."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from console.app import create_app
from console.config import ConsoleSettings
from console.sessions import SESSION_COOKIE


class Echo(BaseHTTPRequestHandler):
    """A service that answers with the path and query it was asked for, and the bearer token it got."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        body = json.dumps({"path": self.path, "authorization": self.headers.get("Authorization")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def service():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def client(service, mongo_url, db_name, amqp_url, event_exchange):
    settings = ConsoleSettings(public_url="http://console.test", identity_url=service, service_urls={"identity": service},
                               client_id="c", client_secret="s", mongo_url=mongo_url, mongo_db=f"{db_name}_console",
                               amqp_url=amqp_url, event_exchange=event_exchange, queue_expires_ms=60_000)
    app = create_app(settings)
    sid = app.extensions["console.sessions"].create(
        {"person_id": "stf_guard", "tenant_id": "p1", "roles": ["security"], "hq": False},
        {"access_token": "the-persons-token", "refresh_token": "unused", "access_expires_at": time.time() + 3600})
    client = app.test_client()
    client.set_cookie(SESSION_COOKIE, sid)
    return client


def test_every_value_of_a_repeated_parameter_reaches_the_service(client):
    answer = client.get("/api/identity/units/1-2-201/owner?purpose=customer_service&fields=name&fields=id_number")
    assert answer.status_code == 200
    forwarded = answer.get_json()
    assert forwarded["path"] == "/units/1-2-201/owner?purpose=customer_service&fields=name&fields=id_number"
    assert forwarded["authorization"] == "Bearer the-persons-token"
    assert answer.headers["Cache-Control"] == "no-store"
