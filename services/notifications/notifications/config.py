"""notifications' own settings, carried in `Settings.extra` and read from the environment once, at start-up."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from kefulib.config import Settings, secret

SERVICE = "notifications"


@dataclass(frozen=True)
class NotificationsConfig:
    # Where customers open survey links and providers post receipts (the service as the internet sees it).
    public_url: str = "http://127.0.0.1:8006"
    # A customer's contact is read from ticketing, as this service's own HQ client (scope ticketing:contact).
    ticketing_url: str = "http://127.0.0.1:8002"
    token_url: str = "http://127.0.0.1:8001/oauth/token"
    client_id: str = ""
    client_secret: str = ""
    # Keys: phone numbers are kept only as HMACs (opt-outs, bindings, throttling); receipt URLs carry an HMAC.
    contact_key: str = "development-only-notifications-contact-key"
    receipt_key: str = "development-only-notifications-receipt-key"
    # How often a sender looks for due deliveries (the commit-to-channel latency is at most about this).
    send_every_seconds: float = 0.5
    # The channels' own variables (NOTIFY_*), given to channels.build_channels.
    channel_env: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, settings: Settings) -> NotificationsConfig:
        extra = settings.extra or {}
        return cls(**{name: extra[name] for name in cls.__dataclass_fields__ if name in extra})


def settings_from_env() -> Settings:
    """The service's Settings; the only place notifications reads its own environment variables."""
    env = os.environ
    identity = env.get("IDENTITY_URL", "http://127.0.0.1:8001").rstrip("/")
    extra = {
        "public_url": env.get("NOTIFICATIONS_PUBLIC_URL", NotificationsConfig.public_url).rstrip("/"),
        "ticketing_url": env.get("TICKETING_URL", NotificationsConfig.ticketing_url).rstrip("/"),
        "token_url": identity + "/oauth/token",
        "client_id": env.get("NOTIFICATIONS_CLIENT_ID", ""),
        "client_secret": env.get("NOTIFICATIONS_CLIENT_SECRET", ""),
        "contact_key": secret("NOTIFICATIONS_CONTACT_KEY", development_default=NotificationsConfig.contact_key),
        "receipt_key": secret("NOTIFICATIONS_RECEIPT_KEY", development_default=NotificationsConfig.receipt_key),
        "send_every_seconds": float(env.get("NOTIFY_SEND_EVERY_SECONDS", NotificationsConfig.send_every_seconds)),
        "channel_env": {k: v for k, v in env.items() if k.startswith("NOTIFY_")},
    }
    return Settings.from_env(SERVICE, extra=extra)
