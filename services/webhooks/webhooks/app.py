"""webhooks' application factory (gunicorn: `webhooks.app:create_app()`)."""
from kefulib.config import Settings
from kefulib.web import create_service_app

from .api import CONFIG_EXTENSION, blp
from .config import WebhooksConfig, settings_from_env
from .store import INDEXES


def create_app(settings: Settings | None = None, *, jwks_fetcher=None):
    settings = settings or settings_from_env()
    app = create_service_app(
        settings=settings, title="kefu webhooks", version="0.1.0",
        description="Outbound webhooks for integrators. Each delivery is a POST of the event envelope "
                    "(see docs/events.md) signed with `Kefu-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "
                    "'<t>.<raw body>')>`; refuse stale timestamps and dedupe by `Kefu-Event-Id`.",
        blueprints=[blp], indexes=INDEXES, jwks_fetcher=jwks_fetcher,
    )
    app.extensions[CONFIG_EXTENSION] = WebhooksConfig.of(settings)  # read once, not at every request
    return app
