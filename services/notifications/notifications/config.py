"""notifications' own settings, carried in `Settings.extra` and read from the environment once, at start-up."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from kefulib.config import Settings, secret
from kefulib.sealed import DEV_PICKUP_SEAL_KEY

from .domain import sign_link

SERVICE = "notifications"


@dataclass(frozen=True)
class NotificationsConfig:
    # A customer's contact is read from ticketing (scope ticketing:contact) and households' contacts from identity
    # (scope identity:households), as this service's own HQ client.
    ticketing_url: str = "http://127.0.0.1:8002"
    identity_url: str = "http://127.0.0.1:8001"
    token_url: str = "http://127.0.0.1:8001/oauth/token"
    client_id: str = ""
    client_secret: str = ""
    # Keys: phone numbers are kept only as HMACs (opt-outs, bindings, throttling); receipt URLs carry an HMAC.
    contact_key: str = "development-only-notifications-contact-key"
    receipt_key: str = "development-only-notifications-receipt-key"
    # Opens the pickup code desk seals into desk.parcel.received, only to put it in the resident's message.
    pickup_seal_key: str = DEV_PICKUP_SEAL_KEY
    # How often the sender looks for deliveries that fell due with time (held for quiet hours, retries); a new
    # delivery wakes it at once.
    send_every_seconds: float = 5.0
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
        "ticketing_url": env.get("TICKETING_URL", NotificationsConfig.ticketing_url).rstrip("/"),
        "identity_url": identity,
        "token_url": identity + "/oauth/token",
        "client_id": env.get("NOTIFICATIONS_CLIENT_ID", ""),
        "client_secret": env.get("NOTIFICATIONS_CLIENT_SECRET", ""),
        "contact_key": secret("NOTIFICATIONS_CONTACT_KEY", development_default=NotificationsConfig.contact_key),
        "receipt_key": secret("NOTIFICATIONS_RECEIPT_KEY", development_default=NotificationsConfig.receipt_key),
        "pickup_seal_key": secret("KEFU_PICKUP_SEAL_KEY", development_default=DEV_PICKUP_SEAL_KEY, min_length=32),
        "send_every_seconds": float(env.get("NOTIFY_SEND_EVERY_SECONDS", NotificationsConfig.send_every_seconds)),
        "channel_env": {k: v for k, v in env.items() if k.startswith("NOTIFY_")},
    }
    return with_survey_links(Settings.from_env(SERVICE, extra=extra))


# ---- the survey links' settings, read once at start-up ---------------------------------------------------

#: Development default only (KEFU_ENV=development): in production an unset NOTIFICATIONS_SURVEY_KEY stops the
#: process, since anyone who reads this repository could sign links with it and answer for any customer.
DEV_SURVEY_KEY = "kefu-dev-only-notifications-survey-link-key"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8006"


@dataclass(frozen=True)
class SurveyLinks:
    """How survey links are signed and where customers' phones reach the page (the service as the internet
    sees it: NOTIFICATIONS_PUBLIC_URL)."""

    key: bytes
    public_url: str

    def url(self, survey_id: str, expires_at: datetime) -> str:
        return f"{self.public_url}/s/{sign_link(survey_id, expires_at, self.key)}"


def with_survey_links(settings: Settings) -> Settings:
    """``settings`` holding the survey links' key and public address (kept in ``extra``, like visits' secret)."""
    if (settings.extra or {}).get("survey_links"):
        return settings
    links = SurveyLinks(
        key=secret("NOTIFICATIONS_SURVEY_KEY", development_default=DEV_SURVEY_KEY, min_length=32).encode(),
        public_url=(os.environ.get("NOTIFICATIONS_PUBLIC_URL", "").strip() or DEFAULT_PUBLIC_URL).rstrip("/"))
    return replace(settings, extra={**(settings.extra or {}), "survey_links": links})


def survey_links(settings: Settings) -> SurveyLinks:
    return settings.extra["survey_links"]
