"""The dispatch board's read (派单看板): every open ticket of the project in one answer, with only what a card shows.

The board used to page through `GET /tickets?open=true` 200 at a time: 2,000 open tickets were 11 sequential
requests, each sorting the whole open range on the test server and dumping some forty fields per ticket. Here it
is one query on `tickets_by_status` (tenant_id, status, created_at), the same `$in` of the open states the list
uses, projected to the card's fields, bounded so that the answer can never grow without limit."""
from __future__ import annotations

from kefulib.masking import mask_phone
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..store import TICKETS
from .tickets import ticket_filter

BOARD_LIMIT = 5000  # far more than a project's desk has open at once; past it the answer says `truncated`

# What BoardView, BoardColumn and the technician's job list read from a ticket, as stored.
CARD_PROJECTION = {name: 1 for name in (
    "kind", "category", "title", "unit_id", "status", "created_at", "next_breach", "callback_phone",
    "snapshot.department", "snapshot.assignee", "snapshot.appointment_at")}


def card(doc: dict) -> dict:
    """A stored (projected) ticket as the board shows it: the callback phone masked, as in every list."""
    return {**doc, "callback_phone": mask_phone(doc.get("callback_phone"))}


def cut(newest_first: list[dict], limit: int) -> dict:
    """The answer from up to `limit + 1` tickets, newest first: the extra one only tells that more are open.

    Past the bound the newest are kept: the received column, still to dispatch, is what the board is for;
    the live stream adds what comes next."""
    shown = newest_first[:limit]
    return {"items": [card(doc) for doc in shown], "count": len(shown), "limit": limit,
            "truncated": len(newest_first) > limit}


def board(db: Database, tenant_id: str, query: dict) -> dict:
    """The project's open tickets, newest first, at most `limit` (the list's visibility: the whole project)."""
    limit = query["limit"]
    tickets = TenantCollection(db[TICKETS], tenant_id)
    # Sorted on created_at alone: on MongoDB the index's (status, created_at) entries merge in that order for
    # the `$in`; an `_id` tie-break would force an in-memory sort, for ties that only matter at the bound.
    found = tickets.find(ticket_filter({"open": True}), CARD_PROJECTION).sort("created_at", -1).limit(limit + 1)
    return cut(list(found), limit)
