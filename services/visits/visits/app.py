"""visits' application factory (gunicorn: `visits.app:create_app()`)."""
from kefulib.config import Settings
from kefulib.web import create_service_app

from .api import BLUEPRINTS
from .handlers.common import with_document_secret
from .store import INDEXES


def create_app(settings: Settings | None = None, *, jwks_fetcher=None):
    return create_service_app(
        settings=with_document_secret(settings or Settings.from_env("visits")), title="kefu visits", version="0.2.0",
        description="Visitor register, return visits, customer interviews and appointments.",
        blueprints=BLUEPRINTS, indexes=INDEXES, jwks_fetcher=jwks_fetcher,
    )
