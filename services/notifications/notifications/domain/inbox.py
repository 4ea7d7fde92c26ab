"""An inbox item's life: unread → read → done. Done is final (the person has dealt with it);
marking an item with the state it already has changes nothing, so a retried click is harmless."""
from __future__ import annotations

from enum import StrEnum


class ItemStatus(StrEnum):
    UNREAD = "unread"
    READ = "read"
    DONE = "done"


ORDER = {ItemStatus.UNREAD: 0, ItemStatus.READ: 1, ItemStatus.DONE: 2}


class MarkRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def mark(current: ItemStatus | str, target: ItemStatus | str) -> ItemStatus:
    """The item's status after marking it ``target``; an item never goes back (done stays done)."""
    current, target = ItemStatus(current), ItemStatus(target)
    if target is ItemStatus.UNREAD:
        raise MarkRefused("an item is marked read or done, never unread again")
    if ORDER[target] < ORDER[current]:
        raise MarkRefused(f"the item is already {current}")
    return target
