"""Progress events the state machine's moves announce (TK-3, TK-10: the customer is told of progress).

The rule table (transitions.RULES) names, per action, which of these a move emits; the handler
adds the envelope. ``progress_data`` is the payload's action-specific part, from the new snapshot
only: never the customer's name, phone or the technician's free-text note (docs/events.md).
"""
from __future__ import annotations

from typing import Any

from .ticket import HistoryEntry, TicketSnapshot

TICKET_DISPATCHED = "ticketing.ticket.dispatched"          # 派单: department, assignee, appointment window
TICKET_ARRIVED = "ticketing.ticket.arrived"                # 到场
APPOINTMENT_MISSED = "ticketing.appointment.missed"        # 无人在家: a note was left, a new time is needed
APPOINTMENT_RESCHEDULED = "ticketing.appointment.rescheduled"  # 重新预约

PROGRESS_EVENTS = (TICKET_DISPATCHED, TICKET_ARRIVED, APPOINTMENT_MISSED, APPOINTMENT_RESCHEDULED)
# The ticket followed billing's quote (sent, accepted, declined, revised): the screens of the people on the job
# learn that work may start now (or must wait), since billing's own events are not theirs to see.
QUOTE_FOLLOWED = "ticketing.ticket.quote_followed"


def progress_data(snapshot: TicketSnapshot, entry: HistoryEntry) -> dict[str, Any]:
    """What every progress event carries besides the ticket's ids: the move and the dispatch details."""
    return {"action": str(entry.action), "from_state": str(entry.from_state) if entry.from_state else None,
            "to_state": str(entry.to_state), "at": entry.at.isoformat(), "department": snapshot.department,
            "assignee": snapshot.assignee,
            "appointment_at": snapshot.appointment_at.isoformat() if snapshot.appointment_at else None}
