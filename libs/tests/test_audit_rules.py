"""The audit trail's pure rules: what an entry keeps of a change, and how a query becomes a filter."""
from datetime import UTC, datetime

from kefulib.audit import MAX_ITEMS, MAX_TEXT, REDACTED, Actor, entry, record_ids, redact, summarise_update
from kefulib.audit_api import trail_filter


def test_personal_values_are_redacted_at_any_depth_and_the_rest_kept():
    kept = redact({"title": "厨房漏水", "caller_name": "王小明", "callback_phone": "13812341234",
                   "lines": [{"description": "换龙头", "contacts": [{"phone": "1"}]}], "amount_fen": 4200})
    assert kept == {"title": "厨房漏水", "lines": [{"description": "换龙头", REDACTED: ["contacts"]}],
                    "amount_fen": 4200, REDACTED: ["callback_phone", "caller_name"]}


def test_long_texts_lists_and_deep_documents_are_bounded():
    assert len(redact("x" * 10_000)) == MAX_TEXT + 1
    assert len(redact(list(range(1000)))) == MAX_ITEMS
    deep: dict = {}
    cursor = deep
    for _ in range(50):
        cursor["a"] = {}
        cursor = cursor["a"]
    text = str(redact(deep))
    assert "…" in text and text.count("{") < 10


def test_an_update_is_kept_per_operator():
    update = {"$set": {"status": "dispatched", "assignee": "t1"}, "$push": {"history": {"by": "cs-1"}}}
    assert summarise_update(update) == {"$set": {"status": "dispatched", "assignee": "t1"},
                                        "$push": {"history": {"by": "cs-1"}}}


def test_record_ids_come_from_the_filter_only_when_it_names_them():
    assert record_ids({"_id": "t-1", "status": "new"}) == ["t-1"]
    assert record_ids({"_id": {"$in": ["a", "b"]}}) == ["a", "b"]
    assert record_ids({"status": "new"}) == []


def test_an_entry_names_who_when_and_what():
    at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    made = entry("p1", "tickets", "update", ["t-1"], {"$set": {"status": "closed"}},
                 Actor("cs-1", ("cs_assistant",), "request"), at, selector={"tenant_id": "p1", "x": 1})
    assert {k: made[k] for k in ("tenant_id", "at", "actor", "roles", "via", "collection", "operation",
                                 "record_ids", "changes")} == {
        "tenant_id": "p1", "at": at, "actor": "cs-1", "roles": ["cs_assistant"], "via": "request",
        "collection": "tickets", "operation": "update", "record_ids": ["t-1"], "changes": {"$set": {"status": "closed"}}}
    assert made["selector"] == {"x": 1}  # never the tenant: it is the entry's own


def test_a_query_becomes_a_filter_on_the_indexed_fields():
    since = datetime(2026, 11, 1, tzinfo=UTC)
    assert trail_filter({"record_id": "t-1", "actor": "cs-1", "since": since, "page": 1}) == {
        "record_ids": "t-1", "actor": "cs-1", "at": {"$gte": since}}
    assert trail_filter({}) == {}
