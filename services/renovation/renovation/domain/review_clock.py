"""The review steps' SLA clock 审核时限 and its escalation ladder, mirroring ticketing's (TK-4).

An application waiting on a step is due within the project's hours for that step, counted from the moment it moved
into the step (each resubmission starts the completeness clock again, with the hours then in force). Past the
deadline it climbs the platform's ladder: level 1 at the deadline goes to the step's own supervisor, level 2 at twice
the time to the project manager, level 3 at three times to HQ. No clock, no calendar: review hours run round the clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .applications import STEP_OF_STATUS, ReviewStep

DEFAULT_HOURS = {ReviewStep.COMPLETENESS: 24, ReviewStep.DRAWINGS: 72, ReviewStep.APPROVAL: 48}
MAX_HOURS = 30 * 24  # a month: a longer review is no deadline at all
TOP_LEVEL = 3

HQ_ROLES = ("hq_general_manager", "hq_management_representative")  # whom notifications reaches for "HQ"
# Level 1: who supervises the step's own people. The approval is the project manager's own step, so its first level is
# the project manager too (nobody above them in the project); HQ at level 3 is the same for every step.
STEP_SUPERVISORS = {ReviewStep.COMPLETENESS: "cs_supervisor", ReviewStep.DRAWINGS: "engineering_supervisor",
                    ReviewStep.APPROVAL: "project_manager"}


def hours_field(step: ReviewStep) -> str:
    """The settings' field of a step's hours (`completeness_hours`, ...)."""
    return f"{step}_hours"


def step_waiting(status: str) -> ReviewStep | None:
    """The review step an application in `status` waits on, or None (returned, approved, permitted, ...)."""
    return STEP_OF_STATUS.get(status)


def due_at(entered_at: datetime, hours: int) -> datetime:
    return entered_at + timedelta(hours=hours)


def level_due(due: datetime, hours: int, level: int) -> datetime:
    """When `level` is reached: the deadline for 1, one more step's time for each level above."""
    return due + timedelta(hours=hours) * (level - 1)


def level_at(due: datetime, hours: int, at: datetime) -> int:
    """How high on the ladder a step due at `due` (with `hours` to do it) stands at `at`: 0 before the deadline."""
    if at < due:
        return 0
    return min(TOP_LEVEL, 1 + int((at - due) / timedelta(hours=hours)))


def next_escalation(due: datetime, hours: int, reached: int) -> datetime | None:
    """When the next level above `reached` falls due; None once HQ was told."""
    return None if reached >= TOP_LEVEL else level_due(due, hours, reached + 1)


def roles_to_tell(step: ReviewStep, level: int) -> list[str]:
    if level >= TOP_LEVEL:
        return list(HQ_ROLES)
    return [STEP_SUPERVISORS[step] if level == 1 else "project_manager"]


@dataclass(frozen=True)
class Escalation:
    level: int
    due_at: datetime   # when this level fell due
    roles: tuple[str, ...]


def escalations_due(step: ReviewStep, due: datetime, hours: int, reached: int, at: datetime) -> list[Escalation]:
    """The levels above `reached` due by `at`, lowest first (a scan that missed a while reports each one once)."""
    return [Escalation(level, level_due(due, hours, level), tuple(roles_to_tell(step, level)))
            for level in range(reached + 1, level_at(due, hours, at) + 1)]
