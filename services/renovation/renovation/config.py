"""renovation's own settings, carried in `Settings.extra` and read from the environment once, at start-up."""
from __future__ import annotations

from kefulib.config import Settings

SERVICE = "renovation"


def settings_from_env() -> Settings:
    """The service's Settings. renovation calls no other service (billing's charges and payments reach it as events),
    so it has no peer URLs and no secrets of its own."""
    return Settings.from_env(SERVICE)
