"""HMAC-SHA256 signatures with a timestamp, so a receiver can check origin and refuse replays.

Header: `Kefu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
A receiver recomputes the HMAC over the raw body and refuses stale timestamps.
"""
from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Kefu-Signature"
DEFAULT_TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(secret: str, header: str, body: bytes, *, now: int | None = None,
                     tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS) -> bool:
    """What an integrator runs on receipt: True only for a fresh, untampered delivery."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
        received = parts["v1"]
    except (ValueError, KeyError):
        return False
    now = int(time.time()) if now is None else now
    if abs(now - timestamp) > tolerance_seconds:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, received)
