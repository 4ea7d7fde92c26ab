"""Operator commands for identity.

    kefu-identity bootstrap --tenant-code demo --tenant-name "Demo project"
        creates the HQ project and its admin client (first run only) and a project with an
        integration client; prints the credentials as JSON (secrets are shown only here).
    kefu-identity console-client --redirect-uri http://127.0.0.1:8010/auth/callback
        registers the staff web console (authorization code + PKCE, refresh) under HQ; prints its
        credentials as JSON (the secret is shown only here)
    kefu-identity service-client --name notifications --scope ticketing:contact --scope identity:households
        registers another service of the platform as an HQ client (client credentials, tokens with
        `hq: true` and only the given scopes), e.g. notifications reading a ticket's customer contact;
        prints its credentials as JSON (the secret is shown only here)
    kefu-identity rotate-keys
    kefu-identity verify-log --tenant p1 [--head-seq N --head-hash H]
        walks the project's access-log chain against its signed head (IDENTITY_ACCESS_LOG_KEY);
        exit status 1 and the first bad entry (or "head_missing" / "head_signature_invalid") if tampered
    kefu-identity anchor-log --tenant p1
        once, after upgrading: signs a first head for a log written before IDENTITY_ACCESS_LOG_KEY existed
        (its legacy chain must verify); until then that project's archive reads are refused
"""
from __future__ import annotations

import argparse
import json
import sys

from kefulib.config import Settings
from kefulib.store import connect, ensure_indexes

from . import handlers
from .access_log import anchor_legacy_log, verify_log
from .domain import InvalidInput
from .keys import SigningKeys
from .oauth import ACCESS_TOKEN_LIFETIME
from .schemas import SCOPES
from .store import CLIENTS, INDEXES, TENANTS

HQ_TENANT = "hq"
# Only another service of the platform reads customers' contact details for messages (service-client).
SERVICE_ONLY_SCOPES = {"ticketing:contact", "identity:households"}
PROJECT_SCOPES = [s for s in SCOPES if s != "identity:admin" and s not in SERVICE_ONLY_SCOPES]


def ensure_hq(db) -> dict:
    """The HQ project and its admin client, on the first run only (their secrets are in the answer once)."""
    ensure_indexes(db, INDEXES)
    out = {}
    if db[TENANTS].find_one({"_id": HQ_TENANT}) is None:
        handlers.create_tenant(db, "Company HQ", HQ_TENANT)
        admin = handlers.create_client(db, HQ_TENANT, "HQ administrator", SCOPES, roles=["hq_admin"], hq=True)
        out["hq_admin"] = {"client_id": admin["_id"], "client_secret": admin["client_secret"]}
        console = handlers.create_client(db, HQ_TENANT, "Staff console", SCOPES, roles=[],
                                         grant_types=["password", "refresh_token"])
        out["staff_app"] = {"client_id": console["_id"], "client_secret": console["client_secret"]}
    return out


def bootstrap(db, tenant_code: str, tenant_name: str) -> dict:
    out = ensure_hq(db)
    if db[TENANTS].find_one({"_id": tenant_code}) is None:
        handlers.create_tenant(db, tenant_name, tenant_code)
    client = handlers.create_client(db, tenant_code, f"{tenant_name} integration", PROJECT_SCOPES)
    out["tenant"] = tenant_code
    out["client"] = {"client_id": client["_id"], "client_secret": client["client_secret"]}
    return out


def console_client(db, redirect_uris: list[str]) -> dict:
    """The staff console's back end: a confidential HQ client that signs people in to any project."""
    ensure_indexes(db, INDEXES)
    client = handlers.create_client(db, HQ_TENANT, "Staff web console", SCOPES, roles=[],
                                    grant_types=["authorization_code", "refresh_token"])
    db[CLIENTS].update_one({"_id": client["_id"]}, {"$set": {"redirect_uris": redirect_uris}})
    return {"client_id": client["_id"], "client_secret": client["client_secret"], "redirect_uris": redirect_uris}


def service_client(db, name: str, scopes: list[str]) -> dict:
    """Another service of the platform acting for every project (e.g. notifications reading contacts).

    On a fresh database this also creates HQ (as bootstrap would): its admin credentials are then in the
    answer under `hq_admin`, once. Run again, it keeps the service's one client and gives it a new secret."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise InvalidInput(f"unknown scopes: {', '.join(unknown)}")
    out = ensure_hq(db)
    existing = db[CLIENTS].find_one({"tenant_id": HQ_TENANT, "name": f"Service: {name}"})
    if existing:  # one client per service: a second run gives it a new secret (the old one stops working)
        client = handlers.rotate_client_secret(db, existing["_id"], scopes)
    else:
        client = handlers.create_client(db, HQ_TENANT, f"Service: {name}", scopes, roles=[f"service:{name}"],
                                        hq=True)
    return {**out, "client_id": client["_id"], "client_secret": client["client_secret"], "scopes": client["scopes"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kefu-identity", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    boot = sub.add_parser("bootstrap")
    boot.add_argument("--tenant-code", default="demo")
    boot.add_argument("--tenant-name", default="Demo project")
    console = sub.add_parser("console-client")
    console.add_argument("--redirect-uri", action="append", required=True)
    service = sub.add_parser("service-client")
    service.add_argument("--name", required=True)
    service.add_argument("--scope", action="append", required=True)
    sub.add_parser("rotate-keys")
    check = sub.add_parser("verify-log", help="walk a project's access-log hash chain; exit 1 naming the first bad entry")
    check.add_argument("--tenant", required=True)
    check.add_argument("--head-seq", type=int, help="head recorded elsewhere (seq), to catch a deleted tail")
    check.add_argument("--head-hash")
    anchor = sub.add_parser("anchor-log", help="sign a first head for a log written before the access-log key")
    anchor.add_argument("--tenant", required=True)
    args = parser.parse_args(argv)
    settings = Settings.from_env("identity")
    db = connect(settings.mongo_url, settings.mongo_db)
    if args.command == "bootstrap":
        print(json.dumps(bootstrap(db, args.tenant_code, args.tenant_name), indent=2))
    elif args.command == "console-client":
        print(json.dumps(console_client(db, args.redirect_uri), indent=2))
    elif args.command == "service-client":
        try:
            print(json.dumps(service_client(db, args.name, args.scope), indent=2))
        except InvalidInput as error:
            print(json.dumps({"ok": False, "problem": error.message}), file=sys.stderr)
            return 1
    elif args.command == "verify-log":
        head = {"seq": args.head_seq, "hash": args.head_hash} if args.head_seq is not None else None
        report = verify_log(db, args.tenant, head)
        print(json.dumps(report, ensure_ascii=False, default=str, indent=2))
        return 0 if report["ok"] else 1
    elif args.command == "anchor-log":
        try:
            print(json.dumps(anchor_legacy_log(db, args.tenant)))
        except InvalidInput as error:
            print(json.dumps({"ok": False, "problem": error.message}), file=sys.stderr)
            return 1
    else:
        print(json.dumps({"kid": SigningKeys(db, ACCESS_TOKEN_LIFETIME).rotate()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
