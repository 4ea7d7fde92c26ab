"""A slow or trickling receiver must not hold up other projects' webhooks, nor a sender thread for long.

Real MongoDB and RabbitMQ, real local receivers that hang or trickle bytes (see receivers.py).
"""
import time

import pytest
from kefulib.messaging import Event
from webhooks.config import WebhooksConfig
from webhooks.sender import Sender, send_due

from .receivers import RawReceiver, hang, trickle
from .support import publish, subscribe

CONFIG = WebhooksConfig(allow_private_urls=True, send_workers=4, in_flight_per_project=2)


@pytest.fixture
def hanging():
    r = RawReceiver(hang)
    yield r
    r.stop()


def wait_until(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def status_of(db, tenant):
    return [d["status"] for d in db.deliveries.find({"tenant_id": tenant})]


def test_attack_hanging_receiver_in_one_project_does_not_delay_another_projects_delivery(
        app, db, consumer, receiver, hanging, mongo_client, settings, token_factory):
    subscribe(app, token_factory, f"http://127.0.0.1:{hanging.port}/hook", tenant="p-slow")
    subscribe(app, token_factory, receiver.url, tenant="p-fast")
    # The slow project's delivery is due first, so a one-at-a-time sender would be stuck on it.
    publish(mongo_client, settings, Event("ticketing.ticket.created", "p-slow", {"ticket_id": "t-1"}))
    publish(mongo_client, settings, Event("ticketing.ticket.created", "p-fast", {"ticket_id": "t-2"}))
    consumer.drain()
    sender = Sender(db, CONFIG)
    try:
        started = time.monotonic()
        assert sender.dispatch() == 2  # returns at once: the worker's next tick is not held up either
        assert time.monotonic() - started < 1
        assert wait_until(lambda: status_of(db, "p-fast") == ["delivered"], 3)
        assert len(receiver.received) == 1
        # ... while the slow receiver still holds its request unanswered
        assert len(hanging.requests) == 1 and status_of(db, "p-slow") == ["pending"]
        assert db.deliveries.find_one({"tenant_id": "p-slow"})["attempts"] == 0
        hanging.release.set()
        sender.wait(10)
        assert status_of(db, "p-slow") == ["delivered"]
    finally:
        sender.close()


def test_attack_one_project_cannot_take_every_sender_thread(app, db, consumer, receiver, hanging, mongo_client,
                                                            settings, token_factory):
    for n in range(4):  # four subscriptions: one event becomes four deliveries to the hanging receiver
        subscribe(app, token_factory, f"http://127.0.0.1:{hanging.port}/hook?n={n}", tenant="p-slow")
    subscribe(app, token_factory, receiver.url, tenant="p-fast")
    publish(mongo_client, settings, Event("ticketing.ticket.created", "p-slow", {"ticket_id": "t-1"}))
    consumer.drain()
    sender = Sender(db, CONFIG)
    try:
        assert sender.dispatch() == 2  # the project's share, though 4 threads are free
        assert wait_until(lambda: len(hanging.requests) == 2, 3)
        unclaimed = list(db.deliveries.find({"tenant_id": "p-slow", "attempts": 0}))
        # not claimed: still due now, so any sender may take them once a slot frees
        assert sum(d["next_attempt_at"] <= d["created_at"] for d in unclaimed) == 2
        assert sender.dispatch() == 0
        publish(mongo_client, settings, Event("ticketing.ticket.created", "p-fast", {"ticket_id": "t-2"}))
        consumer.drain()
        assert sender.dispatch() == 1  # another project still gets a thread
        assert wait_until(lambda: status_of(db, "p-fast") == ["delivered"], 3)
        hanging.release.set()
        sender.wait(10)
        assert wait_until(lambda: sender.dispatch() == 0 and not sender.busy, 10)
        assert status_of(db, "p-slow") == ["delivered"] * 4
    finally:
        sender.close()


def test_attack_trickling_receiver_is_cut_off_at_the_attempt_deadline(app, db, consumer, mongo_client, settings,
                                                                      token_factory):
    trickling = RawReceiver(trickle)  # a byte every 0.2 s: no single socket read ever times out
    try:
        subscribe(app, token_factory, f"http://127.0.0.1:{trickling.port}/hook")
        publish(mongo_client, settings, Event("ticketing.ticket.created", "p1", {"ticket_id": "t-1"}))
        consumer.drain()
        started = time.monotonic()
        assert send_due(db, WebhooksConfig(allow_private_urls=True, attempt_deadline_seconds=1.5)) == 1
        assert time.monotonic() - started < 4
        (entry,) = db.deliveries.find_one()["log"]
        assert entry["error"] == "no answer within 1.5 s" and entry["status_code"] is None
        assert 1400 <= entry["duration_ms"] < 4000
        assert wait_until(lambda: trickling.closed_at, 2)  # the sender hung up: its thread is free again
    finally:
        trickling.stop()
