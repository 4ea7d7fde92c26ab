"""Return visits 回访 (VS-3, TK-10): scheduled when a repair is done or a complaint resolved.

Why 48 h after a complaint when a repair gets 24 h: a repair's result can be checked the
next day (does the tap still drip?), while a complaint's corrective action, an apology or
a changed routine needs a day or two to show whether it held, and calling back the same
day a complaint was closed reads as pressure. Both are per-project settings.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from .errors import RuleRefused, require, require_text
from .timekeeping import ensure_aware

SOURCE_EVENTS = ("repair_completed", "complaint_resolved")
#: The ticket kinds (ticketing's API words, as `ticketing.ticket.created` carries them) that get a
#: return visit (VS-3, TK-10): a repair once done, a complaint once resolved. An inquiry, a help
#: request, a community matter or a suggestion is answered on the spot and never called back.
RETURN_VISIT_KINDS = frozenset({"repair", "complaint"})


def gets_return_visit(ticket_kind: str | None) -> bool:
    """Whether a ticket of this kind will get a return visit, so a placeholder is worth keeping."""
    return ticket_kind in RETURN_VISIT_KINDS


class ReturnVisitStatus(StrEnum):
    PENDING = "pending"
    ASSIGNED = "assigned"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ContactMethod(StrEnum):
    PHONE = "phone"
    IN_PERSON = "in_person"
    MESSAGE = "message"  # 短信/微信回访: the customer answered the survey link sent by notifications (NT-4)


#: Allowed moves; reassigning an assigned visit is allowed, anything out of an end state is not.
TRANSITIONS: dict[ReturnVisitStatus, frozenset[ReturnVisitStatus]] = {
    ReturnVisitStatus.PENDING: frozenset({ReturnVisitStatus.ASSIGNED, ReturnVisitStatus.CANCELLED}),
    ReturnVisitStatus.ASSIGNED: frozenset(
        {ReturnVisitStatus.ASSIGNED, ReturnVisitStatus.COMPLETED, ReturnVisitStatus.CANCELLED}
    ),
    ReturnVisitStatus.COMPLETED: frozenset(),
    ReturnVisitStatus.CANCELLED: frozenset(),
}


@dataclass(frozen=True)
class ReturnVisitPolicy:
    """Per-project settings; ``unhappy_at_or_below`` is the satisfaction that counts as unhappy."""

    after_repair: timedelta = timedelta(hours=24)
    after_complaint: timedelta = timedelta(hours=48)
    unhappy_at_or_below: int = 2

    def __post_init__(self) -> None:
        require(self.after_repair > timedelta(0), "invalid_policy", "must be positive", "after_repair")
        require(self.after_complaint > timedelta(0), "invalid_policy", "must be positive", "after_complaint")
        require(1 <= self.unhappy_at_or_below <= 5, "invalid_policy", "must be 1..5", "unhappy_at_or_below")


DEFAULT_POLICY = ReturnVisitPolicy()


@dataclass(frozen=True)
class Outcome:
    """What the customer said: satisfaction 1 (very unhappy) .. 5, and whether it came back."""

    method: ContactMethod
    satisfaction: int
    problem_came_back: bool
    comments: str = ""

    def __post_init__(self) -> None:
        require(self.method in set(ContactMethod), "invalid_method", "method must be phone, in_person or message",
                "method")
        object.__setattr__(self, "method", ContactMethod(self.method))
        require(
            isinstance(self.satisfaction, int) and not isinstance(self.satisfaction, bool)
            and 1 <= self.satisfaction <= 5,
            "invalid_satisfaction",
            "satisfaction must be an integer 1..5",
            "satisfaction",
        )


@dataclass(frozen=True)
class ReturnVisit:
    """A scheduled call-back on a completed repair or resolved complaint."""

    source_event: str
    ticket_id: str
    unit_id: str | None  # None when the ticket named no unit: recorded as unknown, never invented
    due_at: datetime
    status: ReturnVisitStatus = ReturnVisitStatus.PENDING
    assignee: str | None = None
    outcome: Outcome | None = None
    completed_at: datetime | None = None
    cancel_reason: str | None = None


def due_at(source_event: str, occurred_at: datetime, policy: ReturnVisitPolicy = DEFAULT_POLICY) -> datetime:
    """When the return visit must be done; raises DomainError for an unknown ``source_event``."""
    ensure_aware(occurred_at, "occurred_at")
    require(source_event in SOURCE_EVENTS, "invalid_source_event", "unknown source event", "source_event")
    delay = policy.after_repair if source_event == "repair_completed" else policy.after_complaint
    return occurred_at + delay


def schedule_return_visit(
    source_event: str, ticket_id: str, unit_id: str | None, occurred_at: datetime,
    policy: ReturnVisitPolicy = DEFAULT_POLICY,
) -> ReturnVisit:
    """A pending return visit for the ticket event (idempotency is the consumer's job).

    A missing unit does not stop it: the customer is called back on the ticket's contact either way.
    """
    return ReturnVisit(
        source_event, require_text(ticket_id, "ticket_id"), require_text(unit_id, "unit_id") if unit_id else None,
        due_at(source_event, occurred_at, policy),
    )


def assign(visit: ReturnVisit, assignee: str) -> ReturnVisit:
    _move(visit, ReturnVisitStatus.ASSIGNED)
    return replace(visit, status=ReturnVisitStatus.ASSIGNED, assignee=require_text(assignee, "assignee"))


def complete(visit: ReturnVisit, outcome: Outcome, at: datetime) -> ReturnVisit:
    """Record the outcome. A call or a visit is completed only once assigned (the person who called answers for
    it); the customer's own answer by message needs nobody assigned, so it also completes a pending visit."""
    answered_by_customer = outcome.method is ContactMethod.MESSAGE and visit.status is ReturnVisitStatus.PENDING
    if not answered_by_customer:
        _move(visit, ReturnVisitStatus.COMPLETED)
    return replace(visit, status=ReturnVisitStatus.COMPLETED, outcome=outcome, completed_at=ensure_aware(at, "at"))


def cancel(visit: ReturnVisit, reason: str) -> ReturnVisit:
    """Cancel (e.g. the ticket was reopened); a reason is required for the audit trail."""
    _move(visit, ReturnVisitStatus.CANCELLED)
    return replace(visit, status=ReturnVisitStatus.CANCELLED, cancel_reason=require_text(reason, "reason"))


def is_unhappy(outcome: Outcome, threshold: int = DEFAULT_POLICY.unhappy_at_or_below) -> bool:
    """Unhappy means satisfaction at or below ``threshold`` or the problem came back."""
    return outcome.satisfaction <= threshold or outcome.problem_came_back


def is_overdue(visit: ReturnVisit, now: datetime) -> bool:
    """Still open (pending or assigned) after its due time."""
    ensure_aware(now, "now")
    open_statuses = (ReturnVisitStatus.PENDING, ReturnVisitStatus.ASSIGNED)
    return visit.status in open_statuses and now > visit.due_at


def _move(visit: ReturnVisit, target: ReturnVisitStatus) -> None:
    if target not in TRANSITIONS[visit.status]:
        raise RuleRefused("invalid_transition", f"cannot go from {visit.status} to {target}", "status")
