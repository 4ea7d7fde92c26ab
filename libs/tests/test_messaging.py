"""Outbox, relay, inbox and dead letters against the real MongoDB and RabbitMQ."""
import json

import pika
import pytest
from kefulib.messaging import INBOX_INDEXES, OUTBOX_INDEXES, Consumer, Event, OutboxRelay, add_to_outbox
from kefulib.messaging.deadletters import list_dead_letters, replay_dead_letters
from kefulib.messaging.outbox import OUTBOX
from kefulib.messaging.topology import close_quietly, open_channel
from kefulib.store import ensure_indexes, run_in_transaction
from pika.exceptions import AMQPError


@pytest.fixture
def settings(settings_for):
    return settings_for("msgtest")


@pytest.fixture
def db(mongo_client, settings):
    database = mongo_client[settings.mongo_db]
    ensure_indexes(database, [*OUTBOX_INDEXES, *INBOX_INDEXES])
    return database


def record_effect(db):
    def handle(event, session):
        db.effects.insert_one({"event_id": event.id, "n": event.data["n"]}, session=session)
    return handle


def make_consumer(db, settings, handler=None, name="effects"):
    consumer = Consumer(name, db, settings.amqp_url, settings.topology, {"demo.thing.happened": handler or record_effect(db)})
    consumer.declare()
    return consumer


def emit(db, n, tenant="t1"):
    event = Event("demo.thing.happened", tenant, {"n": n})
    # The plumbing's own made-up event type has no publisher and so no schema: not contract-checked.
    run_in_transaction(db, lambda s: add_to_outbox(db, event, s, contract_check=False))
    return event


def test_events_written_with_the_change_are_published_and_consumed_once(db, settings):
    consumer = make_consumer(db, settings)
    for n in range(5):
        emit(db, n)
    relay = OutboxRelay(db, settings.amqp_url, settings.topology)
    assert relay.run_once() == 5
    assert relay.pending_count() == 0
    assert consumer.drain() == 5
    assert sorted(d["n"] for d in db.effects.find()) == [0, 1, 2, 3, 4]
    relay.close()


def test_the_same_event_delivered_twice_has_one_effect(db, settings):
    consumer = make_consumer(db, settings)
    event = Event("demo.thing.happened", "t1", {"n": 7})
    assert consumer.handle(event) is True
    assert consumer.handle(event) is False
    assert db.effects.count_documents({}) == 1


def test_a_broker_outage_leaves_events_pending_for_a_later_retry(db, settings):
    emit(db, 1)
    broken = OutboxRelay(db, "amqp://guest:guest@127.0.0.1:1/%2F", settings.topology)
    with pytest.raises(AMQPError):
        broken.run_once()
    doc = db.outbox.find_one()
    assert doc["status"] == "pending" and doc["attempts"] == 1 and "lease_until" not in doc
    db.outbox.update_one({}, {"$set": {"available_at": doc["created_at"]}})  # skip the backoff wait
    consumer = make_consumer(db, settings)
    relay = OutboxRelay(db, settings.amqp_url, settings.topology)
    assert relay.run_once() == 1
    assert consumer.drain() == 1
    relay.close()


def test_a_failing_handler_dead_letters_the_event_and_replay_redelivers_it(db, settings):
    calls = {"fail": True}

    def flaky(event, session):
        if calls["fail"]:
            raise RuntimeError("handler bug")
        db.effects.insert_one({"event_id": event.id}, session=session)

    consumer = make_consumer(db, settings, flaky)
    event = emit(db, 1)
    OutboxRelay(db, settings.amqp_url, settings.topology).run_once()
    consumer.drain()
    dead = list_dead_letters(settings.amqp_url, consumer.queue)
    assert [d["id"] for d in dead] == [event.id] and dead[0]["reason"] == "rejected"
    assert db.effects.count_documents({}) == 0 and db.inbox.count_documents({}) == 0
    calls["fail"] = False
    assert replay_dead_letters(settings.amqp_url, consumer.queue, event.id) == 1
    assert consumer.drain() == 1
    assert db.effects.count_documents({"event_id": event.id}) == 1
    assert list_dead_letters(settings.amqp_url, consumer.queue) == []


def test_a_message_that_is_not_an_event_goes_straight_to_the_dead_letter_queue(db, settings):
    consumer = make_consumer(db, settings)
    connection = pika.BlockingConnection(pika.URLParameters(settings.amqp_url))
    connection.channel().basic_publish(settings.event_exchange, "demo.thing.happened", b"{not json")
    connection.close()
    consumer.drain()
    assert len(list_dead_letters(settings.amqp_url, consumer.queue)) == 1


@pytest.mark.parametrize("pattern, key, expected", [
    ("#", "ticketing.ticket.created", True),
    ("ticketing.#", "ticketing.ticket.created", True),
    ("ticketing.*", "ticketing.ticket.created", False),
    ("*.ticket.*", "ticketing.ticket.created", True),
    ("billing.#", "ticketing.ticket.created", False),
])
def test_topic_patterns_match_like_rabbitmq(pattern, key, expected):
    from kefulib.messaging.consumer import topic_matches
    assert topic_matches(pattern, key) is expected


def test_an_event_is_published_as_its_change_commits_and_the_relay_finds_nothing_left(db, settings, monkeypatch):
    """Publish on commit: the committing process publishes and marks the row; an aborted change publishes nothing."""
    from kefulib.messaging import direct
    monkeypatch.setenv(direct.SETTING, "1")
    direct.install(settings.amqp_url, settings.topology)
    try:
        connection, channel = open_channel(settings.amqp_url)
        settings.topology.declare_exchange(channel)
        queue = channel.queue_declare("", exclusive=True).method.queue
        channel.queue_bind(queue, settings.topology.exchange, routing_key="test.#")
        event = Event("test.thing.happened", "t1", {"n": 1})
        run_in_transaction(db, lambda s: add_to_outbox(db, event, s, contract_check=False))
        assert direct.flush()  # the process's publishing thread has it: published, confirmed and marked
        method, _, body = channel.basic_get(queue, auto_ack=True)
        assert method is not None and json.loads(body)["id"] == event.id
        assert db[OUTBOX].find_one({"_id": event.id})["status"] == "published"
        assert OutboxRelay(db, settings.amqp_url, settings.topology).run_once() == 0

        def fails(session):
            add_to_outbox(db, Event("test.thing.happened", "t1", {"n": 2}), session, contract_check=False)
            raise RuntimeError("the change is refused")
        with pytest.raises(RuntimeError):
            run_in_transaction(db, fails)
        assert direct.flush()
        assert channel.basic_get(queue, auto_ack=True)[0] is None
        close_quietly(connection)
    finally:
        monkeypatch.setenv(direct.SETTING, "0")
        direct.install(settings.amqp_url, settings.topology)


def test_rows_committed_together_are_published_in_commit_order_and_marked_per_project(db, settings):
    """The publishing thread takes every row waiting when it wakes: all go out in order, all are marked."""
    from kefulib.messaging import direct
    publisher = direct.DirectPublisher(settings.amqp_url, settings.topology)
    connection, channel = open_channel(settings.amqp_url)
    settings.topology.declare_exchange(channel)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, settings.topology.exchange, routing_key="test.#")
    events = [Event("test.thing.happened", tenant, {"n": n}) for n, tenant in enumerate(["t1", "t2"] * 30)]

    def write(session):
        for event in events:
            add_to_outbox(db, event, session, contract_check=False)
    run_in_transaction(db, write)
    publisher.publish_committed(db, list(db[OUTBOX].find({"_id": {"$in": [e.id for e in events]}}).sort("created_at")))
    assert publisher.flush()
    received = []
    while (message := channel.basic_get(queue, auto_ack=True))[0] is not None:
        received.append(json.loads(message[2])["id"])
    close_quietly(connection)
    assert sorted(received) == sorted(e.id for e in events)
    assert db[OUTBOX].count_documents({"status": "published"}) == len(events)


def test_a_process_that_cannot_reach_the_broker_leaves_its_rows_pending_and_never_fails_the_commit(db, settings):
    from kefulib.messaging import direct
    from kefulib.testing.servers import free_port
    unreachable = f"amqp://guest:guest@127.0.0.1:{free_port()}/%2F"
    publisher = direct.DirectPublisher(unreachable, settings.topology)
    event = Event("test.thing.happened", "t1", {"n": 4})
    run_in_transaction(db, lambda s: add_to_outbox(db, event, s, contract_check=False))
    publisher.publish_committed(db, [db[OUTBOX].find_one({"_id": event.id})])
    assert publisher.flush(timeout=30)
    assert db[OUTBOX].find_one({"_id": event.id})["status"] == "pending"
    assert OutboxRelay(db, settings.amqp_url, settings.topology).run_once() == 1  # the safety net publishes it


def test_a_row_the_committing_process_could_not_publish_is_left_to_the_relay_after_its_grace(db, settings):
    from datetime import timedelta
    event = Event("test.thing.happened", "t1", {"n": 3})
    run_in_transaction(db, lambda s: add_to_outbox(db, event, s, contract_check=False))
    safety_net = OutboxRelay(db, settings.amqp_url, settings.topology, grace=timedelta(seconds=30))
    assert safety_net.run_once() == 0  # too young: still the committing process's to publish
    assert OutboxRelay(db, settings.amqp_url, settings.topology).run_once() == 1
