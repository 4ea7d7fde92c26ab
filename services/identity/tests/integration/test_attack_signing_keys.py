"""Attacks on the signing keys at rest: a database reader must not get a key that mints tokens."""
import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from identity.key_wrap import AesGcmKeyWrapper, UnwrapError
from identity.keys import SigningKeys
from identity.oauth import ACCESS_TOKEN_LIFETIME
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey


def token(client, client_id, secret):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post("/oauth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"})


def private_numbers(key: RSAKey) -> list[str]:
    jwk = key.as_dict(private=True)
    return [jwk[n] for n in ("d", "p", "q", "dp", "dq", "qi")]


def test_attack_database_reader_finds_no_private_signing_key(app, client, creds, db):
    response = token(client, creds["client"]["client_id"], creds["client"]["client_secret"])
    assert response.status_code == 200
    signing = app.extensions["kefu.keys"].signing_key_set().keys[0]
    stored = list(db.signing_keys.find())
    assert stored and all("private_jwk" not in doc for doc in stored)
    assert not any(secret in json.dumps(doc, default=str) for doc in stored for secret in private_numbers(signing))
    sealed = stored[0]["private_sealed"]
    assert sealed["alg"] == "A256GCM" and sealed["kek_id"].startswith("local:") and sealed["version"] == 1
    # ... and the tokens it signs still verify against the published JWKS.
    jwks = KeySet.import_key_set(client.get("/.well-known/jwks.json").get_json())
    assert jwt.decode(response.get_json()["access_token"], jwks, algorithms=["RS256"]).claims["tenant_id"] == "demo"


def test_attack_plaintext_key_stored_before_sealing_is_sealed_on_load(db):
    legacy = RSAKey.generate_key(2048, parameters={"kid": "legacy-kid", "use": "sig", "alg": "RS256"})
    db.signing_keys.insert_one({"_id": "legacy-kid", "generation": 7, "created_at": datetime.now(UTC),
                                "publish_until": None, "private_jwk": legacy.as_dict(private=True)})
    keys = SigningKeys(db, ACCESS_TOKEN_LIFETIME)
    assert keys.signing_key_set().keys[0].kid == "legacy-kid"  # still the signing key, no token in flight breaks
    doc = db.signing_keys.find_one({"_id": "legacy-kid"})
    assert "private_jwk" not in doc and "private_sealed" in doc
    assert not any(secret in json.dumps(doc, default=str) for secret in private_numbers(legacy))
    # Another process (fresh cache) opens the sealed key and signs with the same key.
    assert SigningKeys(db, ACCESS_TOKEN_LIFETIME).signing_key_set().keys[0].as_dict(private=True)["d"] == \
        legacy.as_dict(private=True)["d"]


def test_attack_retired_signing_key_is_deleted_once_no_token_needs_it(db):
    keys = SigningKeys(db, ACCESS_TOKEN_LIFETIME)
    old = keys.signing_key_set().keys[0].kid
    new = keys.rotate()
    previous = db.signing_keys.find_one({"_id": old})
    assert "private_sealed" not in previous and previous["publish_until"] is not None  # never signs again
    assert old in [k["kid"] for k in keys.public_jwks()["keys"]]  # but its tokens still verify for now
    db.signing_keys.update_one({"_id": old}, {"$set": {"publish_until": datetime.now(UTC) - timedelta(seconds=1)}})
    keys._reload(force=True)
    assert db.signing_keys.find_one({"_id": old}) is None
    assert [k["kid"] for k in keys.public_jwks()["keys"]] == [new]


def test_attack_sealed_key_copied_to_another_record_or_opened_with_another_kek_fails(db):
    keys = SigningKeys(db, ACCESS_TOKEN_LIFETIME)
    kid = keys.signing_key_set().keys[0].kid
    sealed = db.signing_keys.find_one({"_id": kid})["private_sealed"]
    with pytest.raises(UnwrapError):
        AesGcmKeyWrapper(b"\x01" * 32).unwrap(sealed, context=f"kefu identity signing key {kid}")
    with pytest.raises(UnwrapError):
        keys.wrapper.unwrap(sealed, context="kefu identity signing key another-kid")
    altered = {**sealed, "ciphertext": sealed["ciphertext"][:-4] + ("AAAA" if sealed["ciphertext"][-4:] != "AAAA" else "BBBB")}
    with pytest.raises(UnwrapError):
        keys.wrapper.unwrap(altered, context=f"kefu identity signing key {kid}")
