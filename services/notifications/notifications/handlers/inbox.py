"""The staff inbox over REST: a person sees and marks only their own items.

A project person sees the items of the project they signed in to (one person may work in several);
an HQ person's items come from every project of the company, so an HQ token sees all of its own.
Someone else's item answers exactly like a missing one (404), never 403, so ids reveal nothing.

Every new item and every mark is announced (``notifications.inbox.item_added`` / ``item_marked``) in the
same transaction as the change, so the console can move the person's unread count in every open tab.
The events carry ids and codes only: the title and body stay behind the owner-only REST API.
"""
from __future__ import annotations

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, NotFound
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database

from ..domain import ItemStatus, MarkRefused, mark
from ..store import INBOX_ITEMS
from .common import now

ITEM_ADDED = "notifications.inbox.item_added"
ITEM_MARKED = "notifications.inbox.item_marked"


def announce_added(db: Database, items: list[dict], tenant_id: str, session) -> None:
    """One ``item_added`` per new item; call in the transaction that inserts them."""
    for item in items:
        add_to_outbox(db, Event(ITEM_ADDED, tenant_id, actor=None, data={
            "item_id": item["_id"], "recipient": item["recipient"], "kind": item["kind"],
            "ticket_id": item.get("ticket_id"), "level": item.get("level"),
            "created_at": item["created_at"].isoformat()}), session)


def own_filter(principal: Principal) -> dict:
    mine: dict = {"recipient": principal.subject}
    if not principal.hq:
        mine["tenant_id"] = principal.tenant_id
    return mine


def list_filter(principal: Principal, query: dict) -> dict:
    return {**{k: query[k] for k in ("status", "kind", "ticket_id") if k in query}, **own_filter(principal)}


def unread_count(db: Database, principal: Principal) -> int:
    return db[INBOX_ITEMS].count_documents({**own_filter(principal), "status": "unread"})


def get_item(db: Database, principal: Principal, item_id: str) -> dict:
    item = db[INBOX_ITEMS].find_one({"_id": item_id, **own_filter(principal)})
    if item is None:
        raise NotFound("No such inbox item.")
    return item


def mark_item(db: Database, principal: Principal, item_id: str, target: ItemStatus) -> dict:
    item = get_item(db, principal, item_id)
    try:
        status = mark(item["status"], target)
    except MarkRefused as exc:
        raise Conflict(exc.reason, reason_code="mark_refused") from exc
    if status == item["status"]:
        return item  # marking twice changes nothing
    at = now()
    changes = {"status": str(status), f"{status}_at": at}
    if status is ItemStatus.DONE and item.get("read_at") is None:
        changes["read_at"] = at  # done implies read
    # Guarded by the status read: of two concurrent marks, the later one sees the earlier's result. Through the
    # item's project, so the mark is in that project's audit trail like every other change.
    def write(session) -> None:
        changed = TenantCollection(db[INBOX_ITEMS], item["tenant_id"]).update_one(
            {"_id": item_id, "recipient": principal.subject, "status": item["status"]}, {"$set": changes},
            session=session)
        if changed.modified_count:  # the losing one of two concurrent marks announces nothing
            add_to_outbox(db, Event(ITEM_MARKED, item["tenant_id"], actor=principal.subject, data={
                "item_id": item_id, "recipient": principal.subject, "status": str(status)}), session)

    run_in_transaction(db, write)
    return get_item(db, principal, item_id)
