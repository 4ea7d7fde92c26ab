"""Server-side sessions in the console's own database: the browser holds only a random id in an
HttpOnly cookie; the person's tokens, roles and CSRF token stay here. Stored under SHA-256 of the
id, so a read of the database does not yield a usable cookie."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from kefulib.store import IndexSpec, ensure_indexes
from pymongo import ReturnDocument
from pymongo.database import Database

SESSIONS = "sessions"
LOGINS = "pending_logins"
SESSION_COOKIE = "kefu_console"
LOGIN_COOKIE = "kefu_console_login"
IDLE_LIFETIME = timedelta(hours=12)  # identity ends the sign-in session at 24 h whatever we keep
LOGIN_LIFETIME = timedelta(minutes=10)

INDEXES = [
    IndexSpec(SESSIONS, [("expires_at", 1)], tenant_scoped=False, name="sessions_ttl", expire_after_seconds=0),
    IndexSpec(LOGINS, [("expires_at", 1)], tenant_scoped=False, name="logins_ttl", expire_after_seconds=0),
]


def _key(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def utcnow() -> datetime:
    return datetime.now(UTC)


class SessionStore:
    def __init__(self, db: Database):
        self.db = db
        ensure_indexes(db, INDEXES)

    # --- the sign-in round trip (state and PKCE verifier, bound to the browser by a cookie) ---
    def begin_login(self) -> tuple[str, str]:
        state, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(64)
        self.db[LOGINS].insert_one({"_id": _key(state), "verifier": verifier, "expires_at": utcnow() + LOGIN_LIFETIME})
        return state, verifier

    def finish_login(self, state: str) -> str | None:
        doc = self.db[LOGINS].find_one_and_delete({"_id": _key(state)})
        if doc is None or doc["expires_at"] <= utcnow():
            return None
        return doc["verifier"]

    # --- sessions ---
    def create(self, person: dict, tokens: dict) -> str:
        sid = secrets.token_urlsafe(32)
        self.db[SESSIONS].insert_one({"_id": _key(sid), "csrf": secrets.token_urlsafe(32), **person, **tokens,
                                      "created_at": utcnow(), "expires_at": utcnow() + IDLE_LIFETIME})
        return sid

    def get(self, sid: str | None) -> dict | None:
        if not sid:
            return None
        doc = self.db[SESSIONS].find_one({"_id": _key(sid)})
        if doc is None or doc["expires_at"] <= utcnow():
            return None
        return doc

    def replace_tokens(self, session: dict, tokens: dict) -> dict | None:
        """Store refreshed tokens unless another request refreshed first (then use theirs)."""
        updated = self.db[SESSIONS].find_one_and_update(
            {"_id": session["_id"], "refresh_token": session["refresh_token"]},
            {"$set": {**tokens, "expires_at": utcnow() + IDLE_LIFETIME}}, return_document=ReturnDocument.AFTER)
        return updated or self.db[SESSIONS].find_one({"_id": session["_id"]})

    def remember(self, session: dict, **fields) -> None:
        self.db[SESSIONS].update_one({"_id": session["_id"]}, {"$set": fields})

    def delete(self, session: dict) -> None:
        self.db[SESSIONS].delete_one({"_id": session["_id"]})


def csrf_ok(session: dict, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(session["csrf"], presented)
