"""notifications' application factory (gunicorn: `notifications.app:create_app()`)."""
from kefulib.config import Settings
from kefulib.web import create_service_app

from .api import BLUEPRINTS
from .handlers.common import with_survey_links
from .store import INDEXES


def create_app(settings: Settings | None = None, *, jwks_fetcher=None):
    return create_service_app(
        settings=with_survey_links(settings or Settings.from_env("notifications")), title="kefu notifications",
        version="0.2.0",
        description="Telling people: the staff inbox, fed by SLA escalations and approvals waiting for a person "
                    "(NT-2), and the customer's return-visit survey by message (NT-4: a signed, one-time link to a "
                    "public page). SMS, WeChat and e-mail channels are to come in this service.",
        blueprints=BLUEPRINTS, indexes=INDEXES, jwks_fetcher=jwks_fetcher,
    )
