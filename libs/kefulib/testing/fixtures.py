"""pytest fixtures: each test gets a fresh database and its own exchange and queues on the real servers.

Enabled from the repository's root conftest.py with `pytest_plugins = ["kefulib.testing.fixtures"]`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pika
import pytest
from pymongo import MongoClient

from ..config import Settings
from ..messaging.topology import Topology
from . import query_log
from .apps import SCOPES, build_service_app
from .servers import MongoServer, find_or_start_mongo
from .tokens import TokenFactory

_server: MongoServer | None = None
query_log.install_from_environment()  # KEFU_QUERY_LOG=<file>: every command's tenant, for the sharding test

DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
TEST_QUEUE_EXPIRES_MS = 120_000


def mongo_server() -> MongoServer:
    """One server for the whole test session, started on first use."""
    global _server
    if _server is None:
        _server = find_or_start_mongo()
    return _server


def pytest_terminal_summary(terminalreporter):
    if _server is not None:
        terminalreporter.write_line(f"database engine used: {_server.engine}, server version {_server.version}")


def pytest_sessionfinish(session):
    if _server is not None:
        _server.stop()


@pytest.fixture(scope="session")
def mongo_url() -> str:
    return mongo_server().url


@pytest.fixture(scope="session")
def mongo_client(mongo_url):
    client = MongoClient(mongo_url, tz_aware=True, uuidRepresentation="standard")
    yield client
    client.close()


@pytest.fixture
def db_name(mongo_client):
    name = f"t_{uuid.uuid4().hex[:16]}"
    yield name
    mongo_client.drop_database(name)


@pytest.fixture
def mongo_db(mongo_client, db_name):
    return mongo_client[db_name]


@pytest.fixture(scope="session")
def amqp_url() -> str:
    url = os.environ.get("AMQP_URL", DEFAULT_AMQP_URL)
    try:
        pika.BlockingConnection(pika.URLParameters(url)).close()
    except Exception as exc:  # fail loudly: a skipped broker test would count as a pass
        pytest.fail(f"RabbitMQ is not reachable at {url}: {exc}")
    return url


@pytest.fixture
def event_exchange(amqp_url, monkeypatch):
    """A fresh exchange per test, deleted after it with every consumer queue declared on it.

    Deleted, not left to expire: each quorum queue is a Raft group on the broker, and a suite that left a few hundred
    expiring at once made the broker miss AMQP handshakes for 15 s (seen in CI and reproduced). Queue expiry stays as
    the backstop for a test killed before its teardown."""
    name = f"test.{uuid.uuid4().hex[:12]}"
    declared: list[str] = []
    declare = Topology.declare_consumer

    def recording(topology, channel, consumer_name, routing_keys):
        queue = declare(topology, channel, consumer_name, routing_keys)
        if topology.exchange == name:
            declared.extend([queue, topology.dead_letter_queue(consumer_name)])
        return queue

    monkeypatch.setattr(Topology, "declare_consumer", recording)
    yield name
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    for queue in dict.fromkeys(declared):
        channel.queue_delete(queue)
    for exchange in (name, f"{name}.dlx"):
        channel.exchange_delete(exchange)
    connection.close()


@pytest.fixture(scope="session")
def token_factory() -> TokenFactory:
    return TokenFactory()


@pytest.fixture
def settings_for(mongo_client, db_name, mongo_url, amqp_url, event_exchange, token_factory):
    """Settings for a service under test, pointing at this test's own database and exchange."""
    created: list[str] = []

    def make(service_name: str, **overrides) -> Settings:
        values = dict(mongo_url=mongo_url, mongo_db=f"{db_name}_{service_name}", amqp_url=amqp_url,
                      event_exchange=event_exchange, jwt_issuer=token_factory.issuer,
                      jwt_audience=token_factory.audience, log_level="WARNING",
                      queue_expires_ms=TEST_QUEUE_EXPIRES_MS)
        values.update(overrides)
        created.append(values["mongo_db"])
        return Settings(service_name=service_name, **values)

    yield make
    for name in created:
        mongo_client.drop_database(name)


@pytest.fixture
def build_app(settings_for, token_factory):
    """build_app("ticketing") -> that service's Flask app on this test's database and exchange."""
    return lambda service, **overrides: build_service_app(service, settings_for(service, **overrides), token_factory)


@pytest.fixture
def headers_for(token_factory):
    """headers_for("visits", roles=[...], tenant="p1", hq=False) -> a bearer header with all of visits' scopes."""
    def make(service: str, tenant: str = "p-sec", roles=("cs_supervisor", "project_manager", "security_supervisor",
                                                          "hq_admin"), **kwargs) -> dict:
        kwargs.setdefault("hq", True)
        kwargs.setdefault("expires_in", 3600)
        return token_factory.headers(tenant, SCOPES[service], list(roles), **kwargs)
    return make


def delete_queues_of(amqp_url: str, exchange: str) -> None:
    """Deletes the queues a whole platform's workers declared on `exchange` (an end-to-end module's), which the test
    process cannot name itself: the broker lists them. Without rabbitmqctl they are left to expire."""
    if shutil.which("rabbitmqctl") is None:
        return
    listed = subprocess.run(["rabbitmqctl", "-q", "list_queues", "name"], capture_output=True, text=True, timeout=60)
    names = [n for n in listed.stdout.split() if n.startswith(exchange + ".")]
    if not names:
        return
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    for queue in names:
        channel.queue_delete(queue)
    connection.close()

