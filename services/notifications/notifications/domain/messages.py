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


# ------------------------------------------------------------------ renovation's review steps past their deadline

REVIEW_STEPS = {"completeness": ("客服资料审核", "completeness check"), "drawings": ("工程图纸审核", "drawings check"),
                "approval": ("经理审批", "manager's approval")}
# What each level is asked to do about an application waiting on a review step, in Chinese and English.
REVIEW_LEVEL_ACTIONS = {
    1: ("chase_reviewer", "请督促本步骤审核人员尽快处理。", "Get the step's reviewers to decide it now."),
    2: ("take_charge", "请项目经理亲自跟进,必要时调配人员。", "Take charge: decide it or put someone on it."),
    3: ("intervene", "总部:请督导项目处理并查明超时原因。", "HQ: direct the project and find out why it is this late."),
}


@dataclass(frozen=True)
class ReviewOverdueNotice:
    """The facts of a ``renovation.review.overdue`` event that a message needs (times in the project's zone)."""

    application_id: str
    unit_id: str
    step: str
    level: int
    due_at: datetime
    noticed_at: datetime


def _late_zh(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} 小时 {rest} 分钟" if hours else f"{rest} 分钟"


def review_overdue_messages(notice: ReviewOverdueNotice) -> tuple[Message, Message]:
    """(Chinese, English): which application and step, when it was due (YYYY-MM-DD HH:mm), how late, what to do."""
    minutes = lateness_minutes(notice.due_at, notice.noticed_at)
    action, advice_zh, advice_en = REVIEW_LEVEL_ACTIONS.get(notice.level, REVIEW_LEVEL_ACTIONS[3])
    step_zh, step_en = REVIEW_STEPS.get(notice.step, (notice.step, notice.step))
    due = notice.due_at.strftime("%Y-%m-%d %H:%M")
    zh = Message("escalation", f"装修审核超时 {notice.level} 级:{step_zh}",
                 f"房号 {notice.unit_id} 的装修申请({notice.application_id})的{step_zh}应于 {due} 前完成,"
                 f"已超时 {_late_zh(minutes)}。{advice_zh}", action, minutes)
    en = Message("escalation", f"Renovation review overdue, level {notice.level}: {step_en}",
                 f"The renovation application {notice.application_id} for unit {notice.unit_id}: its {step_en} was "
                 f"due {due}; {_late(minutes)} late. {advice_en}", action, minutes)
    return zh, en
