"""Newest-first pages through time windows (kefulib.paging), against the real database."""
from datetime import UTC, datetime, timedelta

import pytest
from kefulib.paging import decode_cursor, encode_cursor, recent_page
from kefulib.problems import Unprocessable
from kefulib.store import TenantCollection

NOW = datetime.now(UTC).replace(microsecond=0)
QUERY = {"page": 1, "page_size": 5, "with_total": False}


def _seed(collection: TenantCollection) -> list[str]:
    """Documents a minute old, days old, years old, three sharing one instant and one stamped in the
    future (a skewed clock); returns their ids newest first, ties by id descending."""
    ages = {"future": -timedelta(minutes=5), "fresh": timedelta(minutes=1), "day2": timedelta(days=2),
            "tie-a": timedelta(days=9), "tie-b": timedelta(days=9), "tie-c": timedelta(days=9),
            "month": timedelta(days=40), "year": timedelta(days=400), "old": timedelta(days=3000),
            "ancient": timedelta(days=9000)}
    collection.insert_many([{"_id": name, "created_at": NOW - age, "kind": "odd" if name == "month" else "x"}
                            for name, age in ages.items()])
    return sorted(ages, key=lambda name: (NOW - ages[name], name), reverse=True)


def _walk(collection, filter_, size):
    query, seen = {**QUERY, "page_size": size}, []
    while True:
        page = recent_page(collection, filter_, query, dump=lambda d: d["_id"])
        seen += page["items"]
        if page["next_cursor"] is None:
            return seen
        query = {**query, "cursor": page["next_cursor"]}


def test_following_the_cursor_lists_every_document_once_newest_first(mongo_db):
    tickets = TenantCollection(mongo_db.tickets, "p1")
    expected = _seed(tickets)
    TenantCollection(mongo_db.tickets, "p2").insert_one({"_id": "theirs", "created_at": NOW})
    for size in (1, 2, 3, 5, 50):
        assert _walk(tickets, {}, size) == expected


def test_without_time_windows_the_order_is_the_same(mongo_db):
    tickets = TenantCollection(mongo_db.tickets, "p1")
    expected = _seed(tickets)
    query, seen = {**QUERY, "page_size": 4}, []
    while True:
        page = recent_page(tickets, {}, query, dump=lambda d: d["_id"], windows=0)
        seen += page["items"]
        if not page["next_cursor"]:
            break
        query = {**query, "cursor": page["next_cursor"]}
    assert seen == expected


def test_numbered_pages_a_filter_and_totals(mongo_db):
    tickets = TenantCollection(mongo_db.tickets, "p1")
    expected = _seed(tickets)
    first = recent_page(tickets, {}, QUERY, dump=lambda d: d["_id"])
    second = recent_page(tickets, {}, {**QUERY, "page": 2}, dump=lambda d: d["_id"])
    assert first["items"] + second["items"] == expected
    assert first["total"] is None and second["total"] == len(expected) and second["next_cursor"] is None
    assert recent_page(tickets, {}, {**QUERY, "with_total": True}, dump=lambda d: d)["total"] == len(expected)
    odd = recent_page(tickets, {"kind": "odd"}, QUERY, dump=lambda d: d["_id"])
    assert odd["items"] == ["month"] and odd["total"] == 1
    assert recent_page(tickets, {"kind": "none"}, QUERY, dump=lambda d: d)["items"] == []


def test_a_cursor_round_trips_and_a_forged_one_is_refused():
    at = datetime(2026, 3, 1, 8, 30, 0, 123000, tzinfo=UTC)
    assert decode_cursor(encode_cursor(at, "t-1")) == (at, "t-1")
    with pytest.raises(Unprocessable):
        decode_cursor("!!!")
    with pytest.raises(Unprocessable):
        decode_cursor(encode_cursor(at, "x")[:5])
