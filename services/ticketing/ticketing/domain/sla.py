"""Time limits 服务时限 per project (TK-4) and the deadlines they give a ticket.

Why every default runs on the 24x7 clock, general repairs included: the handbook promises
owners "fixed within 72 hours" and makes the company liable for losses when it is late;
owners count wall-clock hours, and 72 *working* hours on a 5-day calendar would silently
stretch the promise to about two weeks. A project whose repair team works day shifts only
may switch ``general_fixed`` (or any target) to its business calendar in its settings.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from .calendars import AlwaysOpen, Calendar
from .clock import Pause, advance
from .errors import InvalidInput, parse_choice, require, require_aware
from .kinds import TicketKind


class SlaTarget(StrEnum):
    """The milestone a deadline waits for; a ticket records when each was met."""

    FIRST_RESPONSE = "first_response"  # 答复
    ON_SITE = "on_site"                # 到场
    ASSESSED = "assessed"              # 评审可行性和费用
    FIXED = "fixed"                    # 修复

    @property
    def stops_while_paused(self) -> bool:
        # Waiting on the customer or on parts delays the fix, not how fast we answer.
        return self is SlaTarget.FIXED


class Clock(StrEnum):
    ALWAYS = "24x7"
    BUSINESS = "business"


#: The longest target a project may set: two weeks is far past any TK-4 promise (72 hours at most). Unbounded, 10^20 minutes
#: overflowed timedelta (a 500) and long targets made every deadline computation walk years of calendar.
MAX_TARGET_MINUTES = 14 * 24 * 60
#: Escalation climbs supervisor -> manager -> HQ within a few periods; past 10 the ladder means nothing, and the
#: cost of computing a deadline grows with the multiple (0.8 s a ticket at 200,000).
MAX_ESCALATION_MULTIPLE = 10


def _whole(value: Any) -> bool:
    # isinstance, not `type(...) is int`: MongoDB hands a large stored int back as bson.Int64, an int subclass.
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class TargetRule:
    duration: timedelta
    clock: Clock = Clock.ALWAYS

    def __post_init__(self) -> None:
        require(isinstance(self.duration, timedelta) and self.duration > timedelta(0),
                "duration", "must be a positive duration")
        object.__setattr__(self, "clock", parse_choice(Clock, self.clock, "clock"))


@dataclass(frozen=True)
class SlaPolicy:
    """TK-4 defaults; each project overrides what it wants through ``from_settings``.

    ``escalation_multiples``: escalation level n is due when n-th multiple of the target's
    duration has run on the target's clock (level 1 = the deadline itself).
    """

    help_first_response: TargetRule = TargetRule(timedelta(minutes=5))
    immediate_on_site: TargetRule = TargetRule(timedelta(minutes=15))
    urgent_on_site: TargetRule = TargetRule(timedelta(hours=2))
    urgent_fixed: TargetRule = TargetRule(timedelta(hours=24))
    general_fixed: TargetRule = TargetRule(timedelta(hours=72))
    off_catalogue_assessed: TargetRule = TargetRule(timedelta(minutes=15))
    escalation_multiples: tuple[int, int, int] = (1, 2, 3)

    def __post_init__(self) -> None:
        m = self.escalation_multiples
        require(len(m) == 3 and all(_whole(x) for x in m) and m[0] == 1 and m[0] < m[1] < m[2]
                <= MAX_ESCALATION_MULTIPLE, "escalation_multiples",
                f"must be three increasing whole numbers starting at 1, at most {MAX_ESCALATION_MULTIPLE}")

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> SlaPolicy:
        """Build from stored settings, e.g. ``{"general_fixed": {"minutes": 2880, "clock": "business"}}``."""
        known = {f.name for f in fields(cls)} - {"escalation_multiples"}
        changes: dict[str, Any] = {}
        for name, value in settings.items():
            if name == "escalation_multiples":
                require(isinstance(value, list | tuple), name, "must be a list of three whole numbers")
                changes[name] = tuple(value)
                continue
            require(name in known, name, "is not an SLA target", "unknown_field")
            changes[name] = _rule_from(name, value, getattr(cls(), name))
        return replace(cls(), **changes)

    def to_settings(self) -> dict[str, Any]:
        out: dict[str, Any] = {"escalation_multiples": list(self.escalation_multiples)}
        for f in fields(self):
            rule = getattr(self, f.name)
            if isinstance(rule, TargetRule):
                out[f.name] = {"minutes": rule.duration // timedelta(minutes=1), "clock": str(rule.clock)}
        return out


def _rule_from(name: str, value: Any, default: TargetRule) -> TargetRule:
    require(isinstance(value, Mapping), name, "must be an object with minutes and clock")
    minutes = value.get("minutes", default.duration // timedelta(minutes=1))
    require(_whole(minutes) and 0 < minutes <= MAX_TARGET_MINUTES, f"{name}.minutes",
            f"must be a whole number from 1 to {MAX_TARGET_MINUTES} (14 days)")
    clock = value.get("clock", default.clock)
    require(clock in set(Clock), f"{name}.clock", "must be '24x7' or 'business'")
    return TargetRule(timedelta(minutes=minutes), Clock(clock))


@dataclass(frozen=True)
class SlaSubject:
    """What of a ticket decides its targets; ``immediate`` = 即时维修 asked for now,
    ``off_catalogue`` = not in the repair price list, so it is assessed first."""

    kind: TicketKind
    immediate: bool = False
    off_catalogue: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", parse_choice(TicketKind, self.kind, "kind"))
        if not self.kind.is_repair and (self.immediate or self.off_catalogue):
            raise InvalidInput("kind", "only repairs are immediate or off-catalogue")


def applicable_rules(policy: SlaPolicy, subject: SlaSubject) -> dict[SlaTarget, TargetRule]:
    """Which targets bind this ticket; kinds without TK-4 limits get none."""
    rules: dict[SlaTarget, TargetRule] = {}
    if subject.kind is TicketKind.HELP_REQUEST:
        rules[SlaTarget.FIRST_RESPONSE] = policy.help_first_response
    if subject.kind.is_repair:
        urgent = subject.kind is TicketKind.URGENT_REPAIR
        if subject.immediate:
            rules[SlaTarget.ON_SITE] = policy.immediate_on_site
        elif urgent:
            rules[SlaTarget.ON_SITE] = policy.urgent_on_site
        rules[SlaTarget.FIXED] = policy.urgent_fixed if urgent else policy.general_fixed
    if subject.off_catalogue:
        rules[SlaTarget.ASSESSED] = policy.off_catalogue_assessed
    return rules


def clock_calendar(rule: TargetRule, calendar: Calendar) -> Calendar:
    """The calendar a rule runs on: the project's, or 24x7 in the project's time zone."""
    return calendar if rule.clock is Clock.BUSINESS else AlwaysOpen(calendar.timezone)


def rule_deadline(rule: TargetRule, target: SlaTarget, calendar: Calendar, created_at: datetime,
                  pauses: Sequence[Pause], multiple: int = 1) -> datetime | None:
    """When ``multiple`` periods of ``rule`` have run; pauses only count for pausable targets."""
    effective = pauses if target.stops_while_paused else ()
    return advance(clock_calendar(rule, calendar), created_at, rule.duration * multiple, effective)


def check_schedulable(policy: SlaPolicy, calendar: Calendar, at: datetime) -> None:
    """Refuse a policy whose highest escalation the calendar cannot reach, checked when it is saved.

    A target on a sparse business calendar (one hour a week, say) times the top multiple could need more
    working time than the calendar looks ahead for; every ticket opened after saving it would then fail.
    """
    top = policy.escalation_multiples[-1]
    for f in fields(policy):
        rule = getattr(policy, f.name)
        if isinstance(rule, TargetRule):
            try:
                advance(clock_calendar(rule, calendar), at, rule.duration * top, ())
            except InvalidInput as exc:
                raise InvalidInput(f"{f.name}.minutes", f"{top} times this target does not fit the working "
                                   f"hours of the calendar ({exc.message})", exc.code) from exc


def compute_deadlines(policy: SlaPolicy, calendar: Calendar, subject: SlaSubject,
                      created_at: datetime, pauses: Sequence[Pause] = ()) -> dict[SlaTarget, datetime | None]:
    """Named deadlines of a ticket; a pausable one is None while an open pause holds it."""
    created_at = require_aware(created_at, "created_at")
    return {target: rule_deadline(rule, target, calendar, created_at, pauses)
            for target, rule in applicable_rules(policy, subject).items()}
