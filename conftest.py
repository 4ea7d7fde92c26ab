"""Test tiers are assigned by what a test touches, so a marker can never lie:
- e2e: everything under tests/e2e (all services started as real processes);
- integration: any test that uses the real MongoDB or RabbitMQ fixtures;
- unit: the rest (pure code, no servers).
"""
import os

import pytest

# Tests run as a developer machine: secrets that production must set fall back to development values.
# A test that checks the production refusal sets KEFU_ENV itself (monkeypatch).
os.environ.setdefault("KEFU_ENV", "development")
# Every event written to any outbox during the tests is checked against its publisher's schema
# (kefulib.messaging.contracts); the services started by the e2e tests inherit it.
os.environ.setdefault("KEFU_VALIDATE_EVENTS", "1")
# In-process tests drive the outbox relay themselves; the platform's processes (e2e, make run) publish on commit.
os.environ.setdefault("KEFU_PUBLISH_ON_COMMIT", "0")

# service_tests: the app-derived fixtures (client, db, settings, everything, consumers, publish) a conftest that
# defines `app` gets without copying them.
pytest_plugins = ["kefulib.testing.fixtures", "kefulib.testing.service_tests"]

SERVER_FIXTURES = {"mongo_url", "mongo_client", "mongo_db", "amqp_url", "event_exchange", "settings_for"}


def pytest_collection_modifyitems(items):
    for item in items:
        path = str(item.path)
        if "/tests/e2e/" in path:
            item.add_marker(pytest.mark.e2e)
        elif SERVER_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.integration)
        else:
            item.add_marker(pytest.mark.unit)
