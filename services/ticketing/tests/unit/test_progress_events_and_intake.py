"""The rule table says which progress events a move emits; the SLA clock of a call taken on paper
starts when it was really received, at most 12 hours back and never in the future."""
from datetime import UTC, datetime, timedelta

import pytest
from ticketing.domain import RULES, ActionContext, InvalidInput, TicketAction, apply, clock_start, open_ticket
from ticketing.domain.events import (
    APPOINTMENT_MISSED,
    APPOINTMENT_RESCHEDULED,
    TICKET_ARRIVED,
    TICKET_DISPATCHED,
    progress_data,
)

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_exactly_dispatch_arrival_and_the_appointment_moves_emit_progress_events():
    emitting = {action: rule.emits for action, rule in RULES.items() if rule.emits}
    assert emitting == {TicketAction.DISPATCH: (TICKET_DISPATCHED,), TicketAction.ARRIVE: (TICKET_ARRIVED,),
                        TicketAction.RECORD_NOBODY_HOME: (APPOINTMENT_MISSED,),
                        TicketAction.RESCHEDULE: (APPOINTMENT_RESCHEDULED,)}


def _ctx(minutes, **kw):
    return ActionContext(actor="cs-1", at=AT + timedelta(minutes=minutes), **kw)


def test_a_transition_carries_its_events_and_the_payload_has_the_dispatch_details_only():
    ticket = open_ticket("general_repair", "phone", "cs-1", AT).snapshot
    window = AT + timedelta(hours=3)
    dispatched = apply(ticket, "dispatch", _ctx(1, department="engineering", assignee="tech-7", appointment_at=window))
    assert dispatched.events == (TICKET_DISPATCHED,)
    data = progress_data(dispatched.snapshot, dispatched.entry)
    assert data == {"action": "dispatch", "from_state": "received", "to_state": "dispatched",
                    "at": (AT + timedelta(minutes=1)).isoformat(), "department": "engineering", "assignee": "tech-7",
                    "appointment_at": window.isoformat()}
    missed = apply(dispatched.snapshot, "record_nobody_home", _ctx(5, note="note left under the door"))
    assert missed.events == (APPOINTMENT_MISSED,)
    assert "note left" not in str(progress_data(missed.snapshot, missed.entry))  # free text stays in the ticket
    assert apply(missed.snapshot, "resume", _ctx(6)).events == ()


def test_the_clock_starts_when_the_call_was_received():
    assert clock_start(AT, None) == AT
    assert clock_start(AT, AT - timedelta(hours=3)) == AT - timedelta(hours=3)
    assert clock_start(AT, AT + timedelta(seconds=30)) == AT  # clock skew: never after the recording


@pytest.mark.parametrize("reported, message", [
    (AT + timedelta(minutes=5), "future"), (AT - timedelta(hours=12, minutes=1), "12 hours"),
])
def test_implausible_reported_times_are_refused_naming_the_field(reported, message):
    with pytest.raises(InvalidInput) as refused:
        clock_start(AT, reported)
    assert refused.value.field == "reported_at" and message in refused.value.message
