"""A signing key and token factory for tests of services that verify identity's tokens."""
from __future__ import annotations

import time
import uuid

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey


class TokenFactory:
    def __init__(self, issuer: str = "http://identity.test", audience: str = "kefu"):
        self.issuer = issuer
        self.audience = audience
        self.key = RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex, "use": "sig", "alg": "RS256"})

    @property
    def jwks(self) -> dict:
        return KeySet([self.key]).as_dict(private=False)

    def issue(self, tenant_id: str, scopes: list[str] | str = (), roles: list[str] = (), *, subject: str = "tester",
              hq: bool = False, expires_in: int = 600, key: RSAKey | None = None) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.audience, "sub": subject, "iat": now, "exp": now + expires_in,
            "jti": uuid.uuid4().hex, "tenant_id": tenant_id, "roles": list(roles), "hq": hq,
            "scope": scopes if isinstance(scopes, str) else " ".join(scopes), "client_id": "test-client",
        }
        signing_key = key or self.key
        return jwt.encode({"alg": "RS256", "kid": signing_key.kid, "typ": "at+jwt"}, claims, signing_key)

    def headers(self, tenant_id: str, scopes, roles=(), **kwargs) -> dict:
        return {"Authorization": "Bearer " + self.issue(tenant_id, scopes, roles, **kwargs)}
