"""Ticket snapshots to and from plain documents (for the store), without losing types.

Enums become their string values and datetimes stay datetimes, so the result is BSON-ready.
Naive datetimes read back are taken as UTC: MongoDB stores UTC and drivers return naive
values unless the client is created with ``tz_aware=True``.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from .clock import Pause
from .kinds import Channel, TicketKind
from .sla import SlaTarget
from .ticket import QuoteStatus, TicketSnapshot, TicketState

_ENUMS = {"kind": TicketKind, "channel": Channel, "state": TicketState,
          "quote_status": QuoteStatus, "resume_state": TicketState}


def snapshot_to_document(snapshot: TicketSnapshot) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for f in fields(snapshot):
        value = getattr(snapshot, f.name)
        if f.name == "milestones":
            value = {str(target): at for target, at in value.items()}
        elif f.name == "pauses":
            value = [{"start": p.start, "end": p.end, "reason": p.reason} for p in value]
        elif f.name in _ENUMS and value is not None:
            value = str(value)
        doc[f.name] = value
    return doc


def snapshot_from_document(doc: Mapping[str, Any]) -> TicketSnapshot:
    """The snapshot stored by ``snapshot_to_document``; keys it does not know are ignored."""
    names = {f.name for f in fields(TicketSnapshot)}
    values = {name: _utc(doc[name]) for name in names if name in doc}
    for name, enum in _ENUMS.items():
        if values.get(name) is not None:
            values[name] = enum(values[name])
    values["milestones"] = {SlaTarget(k): _utc(v) for k, v in doc.get("milestones", {}).items()}
    values["pauses"] = tuple(Pause(_utc(p["start"]), _utc(p.get("end")), p.get("reason", ""))
                             for p in doc.get("pauses", ()))
    return TicketSnapshot(**values)


def _utc(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
