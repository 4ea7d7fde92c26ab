"""Hot work 动火 and extensions 延期 (seed 001 §4.1.1: 《动用明火申请表》, the extension application): each an
application of its own with its own approval. Hot work stays within the permit's dates and working hours and names
its fire-watch person; an extension moves the permit's end (and the passes that ran to it) later, within limits.
"""
from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from kefulib.domain_errors import BadField, refuse_if

from .applications import ENGINEERING_ROLES, MANAGER_ROLES, minutes

HOT_WORK_APPROVERS = ENGINEERING_ROLES | MANAGER_ROLES | frozenset({"security_supervisor"})
EXTENSION_APPROVERS = MANAGER_ROLES
LONGEST_EXTENSION_DAYS = 90


class RequestStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"


def check_hot_work(day: date, start: str, end: str, permit: dict) -> None:
    """Within the permit's dates and its working hours, ending after it starts."""
    if not date.fromisoformat(permit["valid_from"]) <= day <= date.fromisoformat(permit["valid_until"]):
        raise BadField("day", f"within the permit's dates {permit['valid_from']} to {permit['valid_until']}")
    hours = permit["working_hours"]
    begin, finish = minutes(start, "start"), minutes(end, "end")
    if begin < minutes(hours["start"], "start"):
        raise BadField("start", f"not before the permit's working hours start {hours['start']}")
    if finish > minutes(hours["end"], "end"):
        raise BadField("end", f"not after the permit's working hours end {hours['end']}")
    if finish <= begin:
        raise BadField("end", "after the start")


def check_extension(new_end: date, permit_until: date) -> None:
    if new_end <= permit_until:
        raise BadField("new_end", f"after the permit's end {permit_until.isoformat()}")
    if new_end > permit_until + timedelta(days=LONGEST_EXTENSION_DAYS):
        raise BadField("new_end", f"at most {LONGEST_EXTENSION_DAYS} days after the permit's end")


def check_request(status: str) -> None:
    refuse_if(status != "permitted", "not_permitted", "Only a permitted renovation asks for hot work or an extension.",
              current_status=status)


def decide(status: str, decision: str, reason: str, roles: set[str], approvers: frozenset[str]) -> str:
    """One decision on a request still open, by its approvers; a refusal says why."""
    refuse_if(not approvers & roles, "role_not_allowed", "This request is decided by " + ", ".join(sorted(approvers)))
    refuse_if(status != RequestStatus.REQUESTED, "already_decided", "The request was already decided.",
              current_status=status)
    if decision == "refuse" and not (reason or "").strip():
        raise BadField("reason", "say why it is refused")
    return str(RequestStatus.APPROVED if decision == "pass" else RequestStatus.REFUSED)
