"""Shard a fresh (or a grown) cluster for the platform, through a mongos:

    python -m deploy.mongo.shard_setup --url mongodb://mongos:27017 --dry-run
    python -m deploy.mongo.shard_setup --url mongodb://mongos:27017 --zone p-big=shard-b

For every service's database (`<prefix><service>`, as MONGO_DB defaults to kefu_<service>) it enables sharding,
shards each collection on the key kefulib.sharding plans for it from the service's own store.py, creates every
index the service declares, and with `--zone PROJECT=SHARD` pins that project's range of every tenant-led
collection to a zone on that shard (the balancer then moves its chunks there). Idempotent: a collection already
sharded on its key, an index or a zone range that exists, is left as it is. `--dry-run` prints the plan as JSON
and touches nothing. See the README's "Scaling MongoDB" for when to run it and what to watch.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys

from kefulib import sharding
from kefulib.audit_api import AUDIT_INDEXES
from kefulib.store import TENANT_FIELD, IndexSpec, ensure_indexes
from pymongo import MongoClient
from pymongo.errors import OperationFailure

SERVICES = ["identity", "ticketing", "visits", "billing", "webhooks", "notifications", "desk", "renovation"]


def service_indexes(service: str) -> list[IndexSpec]:
    return [*importlib.import_module(f"{service}.store").INDEXES, *AUDIT_INDEXES]


def service_collections(service: str) -> set[str]:
    """Every collection the service's store.py names (its constants), with a GridFS bucket as its two collections."""
    store = importlib.import_module(f"{service}.store")
    buckets = set(getattr(store, "GRIDFS_BUCKETS", ()))
    names = {spec.collection for spec in service_indexes(service)}
    for attribute, value in vars(store).items():
        if attribute.isupper() and isinstance(value, str) and value.replace("_", "").isalnum() and value.islower():
            names |= {f"{value}.files", f"{value}.chunks"} if value in buckets else {value}
    return names


def service_plan(service: str) -> dict[str, sharding.Sharded | sharding.Unsharded]:
    store = importlib.import_module(f"{service}.store")
    return sharding.plan(service_indexes(service), collections=service_collections(service),
                         unsharded=getattr(store, "UNSHARDED", {}), shard_keys=getattr(store, "SHARD_KEYS", {}))


def zone_name(project: str) -> str:
    return f"project-{project}"


def zone_range(key: tuple, project: str) -> tuple[dict, dict]:
    """The project's whole range of a tenant-led key: [{tenant_id: P, rest: MinKey}, {tenant_id: P, rest: MaxKey})."""
    from bson.max_key import MaxKey
    from bson.min_key import MinKey
    rest = [name for name, _ in key[1:]]
    if not rest:  # {tenant_id: 1}: the next string after P bounds P's documents
        return {TENANT_FIELD: project}, {TENANT_FIELD: project + "\x00"}
    return ({TENANT_FIELD: project, **{name: MinKey() for name in rest}},
            {TENANT_FIELD: project, **{name: MaxKey() for name in rest}})


def commands(services: list[str], prefix: str, zones: dict[str, str]) -> list[tuple[str, dict]]:
    """The admin commands to run, in order, as (what, command); index creation is listed as `createIndexes`."""
    steps: list[tuple[str, dict]] = [("addShardToZone", {"addShardToZone": shard, "zone": zone_name(project)})
                                     for project, shard in sorted(zones.items())]
    for service in services:
        db = f"{prefix}{service}"
        steps.append(("enableSharding", {"enableSharding": db}))
        for name, entry in service_plan(service).items():
            if isinstance(entry, sharding.Unsharded):
                continue
            namespace = f"{db}.{name}"
            steps.append(("shardCollection", {"shardCollection": namespace, "key": entry.key_document}))
            if entry.tenant_led:
                for project in sorted(zones):
                    low, high = zone_range(entry.key, project)
                    steps.append(("updateZoneKeyRange", {"updateZoneKeyRange": namespace, "min": low, "max": high,
                                                         "zone": zone_name(project)}))
        steps.append(("createIndexes", {"createIndexes": db, "indexes": len(service_indexes(service))}))
    return steps


def render(services: list[str], prefix: str, zones: dict[str, str]) -> dict:
    """The dry run: each service's collections with their key (or why they are not sharded), and the commands."""
    return {
        "databases": {f"{prefix}{service}": {
            name: ({"key": entry.key_document, "why": entry.why} if isinstance(entry, sharding.Sharded)
                   else {"unsharded": entry.why})
            for name, entry in service_plan(service).items()} for service in services},
        "commands": [command for _, command in commands(services, prefix, zones)],
    }


def apply(client: MongoClient, services: list[str], prefix: str, zones: dict[str, str], out=sys.stdout) -> None:
    admin = client.admin
    for what, command in commands(services, prefix, zones):
        if what == "createIndexes":
            ensure_indexes(client[command["createIndexes"]], service_indexes(command["createIndexes"][len(prefix):]))
        else:
            if what == "shardCollection":
                db_name, collection = command["shardCollection"].split(".", 1)
                client[db_name][collection].create_index(list(command["key"].items()))  # needed when not empty
            try:
                admin.command(command)
            except OperationFailure as failure:
                if failure.code != 23:  # AlreadyInitialized: the collection is sharded already
                    raise
                print(f"{what}: already sharded, left as it is (compare its key with sh.status()): "
                      f"{json.dumps(command, default=str)}", file=out)
                continue
        print(what, json.dumps(command, default=str), file=out)


def parse_zones(values: list[str]) -> dict[str, str]:
    zones = {}
    for value in values:
        project, _, shard = value.partition("=")
        if not project or not shard:
            raise SystemExit(f"--zone wants PROJECT=SHARD, not {value!r}")
        zones[project] = shard
    return zones


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="mongodb://127.0.0.1:27017", help="a mongos of the cluster")
    parser.add_argument("--prefix", default="kefu_", help="databases are <prefix><service> (MONGO_DB)")
    parser.add_argument("--service", action="append", choices=SERVICES, help="only these (default: all)")
    parser.add_argument("--zone", action="append", default=[], metavar="PROJECT=SHARD",
                        help="pin a project to a shard (repeatable)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan as JSON, change nothing")
    args = parser.parse_args(argv)
    services, zones = args.service or SERVICES, parse_zones(args.zone)
    if args.dry_run:
        print(json.dumps(render(services, args.prefix, zones), indent=2, ensure_ascii=False, default=str))
        return 0
    apply(MongoClient(args.url), services, args.prefix, zones)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
