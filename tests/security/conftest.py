"""Every service's app built in-process on this test's database, and tokens for it (as the fuzz suite does)."""
import importlib

import pytest

SERVICES = ["identity", "ticketing", "visits", "billing", "webhooks"]
SCOPES = {
    "identity": ["identity:admin", "identity:read", "identity:write", "identity:archives"],
    "ticketing": ["ticketing:read", "ticketing:write"],
    "visits": ["visits:read", "visits:write"],
    "billing": ["billing:read", "billing:write"],
    "webhooks": ["webhooks:manage"],
}
ROLES = ["cs_supervisor", "project_manager", "security_supervisor", "hq_admin"]


@pytest.fixture
def build_app(settings_for, token_factory):
    def build(service: str):
        create_app = importlib.import_module(f"{service}.app").create_app
        return create_app(settings_for(service), jwks_fetcher=lambda: token_factory.jwks)
    return build


@pytest.fixture
def headers_for(token_factory):
    def make(service: str, tenant: str = "p-sec", roles=ROLES) -> dict:
        return token_factory.headers(tenant, SCOPES[service], roles, hq=True, expires_in=3600)
    return make
