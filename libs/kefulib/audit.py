"""The audit trail of every state change, per project (X-6): who changed what, when.

Every write through a `TenantCollection` (and the few writes to global collections that concern a project,
such as identity's role grants, through `record`) adds one entry to the service's own `audit_trail`
collection, in the same session as the change, so a committed change always has its entry and a rolled-back
one never does. Each service serves its trail at `GET /audit-trail` (the project manager and HQ) and
`GET /hq/audit-trail` (HQ, across projects); see `audit_blueprint` in kefulib.web.

An entry says who (the verified token's subject and roles, or the event that caused the change, or the
system), when (the server's clock), and what (collection, record ids, operation and the values written).
Values under personal keys (names, phones, ID and document numbers and their fingerprints, addresses)
are left out and only their names listed under `redacted_fields`: the trail is read by managers and
auditors, and must not become a copy of the archives that bypasses their access policy and access log.
"""
from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import g, has_request_context
from pymongo.client_session import ClientSession
from pymongo.collection import Collection

AUDIT_TRAIL = "audit_trail"

#: Plumbing, not state: the outbox and inboxes carry events (their own record), idempotency records are
#: replays of answers, and the trail does not audit itself.
UNAUDITED_COLLECTIONS = frozenset({"outbox", "inbox", "idempotent_requests", "idempotency_keys", AUDIT_TRAIL})

#: Keys whose values are personal data wherever they appear (at any depth of a document or update).
PERSONAL_KEYS = frozenset({
    "name", "full_name", "caller_name", "visitor_name", "contact_name", "signed_by", "phone", "mobile",
    "callback_phone", "caller_phone", "contact_phone", "telephone", "email", "id_number", "document_number",
    "passport_number", "document_fingerprint", "fingerprint", "address", "mailing_address",
    "emergency_contact", "contacts", "password",
    "password_hash", "secret", "secret_hash", "client_secret", "wechat_openid", "openid", "bank_account",
})
REDACTED = "redacted_fields"  # the key listing which personal fields an entry leaves out
MAX_TEXT = 200  # characters of one value kept in an entry
MAX_ITEMS = 20  # items of one list or keys of one object kept in an entry


@dataclass(frozen=True)
class Actor:
    """Who a change is attributed to: `via` says how ("request", "event <type>", "system")."""

    subject: str | None
    roles: tuple[str, ...] = ()
    via: str = "system"


SYSTEM = Actor(None, (), "system")
_acting: ContextVar[Actor | None] = ContextVar("kefu_audit_actor", default=None)


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """Attribute the writes inside the block to `actor` (consumers: the event's actor; jobs: the system)."""
    token = _acting.set(actor)
    try:
        yield
    finally:
        _acting.reset(token)


def current_actor() -> Actor:
    acting = _acting.get()
    if acting is not None:
        return acting
    if has_request_context() and g.get("principal") is not None:
        principal = g.principal
        return Actor(principal.subject, tuple(sorted(principal.roles)), "request")
    return SYSTEM


def redact(value: Any, depth: int = 0) -> Any:
    """`value` as the trail keeps it: personal keys redacted, long texts and lists cut, nothing unbounded."""
    if isinstance(value, Mapping):
        if depth > 6:
            return "…"
        items = list(value.items())[:MAX_ITEMS]
        kept = {str(k): redact(v, depth + 1) for k, v in items if str(k) not in PERSONAL_KEYS}
        # The names say that a personal field was written; its value stays in its own service.
        hidden = sorted(str(k) for k, _ in items if str(k) in PERSONAL_KEYS)
        return {**kept, REDACTED: hidden} if hidden else kept
    if isinstance(value, list | tuple | set | frozenset):
        return [redact(v, depth + 1) for v in list(value)[:MAX_ITEMS]]
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return value[:MAX_TEXT] + "…"
    if value is None or isinstance(value, bool | int | float | datetime):
        return value
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def summarise_update(update: Mapping[str, Any]) -> dict:
    """The update operators as {operator: {field: value}}, redacted (an aggregation-pipeline update: its stages)."""
    if isinstance(update, list):
        return {"pipeline": redact(update)}
    return {operator: redact(fields) for operator, fields in update.items()}


def record_ids(filter_: Mapping[str, Any] | None) -> list[str]:
    """The ids a filter names (`_id` or `_id: {$in: [...]}`), as text; [] when it selects by other fields."""
    target = (filter_ or {}).get("_id")
    if isinstance(target, Mapping):
        target = target.get("$in") or target.get("$eq")
    if target is None:
        return []
    return [str(t) for t in (target if isinstance(target, list | tuple) else [target])][:MAX_ITEMS]


def entry(tenant_id: str, collection: str, operation: str, ids: list[str], changes: dict,
          actor: Actor, at: datetime, selector: dict | None = None) -> dict:
    """One trail entry (pure; the time and actor are given)."""
    document = {"_id": uuid.uuid4().hex, "tenant_id": tenant_id, "at": at, "actor": actor.subject,
                "roles": list(actor.roles), "via": actor.via, "collection": collection, "operation": operation,
                "record_ids": ids, "changes": changes}
    if selector:
        document["selector"] = redact({k: v for k, v in selector.items() if k != "tenant_id"})
    return document


def _now() -> datetime:
    # Milliseconds, as MongoDB stores dates: what is returned equals what was written.
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def record(collection: Collection, tenant_id: str, operation: str, *, ids: list[str], changes: dict,
           session: ClientSession | None = None, selector: dict | None = None) -> None:
    """Add one entry to the trail of `collection`'s database, in `session` when the change runs in one."""
    if collection.name in UNAUDITED_COLLECTIONS:
        return
    document = entry(tenant_id, collection.name, operation, ids, changes, current_actor(), _now(),
                     selector if not ids else None)
    collection.database[AUDIT_TRAIL].insert_one(document, session=session)
