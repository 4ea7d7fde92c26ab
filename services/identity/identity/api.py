"""identity's REST endpoints: thin views over the handlers."""
from __future__ import annotations

from flask import current_app, jsonify
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from .access import HQ_ADMIN
from .handlers import tenants as tenant_handlers
from .oauth import GRANT_TYPES
from .schemas import (
    SCOPES,
    ClientCreatedOut,
    ClientIn,
    DiscoveryOut,
    JwksOut,
    KeyRotatedOut,
    OAuthErrorOut,
    RevokeForm,
    TenantIn,
    TenantOut,
    TokenForm,
    TokenOut,
)

tenants = Blueprint("tenants", __name__, description="Property projects (tenants) and their integration clients.")
wellknown = Blueprint("oauth", __name__, description="OAuth 2 token endpoint, JWKS and discovery.")

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
# The OAuth endpoints answer errors as RFC 6749 section 5.2 says (RFC 7009 for revocation), not as problem details.
OAUTH_ERRORS = {code: {"description": description, "content": {JSON: {"schema": OAuthErrorOut}}}
                for code, description in (("400", "OAuth error (invalid_request, invalid_grant, ...)"),
                                          ("401", "OAuth error invalid_client"),
                                          ("429", "OAuth error temporarily_unavailable: too many failed attempts from "
                                                  "this source or for this client; see Retry-After"))}


@tenants.route("/tenants", methods=["POST"])
@require(scopes=["identity:admin"], roles=["hq_admin"])
@idempotent()
@tenants.arguments(TenantIn)
@tenants.response(201, TenantOut)
def create_tenant(body):
    return tenant_handlers.create_tenant(context().db, body["name"], body["code"])


@tenants.route("/tenants/<tenant_id>", methods=["GET"])
@require(scopes=["identity:admin"])
@tenants.response(200, TenantOut)
def get_tenant(tenant_id):
    return tenant_handlers.visible_tenant(context().db, current_principal(), tenant_id)


@tenants.route("/tenants/<tenant_id>/clients", methods=["POST"])
@require(scopes=["identity:admin"])
@idempotent(withhold=("client_secret",))  # the secret is shown once and stored only hashed
@tenants.arguments(ClientIn)
@tenants.response(201, ClientCreatedOut)
def create_client(body, tenant_id):
    return tenant_handlers.register_client(context().db, current_principal(), tenant_id, body)


@tenants.route("/keys/rotate", methods=["POST"])
@require(scopes=["identity:admin"], roles=[HQ_ADMIN])
@idempotent()
@tenants.response(201, KeyRotatedOut)
@tenants.doc(summary="New signing key; the old one stays in the JWKS until its tokens have expired (HQ).")
def rotate_keys():
    return {"kid": current_app.extensions["kefu.keys"].rotate()}


@wellknown.route("/oauth/token", methods=["POST"])
@wellknown.doc(security=[], summary="OAuth 2 token endpoint (client_credentials, password with tenant_id, "
                                   "refresh_token); errors follow RFC 6749.",
               requestBody={"required": True, "content": {FORM: {"schema": TokenForm}}},
               responses={"200": {"description": "Tokens", "content": {JSON: {"schema": TokenOut}}}, **OAUTH_ERRORS})
def issue_token():
    return current_app.extensions["kefu.oauth"].create_token_response()


@wellknown.route("/oauth/revoke", methods=["POST"])
@wellknown.doc(security=[], summary="RFC 7009 revocation: revoking a refresh or access token ends its sign-in session.",
               requestBody={"required": True, "content": {FORM: {"schema": RevokeForm}}},
               responses={"200": {"description": "Revoked, or not a token of ours (RFC 7009 answers both alike)",
                                  "content": {JSON: {"schema": {"type": "object"}}}}, **OAUTH_ERRORS})
def revoke_token():
    return current_app.extensions["kefu.oauth"].create_endpoint_response("revocation")


@wellknown.route("/.well-known/jwks.json", methods=["GET"])
@wellknown.doc(security=[], summary="Public keys that verify access tokens (old keys stay until their tokens expire).",
               responses={"200": {"description": "JWK set", "content": {JSON: {"schema": JwksOut}}}})
def jwks():
    response = jsonify(current_app.extensions["kefu.keys"].public_jwks())
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


@wellknown.route("/.well-known/openid-configuration", methods=["GET"])
@wellknown.doc(security=[], summary="Authorization-server metadata.",
               responses={"200": {"description": "RFC 8414 metadata", "content": {JSON: {"schema": DiscoveryOut}}}})
def discovery():
    issuer = context().settings.jwt_issuer
    return jsonify({
        "issuer": issuer, "token_endpoint": f"{issuer}/oauth/token", "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "revocation_endpoint": f"{issuer}/oauth/revoke",
        # Staff sign in through the console with the authorization code grant (PKCE S256 required).
        "authorization_endpoint": f"{issuer}/oauth/authorize", "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "grant_types_supported": [*GRANT_TYPES, "authorization_code"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": SCOPES,
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "id_token_signing_alg_values_supported": ["RS256"],
    })
