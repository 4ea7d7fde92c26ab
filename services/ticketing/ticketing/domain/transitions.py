"""Every allowed move of a ticket, by action: where from, where to, what it needs and checks.

Read the table top to bottom to see the whole workflow: record → dispatch → accept →
arrive → (billing's quote → consent, both by event) → work → result → sign-off → return visit →
closed (TK-3..TK-10).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import events as E
from .kinds import TicketKind
from .sla import SlaTarget
from .ticket import OPEN_STATES, ActionContext, QuoteStatus, TicketSnapshot
from .ticket import TicketAction as A
from .ticket import TicketState as S

Guard = Callable[[TicketSnapshot, ActionContext], "str | None"]
Effect = Callable[[TicketSnapshot, ActionContext], dict[str, Any]]
Target = Callable[[TicketSnapshot], S]


@dataclass(frozen=True)
class Rule:
    sources: frozenset[S]
    target: Target | None = None          # None: the state does not change
    needs: tuple[str, ...] = ()           # ActionContext fields that must be given
    guard: Guard | None = None            # returns a refusal reason, or None to allow
    effect: Effect | None = None          # snapshot fields the action sets
    meets: tuple[SlaTarget, ...] = ()     # SLA milestones first met by this action
    emits: tuple[str, ...] = ()           # events the move announces (docs/events.md), built by the handler


def to(state: S) -> Target:
    return lambda _snapshot: state


def back(snapshot: TicketSnapshot) -> S:
    return snapshot.resume_state or S.RECEIVED


def after_result(snapshot: TicketSnapshot) -> S:
    # A complaint has no slip to sign, so its result goes straight to the return visit.
    return S.AWAITING_RETURN_VISIT if snapshot.kind is TicketKind.COMPLAINT else S.RESOLVED


def repair_only(what: str) -> Guard:
    return lambda s, _c: None if s.kind.is_repair else f"only a repair can {what}; this is a {s.kind}"


def quote_consent_before_work(s: TicketSnapshot, _c: ActionContext) -> str | None:
    if s.paid_repair and s.quote_status is QuoteStatus.REVISED:
        return ("the quote was revised after the on-site finding; work waits until the customer accepts "
                "the new version (TK-6, BL-2)")
    if s.paid_repair and s.quote_status is not QuoteStatus.ACCEPTED:
        return "a paid repair needs the customer's accepted quote before work starts (TK-6)"
    return None


def quote_answered(s: TicketSnapshot, _c: ActionContext) -> str | None:
    # A result while the customer still considers a price would complete (and charge) an unagreed quote.
    if s.kind.is_repair and s.quote_status in (QuoteStatus.SENT, QuoteStatus.REVISED):
        return "the customer has not answered the quote yet; record the answer before the result (TK-6)"
    return None


def stop_work_on_revision(s: TicketSnapshot) -> S:
    # Work under way stops for the new price; before work the ticket stays where it is, and start_work refuses.
    return S.AWAITING_QUOTE_CONSENT if s.state is S.IN_PROGRESS else s.state


def closed_loop(s: TicketSnapshot, _c: ActionContext) -> str | None:
    if not s.result:
        return "nothing closes without a result (TK-10)"
    if s.kind.needs_return_visit and not s.return_visit_done:
        return f"a {s.kind} closes only after a completed return visit (TK-10); record the return visit"
    return None


def reopened(s: TicketSnapshot, _c: ActionContext) -> dict[str, Any]:
    return {"reopen_count": s.reopen_count + 1, "result": None, "signed_off_by": None,
            "return_visit_done": False}


def quoted(s: TicketSnapshot, c: ActionContext) -> dict[str, Any]:
    price = c.price_fen or 0
    return {"quote_status": QuoteStatus.SENT, "quoted_price_fen": price,
            "paid_repair": s.paid_repair or price > 0}


PRE_WORK = frozenset({S.RECEIVED, S.REOPENED, S.DISPATCHED, S.ACCEPTED, S.ON_SITE})

RULES: dict[A, Rule] = {
    A.RESPOND: Rule(OPEN_STATES, needs=("note",), meets=(SlaTarget.FIRST_RESPONSE,)),
    A.DISPATCH: Rule(frozenset({S.RECEIVED, S.REOPENED, S.DISPATCHED, S.ACCEPTED}), to(S.DISPATCHED),
                     needs=("department", "assignee"), meets=(SlaTarget.FIRST_RESPONSE,),
                     effect=lambda s, c: {"department": c.department, "assignee": c.assignee,
                                          "appointment_at": c.appointment_at}, emits=(E.TICKET_DISPATCHED,)),
    A.ACCEPT: Rule(frozenset({S.DISPATCHED}), to(S.ACCEPTED)),
    A.ARRIVE: Rule(frozenset({S.DISPATCHED, S.ACCEPTED}), to(S.ON_SITE), meets=(SlaTarget.ON_SITE,),
                   emits=(E.TICKET_ARRIVED,)),
    # The technician did turn up: the on-site limit is met, and the wait is the customer's.
    A.RECORD_NOBODY_HOME: Rule(frozenset({S.DISPATCHED, S.ACCEPTED}), to(S.WAITING_CUSTOMER),
                               needs=("note",), meets=(SlaTarget.ON_SITE,), emits=(E.APPOINTMENT_MISSED,)),
    A.RESCHEDULE: Rule(frozenset({S.DISPATCHED, S.ACCEPTED, S.WAITING_CUSTOMER}), needs=("appointment_at",),
                       effect=lambda s, c: {"appointment_at": c.appointment_at},
                       emits=(E.APPOINTMENT_RESCHEDULED,)),
    # The quote actions follow billing's events (billing owns the price): a version shown, answered, revised.
    A.SEND_QUOTE: Rule(PRE_WORK | {S.IN_PROGRESS, S.AWAITING_QUOTE_CONSENT}, to(S.AWAITING_QUOTE_CONSENT),
                       needs=("price_fen",),
                       guard=repair_only("be quoted"), effect=quoted, meets=(SlaTarget.ASSESSED,)),
    A.ACCEPT_QUOTE: Rule(frozenset({S.AWAITING_QUOTE_CONSENT}), back,
                         effect=lambda s, c: {"quote_status": QuoteStatus.ACCEPTED}),
    A.DECLINE_QUOTE: Rule(frozenset({S.AWAITING_QUOTE_CONSENT}), back,
                          effect=lambda s, c: {"quote_status": QuoteStatus.DECLINED}),
    A.QUOTE_REVISED: Rule(PRE_WORK | {S.IN_PROGRESS, S.AWAITING_QUOTE_CONSENT}, stop_work_on_revision,
                          guard=repair_only("be quoted"),
                          effect=lambda s, c: {"quote_status": QuoteStatus.REVISED, "paid_repair": True}),
    A.START_WORK: Rule(frozenset({S.ACCEPTED, S.ON_SITE}), to(S.IN_PROGRESS),
                       guard=quote_consent_before_work, meets=(SlaTarget.ON_SITE,)),
    A.PAUSE_FOR_CUSTOMER: Rule(frozenset({S.ACCEPTED, S.ON_SITE, S.IN_PROGRESS}), to(S.WAITING_CUSTOMER),
                               needs=("note",)),
    A.PAUSE_FOR_PARTS: Rule(frozenset({S.ON_SITE, S.IN_PROGRESS}), to(S.WAITING_PARTS),
                            needs=("note",), guard=repair_only("wait for parts")),
    A.RESUME: Rule(frozenset({S.WAITING_CUSTOMER, S.WAITING_PARTS}), back),
    A.RESOLVE: Rule(PRE_WORK | {S.IN_PROGRESS}, after_result, needs=("result",), guard=quote_answered,
                    effect=lambda s, c: {"result": c.result},
                    meets=(SlaTarget.FIRST_RESPONSE, SlaTarget.ASSESSED)),
    # TK-6: a repair is done when the owner has tested it and signed the slip.
    A.CUSTOMER_SIGN_OFF: Rule(frozenset({S.RESOLVED}), to(S.AWAITING_RETURN_VISIT), needs=("signed_by",),
                              guard=repair_only("be signed off"), meets=(SlaTarget.FIXED,),
                              effect=lambda s, c: {"signed_off_by": c.signed_by}),
    A.RETURN_VISIT_HAPPY: Rule(frozenset({S.AWAITING_RETURN_VISIT}), to(S.CLOSED),
                               effect=lambda s, c: {"return_visit_done": True, "satisfaction": c.satisfaction}),
    A.RETURN_VISIT_UNHAPPY: Rule(frozenset({S.AWAITING_RETURN_VISIT}), to(S.REOPENED), needs=("note",),
                                 effect=lambda s, c: {**reopened(s, c), "satisfaction": c.satisfaction}),
    A.CLOSE: Rule(frozenset({S.RESOLVED, S.AWAITING_RETURN_VISIT}), to(S.CLOSED), guard=closed_loop),
    A.REOPEN: Rule(frozenset({S.RESOLVED, S.AWAITING_RETURN_VISIT, S.CLOSED}), to(S.REOPENED),
                   needs=("note",), effect=reopened),
    A.CANCEL: Rule(PRE_WORK | {S.AWAITING_QUOTE_CONSENT, S.WAITING_CUSTOMER}, to(S.CANCELLED), needs=("note",)),
}
