"""desk's own settings, carried in `Settings.extra` and read from the environment once, at start-up."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace

from kefulib.config import Settings, secret
from kefulib.sealed import DEV_PICKUP_SEAL_KEY

SERVICE = "desk"
DEV_PICKUP_CODE_KEY = "development-only-desk-pickup-code-key"


@dataclass(frozen=True)
class DeskConfig:
    # Pickup codes are kept only as HMACs under this key; changing it makes every waiting parcel's code fail
    # (the desk then hands those over by signature).
    pickup_code_key: str = DEV_PICKUP_CODE_KEY
    # Seals the pickup code into desk.parcel.received for notifications' SMS (shared with notifications only).
    pickup_seal_key: str = DEV_PICKUP_SEAL_KEY
    # How often the worker looks for keys past their expected return.
    overdue_scan_seconds: float = 60.0
    # Move-in reads the unit's checklists and owner in identity and its charges in billing, over their REST APIs
    # with the signed-in person's own token (never their databases).
    identity_url: str = "http://127.0.0.1:8001"
    billing_url: str = "http://127.0.0.1:8004"

    @classmethod
    def of(cls, settings: Settings) -> DeskConfig:
        extra = settings.extra or {}
        return cls(**{name: extra[name] for name in cls.__dataclass_fields__ if name in extra})


def with_pickup_code_key(settings: Settings) -> Settings:
    """`settings` holding the pickup-code key, read once at start-up: in production an unset DESK_PICKUP_CODE_KEY
    stops the service (with the public development key anyone could turn a stored hash back into its code)."""
    if (settings.extra or {}).get("pickup_code_key"):
        return settings
    key = secret("DESK_PICKUP_CODE_KEY", development_default=DEV_PICKUP_CODE_KEY, min_length=32)
    seal = secret("KEFU_PICKUP_SEAL_KEY", development_default=DEV_PICKUP_SEAL_KEY, min_length=32)
    return replace(settings, extra={**(settings.extra or {}), "pickup_code_key": key, "pickup_seal_key": seal})


def settings_from_env() -> Settings:
    """The service's Settings; the only place desk reads its own environment variables."""
    scan = float(os.environ.get("DESK_OVERDUE_SCAN_SECONDS", DeskConfig.overdue_scan_seconds))
    peers = {"identity_url": os.environ.get("IDENTITY_URL", DeskConfig.identity_url).rstrip("/"),
             "billing_url": os.environ.get("BILLING_URL", DeskConfig.billing_url).rstrip("/")}
    return with_pickup_code_key(Settings.from_env(SERVICE, extra={"overdue_scan_seconds": scan, **peers}))
