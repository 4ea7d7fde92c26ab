"""billing's application factory (gunicorn: `billing.app:create_app()`)."""
from kefulib.config import Settings
from kefulib.web import create_service_app

from .api import BLUEPRINTS
from .store import INDEXES


def create_app(settings: Settings | None = None, *, jwks_fetcher=None):
    return create_service_app(
        settings=settings or Settings.from_env("billing"), title="kefu billing", version="0.1.0",
        description="Paid-service catalogue, quotes, prepayments, charges, payments, numbered slips, statements.",
        blueprints=BLUEPRINTS, indexes=INDEXES, jwks_fetcher=jwks_fetcher,
    )
