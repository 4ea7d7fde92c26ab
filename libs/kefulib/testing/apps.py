"""Every service's app built in-process on a test's own database, and tokens that reach its handlers.

Used by the suites that walk every service alike (tests/fuzz, tests/security, tests/audit).
"""
from __future__ import annotations

import importlib

SERVICES = ["identity", "ticketing", "visits", "billing", "webhooks", "notifications", "desk", "renovation"]

# Every scope each service checks, so a caller reaches the handlers rather than stopping at 403.
SCOPES = {
    "identity": ["identity:admin", "identity:read", "identity:write", "identity:archives", "identity:households"],
    "ticketing": ["ticketing:read", "ticketing:write"],
    "visits": ["visits:read", "visits:write"],
    "billing": ["billing:read", "billing:write"],
    "webhooks": ["webhooks:manage"],
    "notifications": ["notifications:read", "notifications:write"],
    "desk": ["desk:read", "desk:write"],
    "renovation": ["renovation:read", "renovation:write"],
}


def build_service_app(service: str, settings, token_factory):
    create_app = importlib.import_module(f"{service}.app").create_app
    return create_app(settings, jwks_fetcher=lambda: token_factory.jwks)
