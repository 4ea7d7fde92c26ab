"""What every use case shares: the clock, domain errors as problems, loading and saving a ticket."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime

from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, NotFound, Unprocessable
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..domain import InvalidInput, TransitionRefused
from ..store import HISTORY, TICKETS
from . import rollup


def now() -> datetime:
    """Now, cut to the millisecond MongoDB keeps, so a stored time reads back equal."""
    at = datetime.now(UTC)
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


@contextlib.contextmanager
def domain_errors(prefix: str = "") -> Iterator[None]:
    """A domain refusal becomes a problem: bad input 422 naming the field, a refused rule 409 with its reason."""
    try:
        yield
    except InvalidInput as exc:
        field = f"{prefix}{exc.field}" if exc.field else "_body"
        raise Unprocessable(f"These fields are not valid: {field}.", errors={field: [exc.message]},
                            reason_code=exc.code) from exc
    except TransitionRefused as exc:
        raise Conflict(exc.reason, reason_code=exc.code) from exc


def invalid(field: str, message: str) -> Unprocessable:
    return Unprocessable(f"These fields are not valid: {field}.", errors={field: [message]})


def ticket_not_found() -> NotFound:
    return NotFound("No such ticket.")


class StaleTicket(Exception):
    """The ticket changed between read and write (another request or scanner won): abort, nothing written."""


def load_ticket(db: Database, tenant_id: str, ticket_id: str, session: ClientSession | None = None) -> dict:
    doc = TenantCollection(db[TICKETS], tenant_id).find_one({"_id": ticket_id}, session=session)
    if doc is None:
        raise ticket_not_found()
    return doc


def save_ticket(db: Database, doc: dict, changes: dict, session: ClientSession, *, unset: tuple[str, ...] = (),
                history: list[dict] = (), events: list[Event] = ()) -> dict:
    """Write ``changes`` (guarded by the version read), the history lines and the events in ``session``."""
    tickets = TenantCollection(db[TICKETS], doc["tenant_id"])
    update: dict = {"$set": {**changes, "version": doc.get("version", 0) + 1}}
    if unset:
        update["$unset"] = {name: "" for name in unset}
    result = tickets.update_one({"_id": doc["_id"], "version": doc.get("version", 0)}, update, session=session)
    if result.matched_count != 1:
        raise StaleTicket(doc["_id"])
    seq = doc.get("history_seq", 0)
    if history:
        lines = []
        for line in history:
            seq += 1
            lines.append({"_id": f"{doc['_id']}:{seq}", "ticket_id": doc["_id"], "seq": seq, **line})
        TenantCollection(db[HISTORY], doc["tenant_id"]).insert_many(lines, session=session)
        tickets.update_one({"_id": doc["_id"]}, {"$set": {"history_seq": seq}}, session=session)
    for event in events:
        add_to_outbox(db, event, session)
    merged = {**doc, **changes, "version": doc.get("version", 0) + 1, "history_seq": seq}
    for name in unset:
        merged.pop(name, None)
    rollup.record(db, doc, merged, session)  # the HQ month roll-up moves with the ticket, in the same transaction
    return merged


def history_line(entry) -> dict:
    """A domain HistoryEntry as a stored line."""
    return {"at": entry.at, "actor": entry.actor, "action": str(entry.action),
            "from_state": str(entry.from_state) if entry.from_state else None,
            "to_state": str(entry.to_state), "note": entry.note}


def stale_as_conflict(error: StaleTicket) -> Conflict:
    return Conflict("The ticket was changed by someone else at the same moment; reload it and try again.",
                    reason_code="stale")
