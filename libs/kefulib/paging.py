"""Newest-first pages that cost what the page costs, however many documents a project holds.

A plain `find(filter).sort(created_at, -1).limit(50)` is cheap on MongoDB with a `(tenant_id, created_at)`
index, but a server that sorts in memory reads every document of the project first (the embedded
test server `make run` uses does: 2.7 s for the first page of an 11,000-ticket project). So a page is
read through time windows instead: the newest day first, then a window four times as long before it,
and so on, each a bounded range on the indexed field, until the page is full. An active project fills
its first page from the first window; a quiet one widens the window a few times; after `MAX_WINDOWS`
the rest is read in one range. On MongoDB the windows are index range scans too, so the page costs
the same on both.

Paging is by an opaque cursor (the last item's time and id), so page 10,000 costs what page 1 costs;
plain page numbers still work for the first pages (`MAX_PAGE` in web.py bounds them).
"""
from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from marshmallow import Schema, fields, validate

from .problems import Unprocessable

FIRST_WINDOW = timedelta(days=1)
GROWTH = 4
MAX_WINDOWS = 6  # 1 + 4 + 16 + 64 + 256 + 1,024 days ≈ 3.7 years, then the rest in one range

Find = Callable[[dict, int], list[dict]]  # (extra filter on the field, limit; 0: all) -> documents, newest first


def encode_cursor(at: datetime, doc_id: str) -> str:
    """The opaque cursor after the item (`at`, `doc_id`): the next page starts strictly older than it."""
    raw = f"{_utc(at).isoformat(timespec='microseconds')}|{doc_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, field_name: str = "cursor") -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, doc_id = raw.split("|", 1)
        return datetime.fromisoformat(at), doc_id
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise Unprocessable("The cursor is not one this list gave out.",
                            errors={field_name: ["Not a valid cursor."]}) from exc


def newest_first(find: Find, *, field: str, limit: int, after: tuple[datetime, str] | None = None,
                 now: datetime | None = None, windows: int = MAX_WINDOWS) -> list[dict]:
    """Up to `limit` documents, newest `field` first (ties by `_id`, descending), strictly after the
    position `after` (a decoded cursor) when given.

    `find(extra, n)` must return at most `n` (0: all) documents matching the list's own filter AND `extra`,
    sorted by (`field` desc, `_id` desc). `windows=0` reads in one range: for a filter an index already
    narrows to a few documents (one unit's tickets), where windows would only add round trips."""
    found: list[dict] = []
    upper = None
    if after is not None:
        at, doc_id = after
        # The documents sharing the cursor's instant (ties are few: one millisecond), then everything strictly
        # older. The id is compared here rather than in the query: `{at, _id: {$lt}}` was planned as a
        # collection scan on the test server (30 s at 50,000 tickets), an equality on the indexed field is not.
        found += [doc for doc in find({field: at}, 0) if doc["_id"] < doc_id][:limit]
        upper = at
    span = FIRST_WINDOW
    top = upper or (now or datetime.now(UTC))
    for _ in range(windows):
        if len(found) >= limit:
            return found[:limit]
        lower = top - span
        bound = {"$gte": lower}
        if upper is not None:
            bound["$lt"] = upper
        found += find({field: bound}, limit - len(found))
        # Only the first window is open at the top, so a document stamped a little in the future
        # (a skewed clock) is still listed first rather than lost.
        upper = top = lower
        span *= GROWTH
    if len(found) < limit:
        found += find({} if upper is None else {field: {"$lt": upper}}, limit - len(found))
    return found[:limit]


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


MAX_NUMBERED_PAGE = 100  # beyond it a page number would read page × size documents: use the cursor


class RecentPageQuery(Schema):
    """The query of a newest-first list: a page number for the first pages, or the cursor of the last answer."""
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_NUMBERED_PAGE),
                          metadata={"description": f"1 to {MAX_NUMBERED_PAGE}; further on, follow `next_cursor`."})
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = fields.String(validate=validate.Length(min=1, max=200),
                           metadata={"description": "The `next_cursor` of the previous page (then `page` is ignored)."})
    with_total = fields.Boolean(load_default=False, metadata={
        "description": "Count every match (costs a read of them all). Without it `total` is given only when "
                       "this page is the last one, and is null otherwise."})


class RecentPageMeta(Schema):
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer(allow_none=True)
    next_cursor = fields.String(allow_none=True, metadata={"description": "Pass as `cursor` for the next page; "
                                                                          "null on the last page."})


def recent_page(collection, filter_: dict, query: dict, dump, *, field: str = "created_at",
                windows: int = MAX_WINDOWS) -> dict:
    """One newest-first page of `collection` (a TenantCollection or a Collection) matching `filter_`."""
    size = query["page_size"]
    if query.get("cursor"):
        after, skip = decode_cursor(query["cursor"]), 0
    else:
        after, skip = None, (query["page"] - 1) * size

    def find(extra: dict, n: int) -> list[dict]:
        return list(collection.find({**filter_, **extra}).sort([(field, -1), ("_id", -1)]).limit(n))

    # One more than the page, to know whether another page follows without counting.
    docs = newest_first(find, field=field, limit=skip + size + 1, after=after, windows=windows)
    has_more = len(docs) > skip + size
    items = docs[skip:skip + size]
    if query.get("with_total"):
        total = collection.count_documents(filter_)
    elif not has_more and after is None:
        total = len(docs)
    else:
        total = None
    last = items[-1] if items else None
    return {"items": [dump(item) for item in items], "page": query["page"], "page_size": size, "total": total,
            "next_cursor": encode_cursor(last[field], last["_id"]) if has_more and last else None}
