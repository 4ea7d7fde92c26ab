"""Attacks on the client-credentials grant: bursts of wrong secrets, guessed client ids, the cost of a check."""
import base64
import time

import pytest
from argon2 import PasswordHasher
from identity import client_secrets, key_wrap
from identity.app import create_app
from identity.cli import bootstrap
from identity.oauth import OAuthClient
from kefulib.config import MissingSecret


def token(client, client_id, secret, source="198.51.100.7", **environ):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post("/oauth/token", data={"grant_type": "client_credentials"},
                       headers={"Authorization": f"Basic {basic}", **environ.pop("headers", {})},
                       environ_base={"REMOTE_ADDR": source, **environ})


def assert_rate_limited(response):
    """429 in RFC 6749 error format, with how long to wait."""
    assert response.status_code == 429, response.get_data(as_text=True)
    assert response.mimetype == "application/json" and response.get_json()["error"] == "temporarily_unavailable"
    assert int(response.headers["Retry-After"]) > 0


def test_attack_wrong_client_secret_burst_is_rate_limited(client, creds):
    integration = creds["client"]
    answers = [token(client, integration["client_id"], f"wrong-{n}") for n in range(25)]
    assert [r.status_code for r in answers[:10]] == [401] * 10
    for response in answers[10:]:
        assert_rate_limited(response)
    # Refused before the secret is looked at: even the right one is refused from this source for now ...
    assert_rate_limited(token(client, integration["client_id"], integration["client_secret"]))
    # ... while the integration itself, elsewhere, still signs in.
    assert token(client, integration["client_id"], integration["client_secret"], source="203.0.113.9").status_code == 200


def test_attack_refused_attempts_are_not_stored_so_a_burst_stays_cheap(client, creds, db):
    for n in range(40):
        token(client, creds["client"]["client_id"], f"wrong-{n}")
    # Only the 10 failures that were checked are kept (per client id and per source); the 30 refused cost one read each.
    assert db.auth_failures.count_documents({}) == 20


def test_attack_wrong_secrets_from_many_addresses_lock_the_client_id(client, creds):
    integration = creds["client"]
    for n in range(20):
        assert token(client, integration["client_id"], "wrong", source=f"192.0.2.{n + 1}").status_code == 401
    assert_rate_limited(token(client, integration["client_id"], "wrong", source="192.0.2.200"))


def test_attack_guessing_client_ids_from_one_source_is_rate_limited(client, creds):
    answers = [token(client, f"cli_guess{n}", "whatever") for n in range(12)]
    assert [r.status_code for r in answers[:10]] == [401] * 10
    assert_rate_limited(answers[10])


def test_attack_revocation_endpoint_shares_the_client_authentication_limit(client, creds):
    for n in range(10):
        token(client, creds["client"]["client_id"], f"wrong-{n}")
    basic = base64.b64encode(f"{creds['client']['client_id']}:wrong".encode()).decode()
    response = client.post("/oauth/revoke", data={"token": "x"}, headers={"Authorization": f"Basic {basic}"},
                           environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert_rate_limited(response)


@pytest.fixture
def proxied_app(settings_for, monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    return create_app(settings_for("identity"))


def test_attack_behind_the_gateway_one_caller_does_not_throttle_every_caller(proxied_app):
    creds = bootstrap(proxied_app.extensions["kefu"].db, "demo", "Demo project")["client"]
    client = proxied_app.test_client()
    gateway = "10.0.0.2"  # every request reaches identity from the gateway; X-Forwarded-For names the caller
    for n in range(12):
        token(client, creds["client_id"], f"wrong-{n}", source=gateway, headers={"X-Forwarded-For": "198.51.100.66"})
    assert_rate_limited(token(client, creds["client_id"], "wrong", source=gateway,
                              headers={"X-Forwarded-For": "198.51.100.66"}))
    assert token(client, creds["client_id"], creds["client_secret"], source=gateway,
                 headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200


def test_attack_wrong_secret_checks_cost_a_keyed_hash_not_argon2(db, creds):
    doc = db.oauth_clients.find_one({"_id": creds["client"]["client_id"]})
    client = OAuthClient(doc, db)
    started = time.perf_counter()
    assert not any(client.check_client_secret(f"wrong-{n}") for n in range(50))
    # argon2 (64 MiB) took ~0.3 s a check: 50 would be ~15 s. HMAC-SHA256 is microseconds.
    assert time.perf_counter() - started < 1.0
    assert client.check_client_secret(creds["client"]["client_secret"])


def test_attack_legacy_argon2_client_still_signs_in_and_is_upgraded_to_the_keyed_hash(client, creds, db):
    integration = creds["client"]
    legacy = PasswordHasher().hash(integration["client_secret"])
    db.oauth_clients.update_one({"_id": integration["client_id"]}, {"$set": {"secret_hash": legacy}})
    assert token(client, integration["client_id"], "wrong").status_code == 401
    assert db.oauth_clients.find_one({"_id": integration["client_id"]})["secret_hash"] == legacy
    assert token(client, integration["client_id"], integration["client_secret"]).status_code == 200
    upgraded = db.oauth_clients.find_one({"_id": integration["client_id"]})["secret_hash"]
    assert upgraded.startswith("hmac-sha256$") and integration["client_secret"] not in upgraded
    assert token(client, integration["client_id"], integration["client_secret"]).status_code == 200


def test_attack_a_stolen_client_hash_is_useless_without_the_hmac_key(db, creds):
    stored = db.oauth_clients.find_one({"_id": creds["client"]["client_id"]})["secret_hash"]
    elsewhere = client_secrets.ClientSecretHasher(b"an attacker's guess at the key, 32+ bytes long")
    assert not elsewhere.verify(stored, creds["client"]["client_secret"]).ok
    assert client_secrets.default_hasher().verify(stored, creds["client"]["client_secret"]).ok


@pytest.fixture
def fresh_secrets():
    """The secret readers cache their first answer; clear before and after so no other test sees this one's env."""
    client_secrets.default_hasher.cache_clear()
    key_wrap.default_wrapper.cache_clear()
    yield
    client_secrets.default_hasher.cache_clear()
    key_wrap.default_wrapper.cache_clear()


def test_attack_production_without_the_token_secrets_refuses_to_start(settings_for, monkeypatch, fresh_secrets):
    monkeypatch.setenv("KEFU_ENV", "production")
    monkeypatch.setenv("IDENTITY_ACCESS_LOG_KEY", "a" * 40)  # checked first; its own test is in test_attack_access_log
    monkeypatch.delenv("IDENTITY_CLIENT_SECRET_KEY", raising=False)
    monkeypatch.setenv("IDENTITY_KEY_ENCRYPTION_KEY", base64.b64encode(b"k" * 32).decode())
    with pytest.raises(MissingSecret, match="IDENTITY_CLIENT_SECRET_KEY"):
        create_app(settings_for("identity"))
    monkeypatch.setenv("IDENTITY_CLIENT_SECRET_KEY", "s" * 40)
    monkeypatch.delenv("IDENTITY_KEY_ENCRYPTION_KEY")
    key_wrap.default_wrapper.cache_clear()
    with pytest.raises(MissingSecret, match="IDENTITY_KEY_ENCRYPTION_KEY"):
        create_app(settings_for("identity"))
