"""RS256 signing keys kept in MongoDB, shared by every identity process.

The newest generation signs; older keys stay in the JWKS until every token they signed has
expired, so rotation never invalidates a token in flight.

At rest a private key is only ever stored sealed by the key wrapper (key_wrap.py), next to its
public half in the clear. A key that no longer signs keeps only its public half, and once its
`publish_until` has passed the whole record is deleted: neither published nor usable.
Records written before keys were sealed (`private_jwk` in the clear) are sealed when loaded.
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

from joserfc.jwk import KeySet, RSAKey
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .key_wrap import KeyWrapper, default_wrapper
from .store import SIGNING_KEYS

KEY_BITS = 2048
RELOAD_SECONDS = 30  # how soon another process's rotation is picked up


def _context(kid: str) -> str:
    return f"kefu identity signing key {kid}"


class SigningKeys:
    def __init__(self, db: Database, token_lifetime: timedelta, wrapper: KeyWrapper | None = None):
        self.db = db
        self.token_lifetime = token_lifetime
        self.wrapper = wrapper or default_wrapper()
        self._lock = threading.Lock()
        self._loaded_at = 0.0
        self._signing: RSAKey | None = None
        self._public: list[dict] = []

    def _reload(self, force: bool = False) -> None:
        with self._lock:
            if not force and time.monotonic() - self._loaded_at < RELOAD_SECONDS and self._signing:
                return
            now = datetime.now(UTC)
            self.retire(now)
            docs = list(self.db[SIGNING_KEYS].find(
                {"$or": [{"publish_until": None}, {"publish_until": {"$gt": now}}]}).sort("generation", -1))
            if docs:
                self._signing = self._private_key(docs[0])
                self._public = [self._public_jwk(doc) for doc in docs]
                self._loaded_at = time.monotonic()
        if not docs:
            self.rotate(expected_generation=0)

    def retire(self, now: datetime) -> int:
        """Delete keys whose tokens have all expired: nothing needs them any more."""
        return self.db[SIGNING_KEYS].delete_many({"publish_until": {"$ne": None, "$lte": now}}).deleted_count

    def _private_key(self, doc: dict) -> RSAKey:
        if "private_jwk" in doc:
            return RSAKey.import_key(self._seal_legacy(doc))
        if "private_sealed" not in doc:
            raise RuntimeError(f"signing key {doc['_id']} has no private part")
        return RSAKey.import_key(json.loads(self.wrapper.unwrap(doc["private_sealed"], context=_context(doc["_id"]))))

    def _public_jwk(self, doc: dict) -> dict:
        if "public_jwk" in doc:
            return doc["public_jwk"]
        return RSAKey.import_key(self._seal_legacy(doc)).as_dict(private=False)

    def _seal_legacy(self, doc: dict) -> dict:
        """Migrate a record stored in the clear: seal it (or drop it if it no longer signs); returns the JWK."""
        private = doc["private_jwk"]
        public = RSAKey.import_key(private).as_dict(private=False)
        change: dict = {"$set": {"public_jwk": public}, "$unset": {"private_jwk": ""}}
        if doc.get("publish_until") is None:  # still the signing key
            change["$set"]["private_sealed"] = self.wrapper.wrap(json.dumps(private).encode(),
                                                                 context=_context(doc["_id"]))
        # Another process may be migrating the same record; whichever update lands first wins, both seal the same key.
        self.db[SIGNING_KEYS].update_one({"_id": doc["_id"], "private_jwk": {"$exists": True}}, change)
        return private

    def rotate(self, expected_generation: int | None = None) -> str:
        """Make a new signing key; the previous one is published until its tokens expire."""
        current = self.db[SIGNING_KEYS].find_one(sort=[("generation", -1)])
        generation = (current["generation"] if current else 0) + 1
        if expected_generation is not None and generation != expected_generation + 1:
            self._reload(force=True)
            return self._signing.kid
        kid = uuid.uuid4().hex
        key = RSAKey.generate_key(KEY_BITS, parameters={"kid": kid, "use": "sig", "alg": "RS256"})
        now = datetime.now(UTC)
        try:
            self.db[SIGNING_KEYS].insert_one({
                "_id": kid, "generation": generation, "created_at": now, "publish_until": None,
                "public_jwk": key.as_dict(private=False),
                "private_sealed": self.wrapper.wrap(json.dumps(key.as_dict(private=True)).encode(),
                                                    context=_context(kid))})
        except DuplicateKeyError:
            pass  # another process rotated at the same moment; its key wins
        if current:
            # The old key never signs again: keep only its public half, for verifying its tokens until they expire.
            self.db[SIGNING_KEYS].update_one(
                {"_id": current["_id"], "publish_until": None},
                {"$set": {"publish_until": now + self.token_lifetime + timedelta(minutes=5)},
                 "$unset": {"private_sealed": "", "private_jwk": ""}})
        self._reload(force=True)
        return self._signing.kid

    def signing_key_set(self) -> KeySet:
        self._reload()
        return KeySet([self._signing])

    def public_jwks(self) -> dict:
        self._reload()
        return {"keys": list(self._public)}
