"""OAuth 2 authorization code grant with PKCE (RFC 6749 4.1, RFC 7636) for the staff web console.

The console's back end is a confidential client: it authenticates at the token endpoint *and*
proves the code with its S256 verifier, so a code stolen from a redirect is useless alone. Codes
live 5 minutes, are stored only as SHA-256 and are claimed atomically (a replayed code fails even
when two exchanges race). The person and project were settled by the sign-in page (sign_in.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.errors import InvalidGrantError, InvalidRequestError
from authlib.oauth2.rfc7636 import CodeChallenge
from kefulib.clock import now
from pymongo.database import Database

from .oauth import AUTH_METHODS, StaffUser, _staff_user, hash_token
from .store import AUTHORIZATION_CODES, STAFF

CODE_LIFETIME = timedelta(minutes=5)


@dataclass
class StoredCode:
    doc: dict

    def get_redirect_uri(self):
        return self.doc["redirect_uri"]

    def get_scope(self):
        return self.doc.get("scope") or ""

    @property
    def code_challenge(self):
        return self.doc["code_challenge"]

    @property
    def code_challenge_method(self):
        return self.doc["code_challenge_method"]


def make_code_grant(db: Database):
    class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

        def save_authorization_code(self, code, request):
            data = request.payload.data
            # PKCE is not optional here (RFC 9700 2.1.1): only S256, checked before the code exists.
            if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
                raise InvalidRequestError("PKCE is required: send code_challenge with code_challenge_method=S256.")
            user: StaffUser = request.user
            db[AUTHORIZATION_CODES].insert_one({
                "_id": hash_token(code), "client_id": request.client.get_client_id(),
                "redirect_uri": request.payload.redirect_uri, "scope": request.payload.scope or "",
                "person_id": user.get_user_id(), "tenant_id": user.tenant_id,
                "session_ends_at": user.session_ends_at, "code_challenge": data["code_challenge"],
                "code_challenge_method": "S256", "expires_at": now() + CODE_LIFETIME,
            })

        def query_authorization_code(self, code, client):
            doc = db[AUTHORIZATION_CODES].find_one({"_id": hash_token(code), "client_id": client.get_client_id()})
            if doc is None or doc["expires_at"].replace(tzinfo=None) <= now().replace(tzinfo=None):
                return None
            return StoredCode(doc)

        def delete_authorization_code(self, authorization_code):
            pass  # claimed (deleted) in authenticate_user, atomically

        def authenticate_user(self, authorization_code):
            claimed = db[AUTHORIZATION_CODES].find_one_and_delete({"_id": authorization_code.doc["_id"]})
            person = db[STAFF].find_one({"_id": authorization_code.doc["person_id"], "disabled": {"$ne": True}})
            if claimed is None or person is None:
                raise InvalidGrantError("The authorization code is no longer valid.")
            user = _staff_user(db, self.request.client, person, claimed["tenant_id"])
            user.session_ends_at = claimed["session_ends_at"]
            return user

    return AuthorizationCodeGrant


def register_code_grant(server, db: Database) -> None:
    server.register_grant(make_code_grant(db), [CodeChallenge(required=True)])
