"""webhooks' own settings, carried in `Settings.extra` and read from the environment once, at start-up."""
from __future__ import annotations

import os
from dataclasses import dataclass

from kefulib.config import Settings

SERVICE = "webhooks"
ALLOW_PRIVATE_URLS = "allow_private_urls"
ALLOW_PRIVATE_URLS_ENV = "WEBHOOKS_ALLOW_PRIVATE_URLS"


@dataclass(frozen=True)
class WebhooksConfig:
    # Off unless set: deliveries go only to globally routable addresses (see domain/targets.py).
    allow_private_urls: bool = False
    # Active subscriptions a project may have; each one costs a delivery per matching event.
    max_subscriptions_per_project: int = 50
    # Concurrent deliveries of one sender process, and how many of them one project may hold, so a
    # project whose receiver hangs cannot delay every other project's webhooks.
    send_workers: int = 8
    in_flight_per_project: int = 2
    # Hard limit on one attempt (connect, TLS, request and response together), not per socket read.
    attempt_deadline_seconds: float = 10.0

    @classmethod
    def of(cls, settings: Settings) -> WebhooksConfig:
        extra = settings.extra or {}
        return cls(**{name: extra[name] for name in cls.__dataclass_fields__ if name in extra})


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes")


def settings_from_env() -> Settings:
    """The service's Settings; the only place webhooks reads its own environment variables."""
    return Settings.from_env(SERVICE, extra={ALLOW_PRIVATE_URLS: _flag(os.environ.get(ALLOW_PRIVATE_URLS_ENV, ""))})
