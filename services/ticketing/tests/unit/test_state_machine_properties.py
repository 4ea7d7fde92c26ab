"""Invariants of the ticket state machine over any sequence of actions."""
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from ticketing.domain import (
    ActionContext,
    QuoteStatus,
    TicketKind,
    TransitionRefused,
    apply,
    open_ticket,
)
from ticketing.domain import (
    TicketAction as A,
)
from ticketing.domain import (
    TicketState as S,
)
from ticketing.domain.transitions import RULES

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
SUBTYPES = {TicketKind.HELP_REQUEST: "flood_or_fire", TicketKind.COMMUNITY_MATTER: "pets"}



def play(kind, paid, data, length=40):
    """Apply actions drawn among those the current state allows (so walks reach deep states),
    skipping ones a guard refuses; yield (before, entry, after) for each applied action."""
    first = open_ticket(kind, "phone", "alice", T0, subtype=SUBTYPES.get(kind), paid_repair=paid)
    snapshot, at = first.snapshot, T0
    for _ in range(data.draw(st.integers(0, length))):
        possible = sorted(a for a, rule in RULES.items() if snapshot.state in rule.sources)
        if not possible:
            return
        if A.CANCEL in possible and len(possible) > 1 and data.draw(st.integers(0, 9)):
            possible.remove(A.CANCEL)  # cancelling ends a walk; keep it rare so walks go deep
        action = data.draw(st.sampled_from(possible))
        at += timedelta(minutes=data.draw(st.integers(0, 600)))
        ctx = ActionContext(actor="bob", at=at, note="n", department="eng", assignee="bob", result="done",
                            appointment_at=at + timedelta(days=1), signed_by="owner",
                            price_fen=data.draw(st.integers(0, 50_000)),
                            satisfaction=data.draw(st.none() | st.integers(1, 5)))
        try:
            moved = apply(snapshot, action, ctx)
        except TransitionRefused:
            continue
        yield snapshot, moved.entry, moved.snapshot
        snapshot = moved.snapshot


kinds = st.sampled_from(list(TicketKind))
repairs = st.sampled_from([TicketKind.URGENT_REPAIR, TicketKind.GENERAL_REPAIR])
PROPS = settings(max_examples=120, deadline=None)


@PROPS
@given(kind=kinds, data=st.data())
def test_nothing_closes_without_a_result_and_repairs_and_complaints_without_a_return_visit(kind, data):
    for _before, entry, after in play(kind, False, data):
        if after.state is S.CLOSED and entry.from_state is not S.CLOSED:
            assert after.result
            assert after.return_visit_done or not kind.needs_return_visit


@PROPS
@given(kind=repairs, data=st.data())
def test_paid_work_never_starts_without_an_accepted_quote(kind, data):
    for before, entry, _after in play(kind, True, data):
        if entry.action is A.START_WORK:
            assert before.quote_status is QuoteStatus.ACCEPTED


@PROPS
@given(kind=kinds, data=st.data())
def test_the_clock_is_paused_exactly_while_the_ticket_waits(kind, data):
    for _before, _entry, after in play(kind, False, data):
        open_pauses = [p for p in after.pauses if p.end is None]
        assert len(open_pauses) == (1 if after.state.stops_clock else 0)
        assert all(a.end <= b.start for a, b in zip(after.pauses, after.pauses[1:], strict=False))


@PROPS
@given(kind=kinds, data=st.data())
def test_reopen_count_counts_reopenings_and_history_chains_states(kind, data):
    reopenings, previous = 0, S.RECEIVED
    for before, entry, after in play(kind, False, data):
        reopenings += entry.action in (A.REOPEN, A.RETURN_VISIT_UNHAPPY)
        assert entry.from_state is before.state is previous and entry.to_state is after.state
        assert after.reopen_count == reopenings
        previous = after.state


@PROPS
@given(kind=kinds, data=st.data())
def test_milestones_are_set_once_and_never_move(kind, data):
    for before, _entry, after in play(kind, False, data):
        for target, met_at in before.milestones.items():
            assert after.milestones[target] == met_at


@PROPS
@given(kind=kinds, data=st.data())
def test_cancelled_is_final_and_closed_only_reopens(kind, data):
    for before, entry, _after in play(kind, False, data):
        assert before.state is not S.CANCELLED
        assert before.state is not S.CLOSED or entry.action is A.REOPEN


def test_every_action_has_a_rule_except_receiving():
    assert set(RULES) == set(A) - {A.RECEIVE}
