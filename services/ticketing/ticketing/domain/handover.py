"""Duty log 值班记录 and shift hand-over 交接班记录 (TK-12).

A matter opened in the log stays open until an entry closes it, and every hand-over
carries all open matters to the incoming person. A hand-over counts as done only when the
*incoming* person signs: signing is how they accept responsibility for what is open.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from .errors import TransitionRefused, require, require_aware, require_text


@dataclass(frozen=True)
class DutyLogEntry:
    """One line of the duty log; ``matter`` names what it is about (a ticket id, say)."""

    at: datetime
    recorded_by: str
    text: str
    matter: str | None = None
    closes_matter: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", require_aware(self.at, "at"))
        require_text(self.recorded_by, "recorded_by")
        require_text(self.text, "text")
        require(self.matter is not None or not self.closes_matter, "matter", "name the matter being closed")


@dataclass(frozen=True)
class Handover:
    outgoing: str
    incoming: str
    prepared_at: datetime
    carried_over: tuple[str, ...]
    notes: str = ""
    signed_at: datetime | None = None

    @property
    def is_complete(self) -> bool:
        return self.signed_at is not None


def open_matters(log: Iterable[DutyLogEntry]) -> tuple[str, ...]:
    """Matters whose latest entry does not close them, in the order they were first opened."""
    state: dict[str, bool] = {}
    for entry in sorted(log, key=lambda e: e.at):
        if entry.matter is not None:
            state.pop(entry.matter, None)  # re-insert so a re-opened matter moves to the end
            state[entry.matter] = not entry.closes_matter
    return tuple(matter for matter, is_open in state.items() if is_open)


def prepare_handover(log: Iterable[DutyLogEntry], outgoing: str, incoming: str, at: datetime,
                     notes: str = "") -> Handover:
    """The outgoing person's hand-over sheet, carrying every open matter forward."""
    outgoing, incoming = require_text(outgoing, "outgoing"), require_text(incoming, "incoming")
    require(outgoing != incoming, "incoming", "must be someone other than the outgoing person")
    return Handover(outgoing, incoming, require_aware(at, "at"), open_matters(log), notes)


def sign_handover(handover: Handover, person: str, at: datetime) -> Handover:
    """Only the incoming person's signature completes the hand-over."""
    if handover.is_complete:
        raise TransitionRefused("the hand-over is already signed")
    if require_text(person, "person") != handover.incoming:
        raise TransitionRefused(f"only the incoming person ({handover.incoming}) can sign this hand-over")
    at = require_aware(at, "at")
    if at < handover.prepared_at:
        raise TransitionRefused("a hand-over cannot be signed before it was prepared")
    return replace(handover, signed_at=at)
