"""Fixtures and checks the services' integration tests share. The root conftest loads this as a plugin, so a
service conftest that defines `app` (`build_app("desk")`) gets client, db, settings, everything, consumers and
publish; the tests import field_errors and reason."""
from __future__ import annotations

import importlib

import pytest

from ..messaging import OutboxRelay, add_to_outbox
from ..store import run_in_transaction


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    return app.extensions["kefu"].db


@pytest.fixture
def settings(app):
    return app.extensions["kefu"].settings


@pytest.fixture
def everything(db):
    """Every document of every collection, to show a refused request wrote nothing."""
    def snapshot():
        return {name: sorted(map(repr, db[name].find({}))) for name in sorted(db.list_collection_names())}
    return snapshot


def field_errors(response) -> set[str]:
    """The fields a 422 problem names."""
    assert response.status_code == 422, response.get_json()
    assert response.headers["Content-Type"] == "application/problem+json"
    return set(response.get_json()["errors"])


def reason(response, status=409) -> str:
    """The `reason_code` of a refusal."""
    assert response.status_code == status, response.get_json()
    return response.get_json()["reason_code"]


@pytest.fixture
def consumers(db, settings):
    """The service's consumers (`<service>.consumers.build_consumers`) by name, their queues declared."""
    build_consumers = importlib.import_module(f"{settings.service_name}.consumers").build_consumers
    built = {c.name: c for c in build_consumers(db, settings)}
    for consumer in built.values():
        consumer.declare()
    return built


@pytest.fixture
def publish(mongo_client, settings, consumers):
    """Publish other services' events through a real outbox, relay and broker, then let this service's consumers
    drain them; returns how many they handled."""
    def send(*events) -> int:
        outbox_db = mongo_client[settings.mongo_db + "_publisher"]
        for event in events:
            run_in_transaction(outbox_db, lambda s, e=event: add_to_outbox(outbox_db, e, s))
        OutboxRelay(outbox_db, settings.amqp_url, settings.topology).run_once()
        mongo_client.drop_database(outbox_db.name)
        return sum(consumer.drain() for consumer in consumers.values())
    return send
