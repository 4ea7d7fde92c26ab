"""What a person is told: one channel-neutral message per matter (the inbox shows it now; SMS,
WeChat and e-mail will render the same message later). Which ticket, which deadline, how late,
and what the person at that level of the ladder is expected to do (TK-4)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

DEADLINES = {"first_response": "first response 答复", "on_site": "on site 到场",
             "assessed": "assessment 评审", "fixed": "fix 修复"}

# What each level is asked to do: the supervisor chases the work, the manager takes charge,
# HQ intervenes. Codes let a console show its own wording; the text is the default.
LEVEL_ACTIONS = {
    1: ("chase_assignee", "Contact the assignee now, get the ticket moving and tell the customer when it will be done."),
    2: ("take_charge", "Take charge of the ticket: reassign or add people, and call the customer yourself."),
    3: ("intervene", "HQ: review why the project missed the deadline twice over and direct the project manager."),
}


@dataclass(frozen=True)
class BreachNotice:
    """The facts of a ``ticketing.sla.breached`` event that a message needs."""

    ticket_id: str
    kind: str
    deadline: str
    due_at: datetime
    level: int
    noticed_at: datetime  # when the breach was detected (the event's occurred_at)


@dataclass(frozen=True)
class Message:
    kind: str        # escalation | approval_requested
    title: str
    body: str
    action: str      # a code the console may translate
    minutes_late: int | None = None


def lateness_minutes(due_at: datetime, at: datetime) -> int:
    """Whole minutes past the deadline at ``at`` (never negative: a breach is detected at or after it)."""
    return max(0, (at - due_at) // timedelta(minutes=1))


def _late(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} min"


def breach_message(notice: BreachNotice) -> Message:
    minutes = lateness_minutes(notice.due_at, notice.noticed_at)
    action, advice = LEVEL_ACTIONS.get(notice.level, LEVEL_ACTIONS[3])
    deadline = DEADLINES.get(notice.deadline, notice.deadline)
    title = f"Escalation level {notice.level}: {notice.kind} ticket missed its {deadline} deadline"
    body = (f"Ticket {notice.ticket_id}: the {deadline} deadline was due {notice.due_at.isoformat()}; "
            f"{_late(minutes)} late when escalated. {advice}")
    return Message("escalation", title, body, action, minutes)


def approval_message(ticket_id: str, record_id: str, loss_fen: int, corrective_deadline: str) -> Message:
    """A non-conformance record 不合格品/服务记录处理单 waits for this person's approval (TK-8)."""
    title = "Non-conformance record awaiting your approval"
    body = (f"Complaint ticket {ticket_id}: record {record_id}, customer's loss {loss_fen / 100:.2f} yuan, "
            f"corrective action due {corrective_deadline}. Review and approve it.")
    return Message("approval_requested", title, body, "approve_non_conformance")
