"""What of an address may appear in an Outcome's detail or a log line: never a full phone number."""
from __future__ import annotations

import re


def mask_phone(phone: str) -> str:
    """``+8613812345678`` → ``138****5678`` (the console's masking); short or odd input keeps only its last 4."""
    digits = phone[3:] if phone.startswith("+86") else phone.lstrip("+")
    if len(digits) == 11:
        return f"{digits[:3]}****{digits[-4:]}"
    return f"****{digits[-4:]}"


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
