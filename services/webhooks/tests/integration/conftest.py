"""Fixtures of webhooks' integration tests: the app (private targets allowed, as in development), its database,
the fan-out consumer and a recording receiver, on the real MongoDB and RabbitMQ."""
import pytest
from webhooks.app import create_app
from webhooks.config import ALLOW_PRIVATE_URLS
from webhooks.consumers import build_consumers

from .support import Receiver


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.server.shutdown()


@pytest.fixture
def settings(settings_for):
    return settings_for("webhooks", extra={ALLOW_PRIVATE_URLS: True})


@pytest.fixture
def app(settings, token_factory):
    return create_app(settings, jwks_fetcher=lambda: token_factory.jwks)


@pytest.fixture
def db(app):
    return app.extensions["kefu"].db


@pytest.fixture
def consumer(db, settings):
    (consumer,) = build_consumers(db, settings)
    consumer.declare()
    return consumer
