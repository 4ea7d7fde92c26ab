"""How every service masks a phone number where a person's data is shown in a list or a log."""
from __future__ import annotations


def mask_phone(phone: str | None) -> str | None:
    """138****1234: enough to recognise a number on a screen or in a log, not enough to call it.

    The Chinese country code is dropped first (+8613812341234 is shown as a mainland number is); anything of
    seven characters or fewer is all stars, so a short extension gives nothing away."""
    if not phone:
        return phone
    shown = phone.strip()
    if shown.startswith("+86"):
        shown = shown[3:]
    shown = shown.lstrip("+")
    if len(shown) <= 7:
        return "*" * len(shown)
    return shown[:3] + "*" * (len(shown) - 7) + shown[-4:]
