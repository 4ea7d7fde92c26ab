"""Bearer-token verification against the identity service's JWKS, and per-endpoint demands.

Tokens are RS256 JWTs carrying `tenant_id`, `roles` and `scope`. Keys are fetched from the
JWKS URL and cached; a token signed with an unknown `kid` triggers one early refresh, which is
how key rotation reaches every service without a restart.
"""
from __future__ import annotations

import base64
import binascii
import functools
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import requests
from flask import current_app, g, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from .problems import Forbidden, Unauthorized

ALLOWED_ALGORITHMS = ["RS256"]


@dataclass(frozen=True)
class Principal:
    """Who is calling, as the verified token says (never taken from the request body)."""

    subject: str
    tenant_id: str
    client_id: str | None
    roles: frozenset[str]
    scopes: frozenset[str]
    hq: bool = False

    @property
    def actor(self) -> str:
        return self.subject


class JwksCache:
    """Keeps the identity service's public keys; refreshes on expiry or on an unknown key id."""

    MIN_REFRESH_INTERVAL = 5.0  # seconds; stops a flood of forged kids from hammering identity

    def __init__(self, fetch: Callable[[], dict], ttl_seconds: float = 300):
        self._fetch = fetch
        self._ttl = ttl_seconds
        self._lock = threading.Lock()
        self._keys: KeySet | None = None
        self._fetched_at = 0.0

    def key_set_for(self, kid: str | None) -> KeySet:
        with self._lock:
            now = time.monotonic()
            stale = self._keys is None or now - self._fetched_at > self._ttl
            unknown = kid is not None and self._keys is not None and not self._has(kid)
            may_refresh = now - self._fetched_at > self.MIN_REFRESH_INTERVAL
            if stale or (unknown and may_refresh):
                self._keys = KeySet.import_key_set(self._fetch())
                self._fetched_at = now
            return self._keys

    def _has(self, kid: str) -> bool:
        return any(key.kid == kid for key in self._keys.keys)


def http_jwks_fetcher(url: str, timeout: float = 5.0) -> Callable[[], dict]:
    def fetch() -> dict:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        return response.json()
    return fetch


class TokenVerifier:
    def __init__(self, jwks: JwksCache, issuer: str, audience: str):
        self._jwks = jwks
        self._claims = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True},
            tenant_id={"essential": True},
        )

    def verify(self, token: str) -> Principal:
        try:
            kid = _unverified_kid(token)
            decoded = jwt.decode(token, self._jwks.key_set_for(kid), algorithms=ALLOWED_ALGORITHMS)
            self._claims.validate(decoded.claims)
        except (JoseError, ValueError) as exc:
            raise Unauthorized(f"The access token is not valid: {exc.__class__.__name__}.") from exc
        except requests.RequestException as exc:
            raise Unauthorized("The token's signing keys could not be fetched; try again shortly.") from exc
        claims = decoded.claims
        return Principal(
            subject=str(claims.get("sub")),
            tenant_id=str(claims["tenant_id"]),
            client_id=claims.get("client_id"),
            roles=frozenset(claims.get("roles") or ()),
            scopes=frozenset((claims.get("scope") or "").split()),
            hq=bool(claims.get("hq", False)),
        )


def _unverified_kid(token: str) -> str | None:
    """The `kid` of the token's header, read before verification to pick the key.

    The header is attacker-controlled: anything that is not a JSON object with an optional string `kid` is a
    ValueError, which `verify` answers as 401 (a JSON array, string or null here used to escape as a 500).
    """
    header_segment = token.split(".", 1)[0]
    padded = header_segment + "=" * (-len(header_segment) % 4)
    try:
        header = json.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, RecursionError) as exc:
        raise ValueError("token header is not base64url JSON") from exc
    if not isinstance(header, dict):
        raise ValueError("token header is not a JSON object")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise ValueError("token header kid is not a string")
    return kid


def current_principal() -> Principal:
    return g.principal


def require(*, scopes: Iterable[str] = (), roles: Iterable[str] = (), any_scopes: Iterable[str] = ()):
    """Demand a verified token holding every scope in `scopes`, at least one of `any_scopes` if given (a narrow
    scope that opens one part of a service beside the broad one that opens all of it), and one of `roles`."""
    needed_scopes = frozenset(scopes)
    one_of_scopes = frozenset(any_scopes)
    allowed_roles = frozenset(roles)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            principal = authenticate_request()
            missing = needed_scopes - principal.scopes
            if missing:
                raise Forbidden(f"The token lacks the scope(s): {', '.join(sorted(missing))}.")
            if one_of_scopes and not (one_of_scopes & principal.scopes):
                raise Forbidden(f"The token needs one of the scopes: {', '.join(sorted(one_of_scopes))}.")
            if allowed_roles and not (allowed_roles & principal.roles):
                raise Forbidden(f"This needs one of the roles: {', '.join(sorted(allowed_roles))}.")
            return view(*args, **kwargs)
        return wrapper
    return decorate


def authenticate_request() -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Send an access token as 'Authorization: Bearer <token>'.")
    principal = current_app.extensions["kefu.verifier"].verify(token.strip())
    g.principal = principal
    return principal
