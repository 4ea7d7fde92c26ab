"""Corridor clutter 楼道杂物 (TK-11): written notices, then removal into numbered storage,
then release against the owner's signature. A small pure state object; each step returns
a new case or raises ``TransitionRefused`` with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from .errors import TransitionRefused, require, require_aware, require_text

DEFAULT_NOTICES_BEFORE_REMOVAL = 3


class ClutterStage(StrEnum):
    NOTICING = "noticing"   # 书面通知中
    IN_STORAGE = "in_storage"  # 已清理入库
    RELEASED = "released"   # 业主签字领回


@dataclass(frozen=True)
class ClutterCase:
    ticket_id: str
    location: str
    notices: tuple[datetime, ...] = ()
    notices_required: int = DEFAULT_NOTICES_BEFORE_REMOVAL
    removed_at: datetime | None = None
    storage_number: str | None = None
    released_at: datetime | None = None
    released_to: str | None = None   # the owner's signature, as the name signed

    def __post_init__(self) -> None:
        require_text(self.ticket_id, "ticket_id")
        require_text(self.location, "location")
        require(type(self.notices_required) is int and self.notices_required >= 1,
                "notices_required", "must be a whole number >= 1")

    @property
    def stage(self) -> ClutterStage:
        if self.released_at is not None:
            return ClutterStage.RELEASED
        return ClutterStage.IN_STORAGE if self.removed_at is not None else ClutterStage.NOTICING

    @property
    def notices_missing(self) -> int:
        return max(0, self.notices_required - len(self.notices))


def issue_notice(case: ClutterCase, at: datetime) -> ClutterCase:
    """Record one written notice 书面通知; pointless once the goods are removed."""
    at = require_aware(at, "at")
    if case.stage is not ClutterStage.NOTICING:
        raise TransitionRefused("the clutter was already removed; no further notice is served")
    if case.notices and at < case.notices[-1]:
        raise TransitionRefused("a notice cannot predate the previous one")
    return replace(case, notices=(*case.notices, at))


def remove_to_storage(case: ClutterCase, at: datetime, storage_number: str) -> ClutterCase:
    """Move the goods into storage under a number; only after every required notice."""
    if case.stage is not ClutterStage.NOTICING:
        raise TransitionRefused("the clutter was already removed")
    if case.notices_missing:
        raise TransitionRefused(f"{case.notices_missing} more written notice(s) are due before removal")
    at = require_aware(at, "at")
    if at < case.notices[-1]:
        raise TransitionRefused("removal cannot predate the last notice")
    return replace(case, removed_at=at, storage_number=require_text(storage_number, "storage_number"))


def release(case: ClutterCase, at: datetime, owner_signature: str) -> ClutterCase:
    """Hand the goods back; the owner's signature is the receipt."""
    if case.stage is not ClutterStage.IN_STORAGE:
        raise TransitionRefused(f"only stored goods can be released; the case is {case.stage}")
    at = require_aware(at, "at")
    if at < case.removed_at:  # type: ignore[operator]
        raise TransitionRefused("release cannot predate the removal")
    return replace(case, released_at=at, released_to=require_text(owner_signature, "owner_signature"))
