"""The console as an OAuth 2 client of identity: build the authorization URL (PKCE S256), exchange
the code, refresh and revoke. A confidential client: every back-channel call is authenticated."""
from __future__ import annotations

import base64
import hashlib
import json
import time
from urllib.parse import urlencode

import requests

from .config import ConsoleSettings

# Everything a console user may need; identity intersects it with what the person's roles allow. identity:admin
# reaches only the project manager: the settings screen's staff tab, and the names of the people in the archives'
# requests and access log (GET /staff).
SCOPE = ("identity:read identity:write identity:archives identity:admin ticketing:read ticketing:write "
         "visits:read visits:write billing:read billing:write billing:quote notifications:read notifications:write "
         "desk:read desk:write desk:answers renovation:read renovation:write")
TIMEOUT = 10


class SignInFailed(Exception):
    pass


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def authorize_url(settings: ConsoleSettings, state: str, verifier: str) -> str:
    return settings.identity_url + "/oauth/authorize?" + urlencode({
        "response_type": "code", "client_id": settings.client_id, "redirect_uri": settings.redirect_uri,
        "scope": SCOPE, "state": state, "code_challenge": s256(verifier), "code_challenge_method": "S256"})


def _token_call(settings: ConsoleSettings, form: dict) -> dict:
    response = requests.post(settings.identity_url + "/oauth/token", data=form, timeout=TIMEOUT,
                             auth=(settings.client_id, settings.client_secret))
    if response.status_code != 200:
        raise SignInFailed(response.text[:300])
    return _tokens(response.json())


def exchange_code(settings: ConsoleSettings, code: str, verifier: str) -> dict:
    return _token_call(settings, {"grant_type": "authorization_code", "code": code, "code_verifier": verifier,
                                  "redirect_uri": settings.redirect_uri})


def refresh(settings: ConsoleSettings, refresh_token: str) -> dict:
    return _token_call(settings, {"grant_type": "refresh_token", "refresh_token": refresh_token})


def revoke(settings: ConsoleSettings, refresh_token: str) -> None:
    # RFC 7009: identity ends the whole sign-in session, so the refresh token cannot be used again.
    requests.post(settings.identity_url + "/oauth/revoke", timeout=TIMEOUT, auth=(settings.client_id, settings.client_secret),
                  data={"token": refresh_token, "token_type_hint": "refresh_token"})


def claims_of(access_token: str) -> dict:
    """The token's claims. Not verified here: it came straight from identity's token endpoint over the
    back channel, and every service verifies it again on each call."""
    payload = access_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _tokens(answer: dict) -> dict:
    return {"access_token": answer["access_token"], "refresh_token": answer["refresh_token"],
            "access_expires_at": time.time() + int(answer.get("expires_in", 900))}
