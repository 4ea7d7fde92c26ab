"""The export tables' rules without a service: which parameters a browser may set, and how a row becomes cells."""
from zoneinfo import ZoneInfo

from console.exports import TABLES, _cursor_pages, _revenue_pages, clean_params


def test_only_the_tables_own_parameters_as_short_text_are_accepted():
    tickets = TABLES["tickets"]
    assert clean_params(tickets, {"project": ["demo", "east"], "month": "2026-12"}) == {
        "project": ["demo", "east"], "month": "2026-12"}
    assert clean_params(tickets, {"unit_id": "1-1-101"}) is None  # not a parameter of this table
    assert clean_params(tickets, {"month": 202612}) is None
    assert clean_params(tickets, {"kind": "x" * 65}) is None
    assert clean_params(tickets, "project=demo") is None


def test_a_ticket_row_is_in_the_projects_zone_and_keeps_the_masked_phone():
    cells = TABLES["tickets"].cells({"project": "demo", "id": "t1", "created_at": "2026-12-02T16:30:00+00:00",
                                     "domain_kind": "complaint", "title": "噪音", "status": "received",
                                     "callback_phone": "138****5678", "resolved_at": None}, ZoneInfo("Asia/Shanghai"))
    assert cells == ["demo", "t1", "2026-12-03 00:30", "complaint", "噪音", "received", "138****5678", ""]


def test_several_projects_are_paged_one_at_a_time_and_revenue_asks_billing_comma_separated():
    asked = []

    def fetch(query):
        asked.append(query)
        if "cursor" in query:
            return {"items": [{"n": 2}], "total": None, "next_cursor": None}
        return {"items": [{"n": 1}], "total": 2, "next_cursor": "c1"}

    pages = list(_cursor_pages(fetch, {"project": ["a", "b"], "month": "2026-12"}))
    assert [p for p, _ in pages] == [[{"n": 1}], [{"n": 2}]] * 2
    assert [q["project"] for q in asked] == ["a", "a", "b", "b"] and asked[1]["cursor"] == "c1"
    seen = []
    list(_revenue_pages(lambda q: seen.append(q) or {"months": []}, {"from": "2026-01-01", "projects": ["a", "b"]}))
    list(_revenue_pages(lambda q: seen.append(q) or {"months": []}, {"from": "2026-01-01", "projects": []}))
    assert seen == [{"from": "2026-01-01", "projects": "a,b"}, {"from": "2026-01-01"}]
