"""A small secret handed from one service to another through an event without being readable on the way
(the broker, its logs, the outbox, every other consumer): AES-256-GCM under a key only the two services hold,
bound to a context (project and record) so a sealed value cannot be replayed onto another record.

Used for a parcel's pickup code: desk seals it into `desk.parcel.received`, notifications opens it only when it
hands the resident's SMS to the provider. Neither stores it in clear.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
#: The environment variable both services read, and its development value (KEFU_ENV=development only).
PICKUP_SEAL_KEY_VARIABLE = "KEFU_PICKUP_SEAL_KEY"
DEV_PICKUP_SEAL_KEY = "development-only-kefu-pickup-code-seal-key"


class Unsealable(ValueError):
    """Not sealed with this key and context (another key, a changed value, another record's)."""


def pickup_code_context(tenant_id: str, parcel_id: str) -> str:
    """What a parcel's sealed pickup code is bound to: it opens only as this project's parcel's."""
    return f"pickup-code\x1f{tenant_id}\x1f{parcel_id}"


def _aead(secret: str) -> AESGCM:
    # The configured secret is a passphrase of any length: a fixed-purpose hash makes it a 256-bit key.
    return AESGCM(hashlib.sha256(b"kefu-sealed-v1\x00" + secret.encode()).digest())


def seal(secret: str, context: str, plaintext: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = _aead(secret).encrypt(nonce, plaintext.encode(), context.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(secret: str, context: str, token: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii"))
        return _aead(secret).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
    except (InvalidTag, ValueError, binascii.Error, UnicodeError) as error:
        raise Unsealable("the sealed value does not open with this key and context") from error
