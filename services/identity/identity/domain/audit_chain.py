"""Tamper-evident access log of archive reads (ID-9): one hash chain per project.

Chain version 2 (keyed): hash = HMAC-SHA256(chain key, prev_hash + canonical JSON of the
entry without its hash). The key lives outside the database, so someone who can write to
the database cannot recompute a consistent chain after changing, removing or adding entries.
Chain version 1 (legacy, entries written before the key existed): hash = sha256(...) of the
same text, with no `chain` field in the entry. Legacy entries are verified the old way, and
only below the project's `keyed_from` seq: from there on every entry must be keyed, so a
chain rewritten with plain SHA-256 fails at its first entry.

Changing an entry breaks its hash; deleting one leaves a seq gap; moving or splicing one
breaks the link; a deleted tail is caught against the project's signed head (SignedHead,
kept in a collection no project endpoint reaches, signed with a second key derived from
the same secret). verify() also accepts a head recorded elsewhere (HQ), which additionally
catches an old, genuinely signed head put back after the tail was cut.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from identity.domain.dates import require_aware
from identity.domain.errors import InvalidInput

Problem = Literal["hash_mismatch", "missing_entry", "broken_link", "not_keyed", "beyond_head", "head_missing",
                  "head_signature_invalid"]

LEGACY_CHAIN = 1  # plain SHA-256, before IDENTITY_ACCESS_LOG_KEY
KEYED_CHAIN = 2  # HMAC-SHA256 with the chain key

# Purpose labels: one secret, two keys that can never stand in for each other.
CHAIN_KEY_LABEL = "identity-access-log|chain-hmac|v1"
HEAD_KEY_LABEL = "identity-access-log|head-signature|v1"


@dataclass(frozen=True)
class LogKeys:
    """The chain key and the head-signing key, both derived from one secret the database never holds."""

    chain: bytes
    head: bytes

    @classmethod
    def derive(cls, secret: str | bytes) -> "LogKeys":
        raw = secret.encode("utf-8") if isinstance(secret, str) else secret
        return cls(chain=_subkey(raw, CHAIN_KEY_LABEL), head=_subkey(raw, HEAD_KEY_LABEL))

    def __repr__(self) -> str:  # never print key material in a traceback or log
        return "LogKeys(<secret>)"


def _subkey(secret: bytes, label: str) -> bytes:
    return hmac.new(secret, label.encode("utf-8"), hashlib.sha256).digest()


def genesis_hash(tenant_id: str) -> str:
    """The prev_hash of a project's first entry; per project so chains cannot be swapped."""
    return hashlib.sha256(f"identity-access-log|genesis|{tenant_id}".encode()).hexdigest()


def _utc_millis(moment: datetime) -> datetime:
    # MongoDB keeps milliseconds; hashing microseconds would break every stored entry.
    moment = require_aware("at", moment).astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


@dataclass(frozen=True)
class AccessLogEntry:
    """One read of one archive record: who, when, which fields, why, under which approval."""

    seq: int
    tenant_id: str
    at: datetime
    actor: str
    role: str
    record_kind: str
    record_id: str
    fields: tuple[str, ...]
    purpose: str
    approval_id: str | None
    allowed: bool
    prev_hash: str
    hash: str = ""
    chain: int = LEGACY_CHAIN

    def body(self) -> dict[str, Any]:
        """The hashed content: every field but `hash`, in JSON-ready form.

        A legacy entry's body has no `chain` field, exactly as it was hashed when written; a
        keyed entry's body says `chain: 2`, so relabelling it legacy changes what is hashed."""
        data = asdict(self)
        del data["hash"]
        if self.chain == LEGACY_CHAIN:
            del data["chain"]
        data["at"] = _utc_millis(self.at).isoformat(timespec="milliseconds")
        data["fields"] = list(self.fields)
        return data

    def to_document(self) -> dict[str, Any]:
        """A storable dict; `at` stays a datetime (UTC, milliseconds) so it can be indexed."""
        return {**self.body(), "at": _utc_millis(self.at), "hash": self.hash}

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> "AccessLogEntry":
        """Rebuild an entry from storage; a naive `at` is UTC, as pymongo returns it by default."""
        at = doc["at"]
        at = datetime.fromisoformat(at) if isinstance(at, str) else at
        at = at.replace(tzinfo=UTC) if at.utcoffset() is None else at
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in doc.items() if k in names}
                   | {"at": at, "fields": tuple(doc["fields"]), "chain": doc.get("chain", LEGACY_CHAIN)})


def canonical(body: dict[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept (names are Chinese)."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: AccessLogEntry, key: bytes | None = None) -> str:
    """The entry's hash, hex: HMAC-SHA256(key, prev_hash + canonical body) for a keyed entry,
    sha256 of the same text for a legacy one. A keyed entry without the key has no valid hash."""
    text = (entry.prev_hash + canonical(entry.body())).encode("utf-8")
    if entry.chain == LEGACY_CHAIN:
        return hashlib.sha256(text).hexdigest()
    if key is None:
        return ""
    return hmac.new(key, text, hashlib.sha256).hexdigest()


def _hash_matches(entry: AccessLogEntry, key: bytes | None) -> bool:
    expected = entry_hash(entry, key)
    return bool(expected) and hmac.compare_digest(expected, entry.hash)


def append_entry(
    previous: "AccessLogEntry | SignedHead | None",
    *,
    tenant_id: str,
    at: datetime,
    actor: str,
    role: str,
    record_kind: str,
    record_id: str,
    fields: Iterable[str],
    purpose: str,
    approval_id: str | None = None,
    allowed: bool = True,
    key: bytes | None = None,
) -> AccessLogEntry:
    """The next entry of the project's chain after `previous` (None for the first); `previous`
    may be the project's SignedHead, which carries the seq and hash the next entry links to.

    With `key` (the service always passes LogKeys.chain) the entry is keyed; without it, a
    legacy entry as written before the key existed (kept for tests of old data).

    Store it under a unique (tenant_id, seq) index: two writers racing for one seq then
    fail loudly instead of forking the chain; the loser re-reads the head and retries.
    """
    if previous is not None and previous.tenant_id != tenant_id:
        raise InvalidInput("tenant_id", "an entry continues only its own project's chain")
    entry = AccessLogEntry(
        seq=previous.seq + 1 if previous else 1,
        tenant_id=tenant_id,
        at=_utc_millis(at),
        actor=actor,
        role=str(role),
        record_kind=str(record_kind),
        record_id=record_id,
        fields=tuple(sorted(set(fields))),
        purpose=str(purpose),
        approval_id=approval_id,
        allowed=allowed,
        prev_hash=previous.hash if previous else genesis_hash(tenant_id),
        chain=KEYED_CHAIN if key is not None else LEGACY_CHAIN,
    )
    return replace(entry, hash=entry_hash(entry, key))


@dataclass(frozen=True)
class VerificationResult:
    """ok, or the first entry (by seq) where the chain goes wrong and how."""

    ok: bool
    first_bad_seq: int | None = None
    problem: Problem | None = None


def _fail(seq: int, problem: Problem) -> VerificationResult:
    return VerificationResult(ok=False, first_bad_seq=seq, problem=problem)


def verify(
    entries: Iterable[AccessLogEntry],
    *,
    expected_head: tuple[int, str] | None = None,
    key: bytes | None = None,
    keyed_from: int | None = None,
) -> VerificationResult:
    """Walk one project's entries in seq order and report the first problem.

    `key` is the chain key (keyed entries cannot be checked without it). From `keyed_from`
    on, and after any keyed entry, a legacy entry is refused ("not_keyed"): legacy hashing
    is only trusted for what was written before the key existed. `expected_head` is (seq,
    hash) of the last entry as recorded elsewhere; without it or a SignedHead (see
    verify_anchored), a deleted tail of the log looks like a shorter, intact log.
    """
    entries = list(entries)
    seen = {e.seq for e in entries}
    expected_seq, expected_prev = 1, genesis_hash(entries[0].tenant_id) if entries else ""
    keyed_seen = False
    for entry in entries:
        if entry.seq > expected_seq:
            # The missing seq turning up later means the order was changed, not an entry lost.
            return _fail(entry.seq, "broken_link") if expected_seq in seen else _fail(expected_seq, "missing_entry")
        if entry.seq < expected_seq or entry.tenant_id != entries[0].tenant_id:
            return _fail(entry.seq, "broken_link")
        must_be_keyed = keyed_seen or (keyed_from is not None and entry.seq >= keyed_from)
        if must_be_keyed and entry.chain != KEYED_CHAIN:
            return _fail(entry.seq, "not_keyed")
        if not _hash_matches(entry, key):
            return _fail(entry.seq, "hash_mismatch")
        if entry.prev_hash != expected_prev:
            return _fail(entry.seq, "broken_link")
        keyed_seen = keyed_seen or entry.chain == KEYED_CHAIN
        expected_seq, expected_prev = entry.seq + 1, entry.hash
    return _check_head({e.seq: e.hash for e in entries}, expected_head)


def _check_head(hashes: dict[int, str], expected_head: tuple[int, str] | None) -> VerificationResult:
    if expected_head is None:
        return VerificationResult(ok=True)
    head_seq, head_hash = expected_head
    if head_seq not in hashes and head_seq > 0:
        return _fail(max(hashes, default=0) + 1, "missing_entry")
    if head_seq > 0 and hashes[head_seq] != head_hash:
        # Internally consistent but not the chain HQ anchored: rewritten from here or before.
        return _fail(head_seq, "hash_mismatch")
    return VerificationResult(ok=True)


# ---------------------------------------------------------------- the signed head

@dataclass(frozen=True)
class SignedHead:
    """The project's last entry (seq, hash) as the service last wrote it, signed with the head key.

    `keyed_from` is the first seq written with the chain key (1 for a project that never had
    legacy entries); below it, entries are verified the legacy way. `at` is the last entry's time.
    """

    tenant_id: str
    seq: int
    hash: str
    at: datetime
    keyed_from: int
    signature: str = ""

    def payload(self) -> str:
        # The tenant is signed too: a head copied from another project does not verify here.
        return canonical({"label": HEAD_KEY_LABEL, "tenant_id": self.tenant_id, "seq": self.seq, "hash": self.hash,
                          "at": _utc_millis(self.at).isoformat(timespec="milliseconds"),
                          "keyed_from": self.keyed_from})

    def to_document(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "at": _utc_millis(self.at), "keyed_from": self.keyed_from,
                "signature": self.signature}

    @classmethod
    def from_document(cls, tenant_id: str, doc: dict[str, Any]) -> "SignedHead":
        """The head stored for `tenant_id` (whatever tenant the document itself claims)."""
        at = doc.get("at")
        if isinstance(at, datetime) and at.utcoffset() is None:
            at = at.replace(tzinfo=UTC)
        return cls(tenant_id=tenant_id, seq=doc.get("seq", 0), hash=str(doc.get("hash", "")),
                   at=at if isinstance(at, datetime) else datetime.min.replace(tzinfo=UTC),
                   keyed_from=doc.get("keyed_from", 1), signature=str(doc.get("signature", "")))


def sign_head(head: SignedHead, key: bytes) -> SignedHead:
    return replace(head, signature=hmac.new(key, head.payload().encode("utf-8"), hashlib.sha256).hexdigest())


def head_signature_valid(head: SignedHead, key: bytes) -> bool:
    try:
        expected = sign_head(head, key).signature
    except (TypeError, ValueError, InvalidInput):  # a mangled document (wrong types) is not a valid head
        return False
    return hmac.compare_digest(expected, head.signature)


def next_head(previous: SignedHead | None, entry: AccessLogEntry, key: bytes) -> SignedHead:
    """The head after appending `entry` (the first keyed entry of a new project starts keyed_from)."""
    keyed_from = previous.keyed_from if previous else entry.seq
    return sign_head(SignedHead(entry.tenant_id, entry.seq, entry.hash, entry.at, keyed_from), key)


def adopt_legacy_chain(entries: Iterable[AccessLogEntry], tenant_id: str, key: bytes) -> SignedHead:
    """A first signed head for a project whose log predates the key: it anchors the legacy chain as
    it stands, and every later entry must be keyed. Raises InvalidInput if that chain is broken."""
    entries = list(entries)
    result = verify(entries)
    if not result.ok:
        raise InvalidInput("access_log", f"the legacy chain is broken at seq {result.first_bad_seq} "
                                         f"({result.problem}); it is not anchored")
    if not entries:
        raise InvalidInput("access_log", "an empty log needs no anchor; its first read creates the head")
    last = entries[-1]
    return sign_head(SignedHead(tenant_id, last.seq, last.hash, last.at, last.seq + 1), key)


def verify_anchored(
    entries: Iterable[AccessLogEntry],
    head: SignedHead | None,
    keys: LogKeys,
    *,
    expected_head: tuple[int, str] | None = None,
) -> VerificationResult:
    """verify() against the project's stored signed head, then against `expected_head` if given.

    A missing head is only fine for an empty log; a head whose signature fails is reported
    before anything else, since nothing it says can be trusted.
    """
    entries = list(entries)
    if head is None:
        return VerificationResult(ok=True) if not entries else VerificationResult(ok=False, problem="head_missing")
    if not head_signature_valid(head, keys.head):
        return VerificationResult(ok=False, problem="head_signature_invalid")
    result = verify(entries, key=keys.chain, keyed_from=head.keyed_from)
    if not result.ok:
        return result
    hashes = {e.seq: e.hash for e in entries}
    if max(hashes, default=0) > head.seq:
        # Entries the service never recorded in the head: inserted behind its back.
        return _fail(head.seq + 1, "beyond_head")
    result = _check_head(hashes, (head.seq, head.hash))
    return result if not result.ok else _check_head(hashes, expected_head)
