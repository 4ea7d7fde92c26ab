"""Staff accounts and OAuth 2 with a real authlib client over HTTP: client credentials, password,
refresh with rotation, revocation and key rotation."""
import pytest
import requests
from authlib.integrations.base_client.errors import OAuthError as OAuth2Error
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet

PASSWORD = "correct horse battery"


@pytest.fixture
def hq(token_factory):
    return token_factory.headers("hq", ["identity:admin"], ["hq_admin"], subject="hq-admin", hq=True)


@pytest.fixture
def staff_app(creds):
    return creds["staff_app"]


@pytest.fixture
def person(client, projects, hq):
    """Li Wei: CS assistant in p1 and project manager in p2 (one person, two projects)."""
    response = client.post("/staff", headers=hq, json={
        "username": "liwei", "name": "Li Wei", "password": PASSWORD,
        "roles": [{"role": "cs_assistant", "project_id": "p1"}, {"role": "project_manager", "project_id": "p2"}]})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def session_for(app_creds, **kwargs) -> OAuth2Session:
    return OAuth2Session(app_creds["client_id"], app_creds["client_secret"],
                         token_endpoint_auth_method="client_secret_basic", **kwargs)


def claims_of(live_server, access_token) -> dict:
    keys = KeySet.import_key_set(requests.get(live_server + "/.well-known/jwks.json", timeout=5).json())
    return jwt.decode(access_token, keys, algorithms=["RS256"]).claims


def sign_in(live_server, staff_app, tenant_id, password=PASSWORD, username="liwei"):
    session = session_for(staff_app)
    session.fetch_token(live_server + "/oauth/token", username=username, password=password, tenant_id=tenant_id)
    return session


def test_an_integration_client_signs_in_with_client_credentials(live_server, creds):
    session = session_for(creds["client"])
    token = session.fetch_token(live_server + "/oauth/token", grant_type="client_credentials")
    claims = claims_of(live_server, token["access_token"])
    assert claims["tenant_id"] == "demo" and claims["roles"] == ["integration_client"] and token["expires_in"] == 900
    assert "refresh_token" not in token


def test_staff_sign_in_with_a_password_and_get_the_chosen_projects_roles(live_server, staff_app, person):
    in_p1 = claims_of(live_server, sign_in(live_server, staff_app, "p1").token["access_token"])
    in_p2 = claims_of(live_server, sign_in(live_server, staff_app, "p2").token["access_token"])
    assert (in_p1["tenant_id"], in_p1["roles"], in_p1["sub"]) == ("p1", ["cs_assistant"], person["id"])
    assert (in_p2["tenant_id"], in_p2["roles"]) == ("p2", ["project_manager"])
    assert "identity:admin" in in_p2["scope"].split() and "identity:admin" not in in_p1["scope"].split()
    assert in_p1["hq"] is False


def test_a_person_cannot_sign_in_to_a_project_where_they_hold_no_role(live_server, staff_app, person):
    with pytest.raises(OAuth2Error) as refused:
        sign_in(live_server, staff_app, "demo")
    assert refused.value.error == "invalid_grant"


def test_signing_in_without_a_tenant_id_is_an_invalid_request(live_server, staff_app, person):
    with pytest.raises(OAuth2Error) as refused:
        session_for(staff_app).fetch_token(live_server + "/oauth/token", username="liwei", password=PASSWORD)
    assert refused.value.error == "invalid_request"


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(live_server, staff_app, person):
    for _ in range(5):
        with pytest.raises(OAuth2Error):
            sign_in(live_server, staff_app, "p1", password="wrong password!")
    response = requests.post(live_server + "/oauth/token", auth=(staff_app["client_id"], staff_app["client_secret"]),
                             data={"grant_type": "password", "username": "liwei", "password": PASSWORD,
                                   "tenant_id": "p1"}, timeout=5)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert int(response.headers["Retry-After"]) > 0


def test_a_refresh_rotates_the_refresh_token_and_the_old_one_stops_working(live_server, staff_app, person, db):
    session = sign_in(live_server, staff_app, "p1")
    first = session.token["refresh_token"]
    second = session.refresh_token(live_server + "/oauth/token", refresh_token=first)
    assert second["refresh_token"] != first
    assert claims_of(live_server, second["access_token"])["roles"] == ["cs_assistant"]
    with pytest.raises(OAuth2Error) as reused:
        session_for(staff_app).refresh_token(live_server + "/oauth/token", refresh_token=first)
    assert reused.value.error == "invalid_grant"
    # Reuse of a rotated token is taken as theft: the whole session ends, the newest token too.
    with pytest.raises(OAuth2Error):
        session_for(staff_app).refresh_token(live_server + "/oauth/token", refresh_token=second["refresh_token"])
    assert all(first not in str(doc) for doc in db.refresh_tokens.find())  # stored only as hashes


def test_revoking_a_refresh_token_ends_the_session(live_server, staff_app, person):
    session = sign_in(live_server, staff_app, "p1")
    refresh = session.token["refresh_token"]
    response = session.revoke_token(live_server + "/oauth/revoke", token=refresh, token_type_hint="refresh_token")
    assert response.status_code == 200
    with pytest.raises(OAuth2Error):
        session_for(staff_app).refresh_token(live_server + "/oauth/token", refresh_token=refresh)


def test_revoking_an_access_token_ends_the_refresh_tokens_of_its_session(live_server, staff_app, person):
    session = sign_in(live_server, staff_app, "p1")
    response = session.revoke_token(live_server + "/oauth/revoke", token=session.token["access_token"],
                                    token_type_hint="access_token")
    assert response.status_code == 200
    with pytest.raises(OAuth2Error):
        session_for(staff_app).refresh_token(live_server + "/oauth/token", refresh_token=session.token["refresh_token"])


def test_revoking_an_unknown_token_is_answered_200_as_rfc_7009_says(live_server, staff_app):
    response = session_for(staff_app).revoke_token(live_server + "/oauth/revoke", token="nonsense")
    assert response.status_code == 200


def test_hq_rotates_the_key_and_tokens_from_both_keys_verify(live_server, creds):
    admin = session_for(creds["hq_admin"])
    old = admin.fetch_token(live_server + "/oauth/token", grant_type="client_credentials")["access_token"]
    old_kid = jwt.decode(old, KeySet.import_key_set(requests.get(live_server + "/.well-known/jwks.json",
                                                                 timeout=5).json())).header["kid"]
    rotated = admin.post(live_server + "/keys/rotate")
    assert rotated.status_code == 201 and rotated.json()["kid"] != old_kid
    new = admin.fetch_token(live_server + "/oauth/token", grant_type="client_credentials")["access_token"]
    assert claims_of(live_server, old)["tenant_id"] == claims_of(live_server, new)["tenant_id"] == "hq"
    assert jwt.decode(new, KeySet.import_key_set(requests.get(live_server + "/.well-known/jwks.json",
                                                              timeout=5).json())).header["kid"] == rotated.json()["kid"]


def test_only_hq_rotates_keys(client, as_role, token_factory):
    headers = token_factory.headers("p1", ["identity:admin"], ["project_manager"])
    assert client.post("/keys/rotate", headers=headers).status_code == 403


def test_discovery_lists_every_grant_and_the_revocation_endpoint(client):
    doc = client.get("/.well-known/openid-configuration").get_json()
    assert set(doc["grant_types_supported"]) == {"client_credentials", "password", "refresh_token",
                                                 "authorization_code"}
    assert doc["authorization_endpoint"].endswith("/oauth/authorize")
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert doc["revocation_endpoint"].endswith("/oauth/revoke")


def test_a_weak_password_is_refused_naming_the_field_and_nothing_is_written(client, db, projects, hq):
    response = client.post("/staff", headers=hq, json={"username": "zhang", "name": "Zhang", "password": "1234567890",
                                                       "roles": [{"role": "cs_assistant", "project_id": "p1"}]})
    assert response.status_code == 422 and "password" in response.get_json()["errors"]
    assert db.staff.count_documents({}) == 0


@pytest.mark.parametrize("body, field", [
    ({"name": "x", "password": PASSWORD, "roles": [{"role": "cs_assistant"}]}, "username"),
    ({"username": "ab", "name": "x", "password": PASSWORD, "roles": [{"role": "cs_assistant"}]}, "username"),
    ({"username": "abc", "name": "x", "password": PASSWORD, "roles": []}, "roles"),
    ({"username": "abc", "name": "x", "password": PASSWORD, "roles": [{"role": "wizard"}]}, "roles.0.role"),
    ({"username": "abc", "name": "x", "password": PASSWORD, "roles": [{"role": "integration_client"}]}, "roles.0.role"),
])
def test_malformed_staff_accounts_name_the_field(client, db, projects, hq, body, field):
    response = client.post("/staff", headers=hq, json=body)
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert db.staff.count_documents({}) == 0


def test_the_password_is_stored_only_as_an_argon2_hash(db, person):
    stored = db.staff.find_one({"_id": person["id"]})
    assert stored["password_hash"].startswith("$argon2") and PASSWORD not in str(stored)


def test_a_project_manager_adds_roles_only_in_their_own_project(client, person, token_factory):
    manager = token_factory.headers("p2", ["identity:admin"], ["project_manager"], subject="p2-pm")
    added = client.post(f"/staff/{person['id']}/roles", json={"role": "security"}, headers=manager)
    assert added.status_code == 200
    assert {"project_id": "p2", "role": "security"} in added.get_json()["roles"]
    assert all(r["project_id"] in ("p2", "hq") for r in added.get_json()["roles"])  # p1's roles stay hidden
    elsewhere = client.post(f"/staff/{person['id']}/roles", json={"role": "security", "project_id": "p1"},
                            headers=manager)
    hq_role = client.post(f"/staff/{person['id']}/roles", json={"role": "hq_auditor"}, headers=manager)
    assert elsewhere.status_code == 404 and hq_role.status_code == 403


def test_another_projects_staff_account_looks_missing(client, person, token_factory):
    stranger = token_factory.headers("demo", ["identity:admin"], ["project_manager"])
    foreign = client.get(f"/staff/{person['id']}", headers=stranger)
    missing = client.get("/staff/stf_nobody", headers=stranger)
    assert foreign.status_code == missing.status_code == 404 and foreign.get_json() == missing.get_json()
    assert client.get("/staff", headers=stranger).get_json()["total"] == 0


def test_an_hq_role_reads_across_projects_and_its_token_says_hq(live_server, client, staff_app, person, hq):
    client.post(f"/staff/{person['id']}/roles", json={"role": "hq_auditor"}, headers=hq)
    claims = claims_of(live_server, sign_in(live_server, staff_app, "demo").token["access_token"])
    assert claims["tenant_id"] == "demo" and claims["roles"] == ["hq_auditor"] and claims["hq"] is True
    assert "ticketing:write" not in claims["scope"].split()


def test_changing_the_password_ends_every_session(live_server, client, staff_app, person):
    session = sign_in(live_server, staff_app, "p1")
    headers = {"Authorization": "Bearer " + session.token["access_token"]}
    changed = client.post("/staff/me/password", headers=headers,
                          json={"current_password": PASSWORD, "new_password": "a much better phrase"})
    assert changed.status_code == 204
    with pytest.raises(OAuth2Error):
        session_for(staff_app).refresh_token(live_server + "/oauth/token", refresh_token=session.token["refresh_token"])
    assert sign_in(live_server, staff_app, "p1", password="a much better phrase").token["access_token"]
