"""What of an address may appear in an Outcome's detail or a log line: never a full phone number."""
from __future__ import annotations

import re

from kefulib.masking import mask_phone


def mask_address(kind: str, address: str) -> str:
    if kind == "sms":
        return mask_phone(address)
    if kind == "email":
        local, _, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"{address[:4]}***"  # an openid is not secret, but it identifies a person: keep logs short of it


_LONG_NUMBER = re.compile(r"\+?\d{7,}")


def scrub(text: str, limit: int = 200) -> str:
    """A provider's message made safe for a detail: numbers that could be phones masked, length capped."""
    return _LONG_NUMBER.sub(lambda match: mask_phone(match.group()), text)[:limit]
