"""identity under test: the app against the real MongoDB, tokens from the shared test key or identity itself."""
import threading
from datetime import UTC, datetime

import pytest
from identity.app import create_app
from identity.cli import bootstrap
from werkzeug.serving import make_server

ARCHIVES = ["identity:read", "identity:write", "identity:archives"]
ADMIN = ["identity:admin", "identity:read", "identity:write", "identity:archives"]


class Clock:
    """The service's clock, moved by tests instead of waiting."""

    def __init__(self):
        self.at = datetime.now(UTC).replace(microsecond=0)

    def __call__(self):
        return self.at


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(settings_for, token_factory, clock):
    holder = {}

    def jwks():  # the shared test key (token_factory) and identity's own signing keys
        return {"keys": token_factory.jwks["keys"] + holder["app"].extensions["kefu.keys"].public_jwks()["keys"]}

    holder["app"] = create_app(settings_for("identity"), jwks_fetcher=jwks, clock=clock)
    return holder["app"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    return app.extensions["kefu"].db


@pytest.fixture
def creds(db):
    return bootstrap(db, "demo", "Demo project")


@pytest.fixture
def projects(db, creds):
    """Two property projects, p1 and p2, each with a building 1 and units 1-1-101 and 1-2-201."""
    from identity import handlers
    for code in ("p1", "p2"):
        handlers.create_tenant(db, f"Project {code}", code)
    return ["p1", "p2"]


@pytest.fixture
def as_role(token_factory):
    """Headers for a person with `roles` in `tenant`; subject defaults to the first role's name."""
    def make(tenant, *roles, subject=None, scopes=ARCHIVES, hq=False):
        return token_factory.headers(tenant, scopes, list(roles), subject=subject or f"{tenant}-{roles[0]}", hq=hq)
    return make


@pytest.fixture
def units(client, projects, as_role):
    for tenant in projects:
        headers = as_role(tenant, "cs_administrator")
        assert client.post("/buildings", json={"code": "1", "name": "Block 1"}, headers=headers).status_code == 201
        for floor, room in ((1, "101"), (2, "201")):
            response = client.post("/units", json={"building": "1", "floor": floor, "room": room}, headers=headers)
            assert response.status_code == 201, response.get_json()
    return ["1-1-101", "1-2-201"]


@pytest.fixture
def live_server(app):
    """The identity app in a real HTTP server on a free port, for real OAuth 2 clients."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


# A staff member of p1 who signs in with the staff console's client (the attack tests on sign-in use them).
STAFF_PASSWORD = "correct horse battery"


@pytest.fixture
def staff_app(creds):
    return creds["staff_app"]


@pytest.fixture
def person(client, projects, token_factory):
    hq = token_factory.headers("hq", ["identity:admin"], ["hq_admin"], subject="hq-admin", hq=True)
    response = client.post("/staff", headers=hq, json={
        "username": "liwei", "name": "Li Wei", "password": STAFF_PASSWORD,
        "roles": [{"role": "cs_assistant", "project_id": "p1"}]})
    assert response.status_code == 201, response.get_json()
    return response.get_json()
