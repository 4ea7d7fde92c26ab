"""Reading and checking the archive access log (ID-9): the project manager and HQ only; there is no way to change
or delete an entry. The chain's storage, keys and signed head are identity/access_log.py's."""
from __future__ import annotations

from kefulib.authn import Principal
from kefulib.problems import Forbidden
from kefulib.store import TenantCollection
from kefulib.web import page_of
from pymongo.database import Database

from .. import access_log as chain
from ..access import domain_roles, is_hq
from ..domain import can_read_access_log
from ..store import ACCESS_LOG


def demand_log_reader(principal: Principal) -> None:
    if not (is_hq(principal) or any(can_read_access_log(r) for r in domain_roles(principal))):
        raise Forbidden("The access log is for the project manager and HQ.")


def log_scope(principal: Principal, project: str | None) -> str:
    """HQ reads any project's log; everyone else their own (another project looks empty)."""
    if project and is_hq(principal):
        return project
    return principal.tenant_id


def log_filter(query: dict) -> dict:
    filter_: dict = {}
    for key in ("actor", "record_id", "record_kind", "purpose", "allowed"):
        if key in query:
            filter_[key] = query[key]
    return filter_


def list_entries(db: Database, principal: Principal, query: dict) -> dict:
    """Who read which record, which fields, why, under which approval; newest first."""
    demand_log_reader(principal)
    entries = TenantCollection(db[ACCESS_LOG], log_scope(principal, query.get("project")))
    filter_ = log_filter(query)
    return page_of(lambda: entries.find(filter_).sort("seq", -1), entries.count_documents(filter_),
                   query["page"], query["page_size"], dump=chain.log_entry_view)


def verify(db: Database, principal: Principal, body: dict) -> dict:
    """Walk the project's chain against its signed head (and the head the caller recorded elsewhere, if given)."""
    demand_log_reader(principal)
    return chain.verify_log(db, log_scope(principal, body.get("project")), body.get("expected_head"))
