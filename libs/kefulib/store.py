"""Tenant-scoped access to MongoDB.

Handlers get a `TenantCollection` bound to the caller's tenant; it adds the tenant to every
filter, pipeline and insert, so a handler cannot forget it. Indexes are declared in code beside
each service's collections and created at start-up; a tenant-scoped index must start with
`tenant_id` so every tenant query can use it (and, on a sharded cluster, go to one shard: kefulib.sharding).

Read and write concerns, per kind of operation (the same on one replica set and on a sharded cluster):

- A change with its outbox row, a consumer's inbox entry with its effect (`run_in_transaction`): read concern
  `snapshot`, write concern `majority`, journaled.
- Any other single write (the relay and publish-on-commit marking a row published, idempotency records, leases,
  claims): write concern `majority` (`connect`'s default).
- Reads outside a transaction (lists, lookups, the relay's pending count): read concern `local` on the primary —
  never an orphan document of a migrating chunk; only a failed-over primary's last unreplicated writes can vanish.
- Retries: retryable writes and reads (the driver's default).

`majority` is MongoDB's implicit default since 5.0; it is set here so that an arbiter or a client option cannot
quietly weaken it: an acknowledged change survives the loss of the primary.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pymongo import MongoClient, ReturnDocument
from pymongo.client_session import ClientSession
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.read_concern import ReadConcern
from pymongo.results import DeleteResult
from pymongo.write_concern import WriteConcern

from . import audit

TENANT_FIELD = "tenant_id"
T = TypeVar("T")


def connect(mongo_url: str, db_name: str, **client_options) -> Database:
    client_options.setdefault("serverSelectionTimeoutMS", 5000)
    client_options.setdefault("tz_aware", True)
    client_options.setdefault("uuidRepresentation", "standard")
    client_options.setdefault("w", "majority")  # see the module's table of concerns
    return MongoClient(mongo_url, **client_options)[db_name]


# What to do once a session's transaction has committed (e.g. publish its outbox rows at once); an attempt
# that is retried or aborted starts again with none.
_after_commit: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def after_commit(session: ClientSession, callback: Callable[[], None]) -> None:
    """Call `callback` after `session`'s transaction commits (run_in_transaction); never if it aborts."""
    _after_commit.setdefault(session, []).append(callback)


# A transaction the current request already runs (the idempotency decorator opens one around a creating view, so
# its record is written with the view's own writes): run_in_transaction joins it instead of starting its own.
_ambient: ContextVar[ClientSession | None] = ContextVar("kefulib_ambient_transaction", default=None)
_joined: ContextVar[list | None] = ContextVar("kefulib_joined_transaction", default=None)


def run_in_transaction(db: Database, work: Callable[[ClientSession], T]) -> T:
    """Run `work(session)` in one multi-document transaction, retried on transient errors; then the
    callbacks the committed attempt registered with `after_commit`.

    Inside `ambient_transaction` (same client) the work joins that transaction: it commits, retries and runs
    the `after_commit` callbacks with it."""
    calls = _joined.get()  # the idempotency decorator learns how a view uses transactions
    if calls is None:
        return _own_transaction(db, work)
    try:
        ambient = _ambient.get()
        result = work(ambient) if ambient is not None and ambient.client is db.client else _own_transaction(db, work)
    except BaseException:
        calls.append(False)
        raise
    calls.append(True)
    return result


def _own_transaction(db: Database, work: Callable[[ClientSession], T]) -> T:
    def attempt(session: ClientSession) -> T:
        _after_commit.pop(session, None)  # a retried attempt forgets what the failed one registered
        return work(session)

    with db.client.start_session() as session:
        result = session.with_transaction(
            attempt,
            read_concern=ReadConcern("snapshot"),
            write_concern=WriteConcern("majority", j=True),
        )
        callbacks = _after_commit.pop(session, [])
    for callback in callbacks:
        callback()
    return result


def noting_transactions(work: Callable[[], T]) -> tuple[T, list[bool]]:
    """Run `work()` outside any transaction; return its result and, per `run_in_transaction` it called, whether
    that call succeeded."""
    calls: list[bool] = []
    token = _joined.set(calls)
    try:
        return work(), calls
    finally:
        _joined.reset(token)


def ambient_transaction(db: Database, work: Callable[[ClientSession, list[bool]], T]) -> T:
    """Run `work(session, calls)` in one transaction that every `run_in_transaction` it reaches joins; retried
    whole on transient errors, committed once, then the `after_commit` callbacks. `calls` tells the work, per
    `run_in_transaction` so far, whether it succeeded (one that raised leaves the transaction unusable)."""
    def attempt(session: ClientSession) -> T:
        calls: list[bool] = []
        session_token, calls_token = _ambient.set(session), _joined.set(calls)
        try:
            return work(session, calls)
        finally:
            _ambient.reset(session_token)
            _joined.reset(calls_token)
    return _own_transaction(db, attempt)


class TenantCollection:
    """One collection seen through one tenant's eyes."""

    def __init__(self, collection: Collection, tenant_id: str):
        if not tenant_id:
            raise ValueError("a tenant-scoped collection needs a tenant id")
        self.collection = collection
        self.tenant_id = tenant_id

    def _scoped(self, filter_: dict | None) -> dict:
        # The tenant is applied last so a caller-supplied tenant_id can never widen the query.
        return {**(filter_ or {}), TENANT_FIELD: self.tenant_id}

    def insert_one(self, document: dict, session: ClientSession | None = None) -> dict:
        document = {**document, TENANT_FIELD: self.tenant_id}
        result = self.collection.insert_one(document, session=session)
        document.setdefault("_id", result.inserted_id)
        self._audit("insert", [document["_id"]], {"document": _without_tenant(document)}, session)
        return document

    def insert_many(self, documents: Iterable[dict], session: ClientSession | None = None) -> int:
        scoped = [{**d, TENANT_FIELD: self.tenant_id} for d in documents]
        if not scoped:
            return 0
        inserted = self.collection.insert_many(scoped, session=session).inserted_ids
        self._audit("insert", inserted, {"documents": [_without_tenant(d) for d in scoped]}, session)
        return len(inserted)

    def find_one(self, filter_: dict | None = None, *args, **kwargs) -> dict | None:
        return self.collection.find_one(self._scoped(filter_), *args, **kwargs)

    def find(self, filter_: dict | None = None, *args, **kwargs):
        return self.collection.find(self._scoped(filter_), *args, **kwargs)

    def count_documents(self, filter_: dict | None = None, **kwargs) -> int:
        return self.collection.count_documents(self._scoped(filter_), **kwargs)

    def update_one(self, filter_: dict, update: dict, **kwargs):
        result = self.collection.update_one(self._scoped(filter_), _protect_tenant(update), **kwargs)
        if result.modified_count or result.upserted_id is not None:
            ids = [result.upserted_id] if result.upserted_id is not None else audit.record_ids(filter_)
            self._audit("upsert" if result.upserted_id is not None else "update", ids,
                        audit.summarise_update(update), kwargs.get("session"), filter_)
        return result

    def update_many(self, filter_: dict, update: dict, **kwargs):
        result = self.collection.update_many(self._scoped(filter_), _protect_tenant(update), **kwargs)
        if result.modified_count:
            self._audit("update", audit.record_ids(filter_), {**audit.summarise_update(update),
                        "modified": result.modified_count}, kwargs.get("session"), filter_)
        return result

    def find_one_and_update(self, filter_: dict, update: dict, **kwargs) -> dict | None:
        kwargs.setdefault("return_document", ReturnDocument.AFTER)
        found = self.collection.find_one_and_update(self._scoped(filter_), _protect_tenant(update), **kwargs)
        if found is not None:
            self._audit("update", [found["_id"]], audit.summarise_update(update), kwargs.get("session"))
        return found

    def delete_one(self, filter_: dict, **kwargs):
        # find_one_and_delete, so that the trail keeps what was deleted (a removed watch-list entry is not
        # gone for good); the caller still gets a DeleteResult.
        removed = self.collection.find_one_and_delete(self._scoped(filter_), **kwargs)
        if removed is None:
            return DeleteResult({"n": 0}, True)
        self._audit("delete", [removed["_id"]], {"document": _without_tenant(removed)}, kwargs.get("session"))
        return DeleteResult({"n": 1}, True)

    def distinct(self, key: str, filter_: dict | None = None, **kwargs) -> list:
        return self.collection.distinct(key, self._scoped(filter_), **kwargs)

    def aggregate(self, pipeline: list[dict], **kwargs):
        # The project joins the pipeline's own first $match rather than preceding it as a stage of its own: MongoDB
        # merges adjacent $match stages itself, the embedded test server does not, and then picks its index for the
        # project alone (every row of the project read, where the merged match reads only the rows it names).
        if pipeline and set(pipeline[0]) == {"$match"} and TENANT_FIELD not in pipeline[0]["$match"]:
            first, *rest = pipeline
            return self.collection.aggregate([{"$match": {TENANT_FIELD: self.tenant_id, **first["$match"]}}, *rest],
                                             **kwargs)
        return self.collection.aggregate([{"$match": {TENANT_FIELD: self.tenant_id}}, *pipeline], **kwargs)

    def _audit(self, operation: str, ids, changes: dict, session, selector: dict | None = None) -> None:
        audit.record(self.collection, self.tenant_id, operation, ids=[str(i) for i in ids][:audit.MAX_ITEMS],
                     changes=audit.redact(changes), session=session, selector=selector)


def _without_tenant(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != TENANT_FIELD}


def _protect_tenant(update: dict) -> dict:
    for operator, fields in update.items():
        if isinstance(fields, dict) and TENANT_FIELD in fields:
            raise ValueError(f"an update may not change {TENANT_FIELD} ({operator})")
    return update


@dataclass(frozen=True)
class IndexSpec:
    """An index a service needs; `tenant_scoped` indexes must lead with tenant_id."""

    collection: str
    keys: list[tuple[str, Any]]
    unique: bool = False
    name: str | None = None
    partial_filter: dict | None = None
    expire_after_seconds: int | None = None
    tenant_scoped: bool = True
    options: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.tenant_scoped and self.keys[0][0] != TENANT_FIELD:
            raise ValueError(f"index on {self.collection} must start with {TENANT_FIELD}: {self.keys}")


def ensure_indexes(db: Database, specs: Iterable[IndexSpec]) -> None:
    """Create every declared index (idempotent; run at start-up by web and worker processes)."""
    for spec in specs:
        options = dict(spec.options)
        if spec.name:
            options["name"] = spec.name
        if spec.unique:
            options["unique"] = True
        if spec.partial_filter:
            options["partialFilterExpression"] = spec.partial_filter
        if spec.expire_after_seconds is not None:
            options["expireAfterSeconds"] = spec.expire_after_seconds
        db[spec.collection].create_index(spec.keys, **options)
