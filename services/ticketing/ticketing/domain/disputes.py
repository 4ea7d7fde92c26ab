"""Neighbour disputes 邻里纠纷处理记录 (TK-11): every step, and who took part in it."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from .errors import TransitionRefused, parse_choice, require, require_aware, require_text


class Participant(StrEnum):
    COMPLAINANT = "complainant"                    # 投诉方
    OTHER_PARTY = "other_party"                    # 被投诉方
    PROPERTY_STAFF = "property_staff"              # 管理处
    RESIDENTS_COMMITTEE = "residents_committee"    # 居委会
    OWNERS_COMMITTEE = "owners_committee"          # 业主委员会
    POLICE = "police"                              # 派出所


@dataclass(frozen=True)
class DisputeStep:
    at: datetime
    recorded_by: str
    description: str
    participants: frozenset[Participant]


@dataclass(frozen=True)
class DisputeRecord:
    ticket_id: str
    parties: tuple[str, ...]          # the units or households in dispute
    steps: tuple[DisputeStep, ...] = ()
    settled_at: datetime | None = None
    settlement: str | None = None

    def __post_init__(self) -> None:
        require_text(self.ticket_id, "ticket_id")
        require(len(self.parties) >= 2, "parties", "a dispute needs at least two parties")

    @property
    def participants(self) -> frozenset[Participant]:
        """Everyone who took part in any step (the record's 参与方 line)."""
        return frozenset().union(*(step.participants for step in self.steps))


def add_step(record: DisputeRecord, at: datetime, recorded_by: str, description: str,
             participants: set[Participant | str]) -> DisputeRecord:
    if record.settled_at is not None:
        raise TransitionRefused("the dispute is settled; open a new ticket if it flares up again")
    require(bool(participants), "participants", "name who took part in this step")
    at = require_aware(at, "at")
    if record.steps and at < record.steps[-1].at:
        raise TransitionRefused("steps are recorded in the order they happened")
    step = DisputeStep(at, require_text(recorded_by, "recorded_by"), require_text(description, "description"),
                       frozenset(parse_choice(Participant, p, "participants") for p in participants))
    return replace(record, steps=(*record.steps, step))


def settle(record: DisputeRecord, at: datetime, settlement: str) -> DisputeRecord:
    if not record.steps:
        raise TransitionRefused("record at least one mediation step before settling")
    if record.settled_at is not None:
        raise TransitionRefused("the dispute is already settled")
    return replace(record, settled_at=require_aware(at, "at"), settlement=require_text(settlement, "settlement"))
