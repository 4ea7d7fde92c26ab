"""Consumer queues and their DLQs are quorum queues on the local broker; the delivery limit feeds the DLQ."""
import json
import subprocess
import time

import pytest
from kefulib.messaging import Consumer
from kefulib.messaging.topology import open_channel


@pytest.fixture
def settings(settings_for):
    return settings_for("quorumtest", queue_delivery_limit=2)


def queue_types(prefix: str) -> dict[str, str]:
    """name -> type from `rabbitmqctl list_queues` (the management-free way to read a queue's type)."""
    out = subprocess.run(["rabbitmqctl", "-q", "list_queues", "name", "type", "--formatter", "json"],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        pytest.skip(f"rabbitmqctl unavailable: {out.stderr.strip()[:200]}")
    return {q["name"]: q["type"] for q in json.loads(out.stdout) if q["name"].startswith(prefix)}


def test_consumer_queue_and_dlq_are_quorum_and_accept_expiry(settings, mongo_client):
    consumer = Consumer("poison", mongo_client[settings.mongo_db], settings.amqp_url, settings.topology,
                        {"demo.thing.happened": lambda event, session: None})
    consumer.declare()
    consumer.declare()  # redeclaring with the same arguments is a no-op
    types = queue_types(settings.event_exchange)
    assert types[consumer.queue] == "quorum"
    assert types[f"{consumer.queue}.dlq"] == "quorum"
    connection, channel = open_channel(settings.amqp_url)
    try:  # a passive declare finds both (x-expires is accepted by quorum queues on this broker)
        channel.queue_declare(consumer.queue, passive=True)
        channel.queue_declare(f"{consumer.queue}.dlq", passive=True)
    finally:
        connection.close()


def test_a_message_requeued_past_the_delivery_limit_reaches_the_dlq(settings):
    topology = settings.topology
    connection, channel = open_channel(settings.amqp_url, confirms=True)
    try:
        queue = topology.declare_consumer(channel, "poison", ["demo.thing.happened"])
        channel.basic_publish(topology.exchange, "demo.thing.happened", b'{"poison": true}')
        deliveries = 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            method, _, _ = channel.basic_get(queue, auto_ack=False)
            if method is None:
                if channel.queue_declare(f"{queue}.dlq", passive=True).method.message_count:
                    break
                time.sleep(0.05)
                continue
            deliveries += 1
            channel.basic_reject(method.delivery_tag, requeue=True)
        assert deliveries == topology.delivery_limit + 1  # the first delivery and `delivery_limit` redeliveries
        method, properties, body = channel.basic_get(f"{queue}.dlq", auto_ack=True)
        assert body == b'{"poison": true}'
        assert properties.headers["x-death"][0]["reason"] == "delivery_limit"
        assert channel.queue_declare(queue, passive=True).method.message_count == 0
    finally:
        connection.close()
