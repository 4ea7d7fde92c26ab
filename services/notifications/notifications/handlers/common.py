"""The clock, time parsing and start-up settings every use case shares."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from kefulib.config import Settings, secret

from ..domain import sign_link


def now() -> datetime:
    """Now, cut to the millisecond MongoDB keeps, so a stored time reads back equal."""
    return ms(datetime.now(UTC))


def ms(at: datetime) -> datetime:
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def parse_time(value: str) -> datetime:
    """An ISO-8601 time from an event; a time without a zone is taken as UTC (events are UTC)."""
    at = datetime.fromisoformat(value)
    return ms(at if at.tzinfo else at.replace(tzinfo=UTC))


# ---- the survey links' settings, read once at start-up ---------------------------------------------------

#: Development default only (KEFU_ENV=development): in production an unset NOTIFICATIONS_SURVEY_KEY stops the
#: process, since anyone who reads this repository could sign links with it and answer for any customer.
DEV_SURVEY_KEY = "kefu-dev-only-notifications-survey-link-key"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8006"


@dataclass(frozen=True)
class SurveyLinks:
    """How survey links are signed and where customers' phones reach the page."""

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
