"""A renovation application 装修申请 and its review, as one pure state table (like ticketing's and desk's).

Seed 001 §4.1.1 keeps 《装修申请表》 with the owner's papers, the contractor's licences and the drawings; the CS centre
checks the papers are complete, engineering checks the drawings (anything that could be illegal building is flagged
for the patrols, seed 004 "装修巡查技术员和安全员对该房重点巡查"), and the manager approves. A refusal at any step returns
the application to the owner with the step and its reason; the owner (through the desk) resubmits, and the review
starts again from the CS check. Approval asks billing for the fees; the permit follows their payment (permits.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kefulib.domain_errors import BadField, refuse_if


class Status(StrEnum):
    SUBMITTED = "submitted"                # waiting for the CS completeness check
    CS_CHECKED = "cs_checked"              # papers complete: waiting for engineering's drawings check
    DRAWINGS_CHECKED = "drawings_checked"  # drawings checked (flags kept): waiting for the manager
    APPROVED = "approved"                  # fees asked of billing: waiting for their payment
    PERMITTED = "permitted"                # fees paid, 装修许可证 issued with its number
    COMPLETED = "completed"                # completion accepted: the deposit's refund asked of billing
    RETURNED = "returned"                  # refused at a step, with the reason: the owner may resubmit


class Action(StrEnum):
    CS_PASS = "cs_pass"
    CS_REFUSE = "cs_refuse"
    DRAWINGS_PASS = "drawings_pass"
    DRAWINGS_REFUSE = "drawings_refuse"
    APPROVE = "approve"
    REFUSE = "refuse"
    RESUBMIT = "resubmit"
    ISSUE_PERMIT = "issue_permit"   # the fees' payment (billing's event), never a person


class ReviewStep(StrEnum):
    COMPLETENESS = "completeness"   # CS: 资料是否齐全
    DRAWINGS = "drawings"           # engineering: 图纸审核
    APPROVAL = "approval"           # the project manager: 审批


CS_ROLES = frozenset({"cs_assistant", "cs_administrator", "cs_supervisor", "project_manager"})
ENGINEERING_ROLES = frozenset({"engineering_supervisor", "technician"})
MANAGER_ROLES = frozenset({"project_manager"})
SYSTEM = frozenset()  # no person's role: only the service itself, on billing's payment event


@dataclass(frozen=True)
class Transition:
    to: Status
    roles: frozenset[str]


# (status, action) -> where it goes and who may take it. Anything not here is refused.
TRANSITIONS: dict[tuple[Status, Action], Transition] = {
    (Status.SUBMITTED, Action.CS_PASS): Transition(Status.CS_CHECKED, CS_ROLES),
    (Status.SUBMITTED, Action.CS_REFUSE): Transition(Status.RETURNED, CS_ROLES),
    (Status.CS_CHECKED, Action.DRAWINGS_PASS): Transition(Status.DRAWINGS_CHECKED, ENGINEERING_ROLES),
    (Status.CS_CHECKED, Action.DRAWINGS_REFUSE): Transition(Status.RETURNED, ENGINEERING_ROLES),
    (Status.DRAWINGS_CHECKED, Action.APPROVE): Transition(Status.APPROVED, MANAGER_ROLES),
    (Status.DRAWINGS_CHECKED, Action.REFUSE): Transition(Status.RETURNED, MANAGER_ROLES),
    (Status.RETURNED, Action.RESUBMIT): Transition(Status.SUBMITTED, CS_ROLES),
    (Status.APPROVED, Action.ISSUE_PERMIT): Transition(Status.PERMITTED, SYSTEM),
}

STEP_ACTIONS = {ReviewStep.COMPLETENESS: (Action.CS_PASS, Action.CS_REFUSE),
                ReviewStep.DRAWINGS: (Action.DRAWINGS_PASS, Action.DRAWINGS_REFUSE),
                ReviewStep.APPROVAL: (Action.APPROVE, Action.REFUSE)}
STEP_OF_STATUS = {Status.SUBMITTED: ReviewStep.COMPLETENESS, Status.CS_CHECKED: ReviewStep.DRAWINGS,
                  Status.DRAWINGS_CHECKED: ReviewStep.APPROVAL}
STEP_TITLES = {ReviewStep.COMPLETENESS: "客服资料审核", ReviewStep.DRAWINGS: "工程图纸审核", ReviewStep.APPROVAL: "经理审批"}


def transition(status: str, action: Action, roles: Iterable[str]) -> Status:
    """Where `action` takes an application in `status`, if one of `roles` may take it; else Refused."""
    found = TRANSITIONS.get((Status(status), action))
    refuse_if(found is None, "not_allowed_now", f"An application {status} cannot take {action}.",
              current_status=str(status))
    refuse_if(found.roles is SYSTEM or not found.roles & set(roles), "role_not_allowed",
              f"Your roles may not {action}: it needs one of {', '.join(sorted(found.roles)) or 'the payment'}.")
    return found.to


def permit_due(status: str) -> bool:
    """The fees' payment issues the permit only for an approved application (once: then it is permitted)."""
    return (Status(status), Action.ISSUE_PERMIT) in TRANSITIONS


def review_action(status: str, step: ReviewStep, passed: bool) -> Action:
    """The action of a review decision, refused when the application is not at that step."""
    at = STEP_OF_STATUS.get(Status(status))
    refuse_if(at is None, "not_under_review", f"An application {status} is not waiting for a review step.",
              current_status=str(status))
    refuse_if(at is not step, "not_at_this_step", f"The application waits for {at} ({STEP_TITLES[at]}), not {step}.",
              waiting_for=str(at))
    return STEP_ACTIONS[step][0 if passed else 1]


def check_refusal_reason(passed: bool, reason: str | None) -> None:
    if not passed and not (reason or "").strip():
        raise BadField("reason", "a refusal says why, for the owner")


# ------------------------------------------------------------------ what the application carries

class Applicant(StrEnum):
    OWNER = "owner"   # 业主本人
    AGENT = "agent"   # the owner's agent 代理人, with the owner's written authorisation 授权委托书


class Attachment(StrEnum):
    """Papers kept by reference (the archive's file or scan id), seed 001 §4.1.1."""
    APPLICATION_FORM = "application_form"          # 《装修申请表》
    OWNER_ID = "owner_id"                          # the owner's ID document (copy)
    PROPERTY_PROOF = "property_proof"              # 房产证明 / 购房合同
    AUTHORISATION = "authorisation"                # 授权委托书, when an agent applies
    CONTRACTOR_LICENCE = "contractor_licence"      # 营业执照
    CONTRACTOR_QUALIFICATION = "contractor_qualification"  # 资质证书
    DRAWINGS = "drawings"                          # 装修图纸
    AGREEMENT = "agreement"                        # 《装修协议书》
    COMMITMENT = "commitment"                      # 《装修承诺书》


ATTACHMENTS: tuple[Attachment, ...] = tuple(Attachment)
REQUIRED_PAPERS = (Attachment.APPLICATION_FORM, Attachment.OWNER_ID, Attachment.PROPERTY_PROOF,
                   Attachment.CONTRACTOR_LICENCE, Attachment.DRAWINGS, Attachment.AGREEMENT, Attachment.COMMITMENT)


class ScopeItem(StrEnum):
    WALLS = "walls"                  # 墙体 (non-load-bearing)
    FLOORING = "flooring"
    CEILING = "ceiling"
    ELECTRICAL = "electrical"
    PLUMBING = "plumbing"
    WET_AREA = "wet_area"            # 厨卫 (waterproofing)
    DOORS_WINDOWS = "doors_windows"
    BALCONY = "balcony"
    PAINTING = "painting"
    OTHER = "other"


class Flag(StrEnum):
    """What engineering found in the drawings that the patrols must watch (could be illegal building or damage)."""
    LOAD_BEARING_WALL = "load_bearing_wall"      # 承重墙
    FACADE = "facade"                            # 外立面
    WET_AREA_PLUMBING = "wet_area_plumbing"      # 厨卫管道 / 防水
    BALCONY_ENCLOSURE = "balcony_enclosure"      # 封阳台
    EXTENSION = "extension"                      # 搭建 / 加建 (违章搭建)
    GAS = "gas"                                  # 燃气管道


FLAGS: tuple[Flag, ...] = tuple(Flag)
MAX_DAYS = 180  # a renovation longer than half a year is applied for in parts (extensions come later)
_HOURS = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
EARLIEST, LATEST = 7 * 60, 20 * 60  # work is not allowed before 07:00 nor after 20:00 (neighbours' rest)


def missing_papers(applicant: str, attached: Iterable[str]) -> list[str]:
    """The required papers not attached, in the checklist's order; an agent's authorisation too."""
    have = set(attached)
    needed = [*REQUIRED_PAPERS, *([Attachment.AUTHORISATION] if applicant == Applicant.AGENT else [])]
    return [str(p) for p in needed if p not in have]


def minutes(value: str, field: str) -> int:
    found = _HOURS.match(value or "")
    if not found:
        raise BadField(field, "a time like 08:00")
    return int(found[1]) * 60 + int(found[2])


def check_plan(start: date, end: date, today: date, hours_from: str, hours_to: str) -> None:
    """Planned dates from today on, at most MAX_DAYS; working hours within 07:00-20:00, ending after they start."""
    if start < today:
        raise BadField("planned_start", "the work starts today or later")
    if end < start:
        raise BadField("planned_end", "not before the planned start")
    if end - start > timedelta(days=MAX_DAYS):
        raise BadField("planned_end", f"at most {MAX_DAYS} days after the start; apply for an extension later")
    begin, finish = minutes(hours_from, "working_hours.start"), minutes(hours_to, "working_hours.end")
    if begin < EARLIEST:
        raise BadField("working_hours.start", "not before 07:00")
    if finish > LATEST:
        raise BadField("working_hours.end", "not after 20:00")
    if finish <= begin:
        raise BadField("working_hours.end", "after the start")


def check_applicant(applicant: str, owner_name: str | None) -> None:
    if applicant == Applicant.AGENT and not (owner_name or "").strip():
        raise BadField("owner_name", "the owner an agent applies for")


def check_completeness(applicant: str, attached: Iterable[str]) -> None:
    """CS passes the papers only when none is missing."""
    missing = missing_papers(applicant, attached)
    refuse_if(bool(missing), "papers_missing", "Papers are missing: " + ", ".join(missing) + ".", missing=missing)


def check_flags(step: ReviewStep, flags: Iterable[str]) -> list[str]:
    """Only engineering flags a drawing; the flags stay on the application for the patrols."""
    flags = list(dict.fromkeys(flags))
    if flags and step is not ReviewStep.DRAWINGS:
        raise BadField("flags", "only the drawings check flags what patrols must watch")
    return flags


def mask_name(name: str) -> str:
    """王** for lists (the full name only on the record)."""
    name = name.strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else name

