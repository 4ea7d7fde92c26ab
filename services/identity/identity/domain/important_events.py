"""Important-event archive (ID-6, 重要事件资料档案) and its review before filing.

draft -> submitted -> filed, or submitted -> returned -> submitted again. Only the project
manager files or returns, because the handbook has the manager read every such file first.
A filed event is final: corrections are new events, so the archive stays as reviewed.
"""

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from identity.domain.dates import require_aware
from identity.domain.errors import InvalidInput, InvalidTransition, NotPermitted
from identity.domain.roles import OUTSIDE_ROLES, Role


class EventKind(StrEnum):
    MAJOR_COMPLAINT = "major_complaint"  # 业户重大投诉
    MAJOR_ACCIDENT = "major_accident"  # 重大责任事故
    LEGAL_RISK = "legal_risk"  # 涉及或可能涉及法律责任的事件
    BUILDING_QUALITY = "building_quality"  # 重大房屋质量问题
    IMPORTANT_CONTRACT = "important_contract"  # 与业主签订的重要合约、承诺


class EventStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    FILED = "filed"


# action -> (states it may start from, state it ends in, roles allowed; None = any staff)
TRANSITIONS: dict[str, tuple[frozenset[EventStatus], EventStatus, frozenset[Role] | None]] = {
    "submit": (frozenset({EventStatus.DRAFT, EventStatus.RETURNED}), EventStatus.SUBMITTED, None),
    "file": (frozenset({EventStatus.SUBMITTED}), EventStatus.FILED, frozenset({Role.PROJECT_MANAGER})),
    "return": (frozenset({EventStatus.SUBMITTED}), EventStatus.RETURNED, frozenset({Role.PROJECT_MANAGER})),
}


@dataclass(frozen=True)
class ReviewStep:
    action: str
    actor: str
    role: Role
    at: datetime
    note: str = ""


@dataclass(frozen=True)
class ImportantEvent:
    event_id: str
    kind: EventKind
    title: str
    recorded_by: str
    unit_id: str | None = None
    status: EventStatus = EventStatus.DRAFT
    steps: tuple[ReviewStep, ...] = ()


def apply(
    event: ImportantEvent, action: str, *, actor: str, role: Role | str, at: datetime, note: str = ""
) -> ImportantEvent:
    """The event after `action` ('submit', 'file', 'return'); raises if the step is not allowed.

    Raises InvalidTransition for a step the status does not allow, NotPermitted for a role
    that may not take it, InvalidInput for a return without a note saying what to fix.
    """
    if action not in TRANSITIONS:
        raise InvalidInput("action", f"unknown action {action!r}")
    sources, target, roles = TRANSITIONS[action]
    role = Role(role)
    if event.status not in sources:
        raise InvalidTransition(f"cannot {action} an event that is {event.status.value}")
    if role in OUTSIDE_ROLES or (roles is not None and role not in roles):
        raise NotPermitted(f"{role.value} may not {action} an important event")
    if action == "return" and not note.strip():
        raise InvalidInput("note", "a returned event must say what to fix")
    step = ReviewStep(action, actor, role, require_aware("at", at), note)
    return replace(event, status=target, steps=event.steps + (step,))


def submit(event: ImportantEvent, *, actor: str, role: Role | str, at: datetime) -> ImportantEvent:
    """Hand the event to the project manager for review."""
    return apply(event, "submit", actor=actor, role=role, at=at)


def file_event(event: ImportantEvent, *, actor: str, role: Role | str, at: datetime, note: str = "") -> ImportantEvent:
    """The manager's review passes: the event goes into the archive (交档案管理员存档)."""
    return apply(event, "file", actor=actor, role=role, at=at, note=note)


def return_event(event: ImportantEvent, *, actor: str, role: Role | str, at: datetime, note: str) -> ImportantEvent:
    """The manager sends the event back with a note; it can be submitted again."""
    return apply(event, "return", actor=actor, role=role, at=at, note=note)
