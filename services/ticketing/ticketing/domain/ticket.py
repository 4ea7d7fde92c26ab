"""The ticket 工单 as the state machine sees it: states, actions, snapshot, history entry."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .clock import Pause
from .kinds import Channel, TicketKind
from .sla import SlaSubject, SlaTarget


class TicketState(StrEnum):
    RECEIVED = "received"                              # 已受理
    DISPATCHED = "dispatched"                          # 已派单
    ACCEPTED = "accepted"                              # 已接单
    ON_SITE = "on_site"                                # 已到场
    AWAITING_QUOTE_CONSENT = "awaiting_quote_consent"  # 待客户确认报价
    IN_PROGRESS = "in_progress"                        # 处理中
    WAITING_CUSTOMER = "waiting_customer"              # 等待客户
    WAITING_PARTS = "waiting_parts"                    # 等待配件
    RESOLVED = "resolved"                              # 已有处理结果
    AWAITING_RETURN_VISIT = "awaiting_return_visit"    # 待回访
    CLOSED = "closed"                                  # 已结案
    REOPENED = "reopened"                              # 重新打开
    CANCELLED = "cancelled"                            # 已撤销

    @property
    def is_open(self) -> bool:
        return self not in (TicketState.CLOSED, TicketState.CANCELLED)

    @property
    def stops_clock(self) -> bool:
        """The resolution clock stops while we wait on the customer or on parts."""
        return self in PAUSED_STATES


PAUSED_STATES = frozenset({TicketState.WAITING_CUSTOMER, TicketState.WAITING_PARTS,
                           TicketState.AWAITING_QUOTE_CONSENT})
OPEN_STATES = frozenset(s for s in TicketState if s.is_open)


class TicketAction(StrEnum):
    RECEIVE = "receive"                        # 受理 (only through open_ticket)
    RESPOND = "respond"                        # 答复 / 告知进度
    DISPATCH = "dispatch"                      # 派单
    ACCEPT = "accept"                          # 接单
    ARRIVE = "arrive"                          # 到场
    RECORD_NOBODY_HOME = "record_nobody_home"  # 无人在家, 留言条
    RESCHEDULE = "reschedule"                  # 重新预约
    SEND_QUOTE = "send_quote"                  # 报价 (billing's quote shown to the customer; by event)
    ACCEPT_QUOTE = "accept_quote"              # by event: billing.quote.accepted
    DECLINE_QUOTE = "decline_quote"            # by event: billing.quote.declined
    QUOTE_REVISED = "quote_revised"            # by event: an on-site finding made a new version
    START_WORK = "start_work"
    PAUSE_FOR_CUSTOMER = "pause_for_customer"
    PAUSE_FOR_PARTS = "pause_for_parts"
    RESUME = "resume"
    RESOLVE = "resolve"                        # 处理结果
    CUSTOMER_SIGN_OFF = "customer_sign_off"    # 业户验收签字
    RETURN_VISIT_HAPPY = "return_visit_happy"
    RETURN_VISIT_UNHAPPY = "return_visit_unhappy"
    CLOSE = "close"
    REOPEN = "reopen"
    CANCEL = "cancel"


class QuoteStatus(StrEnum):
    NONE = "none"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVISED = "revised"  # a new version after an on-site finding, not yet accepted


@dataclass(frozen=True)
class TicketSnapshot:
    """Everything the transition rules read; the store keeps it beside the ticket's other data.

    ``milestones`` records when each SLA target was first met; ``pauses`` the clock stops;
    ``resume_state`` where a paused ticket goes back to. Build new ones with ``open_ticket``.
    """

    kind: TicketKind
    created_at: datetime
    first_responder: str                 # 首问责任人 (TK-2)
    channel: Channel
    subtype: str | None = None
    immediate: bool = False
    off_catalogue: bool = False
    paid_repair: bool = False
    state: TicketState = TicketState.RECEIVED
    updated_at: datetime | None = None
    department: str | None = None
    assignee: str | None = None
    appointment_at: datetime | None = None
    quote_status: QuoteStatus = QuoteStatus.NONE
    quoted_price_fen: int | None = None
    result: str | None = None
    signed_off_by: str | None = None
    return_visit_done: bool = False
    satisfaction: int | None = None
    reopen_count: int = 0
    resume_state: TicketState | None = None
    milestones: Mapping[SlaTarget, datetime] = field(default_factory=dict)
    pauses: tuple[Pause, ...] = ()

    @property
    def sla_subject(self) -> SlaSubject:
        return SlaSubject(self.kind, self.immediate, self.off_catalogue)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the audit trail (X-6): who did what, when, from which state to which."""

    at: datetime
    actor: str
    action: TicketAction
    from_state: TicketState | None
    to_state: TicketState
    note: str = ""


@dataclass(frozen=True)
class ActionContext:
    """Who acts, when, and the details an action needs (each action says which it requires)."""

    actor: str
    at: datetime
    note: str = ""
    department: str | None = None
    assignee: str | None = None
    appointment_at: datetime | None = None
    price_fen: int | None = None
    result: str | None = None
    signed_by: str | None = None
    satisfaction: int | None = None


@dataclass(frozen=True)
class Transition:
    snapshot: TicketSnapshot
    entry: HistoryEntry
    events: tuple[str, ...] = ()  # event types the move announces (transitions.Rule.emits)
