"""Progress events (dispatched, arrived, appointment missed / rescheduled): the rule table says which a
move emits (``Transition.events``); this builds each envelope, so handlers never branch on the action."""
from __future__ import annotations

from kefulib.messaging import Event

from ..domain import Transition
from ..domain.events import progress_data


def progress_events(doc: dict, transition: Transition, actor: str) -> list[Event]:
    return [Event(type_, doc["tenant_id"], actor=actor, data={
        "ticket_id": doc["_id"], "kind": doc["kind"], "category": doc.get("category"), "unit_id": doc.get("unit_id"),
        "round": doc.get("round", 1), **progress_data(transition.snapshot, transition.entry)})
        for type_ in transition.events]
