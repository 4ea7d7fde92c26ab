"""A ticket's customer contact for another service of the platform (NT-1): notifications reads the caller's
name and callback phone here, just before it sends a message, instead of receiving them in events, so
personal data never travels in clear on the exchange. Every read is an entry in the audit trail (who read
which ticket's contact, for what), like any change to the ticket."""
from __future__ import annotations

from kefulib import audit
from kefulib.authn import Principal
from kefulib.problems import Forbidden, NotFound
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..store import TICKETS

CONTACT_FIELDS = ("caller_name", "callback_phone")


def read_contact(db: Database, principal: Principal, ticket_id: str, project: str, purpose: str) -> dict:
    if not principal.hq:
        raise Forbidden("Only a platform service (an HQ client) reads contacts across projects.")
    tickets = TenantCollection(db[TICKETS], project)
    ticket = tickets.find_one({"_id": ticket_id}, {"kind": 1, "category": 1, "title": 1, "unit_id": 1,
                                                   **{f: 1 for f in CONTACT_FIELDS}})
    if ticket is None:
        raise NotFound("No such ticket.")
    audit.record(db[TICKETS], project, "read", ids=[ticket_id],
                 changes={"fields_read": list(CONTACT_FIELDS), "purpose": purpose})
    return {"ticket_id": ticket_id, "project": project, **{f: ticket.get(f) for f in
                                                            ("kind", "category", "title", "unit_id", *CONTACT_FIELDS)}}
