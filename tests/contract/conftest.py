"""Every service's Flask app, built in-process on this test's database, for checks over all OpenAPI documents."""
import importlib

import pytest

SERVICES = ["identity", "ticketing", "visits", "billing", "webhooks", "notifications", "desk", "renovation"]


@pytest.fixture
def apps(settings_for, token_factory):
    built = {}
    for service in SERVICES:
        create_app = importlib.import_module(f"{service}.app").create_app
        built[service] = create_app(settings_for(service), jwks_fetcher=lambda: token_factory.jwks)
    return built


@pytest.fixture
def specs(apps):
    return {service: app.test_client().get("/openapi.json").get_json() for service, app in apps.items()}
