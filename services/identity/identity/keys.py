"""RS256 signing keys kept in MongoDB, shared by every identity process.

The newest generation signs; older keys stay in the JWKS until every token they signed has
expired, so rotation never invalidates a token in flight.
"""
from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

from joserfc.jwk import KeySet, RSAKey
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .store import SIGNING_KEYS

KEY_BITS = 2048
RELOAD_SECONDS = 30  # how soon another process's rotation is picked up


class SigningKeys:
    def __init__(self, db: Database, token_lifetime: timedelta):
        self.db = db
        self.token_lifetime = token_lifetime
        self._lock = threading.Lock()
        self._loaded_at = 0.0
        self._keys: list[dict] = []

    def _reload(self, force: bool = False) -> None:
        with self._lock:
            if not force and time.monotonic() - self._loaded_at < RELOAD_SECONDS and self._keys:
                return
            now = datetime.now(UTC)
            self._keys = list(self.db[SIGNING_KEYS].find(
                {"$or": [{"publish_until": None}, {"publish_until": {"$gt": now}}]}).sort("generation", -1))
            self._loaded_at = time.monotonic()
        if not self._keys:
            self.rotate(expected_generation=0)

    def rotate(self, expected_generation: int | None = None) -> str:
        """Make a new signing key; the previous one is published until its tokens expire."""
        current = self.db[SIGNING_KEYS].find_one(sort=[("generation", -1)])
        generation = (current["generation"] if current else 0) + 1
        if expected_generation is not None and generation != expected_generation + 1:
            self._reload(force=True)
            return self._keys[0]["_id"]
        kid = uuid.uuid4().hex
        key = RSAKey.generate_key(KEY_BITS, parameters={"kid": kid, "use": "sig", "alg": "RS256"})
        now = datetime.now(UTC)
        try:
            self.db[SIGNING_KEYS].insert_one({"_id": kid, "generation": generation, "created_at": now,
                                              "publish_until": None, "private_jwk": key.as_dict(private=True)})
        except DuplicateKeyError:
            pass  # another process rotated at the same moment; its key wins
        if current:
            self.db[SIGNING_KEYS].update_one(
                {"_id": current["_id"], "publish_until": None},
                {"$set": {"publish_until": now + self.token_lifetime + timedelta(minutes=5)}})
        self._reload(force=True)
        return self._keys[0]["_id"]

    def signing_key_set(self) -> KeySet:
        self._reload()
        return KeySet([RSAKey.import_key(self._keys[0]["private_jwk"])])

    def public_jwks(self) -> dict:
        self._reload()
        return KeySet([RSAKey.import_key(k["private_jwk"]) for k in self._keys]).as_dict(private=False)
