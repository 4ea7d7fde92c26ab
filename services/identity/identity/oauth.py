"""OAuth 2 authorization server (authlib).

Grants: client credentials (integrations), password (staff, with a `tenant_id` form parameter
choosing the project whose roles the token carries) and refresh token (rotated: the old one is
revoked on use, and presenting a revoked one ends the whole session). RFC 7009 revocation.
Access tokens are 15-minute RS256 JWTs; refresh tokens are random and stored only as SHA-256.

Guessing is limited (throttling.py): failed client authentication per client id and per source
address, failed passwords per source and per account (domain.sign_in_state), each refused before
any secret is checked. A sign-in session ends at an absolute time however often it is refreshed.
"""
from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidClientError, InvalidGrantError, InvalidRequestError
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from kefulib.clock import now
from pymongo.database import Database

from .access import HQ_COMPANY
from .client_secrets import ClientSecretHasher, default_hasher
from .domain import HQ_ROLES, LoginAttempt, SessionPolicy, ThrottlePolicy, role_scopes, sign_in_state
from .handlers.staff import check_password, password_hasher, roles_for
from .keys import SigningKeys
from .sources import source_address
from .store import CLIENTS, LOGIN_ATTEMPTS, REFRESH_TOKENS, STAFF, TENANTS
from .throttling import ACCOUNT_LIMIT, FailureLog, client_limits, password_limits

ACCESS_TOKEN_LIFETIME = timedelta(minutes=15)
REFRESH_TOKEN_LIFETIME = timedelta(hours=12)  # a long shift; each refresh issues a new one
SESSIONS = SessionPolicy(refresh_lifetime=REFRESH_TOKEN_LIFETIME, max_session=timedelta(hours=24))
THROTTLE = ThrottlePolicy()  # per account *and source*; ACCOUNT_LIMIT is the account-wide one
THROTTLE_HISTORY = timedelta(days=3)  # longer than the longest lockout plus the forgetting time
AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
GRANT_TYPES = ["client_credentials", "password", "refresh_token"]

__all__ = ["ACCESS_TOKEN_LIFETIME", "GRANT_TYPES", "create_authorization_server", "password_hasher", "hash_token"]


def hash_token(token: str) -> str:
    """Refresh tokens are 384-bit random strings: a plain SHA-256 is enough and allows lookup."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class OAuthClient(ClientMixin):
    """An OAuth client belonging to one property project (integrations) or to HQ (the staff console)."""

    doc: dict
    db: Database | None = None  # to upgrade a legacy argon2 secret hash on success
    hasher: ClientSecretHasher | None = None

    def get_client_id(self):
        return self.doc["_id"]

    def get_default_redirect_uri(self):
        uris = self.doc.get("redirect_uris") or []
        return uris[0] if uris else None

    def get_allowed_scope(self, scope):
        allowed = set(self.doc.get("scopes", []))
        if scope is None:
            return " ".join(sorted(allowed))
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        # Exact match only (RFC 9700 4.1.3); clients without redirect URIs never take part in a redirect.
        return redirect_uri in (self.doc.get("redirect_uris") or [])

    def check_client_secret(self, client_secret):
        verdict = (self.hasher or default_hasher()).verify(self.doc["secret_hash"], client_secret)
        if verdict.rehash and self.db is not None:
            # Only if nobody replaced it meanwhile (a new secret must not be overwritten by the old one's hash).
            self.db[CLIENTS].update_one({"_id": self.doc["_id"], "secret_hash": self.doc["secret_hash"]},
                                        {"$set": {"secret_hash": verdict.rehash}})
        return verdict.ok

    def check_endpoint_auth_method(self, method, endpoint):
        return method in AUTH_METHODS

    def check_response_type(self, response_type):
        return response_type == "code" and "authorization_code" in self.doc.get("grant_types", [])

    def check_grant_type(self, grant_type):
        return grant_type in self.doc.get("grant_types", ["client_credentials"])


@dataclass
class StaffUser:
    """A signed-in person acting in one project with the roles they hold there."""

    doc: dict
    tenant_id: str
    roles: list[str]
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    session_ends_at: datetime | None = None  # absolute end, fixed at the password sign-in

    def get_user_id(self):
        return self.doc["_id"]

    @property
    def hq(self) -> bool:
        return any(r in {h.value for h in HQ_ROLES} for r in self.roles)


@dataclass
class RefreshTokenRecord:
    doc: dict

    def check_client(self, client):
        return self.doc["client_id"] == client.get_client_id()

    def get_scope(self):
        return self.doc.get("scope") or ""


@dataclass
class AccessTokenRecord:
    claims: dict

    def check_client(self, client):
        return self.claims.get("client_id") == client.get_client_id()


class LockedOut(InvalidGrantError):
    """Too many failed sign-ins: the account is locked for a while (Retry-After says how long)."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many failed sign-ins; try again in {retry_after} seconds.")
        self.retry_after = retry_after

    def get_headers(self):
        return super().get_headers() + [("Retry-After", str(self.retry_after))]


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS


class PlatformTokenGenerator(JWTBearerTokenGenerator):
    """RS256 access tokens carrying the tenant, roles and HQ flag every service authorizes by."""

    def __init__(self, issuer: str, audience: str, keys: SigningKeys):
        super().__init__(issuer=issuer, alg="RS256",
                         refresh_token_generator=lambda **_: secrets.token_urlsafe(48),
                         expires_generator=lambda client, grant_type: int(ACCESS_TOKEN_LIFETIME.total_seconds()))
        self.audience = audience
        self.keys = keys

    def generate(self, grant_type, client, user=None, scope=None, expires_in=None, include_refresh_token=True):
        scope = client.get_allowed_scope(scope)
        if isinstance(user, StaffUser):  # a person gets no more than their roles in this project allow
            scope = " ".join(s for s in scope.split() if s in role_scopes(user.roles))
        return super().generate(grant_type, client, user=user, scope=scope, expires_in=expires_in,
                                include_refresh_token=include_refresh_token)

    def get_jwks(self):
        return self.keys.signing_key_set()

    def get_audiences(self, client, user, scope):
        return self.audience

    def get_extra_claims(self, client, grant_type, user, scope):
        if isinstance(user, StaffUser):
            return {"tenant_id": user.tenant_id, "roles": user.roles, "hq": user.hq, "sid": user.session_id}
        doc = client.doc
        return {"tenant_id": doc["tenant_id"], "roles": doc.get("roles", []), "hq": bool(doc.get("hq", False))}


def _staff_user(db: Database, client: OAuthClient, person: dict, tenant_id: str, session_id: str | None = None):
    """The person acting in `tenant_id`, or invalid_grant if they may not act there through this client."""
    if db[TENANTS].find_one({"_id": tenant_id}) is None:
        raise InvalidGrantError("No such property project.")
    if client.doc["tenant_id"] not in (HQ_COMPANY, tenant_id):
        raise InvalidGrantError("This client signs staff in to its own project only.")
    roles = roles_for(person, tenant_id)
    if not roles:
        raise InvalidGrantError("The account holds no role in this property project.")
    user = StaffUser(person, tenant_id, roles)
    if session_id:
        user.session_id = session_id
    return user


def check_sign_in(db: Database, failures: FailureLog, username: str, password: str, at: datetime) -> dict:
    """The person whose password this is, with every sign-in limit applied (password grant and sign-in page).

    Raises LockedOut (account locked for this source), InvalidGrantError (wrong username or password)
    or the FailureLog's 429 (a source guessing many accounts), before any password is checked when limited.
    """
    key, source = username.strip().lower(), source_address()
    failures.check(password_limits(source), at)  # a source guessing many accounts: 429, nothing counted
    attempts = db[LOGIN_ATTEMPTS].find({"username": key, "at": {"$gte": at - THROTTLE_HISTORY}})
    state = sign_in_state(THROTTLE, ACCOUNT_LIMIT,
                          [LoginAttempt(a["at"], a["succeeded"], a.get("source")) for a in attempts], source, at)
    if not state.allowed:
        raise LockedOut(state.retry_after_seconds(at))
    person = db[STAFF].find_one({"username": key, "disabled": {"$ne": True}})
    ok = check_password(person, password)
    db[LOGIN_ATTEMPTS].insert_one({"username": key, "at": at, "succeeded": ok, "source": source})
    if not ok:
        failures.record_failure(password_limits(source), at)
        raise InvalidGrantError("Wrong username or password.")
    return person


def make_password_grant(db: Database, failures: FailureLog):
    class PasswordGrant(grants.ResourceOwnerPasswordCredentialsGrant):
        """Staff sign-in; `tenant_id` picks the project, failures are throttled per username."""

        TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

        def authenticate_token_endpoint_client(self):
            client = super().authenticate_token_endpoint_client()
            self.request.client = client  # authenticate_user needs it to check the project
            return client

        def authenticate_user(self, username, password):
            tenant_id = self.request.form.get("tenant_id")
            if not tenant_id:
                raise InvalidRequestError("Missing 'tenant_id' in request: name the property project to act in.")
            at = now()
            person = check_sign_in(db, failures, username, password, at)
            user = _staff_user(db, self.request.client, person, tenant_id)
            user.session_ends_at = SESSIONS.session_ends_at(at)
            return user

    return PasswordGrant


def make_refresh_grant(db: Database):
    class RefreshTokenGrant(grants.RefreshTokenGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS
        INCLUDE_NEW_REFRESH_TOKEN = True

        def authenticate_refresh_token(self, refresh_token):
            doc = db[REFRESH_TOKENS].find_one({"_id": hash_token(refresh_token)})
            if doc is None:
                return None
            if doc.get("revoked_at") is not None:
                # A rotated-away token came back: it was copied. End the whole session (RFC 9700 4.14.2).
                revoke_session(db, doc["session_id"], "refresh token reused")
                return None
            if not SESSIONS.may_refresh(now(), doc["expires_at"], _session_ends_at(doc)):
                return None  # authlib answers invalid_grant
            return RefreshTokenRecord(doc)

        def authenticate_user(self, refresh_token):
            # Claim the token atomically: of two concurrent refreshes with one token, only one wins.
            claimed = db[REFRESH_TOKENS].find_one_and_update(
                {"_id": refresh_token.doc["_id"], "revoked_at": None},
                {"$set": {"revoked_at": now(), "revoked_because": "rotated"}})
            person = db[STAFF].find_one({"_id": refresh_token.doc["person_id"], "disabled": {"$ne": True}})
            if claimed is None or person is None:
                raise InvalidGrantError("The refresh token is no longer valid.")
            user = _staff_user(db, self.request.client, person, refresh_token.doc["tenant_id"],
                               refresh_token.doc["session_id"])
            user.session_ends_at = _session_ends_at(refresh_token.doc)  # refreshing never moves the end
            return user

        def revoke_old_credential(self, refresh_token):
            pass  # already revoked when it was claimed in authenticate_user

    return RefreshTokenGrant


def _session_ends_at(doc: dict) -> datetime:
    """Tokens stored before sessions had an absolute end get one counted from their own issue."""
    return doc.get("session_ends_at") or SESSIONS.session_ends_at(doc["issued_at"])


def revoke_session(db: Database, session_id: str, because: str) -> int:
    result = db[REFRESH_TOKENS].update_many({"session_id": session_id, "revoked_at": None},
                                            {"$set": {"revoked_at": now(), "revoked_because": because}})
    return result.modified_count


def make_revocation_endpoint(db: Database, keys: SigningKeys):
    class Revocation(RevocationEndpoint):
        """RFC 7009. Revoking either token ends its sign-in session: no refresh token of it works again.

        Access tokens are self-contained and checked locally by every service, so one already
        issued stays valid until it expires (at most 15 minutes).
        """

        CLIENT_AUTH_METHODS = AUTH_METHODS

        def query_token(self, token_string, token_type_hint):
            if token_type_hint != "access_token":
                doc = db[REFRESH_TOKENS].find_one({"_id": hash_token(token_string)})
                if doc is not None:
                    return RefreshTokenRecord(doc)
            if token_type_hint != "refresh_token":
                try:
                    claims = jwt.decode(token_string, KeySet.import_key_set(keys.public_jwks()),
                                        algorithms=["RS256"]).claims
                except (JoseError, ValueError):
                    return None
                return AccessTokenRecord(claims)
            return None

        def revoke_token(self, token, request):
            if isinstance(token, RefreshTokenRecord):
                revoke_session(db, token.doc["session_id"], "revoked")
            elif token.claims.get("sid"):
                revoke_session(db, token.claims["sid"], "revoked")

    return Revocation


def _presented_client_id(request) -> str | None:
    client_id, _ = extract_basic_authorization(request.headers)
    return client_id or request.form.get("client_id")


class PlatformAuthorizationServer(AuthorizationServer):
    """authlib's server with failed client authentication limited per client id and source address."""

    def __init__(self, app, *, failures: FailureLog, **kwargs):
        super().__init__(app, **kwargs)
        self.failures = failures

    def authenticate_client(self, request, methods, endpoint="token"):
        at = now()
        limits = client_limits(_presented_client_id(request), source_address())
        self.failures.check(limits, at)  # refused before the secret is checked
        try:
            return super().authenticate_client(request, methods, endpoint)
        except InvalidClientError:
            self.failures.record_failure(limits, at)
            raise


def create_authorization_server(app, db: Database, keys: SigningKeys, issuer: str, audience: str) -> AuthorizationServer:
    hasher = default_hasher()  # here, so a production start without IDENTITY_CLIENT_SECRET_KEY fails at once
    failures = FailureLog(db)

    def query_client(client_id):
        doc = db[CLIENTS].find_one({"_id": client_id, "disabled": {"$ne": True}})
        return OAuthClient(doc, db, hasher) if doc else None

    def save_token(token, request):
        # Access tokens are self-contained JWTs; only a staff refresh token is kept, as its hash.
        user = request.user
        if "refresh_token" in token and isinstance(user, StaffUser):
            issued = now()
            ends = user.session_ends_at or SESSIONS.session_ends_at(issued)
            db[REFRESH_TOKENS].insert_one({
                "_id": hash_token(token["refresh_token"]), "session_id": user.session_id,
                "person_id": user.get_user_id(), "tenant_id": user.tenant_id,
                "client_id": request.client.get_client_id(), "scope": token.get("scope", ""),
                "issued_at": issued, "expires_at": SESSIONS.refresh_expires_at(issued, ends),
                "session_ends_at": ends, "revoked_at": None,
            })

    server = PlatformAuthorizationServer(app, failures=failures, query_client=query_client, save_token=save_token)
    server.register_grant(ClientCredentialsGrant)
    server.register_grant(make_password_grant(db, failures))
    server.register_grant(make_refresh_grant(db))
    server.register_endpoint(make_revocation_endpoint(db, keys))
    server.register_token_generator("default", PlatformTokenGenerator(issuer, audience, keys))
    return server
