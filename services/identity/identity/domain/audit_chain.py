"""Tamper-evident access log of archive reads (ID-9): one hash chain per project.

hash = sha256(prev_hash + canonical JSON of the entry without its hash). Changing an
entry breaks its hash; deleting one leaves a seq gap; moving or splicing one breaks the
link. A whole rewritten chain is only caught against a head hash kept elsewhere (HQ),
so verify() accepts an expected head.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from identity.domain.dates import require_aware
from identity.domain.errors import InvalidInput

Problem = Literal["hash_mismatch", "missing_entry", "broken_link"]


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

    def body(self) -> dict[str, Any]:
        """The hashed content: every field but `hash`, in JSON-ready form."""
        data = asdict(self)
        del data["hash"]
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
        return cls(**{k: v for k, v in doc.items() if k in names} | {"at": at, "fields": tuple(doc["fields"])})


def canonical(body: dict[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept (names are Chinese)."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: AccessLogEntry) -> str:
    """sha256(prev_hash + canonical(entry without hash)), hex."""
    return hashlib.sha256((entry.prev_hash + canonical(entry.body())).encode("utf-8")).hexdigest()


def append_entry(
    previous: AccessLogEntry | None,
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
) -> AccessLogEntry:
    """The next entry of the project's chain after `previous` (None for the first).

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
    )
    return replace(entry, hash=entry_hash(entry))


@dataclass(frozen=True)
class VerificationResult:
    """ok, or the first entry (by seq) where the chain goes wrong and how."""

    ok: bool
    first_bad_seq: int | None = None
    problem: Problem | None = None


def _fail(seq: int, problem: Problem) -> VerificationResult:
    return VerificationResult(ok=False, first_bad_seq=seq, problem=problem)


def verify(entries: Iterable[AccessLogEntry], *, expected_head: tuple[int, str] | None = None) -> VerificationResult:
    """Walk one project's entries in seq order and report the first problem.

    `expected_head` is (seq, hash) of the last entry as recorded elsewhere; without it, a
    deleted tail of the log looks like a shorter, intact log.
    """
    entries = list(entries)
    seen = {e.seq for e in entries}
    expected_seq, expected_prev = 1, genesis_hash(entries[0].tenant_id) if entries else ""
    for entry in entries:
        if entry.seq > expected_seq:
            # The missing seq turning up later means the order was changed, not an entry lost.
            return _fail(entry.seq, "broken_link") if expected_seq in seen else _fail(expected_seq, "missing_entry")
        if entry.seq < expected_seq or entry.tenant_id != entries[0].tenant_id:
            return _fail(entry.seq, "broken_link")
        if entry_hash(entry) != entry.hash:
            return _fail(entry.seq, "hash_mismatch")
        if entry.prev_hash != expected_prev:
            return _fail(entry.seq, "broken_link")
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
