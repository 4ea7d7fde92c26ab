"""Shared fixtures for visits' integration tests: the app on a fresh database, a client that checks
every response for leaked document numbers, and publishing through a real outbox and relay."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from kefulib.messaging import OutboxRelay, add_to_outbox
from kefulib.store import run_in_transaction
from visits.app import create_app
from visits.domain import FORBIDDEN_FIELD_WORDS, fingerprint

READ, WRITE = ["visits:read"], ["visits:write"]
BOTH = READ + WRITE
SECRET = "integration-test-document-secret"


def id_card(first17: str) -> str:
    """A valid 18-digit ID card number (check digit computed)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


ALICE = id_card("11010519491231002")
BOB = id_card("44030619850101123")
CAROL = id_card("31010119900707456")
PASSPORT = "E12345678"
#: Every full number the tests send; none may ever come back in a response.
SECRET_NUMBERS = [ALICE, BOB, CAROL, PASSPORT]


def _leaks(text: str) -> list[str]:
    found = [n for n in SECRET_NUMBERS if n in text or n.lower() in text]
    found += [fp for n in SECRET_NUMBERS for t in ("id_card", "passport")
              for fp in [_fingerprint(t, n)] if fp and fp in text]
    return found


def _fingerprint(doc_type: str, number: str) -> str | None:
    try:
        return fingerprint(SECRET.encode(), doc_type, number)
    except ValueError:
        return None


def _keys(node) -> list[str]:
    if isinstance(node, dict):
        return list(node) + [k for value in node.values() for k in _keys(value)]
    if isinstance(node, list):
        return [k for value in node for k in _keys(value)]
    return []


class GuardedClient:
    """The Flask test client, asserting on every response that no full document number, fingerprint,
    phone or address field goes out (VS-1, VS-2)."""

    def __init__(self, app):
        self._client = app.test_client()

    def open(self, method: str, *args, **kwargs):
        response = self._client.open(*args, method=method, **kwargs)
        text = response.get_data(as_text=True)
        assert _leaks(text) == [], f"response leaks a document: {text[:300]}"
        if response.is_json and text:
            body = json.loads(text)
            if isinstance(body, dict):  # a 422 names the offending input fields; that is not data
                body = {k: v for k, v in body.items() if k != "errors"}
            bad = [k for k in _keys(body) if any(w in k.lower() for w in FORBIDDEN_FIELD_WORDS)]
            assert bad == [], f"response carries forbidden fields {bad}"
        return response

    def get(self, *args, **kwargs):
        return self.open("GET", *args, **kwargs)

    def post(self, *args, **kwargs):
        return self.open("POST", *args, **kwargs)

    def put(self, *args, **kwargs):
        return self.open("PUT", *args, **kwargs)

    def patch(self, *args, **kwargs):
        return self.open("PATCH", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self.open("DELETE", *args, **kwargs)


@pytest.fixture
def settings(settings_for):
    return settings_for("visits", extra={"document_secret": SECRET})


@pytest.fixture
def app(settings, token_factory):
    return create_app(settings, jwks_fetcher=lambda: token_factory.jwks)


@pytest.fixture
def db(app):
    return app.extensions["kefu"].db


@pytest.fixture
def client(app):
    return GuardedClient(app)


@pytest.fixture
def auth(token_factory):
    def make(tenant="p1", scopes=BOTH, roles=(), subject="desk-1"):
        return token_factory.headers(tenant, scopes, roles, subject=subject)
    return make


@pytest.fixture
def publish(mongo_client, settings):
    """Publish through a real outbox and relay, as the other services do."""
    def send(*events):
        outbox_db = mongo_client[settings.mongo_db + "_publisher"]
        for event in events:
            run_in_transaction(outbox_db, lambda s, e=event: add_to_outbox(outbox_db, e, s))
        OutboxRelay(outbox_db, settings.amqp_url, settings.topology).run_once()
        mongo_client.drop_database(outbox_db.name)
    return send


def counts(db) -> dict[str, int]:
    """How many documents each collection holds (to show that a refused request wrote nothing)."""
    return {name: db[name].count_documents({}) for name in db.list_collection_names()}


@pytest.fixture
def kit():
    """Constants and helpers for the tests (test modules cannot import each other under importlib mode)."""
    return SimpleNamespace(READ=READ, WRITE=WRITE, BOTH=BOTH, ALICE=ALICE, BOB=BOB, CAROL=CAROL, PASSPORT=PASSPORT,
                           id_card=id_card, counts=counts, leaks=_leaks)
