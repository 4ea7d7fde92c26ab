"""Property projects (tenants) and their integration clients."""
from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

from kefulib import audit
from kefulib.authn import Principal
from kefulib.problems import Conflict, Forbidden, NotFound
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..access import HQ_ADMIN
from ..client_secrets import default_hasher
from ..domain import ungrantable_scopes
from ..store import CLIENTS, TENANTS
from .common import found


def create_tenant(db: Database, name: str, code: str) -> dict:
    tenant = {"_id": code, "name": name, "code": code, "created_at": datetime.now(UTC)}
    try:
        db[TENANTS].insert_one(tenant)
    except DuplicateKeyError:
        raise Conflict(f"A property project with code '{code}' already exists.",
                       errors={"code": ["already used"]}) from None
    audit.record(db[TENANTS], code, "insert", ids=[code], changes=audit.redact({"document": tenant}))
    return tenant


def get_tenant(db: Database, tenant_id: str) -> dict:
    return found(db[TENANTS], {"_id": tenant_id}, "No such property project.")  # projects are global


def visible_tenant(db: Database, principal: Principal, tenant_id: str) -> dict:
    """HQ sees every project; anyone else only their own, and others look missing."""
    if not principal.hq and principal.tenant_id != tenant_id:
        raise NotFound("No such property project.")
    return get_tenant(db, tenant_id)


def register_client(db: Database, principal: Principal, tenant_id: str, body: dict) -> dict:
    """POST /tenants/{id}/clients: a client of a project the caller sees, with no more than the caller may give."""
    if not principal.hq and principal.tenant_id != tenant_id:
        raise NotFound("No such property project.")
    if set(body["grant_types"]) - {"client_credentials"} and HQ_ADMIN not in principal.roles:
        raise Forbidden("Only the HQ administrator registers a staff sign-in app (password/refresh_token grants).")
    # A client must not be a way to mint tokens stronger than the caller's own.
    beyond = ungrantable_scopes(body["scopes"], principal.scopes, grants_any=HQ_ADMIN in principal.roles)
    if beyond:
        raise Forbidden(f"You cannot give a client scopes you do not hold: {', '.join(beyond)}.",
                        errors={"scopes": [f"not held by the caller: {s}" for s in beyond]})
    return create_client(db, tenant_id, body["name"], body["scopes"], grant_types=body["grant_types"])


def create_client(db: Database, tenant_id: str, name: str, scopes: list[str], *, roles: list[str] | None = None,
                  hq: bool = False, grant_types: list[str] | None = None) -> dict:
    """Register an integration client; the returned secret is never stored in clear or shown again.

    Kept as a keyed HMAC (identity/client_secrets.py): the secret is 256 random bits, so a slow hash adds nothing.
    """
    get_tenant(db, tenant_id)
    secret = secrets.token_urlsafe(32)
    client = {
        "_id": f"cli_{uuid.uuid4().hex}", "tenant_id": tenant_id, "name": name, "scopes": sorted(set(scopes)),
        "roles": roles or ["integration_client"], "hq": hq,
        "grant_types": sorted(set(grant_types or ["client_credentials"])),
        "secret_hash": default_hasher().hash(secret), "created_at": datetime.now(UTC),
    }
    db[CLIENTS].insert_one(client)
    audit.record(db[CLIENTS], tenant_id, "insert", ids=[client["_id"]], changes=audit.redact({"document": client}))
    return {**client, "client_secret": secret}


def rotate_client_secret(db: Database, client_id: str, scopes: list[str]) -> dict:
    """A new secret (and these scopes) for an existing client; the old secret stops working at once."""
    secret = secrets.token_urlsafe(32)
    changes = {"secret_hash": default_hasher().hash(secret), "scopes": sorted(set(scopes))}
    db[CLIENTS].update_one({"_id": client_id}, {"$set": changes})
    client = db[CLIENTS].find_one({"_id": client_id})
    audit.record(db[CLIENTS], client["tenant_id"], "update", ids=[client_id],
                 changes=audit.redact({"$set": changes}))
    return {**client, "client_secret": secret}
