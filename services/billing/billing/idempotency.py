"""Idempotent money requests (BL-6): the first response is stored under the key, in the same transaction.

A retry with the same `Idempotency-Key` and the same body gets the first response (status and
body) and changes nothing; the same key with a different body is refused, because the client
has mixed up two requests. Keys are per project and per kind of request.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from kefulib.problems import Unprocessable
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .common import utcnow
from .domain import DocumentType
from .sequences import run_numbered
from .store import IDEMPOTENCY_KEYS


def fingerprint(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def run_idempotent(db: Database, tenant_id: str, scope: str, key: str, body: dict,
                   doc_types: list[DocumentType], work: Callable[[ClientSession], dict],
                   status: int = 201) -> tuple[dict, int, bool]:
    """(response body, status, replayed) — `work` runs at most once per key."""
    keys = TenantCollection(db[IDEMPOTENCY_KEYS], tenant_id)
    print_ = fingerprint(body)
    wanted = {"scope": scope, "key": key}

    def replay(record: dict) -> tuple[dict, int, bool]:
        if record["fingerprint"] != print_:
            # 422 as for every other POST (and the IETF Idempotency-Key draft): the request, not the state, is wrong.
            raise Unprocessable("This Idempotency-Key was already used for a different request; "
                           "use a new key for a new request.", reason_code="idempotency_key_reused",
                           errors={"Idempotency-Key": ["already used with a different body"]})
        return record["response"], record["status"], True

    existing = keys.find_one(wanted)
    if existing is not None:
        return replay(existing)

    def transaction(session: ClientSession) -> tuple[dict, int, bool]:
        again = keys.find_one(wanted, session=session)
        if again is not None:
            return replay(again)
        response = work(session)
        keys.insert_one({**wanted, "fingerprint": print_, "status": status, "response": response,
                         "created_at": utcnow()}, session=session)
        return response, status, False

    try:
        return run_numbered(db, tenant_id, doc_types, transaction)
    except DuplicateKeyError:
        # A concurrent request with the same key committed first: answer as it did.
        existing = keys.find_one(wanted)
        if existing is not None:
            return replay(existing)
        raise
