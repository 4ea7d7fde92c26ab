"""Encryption of signing keys at rest: a "key wrapper" seals a private key before it is stored.

Anyone who can read the database could otherwise copy the RS256 private key and mint any token,
hq_admin included. The wrapper is deliberately tiny (wrap/unwrap bytes, bound to a context) so a
cloud KMS or an HSM can replace the local AES-256-GCM one without touching keys.py.

The local key-encryption key (KEK) is IDENTITY_KEY_ENCRYPTION_KEY. If its value is base64 of exactly
32 bytes (`openssl rand -base64 32`), those bytes are the AES-256 key; anything else is taken as a
passphrase and 32 bytes are derived from it with HKDF-SHA256. HKDF does not stretch: a passphrase
must itself be long and random (it is a key, not a password a person remembers).

Each sealed key records `kek_id` (a fingerprint of the KEK, not the KEK) and `version`, so a wrong or
changed KEK is reported as such instead of as corrupt data, and a KMS wrapper can name its key.
"""
from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import os
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from kefulib.config import secret

ENV = "IDENTITY_KEY_ENCRYPTION_KEY"
#: Development only (KEFU_ENV=development); production refuses to start without IDENTITY_KEY_ENCRYPTION_KEY.
DEV_KEK = "kefu-dev-only-identity-key-encryption-passphrase"
_HKDF_SALT = b"kefu identity kek v1"


class UnwrapError(RuntimeError):
    """The sealed key cannot be opened: another KEK sealed it, or it was altered."""


class KeyWrapper(Protocol):
    kek_id: str

    def wrap(self, plaintext: bytes, *, context: str) -> dict:
        """Seal `plaintext`; the result is stored as is and must name the KEK that sealed it."""

    def unwrap(self, sealed: dict, *, context: str) -> bytes:
        """Open what `wrap` sealed with the same `context`, or raise UnwrapError."""


def kek_from_setting(value: str) -> bytes:
    """32 key bytes: the value itself when it is base64 of 32 bytes, else HKDF-SHA256 of the passphrase."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) == 32:
        return raw
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=b"signing keys").derive(value.encode())


class AesGcmKeyWrapper:
    """AES-256-GCM with a random 96-bit nonce; the context (the key's kid) is authenticated, so a
    sealed key copied onto another key's record does not open."""

    ALG = "A256GCM"
    VERSION = 1

    def __init__(self, kek: bytes):
        if len(kek) != 32:
            raise ValueError("the key-encryption key must be 32 bytes")
        self._aead = AESGCM(kek)
        self.kek_id = "local:" + hashlib.sha256(b"kefu identity kek id\0" + kek).hexdigest()[:16]

    def wrap(self, plaintext: bytes, *, context: str) -> dict:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext, context.encode())
        return {"alg": self.ALG, "version": self.VERSION, "kek_id": self.kek_id,
                "nonce": base64.b64encode(nonce).decode(), "ciphertext": base64.b64encode(sealed).decode()}

    def unwrap(self, sealed: dict, *, context: str) -> bytes:
        if sealed.get("alg") != self.ALG or sealed.get("kek_id") != self.kek_id:
            raise UnwrapError(f"sealed by {sealed.get('kek_id')!r} ({sealed.get('alg')}), this KEK is {self.kek_id!r}")
        try:
            return self._aead.decrypt(base64.b64decode(sealed["nonce"]), base64.b64decode(sealed["ciphertext"]),
                                      context.encode())
        except InvalidTag:
            raise UnwrapError("the sealed key was altered or belongs to another record") from None


@functools.cache
def default_wrapper() -> AesGcmKeyWrapper:
    """The local wrapper with the KEK from the environment (read once; production without it fails at start-up)."""
    return AesGcmKeyWrapper(kek_from_setting(secret(ENV, development_default=DEV_KEK, min_length=32)))
