"""notifications' application factory (gunicorn: `notifications.app:create_app()`)."""
from kefulib.config import Settings
from kefulib.web import create_service_app

from .api import BLUEPRINTS
from .store import INDEXES


def create_app(settings: Settings | None = None, *, jwks_fetcher=None):
    return create_service_app(
        settings=settings or Settings.from_env("notifications"), title="kefu notifications", version="0.1.0",
        description="Telling staff: the staff inbox, fed by SLA escalations and approvals waiting for a person "
                    "(NT-2). SMS, WeChat and e-mail channels are to come in this service.",
        blueprints=BLUEPRINTS, indexes=INDEXES, jwks_fetcher=jwks_fetcher,
    )
