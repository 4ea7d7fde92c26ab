"""desk's own settings, carried in `Settings.extra` and read from the environment once, at start-up."""
from __future__ import annotations

import os
from dataclasses import dataclass

from kefulib.config import Settings, secret

SERVICE = "desk"
DEV_PICKUP_CODE_KEY = "development-only-desk-pickup-code-key"


@dataclass(frozen=True)
class DeskConfig:
    # Pickup codes are kept only as HMACs under this key; changing it makes every waiting parcel's code fail
    # (the desk then hands those over by signature).
    pickup_code_key: str = DEV_PICKUP_CODE_KEY
    # How often the worker looks for keys past their expected return.
    overdue_scan_seconds: float = 60.0

    @classmethod
    def of(cls, settings: Settings) -> DeskConfig:
        extra = settings.extra or {}
        return cls(**{name: extra[name] for name in cls.__dataclass_fields__ if name in extra})


def settings_from_env() -> Settings:
    """The service's Settings; the only place desk reads its own environment variables."""
    extra = {
        "pickup_code_key": secret("DESK_PICKUP_CODE_KEY", development_default=DEV_PICKUP_CODE_KEY, min_length=32),
        "overdue_scan_seconds": float(os.environ.get("DESK_OVERDUE_SCAN_SECONDS", DeskConfig.overdue_scan_seconds)),
    }
    return Settings.from_env(SERVICE, extra=extra)
