"""The staff console's sign-in: the authorization code grant with PKCE through identity's sign-in page,
driven over HTTP like a browser (form posts, cookies) and exchanged with a real authlib client."""
import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from identity.cli import console_client
from joserfc import jwt
from joserfc.jwk import KeySet

PASSWORD = "correct horse battery"
REDIRECT = "http://console.test/auth/callback"


@pytest.fixture
def console(db, creds):
    return console_client(db, [REDIRECT])


@pytest.fixture
def people(client, projects, token_factory):
    hq = token_factory.headers("hq", ["identity:admin"], ["hq_admin"], subject="hq-admin", hq=True)
    for username, roles in (("liwei", [("cs_assistant", "p1"), ("project_manager", "p2")]),
                            ("zhang", [("technician", "p1")])):
        response = client.post("/staff", headers=hq, json={
            "username": username, "name": username, "password": PASSWORD,
            "roles": [{"role": role, "project_id": project} for role, project in roles]})
        assert response.status_code == 201, response.get_json()


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def authorize_url(live_server, console, verifier, state="s1", **overrides):
    params = {"response_type": "code", "client_id": console["client_id"], "redirect_uri": REDIRECT, "state": state,
              "scope": "ticketing:read ticketing:write identity:read", "code_challenge_method": "S256",
              "code_challenge": create_s256_code_challenge(verifier), **overrides}
    return live_server + "/oauth/authorize?" + urlencode({k: v for k, v in params.items() if v is not None})


def sign_in_page(browser, url, username, password=PASSWORD):
    page = browser.get(url, timeout=5)
    assert page.status_code == 200 and "员工登录" in page.text
    return browser.post(url, data={"csrf": hidden(page.text, "csrf"), "step": "password", "username": username,
                                   "password": password}, allow_redirects=False, timeout=10)


def code_from(response) -> str:
    assert response.status_code == 302, response.text
    location = urlparse(response.headers["Location"])
    assert location.geturl().startswith(REDIRECT)
    query = parse_qs(location.query)
    assert query["state"] == ["s1"]
    return query["code"][0]


def exchange(live_server, console, code, verifier):
    session = OAuth2Session(console["client_id"], console["client_secret"], redirect_uri=REDIRECT,
                            token_endpoint_auth_method="client_secret_basic")
    return session.fetch_token(live_server + "/oauth/token", grant_type="authorization_code", code=code,
                               code_verifier=verifier)


def claims_of(live_server, access_token) -> dict:
    keys = KeySet.import_key_set(requests.get(live_server + "/.well-known/jwks.json", timeout=5).json())
    return jwt.decode(access_token, keys, algorithms=["RS256"]).claims


def test_a_technician_signs_in_on_the_page_and_the_code_buys_tokens_for_their_project(live_server, console, people):
    verifier = generate_token(48)
    code = code_from(sign_in_page(requests.Session(), authorize_url(live_server, console, verifier), "zhang"))
    token = exchange(live_server, console, code, verifier)
    claims = claims_of(live_server, token["access_token"])
    assert (claims["tenant_id"], claims["roles"], claims["hq"]) == ("p1", ["technician"], False)
    assert "refresh_token" in token and "identity:admin" not in claims["scope"].split()
    # Single use: the same code again is refused.
    with pytest.raises(Exception, match="invalid_grant"):
        exchange(live_server, console, code, verifier)


def test_a_person_with_roles_in_two_projects_chooses_one_and_gets_only_its_roles(live_server, console, people):
    verifier, browser = generate_token(48), requests.Session()
    url = authorize_url(live_server, console, verifier)
    choice = sign_in_page(browser, url, "liwei")
    assert choice.status_code == 200 and "请选择要进入的项目" in choice.text
    assert 'value="p1"' in choice.text and 'value="p2"' in choice.text
    assert 'type="password"' not in choice.text  # the password is not carried to the second step
    chosen = browser.post(url, data={"csrf": hidden(choice.text, "csrf"), "step": "project",
                                     "pending": hidden(choice.text, "pending"), "project": "p2"},
                          allow_redirects=False, timeout=10)
    claims = claims_of(live_server, exchange(live_server, console, code_from(chosen), verifier)["access_token"])
    assert (claims["tenant_id"], claims["roles"]) == ("p2", ["project_manager"])


def test_a_project_the_person_holds_no_role_in_cannot_be_chosen(live_server, console, people, projects):
    verifier, browser = generate_token(48), requests.Session()
    url = authorize_url(live_server, console, verifier)
    choice = sign_in_page(browser, url, "liwei")
    refused = browser.post(url, data={"csrf": hidden(choice.text, "csrf"), "step": "project",
                                      "pending": hidden(choice.text, "pending"), "project": "demo"},
                           allow_redirects=False, timeout=10)
    assert refused.status_code == 403 and "Location" not in refused.headers


def test_the_code_needs_the_verifier_it_was_issued_for(live_server, console, people):
    verifier = generate_token(48)
    code = code_from(sign_in_page(requests.Session(), authorize_url(live_server, console, verifier), "zhang"))
    with pytest.raises(Exception, match="invalid_grant"):
        exchange(live_server, console, code, generate_token(48))


@pytest.mark.parametrize("overrides, shows", [
    ({"code_challenge": None, "code_challenge_method": None}, "PKCE"),
    ({"code_challenge_method": "plain"}, "PKCE"),
    ({"redirect_uri": "https://evil.example/cb"}, "登录请求无效"),
])
def test_a_bad_request_is_shown_on_the_page_and_never_redirected(live_server, console, overrides, shows):
    response = requests.get(authorize_url(live_server, console, generate_token(48), **overrides),
                            allow_redirects=False, timeout=5)
    assert response.status_code == 400 and shows in response.text and "Location" not in response.headers


def test_the_page_refuses_a_post_without_its_csrf_cookie(live_server, console, people):
    url = authorize_url(live_server, console, generate_token(48))
    forged = requests.post(url, data={"csrf": "x" * 32, "step": "password", "username": "zhang", "password": PASSWORD},
                           allow_redirects=False, timeout=5)
    assert forged.status_code == 400 and "Location" not in forged.headers


def test_wrong_passwords_lock_the_page_like_the_password_grant(live_server, console, people):
    url, browser = authorize_url(live_server, console, generate_token(48)), requests.Session()
    for _ in range(5):
        assert sign_in_page(browser, url, "zhang", "wrong password").status_code == 401
    locked = sign_in_page(browser, url, "zhang")  # the right password, but locked for this source
    assert locked.status_code == 429 and "登录失败次数过多" in locked.text and "Location" not in locked.headers


def test_dispatchers_see_the_projects_technicians_by_name_only(client, people, token_factory):
    supervisor = token_factory.headers("p1", ["identity:read"], ["engineering_supervisor"], subject="boss")
    listed = client.get("/staff/technicians", headers=supervisor)
    assert listed.status_code == 200, listed.get_json()
    assert [(p["username"], sorted(p)) for p in listed.get_json()["items"]] == [("zhang", ["id", "name", "username"])]
    elsewhere = token_factory.headers("p2", ["identity:read"], ["engineering_supervisor"], subject="boss2")
    assert client.get("/staff/technicians", headers=elsewhere).get_json()["items"] == []
    technician = token_factory.headers("p1", ["identity:read"], ["technician"], subject="t")
    assert client.get("/staff/technicians", headers=technician).status_code == 403
