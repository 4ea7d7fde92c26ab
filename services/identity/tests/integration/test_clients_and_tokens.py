"""Tenants, integration clients and the client-credentials grant against the real MongoDB."""
import base64

import pytest
from identity.app import create_app
from identity.cli import bootstrap
from kefulib.authn import JwksCache, TokenVerifier


@pytest.fixture
def app(settings_for):
    return create_app(settings_for("identity", jwt_issuer="http://identity.test"))


@pytest.fixture
def creds(app):
    return bootstrap(app.extensions["kefu"].db, "demo", "Demo project")


def token(client, client_id, secret, **form):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post("/oauth/token", data={"grant_type": "client_credentials", **form},
                       headers={"Authorization": f"Basic {basic}"})


def test_a_client_gets_an_rs256_token_carrying_its_tenant_that_the_jwks_verifies(app, creds):
    client = app.test_client()
    response = token(client, creds["client"]["client_id"], creds["client"]["client_secret"])
    assert response.status_code == 200 and response.get_json()["token_type"] == "Bearer"
    jwks = client.get("/.well-known/jwks.json").get_json()
    assert all("d" not in key for key in jwks["keys"])  # never the private part
    verifier = TokenVerifier(JwksCache(lambda: jwks), "http://identity.test", "kefu")
    principal = verifier.verify(response.get_json()["access_token"])
    assert principal.tenant_id == "demo" and "ticketing:write" in principal.scopes and not principal.hq


def test_a_wrong_secret_gets_the_oauth_invalid_client_error(app, creds):
    response = token(app.test_client(), creds["client"]["client_id"], "wrong")
    assert response.status_code == 401 and response.get_json()["error"] == "invalid_client"


def test_the_client_secret_is_stored_only_as_a_keyed_hash(app, creds):
    # Was argon2; high-entropy client secrets now use HMAC-SHA256 under IDENTITY_CLIENT_SECRET_KEY (client_secrets.py).
    stored = app.extensions["kefu"].db.oauth_clients.find_one({"_id": creds["client"]["client_id"]})
    assert stored["secret_hash"].startswith("hmac-sha256$") and creds["client"]["client_secret"] not in str(stored)


def hq_headers(app, creds):
    access = token(app.test_client(), creds["hq_admin"]["client_id"], creds["hq_admin"]["client_secret"])
    return {"Authorization": "Bearer " + access.get_json()["access_token"]}


def test_hq_creates_a_project_and_a_project_admin_cannot(app, creds):
    client = app.test_client()
    created = client.post("/tenants", json={"name": "Hanling Court", "code": "hanling"}, headers=hq_headers(app, creds))
    assert created.status_code == 201 and created.get_json()["id"] == "hanling"
    again = client.post("/tenants", json={"name": "Dup", "code": "hanling"}, headers=hq_headers(app, creds))
    assert again.status_code == 409


def test_bad_project_input_names_the_field_and_writes_nothing(app, creds):
    response = app.test_client().post("/tenants", json={"name": "x", "code": "Not A Code!"}, headers=hq_headers(app, creds))
    assert response.status_code == 422 and "code" in response.get_json()["errors"]
    assert app.extensions["kefu"].db.tenants.count_documents({"name": "x"}) == 0


def test_another_projects_tenant_record_looks_missing(app, creds, token_factory):
    db = app.extensions["kefu"].db
    project_client = db.oauth_clients.find_one({"tenant_id": "demo"})
    project_client_scopes = {**project_client, "scopes": ["identity:admin"]}
    db.oauth_clients.replace_one({"_id": project_client["_id"]}, project_client_scopes)
    access = token(app.test_client(), creds["client"]["client_id"], creds["client"]["client_secret"]).get_json()
    headers = {"Authorization": "Bearer " + access["access_token"]}
    client = app.test_client()
    assert client.get("/tenants/demo", headers=headers).status_code == 200
    assert client.get("/tenants/hq", headers=headers).status_code == 404
    assert client.get("/tenants/nowhere", headers=headers).status_code == 404
    assert client.post("/tenants/hq/clients", json={"name": "x", "scopes": ["visits:read"]}, headers=headers).status_code == 404


def test_discovery_names_the_token_endpoint_and_jwks(app):
    doc = app.test_client().get("/.well-known/openid-configuration").get_json()
    assert doc["jwks_uri"].endswith("/.well-known/jwks.json") and doc["token_endpoint"].endswith("/oauth/token")
