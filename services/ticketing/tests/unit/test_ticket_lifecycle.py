"""The ticket state machine: named actions, closed loop (TK-10), quotes (TK-6), pauses."""
from datetime import UTC, datetime, timedelta

import pytest
from ticketing.domain import (
    ActionContext,
    InvalidInput,
    QuoteStatus,
    SlaTarget,
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

UTC = UTC
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


class Run:
    """Drives one ticket through actions, a minute apart, keeping the history."""

    def __init__(self, kind=TicketKind.GENERAL_REPAIR, **flags):
        first = open_ticket(kind, "phone", "alice", T0, **flags)
        self.snapshot, self.history, self.at = first.snapshot, [first.entry], T0

    def do(self, action, actor="bob", **details):
        self.at += timedelta(minutes=1)
        result = apply(self.snapshot, action, ActionContext(actor=actor, at=self.at, **details))
        self.snapshot = result.snapshot
        self.history.append(result.entry)
        return self

    def through(self, *steps):
        for step in steps:
            action, details = step if isinstance(step, tuple) else (step, {})
            self.do(action, **details)
        return self


DISPATCH = (A.DISPATCH, {"department": "engineering", "assignee": "bob"})
RESOLVE = (A.RESOLVE, {"result": "replaced the washer"})
SIGN = (A.CUSTOMER_SIGN_OFF, {"signed_by": "Owner Wang"})
REPAIR_TO_RESULT = (DISPATCH, A.ACCEPT, A.ARRIVE, A.START_WORK, RESOLVE)


def refused(run, action, **details):
    with pytest.raises(TransitionRefused) as err:
        run.do(action, **details)
    return err.value.reason


def test_a_new_ticket_is_received_and_names_its_first_responder():
    run = Run()
    assert run.snapshot.state is S.RECEIVED
    assert run.snapshot.first_responder == "alice"
    assert run.history[0].action is A.RECEIVE and run.history[0].to_state is S.RECEIVED


def test_a_repair_closes_only_after_result_sign_off_and_a_happy_return_visit():
    run = Run().through(*REPAIR_TO_RESULT, SIGN)
    assert run.snapshot.state is S.AWAITING_RETURN_VISIT
    run.do(A.RETURN_VISIT_HAPPY, satisfaction=5)
    assert run.snapshot.state is S.CLOSED and run.snapshot.return_visit_done
    assert [e.to_state for e in run.history][-3:] == [S.RESOLVED, S.AWAITING_RETURN_VISIT, S.CLOSED]


@pytest.mark.parametrize("steps", [REPAIR_TO_RESULT, (*REPAIR_TO_RESULT, SIGN)])
def test_a_repair_cannot_close_without_a_completed_return_visit(steps):
    run = Run().through(*steps)
    assert "return visit" in refused(run, A.CLOSE)


def test_a_complaint_goes_from_result_straight_to_the_return_visit_and_cannot_be_closed_by_hand():
    run = Run(TicketKind.COMPLAINT).through(DISPATCH, RESOLVE)
    assert run.snapshot.state is S.AWAITING_RETURN_VISIT
    assert "complaint" in refused(run, A.CLOSE)


@pytest.mark.parametrize("kind, subtype", [(TicketKind.INQUIRY, None), (TicketKind.HELP_REQUEST, "other"),
                                           (TicketKind.COMMUNITY_MATTER, "noise"), (TicketKind.OWNER_SUGGESTION, None)])
def test_kinds_without_return_visit_close_after_a_result(kind, subtype):
    run = Run(kind, subtype=subtype).through(RESOLVE, A.CLOSE)
    assert run.snapshot.state is S.CLOSED


def test_nothing_closes_without_a_result():
    assert "not possible while the ticket is received" in refused(Run(TicketKind.INQUIRY), A.CLOSE)


def test_an_unhappy_return_visit_reopens_and_counts_the_reopening():
    run = Run().through(*REPAIR_TO_RESULT, SIGN).do(A.RETURN_VISIT_UNHAPPY, note="drips again", satisfaction=2)
    assert run.snapshot.state is S.REOPENED and run.snapshot.reopen_count == 1
    assert run.snapshot.result is None and run.snapshot.signed_off_by is None
    run.through(DISPATCH, A.ACCEPT, A.ARRIVE, A.START_WORK, RESOLVE, SIGN, (A.RETURN_VISIT_UNHAPPY, {"note": "still"}))
    assert run.snapshot.reopen_count == 2


def test_a_paid_repair_needs_an_accepted_quote_before_work():
    run = Run(paid_repair=True).through(DISPATCH, A.ACCEPT, A.ARRIVE)
    assert "quote" in refused(run, A.START_WORK)
    run.through((A.SEND_QUOTE, {"price_fen": 3500}), A.ACCEPT_QUOTE, A.START_WORK)
    assert run.snapshot.state is S.IN_PROGRESS and run.snapshot.quoted_price_fen == 3500


def test_a_declined_quote_blocks_work_and_the_customer_may_cancel():
    run = Run(paid_repair=True).through(DISPATCH, A.ARRIVE, (A.SEND_QUOTE, {"price_fen": 3500}), A.DECLINE_QUOTE)
    assert run.snapshot.state is S.ON_SITE and run.snapshot.quote_status is QuoteStatus.DECLINED
    assert "TK-6" in refused(run, A.START_WORK)
    run.do(A.CANCEL, note="owner will use own plumber")
    assert run.snapshot.state is S.CANCELLED


def test_a_priced_quote_turns_a_free_repair_into_a_paid_one():
    run = Run().through(DISPATCH, A.ARRIVE, (A.SEND_QUOTE, {"price_fen": 800}))
    assert run.snapshot.paid_repair
    run.do(A.ACCEPT_QUOTE).do(A.START_WORK)


def test_a_changed_price_found_during_work_needs_a_new_acceptance_and_returns_to_work():
    run = Run(paid_repair=True).through(DISPATCH, A.ARRIVE, (A.SEND_QUOTE, {"price_fen": 1000}), A.ACCEPT_QUOTE,
                                        A.START_WORK, (A.SEND_QUOTE, {"price_fen": 2500}))
    assert run.snapshot.state is S.AWAITING_QUOTE_CONSENT
    run.do(A.ACCEPT_QUOTE)
    assert run.snapshot.state is S.IN_PROGRESS and run.snapshot.quoted_price_fen == 2500


def test_only_repairs_are_quoted_signed_off_or_wait_for_parts():
    run = Run(TicketKind.COMPLAINT).through(DISPATCH, A.ACCEPT, A.START_WORK)
    assert "only a repair" in refused(run, A.SEND_QUOTE, price_fen=100)
    assert "only a repair" in refused(run, A.PAUSE_FOR_PARTS, note="x")


def test_waiting_for_parts_opens_a_pause_and_resuming_closes_it():
    run = Run().through(DISPATCH, A.ARRIVE, A.START_WORK, (A.PAUSE_FOR_PARTS, {"note": "valve ordered"}))
    (pause,) = run.snapshot.pauses
    assert run.snapshot.state is S.WAITING_PARTS and pause.end is None and pause.reason == "waiting_parts"
    run.do(A.RESUME)
    assert run.snapshot.state is S.IN_PROGRESS and run.snapshot.pauses[0].end == run.at


def test_quote_consent_stops_the_clock_too():
    run = Run().through(DISPATCH, A.ARRIVE, (A.SEND_QUOTE, {"price_fen": 100}), A.ACCEPT_QUOTE)
    (pause,) = run.snapshot.pauses
    assert pause.reason == "awaiting_quote_consent" and pause.end == run.at


def test_nobody_home_leaves_a_note_meets_the_on_site_limit_and_waits_for_the_customer():
    run = Run().through(DISPATCH, A.ACCEPT, (A.RECORD_NOBODY_HOME, {"note": "note left on door"}))
    assert run.snapshot.state is S.WAITING_CUSTOMER
    assert SlaTarget.ON_SITE in run.snapshot.milestones
    run.do(A.RESCHEDULE, appointment_at=T0 + timedelta(days=1)).do(A.RESUME)
    assert run.snapshot.state is S.ACCEPTED and run.snapshot.appointment_at == T0 + timedelta(days=1)


def test_milestones_record_the_first_time_each_target_was_met():
    run = Run(off_catalogue=True).through(DISPATCH, A.ARRIVE, (A.SEND_QUOTE, {"price_fen": 0}), A.ACCEPT_QUOTE,
                                          A.START_WORK, RESOLVE, SIGN)
    m = run.snapshot.milestones
    assert m[SlaTarget.FIRST_RESPONSE] == T0 + timedelta(minutes=1)
    assert m[SlaTarget.ON_SITE] == T0 + timedelta(minutes=2)
    assert m[SlaTarget.ASSESSED] == T0 + timedelta(minutes=3)
    assert m[SlaTarget.FIXED] == run.at


def test_a_help_request_is_answered_by_responding():
    run = Run(TicketKind.HELP_REQUEST, subtype="medical_emergency").do(A.RESPOND, note="ambulance called")
    assert run.snapshot.state is S.RECEIVED
    assert run.snapshot.milestones[SlaTarget.FIRST_RESPONSE] == run.at


def test_work_once_started_cannot_be_cancelled():
    run = Run().through(DISPATCH, A.ARRIVE, A.START_WORK)
    assert "not possible while the ticket is in_progress" in refused(run, A.CANCEL, note="changed mind")


def test_a_closed_ticket_can_only_be_reopened():
    run = Run(TicketKind.INQUIRY).through(RESOLVE, A.CLOSE)
    for action in (A.DISPATCH, A.RESPOND, A.RESOLVE, A.CANCEL):
        with pytest.raises(TransitionRefused):
            run.do(action, note="x", result="y", department="d", assignee="a")
    run.do(A.REOPEN, note="answer was wrong")
    assert run.snapshot.state is S.REOPENED and run.snapshot.reopen_count == 1


def test_every_history_entry_says_who_when_what_from_and_to():
    run = Run().through(DISPATCH, (A.ACCEPT, {}))
    entry = run.history[-1]
    assert (entry.actor, entry.at, entry.action, entry.from_state, entry.to_state) == (
        "bob", T0 + timedelta(minutes=2), A.ACCEPT, S.DISPATCHED, S.ACCEPTED)
    assert [e.to_state for e in run.history[:-1]] == [e.from_state for e in run.history[1:]]


@pytest.mark.parametrize("action, details, field", [
    (A.DISPATCH, {"department": "engineering"}, "assignee"),
    (A.DISPATCH, {"department": " ", "assignee": "bob"}, "department"),
    (A.CANCEL, {}, "note"),
    (A.RESOLVE, {}, "result"),
    (A.RESPOND, {"satisfaction": 9, "note": "x"}, "satisfaction"),
])
def test_missing_or_bad_details_are_refused_naming_the_field(action, details, field):
    with pytest.raises(InvalidInput) as err:
        Run().do(action, **details)
    assert err.value.field == field


def test_a_negative_or_fractional_price_is_refused():
    run = Run().through(DISPATCH, A.ARRIVE)
    for price in (-1, 10.5, True):
        with pytest.raises(InvalidInput):
            run.do(A.SEND_QUOTE, price_fen=price)


def test_time_cannot_run_backwards_on_a_ticket():
    run = Run()
    with pytest.raises(InvalidInput) as err:
        apply(run.snapshot, A.RESPOND, ActionContext(actor="bob", at=T0 - timedelta(seconds=1), note="hi"))
    assert err.value.field == "at"


def test_a_ticket_is_received_only_through_open_ticket():
    with pytest.raises(InvalidInput):
        Run().do(A.RECEIVE)


@pytest.mark.parametrize("kwargs, field", [
    ({"kind": "repair"}, "kind"),
    ({"channel": "pigeon"}, "channel"),
    ({"kind": TicketKind.HELP_REQUEST}, "subtype"),
    ({"kind": TicketKind.INQUIRY, "subtype": "noise"}, "subtype"),
    ({"kind": TicketKind.INQUIRY, "paid_repair": True}, "kind"),
    ({"first_responder": ""}, "first_responder"),
    ({"created_at": datetime(2026, 11, 2)}, "created_at"),
])
def test_bad_intake_is_refused_naming_the_field(kwargs, field):
    args = {"kind": TicketKind.GENERAL_REPAIR, "channel": "web", "first_responder": "alice", "created_at": T0, **kwargs}
    with pytest.raises(InvalidInput) as err:
        open_ticket(args.pop("kind"), args.pop("channel"), args.pop("first_responder"), args.pop("created_at"), **args)
    assert err.value.field == field


def test_refusals_read_as_sentences_for_the_api():
    reason = refused(Run(), A.START_WORK)
    assert reason == ("'start_work' is not possible while the ticket is received; "
                      "it is allowed when the ticket is accepted, on_site")
