"""Billing owns the quote; the ticket follows its events and decides only whether work may start (TK-6)."""
from datetime import UTC, datetime, timedelta

import pytest
from ticketing.domain import (
    ActionContext,
    QuoteChange,
    QuoteFact,
    QuoteStatus,
    TicketKind,
    TransitionRefused,
    apply,
    follow_quote,
    ignore_reason,
    open_ticket,
)
from ticketing.domain import TicketAction as A
from ticketing.domain import TicketState as S

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
DISPATCH = (A.DISPATCH, {"department": "engineering", "assignee": "tech-1"})


class Ticket:
    def __init__(self, kind=TicketKind.GENERAL_REPAIR, **flags):
        self.snapshot, self.at = open_ticket(kind, "phone", "alice", T0, **flags).snapshot, T0

    def ctx(self, **details):
        self.at += timedelta(minutes=1)
        return ActionContext(actor="bob", at=self.at, **details)

    def do(self, action, **details):
        self.snapshot = apply(self.snapshot, action, self.ctx(**details)).snapshot
        return self

    def quote(self, change, version=1, revision=2, total_fen=3800):
        fact = QuoteFact(QuoteChange(change), "q-1", version, revision, total_fen)
        transition = follow_quote(self.snapshot, fact, self.ctx(note=f"{change} v{version}"))
        self.snapshot = transition.snapshot
        return transition

    def refusal(self, action, **details):
        with pytest.raises(TransitionRefused) as refused:
            apply(self.snapshot, action, self.ctx(**details))
        return refused.value.reason


def on_site(**flags):
    return Ticket(paid_repair=True, **flags).do(*DISPATCH[:1], **DISPATCH[1]).do(A.ARRIVE)


def test_a_sent_quote_waits_for_the_customer_and_the_acceptance_lets_work_start():
    ticket = on_site()
    ticket.quote("sent")
    assert ticket.snapshot.state is S.AWAITING_QUOTE_CONSENT and ticket.snapshot.quoted_price_fen == 3800
    ticket.quote("accepted", revision=3)
    assert (ticket.snapshot.state, ticket.snapshot.quote_status) == (S.ON_SITE, QuoteStatus.ACCEPTED)
    assert ticket.do(A.START_WORK).snapshot.state is S.IN_PROGRESS


def test_a_revision_before_work_refuses_start_work_with_the_reason_until_the_new_version_is_accepted():
    ticket = on_site()
    ticket.quote("sent")
    ticket.quote("accepted", revision=3)
    ticket.quote("revised", version=2, revision=4, total_fen=9000)
    assert (ticket.snapshot.state, ticket.snapshot.quote_status) == (S.ON_SITE, QuoteStatus.REVISED)
    assert "revised" in ticket.refusal(A.START_WORK) and "new version" in ticket.refusal(A.START_WORK)
    assert "not answered the quote" in ticket.refusal(A.RESOLVE, result="fixed anyway")  # no result on an unagreed price
    ticket.quote("sent", version=2, revision=5, total_fen=9000)
    ticket.quote("accepted", version=2, revision=6, total_fen=9000)
    assert ticket.do(A.START_WORK).snapshot.state is S.IN_PROGRESS


def test_a_revision_during_work_stops_it_with_the_clock_paused_and_the_acceptance_resumes_it():
    ticket = on_site()
    ticket.quote("sent")
    ticket.quote("accepted", revision=3)
    ticket.do(A.START_WORK)
    ticket.quote("revised", version=2, revision=4)
    assert ticket.snapshot.state is S.AWAITING_QUOTE_CONSENT and ticket.snapshot.pauses[-1].end is None
    assert "awaiting_quote_consent" in ticket.refusal(A.RESOLVE, result="done")
    ticket.quote("sent", version=2, revision=5)
    ticket.quote("accepted", version=2, revision=6)
    assert ticket.snapshot.state is S.IN_PROGRESS and ticket.snapshot.pauses[-1].end is not None


def test_the_answer_is_kept_when_the_ticket_cannot_move_for_it():
    ticket = on_site()
    ticket.quote("sent")
    ticket.quote("accepted", revision=3)
    ticket.do(A.START_WORK).do(A.PAUSE_FOR_PARTS, note="valve on order")
    ticket.quote("revised", version=2, revision=4)
    assert (ticket.snapshot.state, ticket.snapshot.quote_status) == (S.WAITING_PARTS, QuoteStatus.REVISED)
    transition = ticket.quote("accepted", version=2, revision=5)
    assert (ticket.snapshot.state, ticket.snapshot.quote_status) == (S.WAITING_PARTS, QuoteStatus.ACCEPTED)
    assert transition.entry.action is A.ACCEPT_QUOTE and transition.entry.from_state is transition.entry.to_state


def fact(revision=3, quote_id="q-1"):
    return QuoteFact(QuoteChange.ACCEPTED, quote_id, 1, revision, 100)


TRACKED = {"id": "q-1", "revision": 3, "status": "sent"}


@pytest.mark.parametrize("tracked,event,warranty,expected", [
    (TRACKED, fact(revision=3), False, "already known"),   # the same change delivered again
    (TRACKED, fact(revision=2), False, "already known"),   # a late event about an older change
    ({**TRACKED, "id": "q-0"}, fact(), False, "follows quote q-0"),
    ({**TRACKED, "id": "q-0", "status": "declined"}, fact(), False, None),  # a new quote after a refusal
    (None, fact(), True, "warranty"),
    (TRACKED, fact(revision=4), False, None),
])
def test_late_repeated_foreign_and_warranty_quote_events_are_ignored(tracked, event, warranty, expected):
    reason = ignore_reason(on_site().snapshot, tracked, event, warranty)
    assert reason is None if expected is None else expected in reason


def test_closed_tickets_and_other_kinds_ignore_quotes():
    cancelled = on_site().do(A.CANCEL, note="duplicate")
    assert "cancelled" in ignore_reason(cancelled.snapshot, None, fact(), False)
    inquiry = Ticket(TicketKind.INQUIRY)
    assert "only a repair" in ignore_reason(inquiry.snapshot, None, fact(), False)
