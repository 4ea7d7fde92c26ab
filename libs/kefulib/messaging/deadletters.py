"""Operator tool: list and replay a consumer's dead letters.

    kefu-deadletters list  <consumer-queue>
    kefu-deadletters replay <consumer-queue> [--id EVENT_ID]

Replayed messages go back to the consumer's own queue (not the exchange), so other services
that already handled the event do not see it again.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import pika

from .topology import open_channel


def _dlq(queue: str) -> str:
    return queue if queue.endswith(".dlq") else f"{queue}.dlq"


def _describe(method, properties, body) -> dict:
    deaths = (properties.headers or {}).get("x-death") or [{}]
    try:
        envelope = json.loads(body)
    except ValueError:
        envelope = {"raw": body[:200].decode(errors="replace")}
    return {
        "id": properties.message_id or envelope.get("id"),
        "type": properties.type or envelope.get("type"),
        "tenant_id": envelope.get("tenant_id"),
        "reason": deaths[0].get("reason"),
        "deaths": deaths[0].get("count"),
        "original_queue": deaths[0].get("queue"),
    }


def list_dead_letters(amqp_url: str, queue: str) -> list[dict]:
    """Peek at every dead letter without removing any (they are returned unacknowledged)."""
    connection, channel = open_channel(amqp_url)
    found = []
    try:
        depth = channel.queue_declare(_dlq(queue), passive=True).method.message_count
        for _ in range(depth):
            method, properties, body = channel.basic_get(_dlq(queue), auto_ack=False)
            if method is None:
                break
            found.append(_describe(method, properties, body))
    finally:
        connection.close()  # unacked messages return to the dead-letter queue
    return found


def replay_dead_letters(amqp_url: str, queue: str, event_id: str | None = None) -> int:
    """Move dead letters (all, or the one with `event_id`) back to the consumer's queue."""
    work_queue = queue[:-4] if queue.endswith(".dlq") else queue
    connection, channel = open_channel(amqp_url, confirms=True)
    replayed = 0
    try:
        depth = channel.queue_declare(_dlq(queue), passive=True).method.message_count
        for _ in range(depth):
            method, properties, body = channel.basic_get(_dlq(queue), auto_ack=False)
            if method is None:
                break
            if event_id and properties.message_id != event_id:
                continue
            headers = {k: v for k, v in (properties.headers or {}).items() if not k.startswith("x-")}
            headers["x-replayed"] = True
            channel.basic_publish("", work_queue, body, pika.BasicProperties(
                content_type=properties.content_type, delivery_mode=pika.DeliveryMode.Persistent,
                message_id=properties.message_id, type=properties.type, headers=headers))
            channel.basic_ack(method.delivery_tag)
            replayed += 1
    finally:
        connection.close()
    return replayed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kefu-deadletters", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["list", "replay"])
    parser.add_argument("queue", help="consumer queue, e.g. kefu.events.visits.return-visits")
    parser.add_argument("--id", dest="event_id", help="replay only this event id")
    parser.add_argument("--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"))
    args = parser.parse_args(argv)
    if args.command == "list":
        for entry in list_dead_letters(args.amqp_url, args.queue):
            print(json.dumps(entry, ensure_ascii=False, default=str))
    else:
        print(f"replayed {replay_dead_letters(args.amqp_url, args.queue, args.event_id)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
