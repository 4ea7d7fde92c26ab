"""ticketing's application factory (gunicorn: `ticketing.app:create_app()`)."""
from kefulib.config import Settings
from kefulib.web import create_service_app

from .api import BLUEPRINTS
from .store import INDEXES


def create_app(settings: Settings | None = None, *, jwks_fetcher=None):
    return create_service_app(
        settings=settings or Settings.from_env("ticketing"), title="kefu ticketing", version="0.1.0",
        description="Repairs, complaints, inquiries and help requests with SLA clocks and a closed loop.",
        blueprints=BLUEPRINTS, indexes=INDEXES, jwks_fetcher=jwks_fetcher,
    )
