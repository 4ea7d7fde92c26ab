"""Breaches 超时 and the escalation ladder 升级: supervisor → project manager → HQ (TK-4).

Each (target, level) pair is one possible breach with a due time. The store indexes only
``next_deadline`` — the earliest pair that can still breach and was not reported — so the
breach scan touches tickets that are actually due, not every open ticket. After a scan the
handler adds the reported keys and recomputes ``next_deadline``; a key is never reported
twice because ``breaches_due`` skips reported keys.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from .calendars import Calendar
from .clock import Pause
from .errors import require_aware
from .kinds import TicketKind
from .roles import StaffRole
from .sla import SlaPolicy, SlaSubject, SlaTarget, applicable_rules, rule_deadline


class EscalationLevel(IntEnum):
    """1 at the deadline, 2 after one more target period, 3 after two more (by default)."""

    SUPERVISOR = 1        # 主管
    PROJECT_MANAGER = 2   # 管理处经理
    HQ = 3                # 公司总部


@dataclass(frozen=True, order=True)
class Breach:
    due_at: datetime
    target: SlaTarget
    level: EscalationLevel

    @property
    def key(self) -> str:
        """Stable id of this breach, stored in the ticket's reported set, e.g. ``fixed/2``."""
        return f"{self.target}/{int(self.level)}"

    def happened(self, met: Mapping[SlaTarget, datetime]) -> bool:
        """Breached unless the milestone was met by the due time (met late still counts)."""
        met_at = met.get(self.target)
        return met_at is None or met_at > self.due_at


def escalation_schedule(policy: SlaPolicy, calendar: Calendar, subject: SlaSubject,
                        created_at: datetime, pauses: Sequence[Pause] = ()) -> tuple[Breach, ...]:
    """Every possible breach with its due time, sorted; levels held by an open pause are left out."""
    created_at = require_aware(created_at, "created_at")
    schedule = []
    for target, rule in applicable_rules(policy, subject).items():
        for level, multiple in zip(EscalationLevel, policy.escalation_multiples, strict=True):
            due = rule_deadline(rule, target, calendar, created_at, pauses, multiple)
            if due is not None:
                schedule.append(Breach(due, target, level))
    return tuple(sorted(schedule))


def pending(schedule: Iterable[Breach], met: Mapping[SlaTarget, datetime],
            reported: Collection[str]) -> list[Breach]:
    return [b for b in schedule if b.key not in reported and b.happened(met)]


def next_deadline(schedule: Iterable[Breach], met: Mapping[SlaTarget, datetime],
                  reported: Collection[str]) -> Breach | None:
    """The earliest breach still to report (its ``due_at`` is what the store indexes)."""
    return min(pending(schedule, met, reported), default=None)


def breaches_due(schedule: Iterable[Breach], met: Mapping[SlaTarget, datetime],
                 reported: Collection[str], now: datetime) -> tuple[Breach, ...]:
    """Breaches to report now, oldest first; report each, then add its ``key`` to ``reported``."""
    now = require_aware(now, "now")
    return tuple(sorted(b for b in pending(schedule, met, reported) if b.due_at <= now))


def escalation_roles(level: EscalationLevel, kind: TicketKind) -> tuple[StaffRole, ...]:
    """Who is told: the engineering supervisor 工程主管 follows repairs, the CS supervisor the rest."""
    if level is EscalationLevel.SUPERVISOR:
        return (StaffRole.ENGINEERING_SUPERVISOR,) if TicketKind(kind).is_repair else (StaffRole.CS_SUPERVISOR,)
    if level is EscalationLevel.PROJECT_MANAGER:
        return (StaffRole.PROJECT_MANAGER,)
    return (StaffRole.HQ_GENERAL_MANAGER, StaffRole.HQ_MANAGEMENT_REPRESENTATIVE)
