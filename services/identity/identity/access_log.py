"""The access log's storage (ID-9): keyed chain entries in `access_log`, each project's signed head in
`access_log_heads`, both written in one transaction per append; verify checks the chain against that head.

The chain and head keys come from IDENTITY_ACCESS_LOG_KEY, which the database never holds: with write
access to the database alone, nobody can rewrite entries consistently, cut the tail unnoticed or forge
a head. The rules themselves are pure (identity.domain.audit_chain); this module only loads and stores.
"""
from __future__ import annotations

from datetime import datetime

from kefulib.config import secret
from kefulib.problems import Conflict
from kefulib.store import run_in_transaction
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, OperationFailure

from .domain import (
    AccessLogEntry,
    InvalidInput,
    LogKeys,
    SignedHead,
    adopt_legacy_chain,
    append_entry,
    head_signature_valid,
    next_head,
    verify_anchored,
)
from .store import ACCESS_LOG, ACCESS_LOG_HEADS

KEY_ENV = "IDENTITY_ACCESS_LOG_KEY"
# Public, so only for KEFU_ENV=development (make run, the tests); production refuses to start without the key.
DEVELOPMENT_KEY = "identity-access-log-development-key-not-secret"
KEY_MIN_LENGTH = 32
APPEND_ATTEMPTS = 50


def access_log_keys() -> LogKeys:
    """The chain and head keys, derived from IDENTITY_ACCESS_LOG_KEY (MissingSecret in production if unset)."""
    return LogKeys.derive(secret(KEY_ENV, development_default=DEVELOPMENT_KEY, min_length=KEY_MIN_LENGTH))


class _LostRace(Exception):
    """Another append moved the head between our read and our write; read it again."""


def stored_head(db: Database, tenant_id: str, session=None) -> SignedHead | None:
    doc = db[ACCESS_LOG_HEADS].find_one({"_id": tenant_id, "tenant_id": tenant_id}, session=session)
    return SignedHead.from_document(tenant_id, doc) if doc is not None else None


def append_access_log(db: Database, tenant_id: str, *, at: datetime, actor: str, role: str, record_kind: str,
                      record_id: str, fields, purpose: str, approval_id: str | None, allowed: bool,
                      keys: LogKeys | None = None) -> AccessLogEntry:
    """Append one keyed entry after the project's signed head and move the head, in one transaction.

    The head, not the last stored entry, says what the next entry links to: a cut tail then shows as a
    gap instead of being papered over. A missing head on a non-empty log, or a head whose signature
    fails, stops the append (and so the read) rather than re-anchoring a log that may have been tampered
    with; `kefu-identity anchor-log` anchors logs written before the key existed.
    """
    keys = keys or access_log_keys()
    log, heads = db[ACCESS_LOG], db[ACCESS_LOG_HEADS]

    def work(session) -> AccessLogEntry:
        previous = stored_head(db, tenant_id, session)
        if previous is None and log.find_one({"tenant_id": tenant_id}, {"_id": 1}, session=session) is not None:
            raise Conflict("The project's access log has no signed head; the read was not made. An operator runs "
                           "`kefu-identity verify-log` and `kefu-identity anchor-log`.")
        if previous is not None and not head_signature_valid(previous, keys.head):
            raise Conflict("The project's access-log head fails its signature; the read was not made. An operator "
                           "runs `kefu-identity verify-log`.")
        entry = append_entry(previous, tenant_id=tenant_id, at=at, actor=actor, role=role, record_kind=record_kind,
                             record_id=record_id, fields=fields, purpose=purpose, approval_id=approval_id,
                             allowed=allowed, key=keys.chain)
        log.insert_one({"_id": f"{tenant_id}:{entry.seq}", **entry.to_document()}, session=session)
        head = next_head(previous, entry, keys.head)
        if previous is None:
            heads.insert_one({"_id": tenant_id, "tenant_id": tenant_id, **head.to_document()}, session=session)
        else:
            moved = heads.update_one({"_id": tenant_id, "tenant_id": tenant_id, "seq": previous.seq, "hash": previous.hash},
                                     {"$set": head.to_document()}, session=session)
            if moved.matched_count != 1:
                raise _LostRace()
        return entry

    for _ in range(APPEND_ATTEMPTS):
        try:
            return run_in_transaction(db, work)
        except (DuplicateKeyError, _LostRace):
            continue  # a concurrent append took this seq (or created the head): start over from the new head
        except OperationFailure as error:
            if error.has_error_label("TransientTransactionError") or error.code == 112:  # 112: WriteConflict
                continue
            raise
    raise Conflict("The access log is busy; the read was not made. Try again.")


def load_chain(db: Database, tenant_id: str) -> tuple[SignedHead | None, list[AccessLogEntry]]:
    """The head and every entry as of one snapshot, so a concurrent append cannot look like tampering."""
    def work(session):
        docs = db[ACCESS_LOG].find({"tenant_id": tenant_id}, session=session).sort("seq", 1)
        return stored_head(db, tenant_id, session), [AccessLogEntry.from_document(d) for d in docs]
    return run_in_transaction(db, work)


def log_entry_view(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "_id"}


def verify_log(db: Database, tenant_id: str, expected_head: dict | None = None,
               keys: LogKeys | None = None) -> dict:
    """Check the project's chain against its stored signed head (and a caller's head, if given)."""
    keys = keys or access_log_keys()
    head, entries = load_chain(db, tenant_id)
    expected = (expected_head["seq"], expected_head["hash"]) if expected_head else None
    result = verify_anchored(entries, head, keys, expected_head=expected)
    bad = next((e for e in entries if e.seq == result.first_bad_seq), None)
    return {
        "tenant_id": tenant_id, "ok": result.ok, "entries_checked": len(entries),
        "first_bad_seq": result.first_bad_seq, "problem": result.problem,
        "first_bad_entry": log_entry_view(bad.to_document()) if bad else None,
        "head": {"seq": entries[-1].seq, "hash": entries[-1].hash} if entries else None,
        "stored_head": ({"seq": head.seq, "hash": head.hash, "at": head.at, "keyed_from": head.keyed_from}
                        if head else None),
    }


def anchor_legacy_log(db: Database, tenant_id: str, keys: LogKeys | None = None) -> dict:
    """Give a log written before the key its first signed head (once; the legacy chain must verify).

    Raises InvalidInput when the project already has a head, has no entries, or its legacy chain is broken.
    """
    keys = keys or access_log_keys()
    head, entries = load_chain(db, tenant_id)
    if head is not None:
        raise InvalidInput("tenant", "the project's log already has a signed head")
    anchored = adopt_legacy_chain(entries, tenant_id, keys.head)
    try:
        db[ACCESS_LOG_HEADS].insert_one({"_id": tenant_id, "tenant_id": tenant_id, **anchored.to_document()})
    except DuplicateKeyError:
        raise InvalidInput("tenant", "the project's log already has a signed head") from None
    return {"tenant_id": tenant_id, "seq": anchored.seq, "hash": anchored.hash, "keyed_from": anchored.keyed_from}
