"""notifications' application factory (gunicorn: `notifications.app:create_app()`)."""
from kefulib.config import Settings
from kefulib.web import create_service_app

from . import api, api_campaign_surveys, api_households, api_notices
from .config import settings_from_env, with_survey_links
from .store import INDEXES


def create_app(settings: Settings | None = None, *, jwks_fetcher=None):
    return create_service_app(
        settings=with_survey_links(settings or settings_from_env()), title="kefu notifications", version="0.2.0",
        description="Telling people (NT-1..NT-3): customers by SMS, WeChat or e-mail as each project sets it "
                    "(quiet hours, opt-outs, throttling, templates), staff by the inbox and e-mail; every message "
                    "in the delivery log; the return visit answered by the customer through a signed one-time link (NT-4).",
        blueprints=[*api.BLUEPRINTS, *api_notices.BLUEPRINTS, *api_campaign_surveys.BLUEPRINTS, *api_households.BLUEPRINTS],
        indexes=INDEXES,
        jwks_fetcher=jwks_fetcher,
    )
