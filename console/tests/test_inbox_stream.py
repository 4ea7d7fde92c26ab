"""Over the real broker: a notifications inbox event reaches the event stream of its recipient's browser and of
nobody else's, also a colleague's in the same project with the same roles (console/console/visibility.py)."""
import queue
import threading
import time

import pika
import pytest
from console.app import create_app
from console.config import ConsoleSettings
from console.sessions import SESSION_COOKIE
from kefulib.messaging import Event


@pytest.fixture
def console(mongo_url, db_name, amqp_url, event_exchange, monkeypatch):
    monkeypatch.setattr("console.api.HEARTBEAT_SECONDS", 0.3)  # a stream with nothing to send pings quickly
    settings = ConsoleSettings(public_url="http://console.test", identity_url="http://127.0.0.1:9", service_urls={},
                               client_id="c", client_secret="s", mongo_url=mongo_url, mongo_db=f"{db_name}_console",
                               amqp_url=amqp_url, event_exchange=event_exchange, queue_expires_ms=60_000)
    app = create_app(settings)
    assert app.extensions["console.listener"].bound.wait(10), "the console never bound its queue"
    return app


def signed_in(app, person_id, tenant_id, roles, hq=False) -> "Stream":
    sid = app.extensions["console.sessions"].create(
        {"person_id": person_id, "tenant_id": tenant_id, "roles": roles, "hq": hq},
        {"access_token": "unused", "refresh_token": "unused", "access_expires_at": time.time() + 3600})
    client = app.test_client()
    client.set_cookie(SESSION_COOKIE, sid)
    return Stream(client)


class Stream(threading.Thread):
    """One browser's /api/events, read in its own thread as gunicorn would serve it."""

    def __init__(self, client):
        super().__init__(daemon=True)
        self.client, self.chunks, self.connected = client, queue.Queue(), threading.Event()
        self.start()
        assert self.connected.wait(5), "the stream did not open"

    def run(self):
        response = self.client.get("/api/events", buffered=False)
        assert response.status_code == 200 and response.mimetype == "text/event-stream"
        for chunk in response.response:
            self.connected.set()
            self.chunks.put(chunk.decode())
        response.close()

    def messages(self, seconds=2.0) -> list[str]:
        """The events (not heartbeats) the stream sent within `seconds`."""
        deadline, got = time.monotonic() + seconds, []
        while (left := deadline - time.monotonic()) > 0:
            try:
                chunk = self.chunks.get(timeout=left)
            except queue.Empty:
                break
            if chunk.startswith("id:"):
                got.append(chunk)
        return got


def publish(amqp_url, exchange, event: Event) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    connection.channel().basic_publish(exchange, event.type, event.to_bytes())
    connection.close()


def item_added(tenant_id, recipient, item_id):
    return Event("notifications.inbox.item_added", tenant_id, {
        "item_id": item_id, "recipient": recipient, "kind": "escalation", "ticket_id": "t-1", "level": 1,
        "created_at": "2026-01-01T00:00:00+00:00"})


def test_an_inbox_event_reaches_only_its_recipients_browser_not_a_colleague_in_the_same_project(
        console, amqp_url, event_exchange):
    mine = signed_in(console, "stf_sup1", "p1", ["cs_supervisor"])
    colleague = signed_in(console, "stf_sup2", "p1", ["cs_supervisor"])
    manager = signed_in(console, "stf_pm1", "p1", ["project_manager", "cs_supervisor"])
    publish(amqp_url, event_exchange, item_added("p1", "stf_sup1", "item-1"))
    (received,) = mine.messages()
    assert '"notifications.inbox.item_added"' in received and '"item-1"' in received
    # by now the event has been fanned out: the others' streams only pinged
    assert colleague.messages(0.5) == [] and manager.messages(0.5) == []


def test_an_hq_persons_items_from_another_project_reach_them_and_a_project_persons_do_not(
        console, amqp_url, event_exchange):
    gm = signed_in(console, "stf_gm", "p1", ["hq_general_manager"], hq=True)
    sup = signed_in(console, "stf_sup1", "p1", ["cs_supervisor"])
    publish(amqp_url, event_exchange, item_added("p2", "stf_gm", "item-gm"))
    publish(amqp_url, event_exchange, item_added("p2", "stf_sup1", "item-sup-p2"))
    (received,) = gm.messages()
    assert '"item-gm"' in received
    assert sup.messages(0.5) == []  # signed in to p1: their p2 inbox is not on this page
