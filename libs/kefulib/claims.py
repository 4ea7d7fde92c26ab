"""Workers taking the next due row (an outbox event, a message to send, a webhook delivery) without writing when
nothing is due.

A claim is a read, then a write: the read finds the first due row on the collection's due-time index, the write
takes exactly that row by its `_id` (and its project, so on a sharded cluster it goes to one shard) if it still
matches, so two workers never both win it. An idle worker's poll is then one indexed read. Claiming with a single
find-and-modify wrote on every poll: a retryable write whether or not a row matched, which the embedded test server
keeps a record of (up to 10,000 for 30 minutes, re-sorted on every retryable write once full: a quarter of its time
under the bench's load), and on MongoDB a write-path command where a read would do.
"""
from __future__ import annotations

from pymongo import ReturnDocument
from pymongo.collection import Collection

RACES = 3  # another worker may take the candidate between the read and the write: look again, a few times


def claim_next(collection: Collection, due: dict, update: dict, sort: list[tuple[str, int]]) -> dict | None:
    """The first row `due` matches in `sort` order, changed by `update` and returned as it is after; None if no row
    is due (or others took each candidate first)."""
    for _ in range(RACES):
        candidate = collection.find_one(due, {"_id": 1, "tenant_id": 1}, sort=sort)
        if candidate is None:
            return None
        exactly = {**due, "_id": candidate["_id"]}
        if "tenant_id" in candidate and "tenant_id" not in due:
            exactly["tenant_id"] = candidate["tenant_id"]
        claimed = collection.find_one_and_update(exactly, update, return_document=ReturnDocument.AFTER)
        if claimed is not None:
            return claimed
    return None
