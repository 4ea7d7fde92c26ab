"""renovation's own settings, carried in `Settings.extra` and read from the environment once, at start-up."""
from __future__ import annotations

import os

from kefulib.config import Settings

SERVICE = "renovation"
SLA_SCAN_SECONDS = 60.0
SLA_SCAN_KEY = "sla_scan_seconds"


def settings_from_env() -> Settings:
    """The service's Settings. renovation calls no other service (billing's charges and payments reach it as events),
    so it has no peer URLs and no secrets of its own. `RENOVATION_SLA_SCAN_SECONDS` paces the worker's review SLA scan."""
    return Settings.from_env(SERVICE, extra={
        SLA_SCAN_KEY: float(os.environ.get("RENOVATION_SLA_SCAN_SECONDS") or SLA_SCAN_SECONDS)})
