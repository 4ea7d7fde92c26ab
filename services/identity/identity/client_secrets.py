"""Client secrets are checked with a keyed hash (HMAC-SHA256), not argon2.

Client secrets are 256-bit random values made by identity itself, so they cannot be guessed and
need no deliberately slow hash: argon2's 64 MiB and ~0.3 s of a core per check only handed
anyone who knows a client id (they are not secret) a way to burn the token endpoint's CPU. The
HMAC key, IDENTITY_CLIENT_SECRET_KEY, lives outside the database, so a copy of the database alone
does not even let one test a candidate secret offline.

Stored form: ``hmac-sha256$<key id>$<hex digest>``; the key id (a fingerprint of the key, never
the key) says which key made the digest. Clients registered before this keep their argon2 hash
until their next successful sign-in, which replaces it with the keyed one.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from kefulib.config import secret

PREFIX = "hmac-sha256"
ENV = "IDENTITY_CLIENT_SECRET_KEY"
#: Development only (KEFU_ENV=development); production refuses to start without IDENTITY_CLIENT_SECRET_KEY.
DEV_KEY = "kefu-dev-only-identity-client-secret-hmac-key"
_legacy = PasswordHasher()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    rehash: str | None = None  # set when the stored hash should be replaced (legacy argon2)


class ClientSecretHasher:
    def __init__(self, key: bytes):
        if len(key) < 32:
            raise ValueError("the client-secret key must be at least 32 bytes")
        self._key = key
        self.key_id = hashlib.sha256(b"kefu identity client-secret key id\0" + key).hexdigest()[:16]

    def _digest(self, client_secret: str) -> str:
        return hmac.new(self._key, client_secret.encode(), hashlib.sha256).hexdigest()

    def hash(self, client_secret: str) -> str:
        return f"{PREFIX}${self.key_id}${self._digest(client_secret)}"

    def verify(self, stored: str, client_secret: str) -> Verdict:
        if stored.startswith(PREFIX + "$"):
            _, key_id, digest = stored.split("$", 2)
            # Made under another key (IDENTITY_CLIENT_SECRET_KEY was changed): it cannot be checked,
            # the client needs a new secret. Refusing is the only safe answer.
            if key_id != self.key_id:
                return Verdict(False)
            return Verdict(hmac.compare_digest(digest, self._digest(client_secret)))
        try:
            ok = _legacy.verify(stored, client_secret)
        except (VerificationError, InvalidHashError):
            return Verdict(False)
        return Verdict(ok, self.hash(client_secret) if ok else None)


@functools.cache
def default_hasher() -> ClientSecretHasher:
    """The hasher with the key from the environment (read once; production without it fails at start-up)."""
    return ClientSecretHasher(secret(ENV, development_default=DEV_KEY, min_length=32).encode())
