"""Idempotency keys for POSTs that create something: a retried request gets the first response.

A client sends `Idempotency-Key: <unique string>`. The first request with a key reserves it, runs,
and stores its response; a retry with the same key and the same body gets that stored response
(with `Idempotent-Replayed: true`) and changes nothing; the same key with a different body is
refused. Keys are per tenant and caller and are kept for 24 hours.

How the record is kept depends on the view, learnt from its first keyed request in the process:
- a view that writes through one `store.run_in_transaction` (every creating view should) runs inside one
  transaction that its own `run_in_transaction` joins, and the record (key, tenant, body fingerprint, stored
  status and body) is inserted in that same transaction: one write, no separate reservation. A duplicate key
  (a concurrent twin already committed, or a retry) aborts the whole attempt, nothing of it is kept, and the
  committed response is replayed; a twin still in flight is a write conflict, so the transaction is retried
  and then finds the record;
- a view that writes outside a transaction, or makes several, or retries a failed one, keeps the record in two
  steps: reserve the key (`in_progress`), run, store the response (the first keyed request to any view also
  runs this way while it is learnt).

Place `@idempotent()` directly under `@require(...)`, above `@blp.arguments(...)`.
"""
from __future__ import annotations

import copy
import functools
import hashlib
import json
from datetime import UTC, datetime, timedelta

from flask import Response, request
from pymongo.errors import DuplicateKeyError

from .authn import current_principal
from .problems import Conflict, Unprocessable
from .store import IndexSpec, ambient_transaction, noting_transactions

# Not "idempotency_keys": a service may keep its own, longer-lived keys there (billing does).
IDEMPOTENCY_KEYS = "idempotent_requests"
HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
IN_PROGRESS_TIMEOUT = timedelta(minutes=2)  # a request that died mid-way frees its key after this

# view -> whether it writes through run_in_transaction, learnt from its first keyed request in this process
_transactional: dict[object, bool] = {}

IDEMPOTENCY_INDEXES = [
    IndexSpec(IDEMPOTENCY_KEYS, [("created_at", 1)], tenant_scoped=False, name="idempotency_ttl",
              expire_after_seconds=int(KEEP_FOR.total_seconds())),
]


def header_parameter(required: bool = False) -> dict:
    """The OpenAPI description of the header, so integrators see which POSTs they may retry."""
    return {"in": "header", "name": HEADER, "required": required,
            "schema": {"type": "string", "minLength": 1, "maxLength": 200},
            "description": "Any unique string (a UUID is good). A retry with the same key and body gets the "
                           "first response, marked `Idempotent-Replayed: true`; kept for 24 hours."}


def idempotent(required: bool = False, withhold: tuple[str, ...] = ()):
    """Make a creating POST safe to retry; with `required`, the header must be sent.

    `withhold` names top-level response fields that are shown once and never stored (a client
    secret): the stored copy has them as null, so a replay says what was created without them."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            key = request.headers.get(HEADER, "").strip()
            if not key:
                if required:
                    raise Unprocessable(f"Send an {HEADER} header so a retry cannot act twice.",
                                        errors={HEADER: ["Missing header."]})
                return view(*args, **kwargs)
            if len(key) > 200:
                raise Unprocessable(f"{HEADER} is too long.", errors={HEADER: ["At most 200 characters."]})
            return _run_once(key, view, args, kwargs, withhold)
        _document_header(wrapper, required)
        return wrapper
    return decorate


def _document_header(view, required: bool) -> None:
    """List the header among the operation's parameters, as `Blueprint.arguments` lists its own.

    Not `Blueprint.doc(parameters=...)`: a manual doc replaces the whole list, so a POST that also takes query
    arguments would lose them from its OpenAPI document."""
    view._apidoc = copy.deepcopy(getattr(view, "_apidoc", {}))
    view._apidoc.setdefault("arguments", {}).setdefault("parameters", []).append(header_parameter(required))


def _collection():
    from .web import context
    return context().db[IDEMPOTENCY_KEYS]


def _run_once(key: str, view, args, kwargs, withhold: tuple[str, ...]):
    principal = current_principal()
    record_id = f"{principal.tenant_id}:{principal.subject}:{request.method}:{request.path}:{key}"
    record = {"_id": record_id, "tenant_id": principal.tenant_id}  # the tenant too: one shard (kefulib.sharding)
    fingerprint = hashlib.sha256(request.get_data()).hexdigest()
    keys = _collection()
    if _transactional.get(view):
        return _run_in_transaction(keys, record, fingerprint, key, view, args, kwargs, withhold)
    now = datetime.now(UTC)
    try:
        keys.insert_one({**record, "request_hash": fingerprint, "state": "in_progress", "created_at": now})
    except DuplicateKeyError:
        return _replay(keys.find_one(record), fingerprint, key, record, view, args, kwargs, withhold)
    return _execute_and_store(keys, record, view, args, kwargs, withhold)


def _stored_body(response: Response, withhold: tuple[str, ...]) -> bytes:
    body = response.get_data()
    if not withhold or not response.is_json:
        return body
    document = json.loads(body)
    if isinstance(document, dict):
        document.update({name: None for name in withhold if name in document})
    return json.dumps(document).encode()


class _Rerun(Exception):
    """Aborts an attempt in which a `run_in_transaction` failed but the view went on."""


class _Replay(Exception):
    """Aborts an attempt that found its key already recorded; the caller replays the record."""

    def __init__(self, record: dict | None):
        super().__init__("idempotency key already recorded")
        self.record = record


def _run_in_transaction(keys, record, fingerprint, key, view, args, kwargs, withhold):
    def attempt(session, calls):
        found = keys.find_one(record, session=session)
        if found is not None:
            raise _Replay(found)
        response = view(*args, **kwargs)
        if False in calls:  # a joined work failed and the view carried on (retried it): nothing of it is sound
            raise _Rerun
        if isinstance(response, Response) and response.status_code < 500:
            try:
                keys.insert_one({**record, "request_hash": fingerprint,
                                 "state": "done", "created_at": datetime.now(UTC), **_stored(response, withhold)},
                                session=session)
            except DuplicateKeyError:
                raise _Replay(None) from None
        return response

    try:
        return ambient_transaction(keys.database, attempt)
    except _Replay as replay:
        stored = replay.record or keys.find_one(record)
        return _replay(stored, fingerprint, key, record, view, args, kwargs, withhold)
    except _Rerun:  # rolled back whole; this view runs the two-step way from now on
        _transactional[view] = False
        return _run_once(key, view, args, kwargs, withhold)


def _stored(response: Response, withhold: tuple[str, ...]) -> dict:
    return {"status": response.status_code, "body": _stored_body(response, withhold),
            "content_type": response.content_type, "location": response.headers.get("Location")}


def _execute_and_store(keys, selector, view, args, kwargs, withhold):
    try:
        response, calls = noting_transactions(lambda: view(*args, **kwargs))
        # Joined only if the view makes exactly one transaction that succeeds: a view that makes several, or
        # retries one that failed, keeps committing each on its own.
        _transactional[view] = calls == [True]
    except Exception:
        keys.delete_one({**selector, "state": "in_progress"})  # failed: the client may retry
        raise
    if isinstance(response, Response) and response.status_code < 500:
        keys.update_one(selector, {"$set": {"state": "done", **_stored(response, withhold)}})
    else:
        keys.delete_one(selector)
    return response


def _replay(record, fingerprint, key, selector, view, args, kwargs, withhold):
    if record is None:  # expired between our insert attempt and this read
        return _run_once(key, view, args, kwargs, withhold)
    if record["request_hash"] != fingerprint:
        raise Unprocessable(f"This {HEADER} was already used with a different request body.",
                            errors={HEADER: ["Reused with a different request."]})
    if record["state"] == "in_progress":
        started = record["created_at"]
        if started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        if datetime.now(UTC) - started < IN_PROGRESS_TIMEOUT:
            raise Conflict("A request with this Idempotency-Key is still being processed; retry shortly.")
        _collection().delete_one({**selector, "state": "in_progress"})
        return _run_once(key, view, args, kwargs, withhold)
    response = Response(record["body"], status=record["status"], content_type=record["content_type"])
    if record.get("location"):
        response.headers["Location"] = record["location"]
    response.headers["Idempotent-Replayed"] = "true"
    return response

