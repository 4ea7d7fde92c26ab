"""Workers taking the next due row (an outbox event, a message to send, a webhook delivery) without writing when
nothing is due, and without re-reading the whole due range for every row they take.

A claim is a read, then a write. The read finds due rows on the collection's due-time index, a page of them at
once; the write takes one of them by `_id` and project only if the fields the due filter names still hold the
values the read saw, so two workers never both win it. An idle worker's poll is then one indexed read.

Why a page, and why the write is an update pipeline with a condition rather than a filter on those fields:
- The embedded test server answers a `find` with every row the index range yields, sorted, then cut to the limit:
  with 5,000 messages queued for a notice, reading "the next due one" cost 0.3 s, whatever the limit. Read once
  for a page of rows, that cost is shared by all of them.
- The same server takes the point lookup on `_id` only when the filter names nothing else (`{_id, tenant_id}`
  works too); a filter of `{_id, status, next_attempt_at}` walks the status index instead, 0.25 s at 5,000 rows.
  So the write's filter is `_id` and project, and the "still due" test is a `$cond` inside the update, which
  MongoDB evaluates atomically on the one document just as it would a filter. It also writes a fresh claim token,
  read back to tell a won claim from a lost one (`find_one_and_update` would do both in one command, but costs
  75 ms a call on that server against 4 ms for this update and read).
- A candidate read earlier may have been taken since by another worker: its claim then changes nothing and the
  next candidate is tried. The page is read again after `FRESH_FOR`, so rows that fall due meanwhile (an urgent
  message) wait at most that long behind a long page.
"""
from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable

from pymongo.collection import Collection

PAGE_SIZE = 100
FRESH_FOR = 5.0        # seconds a page of candidates is used before it is read again
TOKEN = "claim_token"  # the field each won claim writes: who won the row last
READS = 2              # pages read per call before giving up when others take every candidate first


def _condition_still(candidate: dict, fields: list[str]) -> dict:
    """An aggregation expression true while each of `fields` holds the value it had in `candidate`."""
    return {"$and": [{"$eq": [f"${field}", {"$literal": candidate[field]}]} if field in candidate
                     else {"$eq": [{"$ifNull": [f"${field}", None]}, None]} for field in fields]}


def _guarded(update: dict, won: dict, token: str) -> list[dict]:
    """`update` ($set and $inc only) as an update pipeline applied only where `won` holds; elsewhere every
    field keeps its value (a missing field stays missing)."""
    unknown = set(update) - {"$set", "$inc"}
    if unknown:
        raise ValueError(f"a claim's update may use $set and $inc, not {sorted(unknown)}")
    changes = {field: {"$cond": [won, {"$literal": value}, f"${field}"]}
               for field, value in update.get("$set", {}).items()}
    changes.update({field: {"$cond": [won, {"$add": [{"$ifNull": [f"${field}", 0]}, step]}, f"${field}"]}
                    for field, step in update.get("$inc", {}).items()})
    changes[TOKEN] = {"$cond": [won, token, f"${TOKEN}"]}
    return [{"$set": changes}]


def take(collection: Collection, candidate: dict, fields: list[str], update: dict) -> dict | None:
    """The candidate row changed by `update` and returned as it is after, if `fields` still hold the candidate's
    values; None if another worker changed it first."""
    token = uuid.uuid4().hex
    where = {"_id": candidate["_id"]}
    if "tenant_id" in candidate:  # the project: on a sharded cluster the write then goes to one shard
        where["tenant_id"] = candidate["tenant_id"]
    result = collection.update_one(where, _guarded(update, _condition_still(candidate, fields), token))
    if result.modified_count == 0:
        return None
    row = collection.find_one(where)
    return row if row is not None and row.get(TOKEN) == token else None


class DueRows:
    """One worker's claims on one collection's due rows, in `sort` order, reading candidates `page_size` at a
    time. Not shared between threads: each worker thread has its own."""

    def __init__(self, collection: Collection, sort: list[tuple[str, int]], page_size: int = PAGE_SIZE,
                 fresh_for: float = FRESH_FOR, clock: Callable[[], float] = time.monotonic):
        self.collection, self.sort, self.page_size = collection, sort, page_size
        self.fresh_for, self.clock = fresh_for, clock
        self._candidates: deque[dict] = deque()
        self._read_at = float("-inf")
        self._due_of_page: dict | None = None

    def next(self, due: dict, update: dict) -> dict | None:
        """The next row `due` matches, changed by `update` and returned as it is after; None if none is due."""
        fields = [field for field in due if not field.startswith("$")]
        for _ in range(READS):
            if not self._candidates or self._stale(due):
                self._read(due, fields)
                if not self._candidates:
                    return None
            while self._candidates:
                claimed = take(self.collection, self._candidates.popleft(), fields, update)
                if claimed is not None:
                    return claimed
        return None

    def forget(self) -> None:
        """Drop the page read so far: the next claim reads afresh (a worker's rows changed under it)."""
        self._candidates.clear()

    def _stale(self, due: dict) -> bool:
        # A page read for another filter (another status, other projects left out) is not this one's.
        same_fields = self._due_of_page is not None and self._due_of_page.keys() == due.keys() and all(
            self._due_of_page[field] == due[field] for field in due if not isinstance(due[field], dict))
        return not same_fields or self.clock() - self._read_at > self.fresh_for

    def _read(self, due: dict, fields: list[str]) -> None:
        projection = dict.fromkeys(["_id", "tenant_id", *fields], 1)
        self._candidates = deque(self.collection.find(due, projection).sort(self.sort).limit(self.page_size))
        self._read_at, self._due_of_page = self.clock(), due


def claim_next(collection: Collection, due: dict, update: dict, sort: list[tuple[str, int]]) -> dict | None:
    """The first row `due` matches in `sort` order, changed by `update` and returned as it is after; None if no row
    is due (or others took each candidate first). One read of one row: for a worker that claims rarely."""
    return DueRows(collection, sort, page_size=1).next(due, update)
