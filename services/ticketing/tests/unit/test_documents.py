"""Snapshots survive the trip to a stored document and back."""
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from ticketing.domain import (
    ActionContext,
    TicketKind,
    TransitionRefused,
    apply,
    open_ticket,
    snapshot_from_document,
    snapshot_to_document,
)
from ticketing.domain import (
    TicketAction as A,
)
from ticketing.domain.transitions import RULES

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


@settings(max_examples=60, deadline=None)
@given(actions=st.lists(st.sampled_from(sorted(RULES)), max_size=25))
def test_any_reachable_snapshot_round_trips_through_a_document(actions):
    snapshot = open_ticket(TicketKind.URGENT_REPAIR, "web", "alice", T0, immediate=True).snapshot
    for n, action in enumerate(actions):
        ctx = ActionContext(actor="bob", at=T0 + timedelta(minutes=n), note="n", department="eng", assignee="bob",
                            result="done", signed_by="owner", price_fen=100, appointment_at=T0, satisfaction=4)
        try:
            snapshot = apply(snapshot, action, ctx).snapshot
        except TransitionRefused:
            pass
        assert snapshot_from_document(snapshot_to_document(snapshot)) == snapshot


def test_documents_hold_plain_strings_and_naive_datetimes_read_back_as_utc():
    snapshot = open_ticket(TicketKind.HELP_REQUEST, "phone", "alice", T0, subtype="other").snapshot
    snapshot = apply(snapshot, A.RESPOND, ActionContext("bob", T0, note="on our way")).snapshot
    doc = snapshot_to_document(snapshot)
    assert type(doc["kind"]) is str and doc["milestones"] == {"first_response": T0}
    naive = {**doc, "created_at": T0.replace(tzinfo=None), "milestones": {"first_response": T0.replace(tzinfo=None)}}
    assert snapshot_from_document(naive) == snapshot
