"""How each service's collections are sharded when MongoDB grows past one replica set (README, "Scaling MongoDB").

One rule, derived from the indexes each service already declares (store.py's INDEXES), so a new collection is
planned the day its first index is written:

- A tenant's documents live together: every tenant-scoped collection is sharded on a key **led by `tenant_id`**
  (ranged, not hashed). Every query of the code names its tenant (TenantCollection adds it; the query-log test
  proves it), so mongos sends it to the one shard holding that range; and a zone over the range
  `[{tenant_id: P, …: MinKey}, {tenant_id: P, …: MaxKey})` pins a large project to its own shard.
- The second field is `_id`, so a big project's range still splits into many chunks: `{tenant_id: 1, _id: 1}`.
  Hashing the tenant would spread projects evenly but make zones by project impossible to write and gain nothing
  for one hot project (all its documents hash alike); a hot project is given its own shard by a zone instead.
- MongoDB enforces a unique index on a sharded collection only when the shard key is a prefix of it. Where a
  collection has tenant-scoped unique indexes, the key is their longest common prefix (up to a descending field,
  at least `{tenant_id: 1}`), e.g. `{tenant_id: 1, ticket_id: 1, seq: 1}` for ticket_history. A key of
  `{tenant_id: 1}` alone cannot split one project's documents (its chunk may grow "jumbo"); most such collections
  are per-project settings and counters, small by nature; the larger ones (visits' return_visits, billing's
  document_numbers) are the price of their two unique indexes, and a project big enough to matter gets its own
  shard by a zone anyway.
- The outbox and inbox are tenant-led too: the change, its outbox row (and a consumer's inbox entry) are then
  written to one shard, so the transaction commits on one shard instead of two-phase across shards. The relay's
  claim is the one query over all tenants by design (a scatter-gather through each shard's outbox_pending index).
- Collections that are global by nature (identity's tenants, OAuth clients, staff accounts, signing keys, throttling;
  a GridFS bucket's file metadata) are not sharded: they are small, read before any tenant is known, and stay on
  the database's primary shard. A service lists them in its store.py as `UNSHARDED = {name: reason}`.
- A collection with no index at all is named in `SHARD_KEYS` (explicit keys win over the rule).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .store import TENANT_FIELD, IndexSpec

TENANT_AND_ID = ((TENANT_FIELD, 1), ("_id", 1))
#: MongoDB's documented shard key for a GridFS bucket's chunks (`<bucket>.chunks`): `{files_id: 1, n: 1}`.
GRIDFS_CHUNKS = (("files_id", 1), ("n", 1))


@dataclass(frozen=True)
class Sharded:
    collection: str
    key: tuple[tuple[str, Any], ...]
    why: str

    @property
    def key_document(self) -> dict:
        return dict(self.key)

    @property
    def tenant_led(self) -> bool:
        return self.key[0][0] == TENANT_FIELD


@dataclass(frozen=True)
class Unsharded:
    collection: str
    why: str


def _common_prefix(keys: list[list[tuple[str, Any]]]) -> list[tuple[str, Any]]:
    prefix = list(keys[0])
    for key in keys[1:]:
        n = 0
        while n < min(len(prefix), len(key)) and prefix[n] == tuple(key[n]):
            n += 1
        prefix = prefix[:n]
    return prefix


def plan(indexes: Iterable[IndexSpec], *, collections: Iterable[str] = (), unsharded: dict[str, str] | None = None,
         shard_keys: dict[str, tuple] | None = None) -> dict[str, Sharded | Unsharded]:
    """collection -> how it is sharded, for every collection in `indexes` and in `collections` (those without an
    index); raises ValueError where the rule cannot give a key (a global unique index on a collection not listed
    as unsharded), so a new collection cannot go unplanned."""
    unsharded, shard_keys = dict(unsharded or {}), dict(shard_keys or {})
    by_collection: dict[str, list[IndexSpec]] = {}
    for spec in indexes:
        by_collection.setdefault(spec.collection, []).append(spec)
    for name in collections:
        by_collection.setdefault(name, [])
    result: dict[str, Sharded | Unsharded] = {}
    for name, specs in sorted(by_collection.items()):
        if name in unsharded:
            result[name] = Unsharded(name, unsharded[name])
            continue
        if name in shard_keys:
            result[name] = Sharded(name, tuple(shard_keys[name]), "declared")
            continue
        if name.endswith(".chunks"):
            result[name] = Sharded(name, GRIDFS_CHUNKS, "GridFS chunks: MongoDB's documented key")
            continue
        unique = [spec for spec in specs if spec.unique]
        global_unique = [spec.name or spec.keys for spec in unique if not spec.tenant_scoped]
        if global_unique:
            raise ValueError(f"{name} has a unique index not led by {TENANT_FIELD} ({global_unique}): "
                             f"list it in UNSHARDED with the reason, or lead the index with {TENANT_FIELD}")
        if not unique:
            result[name] = Sharded(name, TENANT_AND_ID, "tenant-led: one project's documents on one shard")
            continue
        prefix = _common_prefix([[tuple(k) for k in spec.keys] for spec in unique])
        while prefix[-1][1] != 1:  # a shard key's fields are ascending: stop before a descending one
            prefix.pop()
        result[name] = Sharded(name, tuple(prefix), "the common prefix of its unique indexes (MongoDB enforces "
                                                    "uniqueness only over the shard key's prefix)")
    return result


def check(planned: dict[str, Sharded | Unsharded], indexes: Iterable[IndexSpec]) -> list[str]:
    """What MongoDB would refuse: a unique index that does not start with its collection's shard key."""
    problems = []
    for spec in indexes:
        entry = planned.get(spec.collection)
        if isinstance(entry, Sharded) and spec.unique:
            key = [tuple(k) for k in spec.keys]
            if key[:len(entry.key)] != list(entry.key):
                problems.append(f"{spec.collection}: unique index {spec.keys} does not start with {entry.key}")
    return problems
