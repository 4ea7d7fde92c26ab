"""Write RabbitMQ definitions (exchanges, queues, bindings, policies) for a three-node cluster from the code's
topology: every service's real `build_consumers` and `Topology`, so the file cannot drift from what the workers
declare. Load it with `rabbitmqctl import_definitions FILE` (or the management plugin's load_definitions).

    python -m deploy.rabbitmq_definitions [--exchange kefu.events] [--vhost /] [--out definitions.json]

Quorum queues are declared with `x-queue-type: quorum` and spread over the cluster's nodes; the policy keeps
three replicas per queue (quorum membership grows to the target size as nodes join).
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

from kefulib.config import Settings
from pymongo import MongoClient

SERVICES = ["identity", "ticketing", "visits", "billing", "webhooks", "notifications", "desk", "renovation"]
CLUSTER_SIZE = 3


def consumers_of(service: str, settings: Settings) -> list:
    try:
        module = importlib.import_module(f"{service}.consumers")
    except ModuleNotFoundError:
        return []  # a service that consumes nothing
    client = MongoClient("mongodb://127.0.0.1:9/", connect=False)  # never used: building consumers does no I/O
    try:
        return module.build_consumers(client[f"kefu_{service}"], settings)
    finally:
        client.close()


def definitions(exchange: str = "kefu.events", vhost: str = "/") -> dict:
    # Building consumers reads a few secrets (e.g. notifications' survey-link key); none of them reaches the
    # definitions, so the development fallbacks serve and no production secret is needed to export.
    os.environ.setdefault("KEFU_ENV", "development")
    settings = Settings(service_name="definitions", event_exchange=exchange)
    topology = settings.topology
    queues, bindings = [], []
    for service in SERVICES:
        for consumer in consumers_of(service, settings):
            name = consumer.name
            queue, dlq = topology.queue_name(name), topology.dead_letter_queue(name)
            queues.append({"name": dlq, "vhost": vhost, "durable": True, "auto_delete": False,
                           "arguments": topology.dead_letter_queue_arguments()})
            queues.append({"name": queue, "vhost": vhost, "durable": True, "auto_delete": False,
                           "arguments": topology.consumer_queue_arguments(name)})
            bindings.append({"source": topology.dead_letter_exchange, "vhost": vhost, "destination": dlq,
                             "destination_type": "queue", "routing_key": queue, "arguments": {}})
            bindings += [{"source": exchange, "vhost": vhost, "destination": queue, "destination_type": "queue",
                          "routing_key": key, "arguments": {}} for key in consumer.handlers]
    return {
        "rabbit_version": "3.13",
        "vhosts": [{"name": vhost}],
        "exchanges": [
            {"name": exchange, "vhost": vhost, "type": "topic", "durable": True, "auto_delete": False,
             "internal": False, "arguments": {}},
            {"name": topology.dead_letter_exchange, "vhost": vhost, "type": "direct", "durable": True,
             "auto_delete": False, "internal": False, "arguments": {}},
        ],
        "queues": queues,
        "bindings": bindings,
        "policies": [{"vhost": vhost, "name": "kefu-quorum-replicas", "pattern": f"^{exchange.replace('.', '[.]')}[.]",
                      "apply-to": "queues", "priority": 0,
                      "definition": {"target-group-size": CLUSTER_SIZE}}],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exchange", default="kefu.events")
    parser.add_argument("--vhost", default="/")
    parser.add_argument("--out", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    text = json.dumps(definitions(args.exchange, args.vhost), indent=2, ensure_ascii=False)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
