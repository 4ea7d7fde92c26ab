"""The unit's renovation checklist (RN-01…RN-12) kept in step with the renovation service by its events.

Each event's documents (identity.domain.renovation_papers) are marked received with the event as their source:
who (the event's actor), when (the event's time), the application and the event. A document already received
keeps its first receipt, whether the desk recorded it by hand or an earlier event did; conditions only grow.
Runs inside the consumer's inbox transaction, so a redelivered event changes nothing.
"""
from __future__ import annotations

import uuid
from datetime import datetime

from kefulib.messaging import Event
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..domain import ChecklistKind, supplied_by
from ..store import UNIT_DOCUMENTS, UNITS

KIND = str(ChecklistKind.RENOVATION)


def apply_renovation_event(db: Database, event: Event, session) -> list[str]:
    """Mark the documents `event` supplies as received on its unit's renovation checklist; the codes newly
    received. A unit identity does not know (yet) gets nothing: renovation does not check units against identity."""
    supplied = supplied_by(event.type, event.data)
    tenant, unit_id = event.tenant_id, event.data["unit_id"]
    if not supplied.codes and not supplied.conditions:
        return []
    if TenantCollection(db[UNITS], tenant).find_one({"unit_id": unit_id}, session=session) is None:
        return []
    documents = TenantCollection(db[UNIT_DOCUMENTS], tenant)
    current = documents.find_one({"unit_id": unit_id, "kind": KIND}, session=session)
    at = _when(event)
    source = {"event": event.type, "event_id": event.id, "application_id": event.data["application_id"]}
    received = (current or {}).get("received", {})
    new = [code for code in supplied.codes if code not in received]
    entries = {code: {"at": at, "by": event.actor, "source": source} for code in new}
    conditions = sorted(set((current or {}).get("conditions", [])) | set(supplied.conditions))
    if current is None:
        # Opened by the event; a concurrent opening fails the transaction on the unique index and the
        # consumer retries it, then finding the checklist open.
        documents.insert_one({"_id": str(uuid.uuid4()), "unit_id": unit_id, "kind": KIND, "received": entries,
                              "conditions": conditions, "opened_at": at}, session=session)
    elif new or conditions != current.get("conditions"):
        documents.update_one({"unit_id": unit_id, "kind": KIND}, {"$set": {
            **{f"received.{code}": entry for code, entry in entries.items()}, "conditions": conditions}},
            session=session)
    return new


def _when(event: Event) -> datetime:
    """The step's time as the event says it, cut to the millisecond MongoDB keeps."""
    at = datetime.fromisoformat(event.occurred_at.replace("Z", "+00:00"))
    return at.replace(microsecond=at.microsecond // 1000 * 1000)
