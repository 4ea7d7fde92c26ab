"""What the staff console's intake screen needs beyond creating a ticket: the deadlines a ticket would
get (shown before saving) and the caller's callback phone masked wherever tickets are listed."""
from __future__ import annotations

from kefulib.masking import mask_phone
from kefulib.paging import MAX_WINDOWS, recent_page
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..domain import TicketState, open_ticket
from ..domain.transitions import RULES
from ..store import TICKETS
from .common import domain_errors, now
from .settings import project_settings
from .sla import sla_fields
from .tickets import EVENT_ONLY_ACTIONS, _domain_kind, list_is_narrow, ticket_filter


def preview_deadlines(db: Database, tenant_id: str, query: dict) -> dict:
    """The category and deadlines a ticket opened now with these answers would get; nothing is written.

    Computed by the same rules as create_ticket (classification TK-5, the project's policy and calendar
    TK-4), so what the clerk is shown is what the ticket will carry.
    """
    at = now()
    body = {"channel": "phone", **query}
    kind, category = _domain_kind(body)
    settings = project_settings(db, tenant_id)
    with domain_errors():
        opened = open_ticket(kind, body["channel"], "preview", at, subtype=body.get("subtype"),
                             immediate=body.get("immediate", False), off_catalogue=body.get("off_catalogue", False))
    changes, _ = sla_fields({"policy": settings["policy"], "calendar": settings["calendar"], "reported": []},
                            opened.snapshot)
    return {"kind": body["kind"], "category": category, "domain_kind": str(kind), "at": at,
            "timezone": settings["calendar"].get("timezone", "Asia/Shanghai"), "deadlines": changes["deadlines"]}


def allowed_actions(status: str | None) -> list[str]:
    """The REST actions whose source states include ``status`` (guards still decide, with their reason)."""
    try:
        state = TicketState(status)
    except ValueError:
        return []
    return [str(action) for action, rule in RULES.items() if state in rule.sources and action not in EVENT_ONLY_ACTIONS]


def listed(ticket: dict) -> dict:
    return {**ticket, "callback_phone": mask_phone(ticket.get("callback_phone"))}


def list_tickets(db: Database, tenant_id: str, query: dict) -> dict:
    """A newest-first page of the project's tickets (kefulib.paging: the page costs what the page costs)."""
    windows = 0 if list_is_narrow(query) else MAX_WINDOWS
    return recent_page(TenantCollection(db[TICKETS], tenant_id), ticket_filter(query), query, listed,
                       windows=windows)
