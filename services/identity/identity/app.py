"""identity's application factory (gunicorn: `identity.app:create_app()`)."""
from __future__ import annotations

from kefulib.clock import Clock
from kefulib.config import Settings
from kefulib.web import create_service_app

from .access_log import access_log_keys
from .api import tenants, wellknown
from .api_archives import blp as archives
from .api_directory import directory
from .api_project import people, project
from .api_records import records
from .authorization_code import register_code_grant
from .handlers.common import DOMAIN_PROBLEMS
from .keys import SigningKeys
from .oauth import ACCESS_TOKEN_LIFETIME, create_authorization_server
from .sign_in import sign_in_pages
from .sources import install_proxy_fix
from .store import INDEXES


def create_app(settings: Settings | None = None, *, jwks_fetcher=None, clock: Clock | None = None):
    settings = settings or Settings.from_env("identity")
    access_log_keys()  # production stops here without IDENTITY_ACCESS_LOG_KEY, not at the first archive read
    signing = {}
    # identity verifies its own tokens straight from its key store rather than over HTTP.
    app = create_service_app(
        settings=settings, title="kefu identity", version="0.2.0",
        description="Property projects, buildings and units, staff and OAuth 2 sign-in, and the level-1 "
                    "confidential owner archives with their access policy and tamper-evident access log.",
        blueprints=[tenants, wellknown, project, people, directory, archives, records], indexes=INDEXES,
        jwks_fetcher=jwks_fetcher or (lambda: signing["keys"].public_jwks()),
        domain_problems=DOMAIN_PROBLEMS, clock=clock,
    )
    install_proxy_fix(app)  # TRUSTED_PROXIES: the client address that sign-in limits key on
    keys = SigningKeys(app.extensions["kefu"].db, ACCESS_TOKEN_LIFETIME)
    signing["keys"] = keys
    app.extensions["kefu.keys"] = keys
    app.extensions["kefu.oauth"] = create_authorization_server(
        app, app.extensions["kefu"].db, keys, settings.jwt_issuer, settings.jwt_audience)
    register_code_grant(app.extensions["kefu.oauth"], app.extensions["kefu"].db)  # staff console sign-in
    app.register_blueprint(sign_in_pages)  # HTML, outside the OpenAPI document like any OAuth page
    return app
