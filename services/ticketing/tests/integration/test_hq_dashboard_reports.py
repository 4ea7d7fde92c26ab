"""Over REST and MongoDB: the HQ dashboard's reads — every project's months in one aggregation, and the drill-down
from a project, month and kind to its tickets, paged by cursor; HQ tokens only."""
from datetime import datetime
from zoneinfo import ZoneInfo

from ticketing.handlers import rollup


def _this_month(ticket: dict) -> str:
    return datetime.fromisoformat(ticket["created_at"]).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")


def _previous(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def _made(client, as_, tenant, kind, **extra):
    response = client.post("/tickets", json={"kind": kind, "title": f"{kind} in {tenant}", **extra},
                           headers=as_(tenant))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_every_projects_months_side_by_side_in_one_read(client, db, as_):
    first = _made(client, as_, "p1", "complaint")
    _made(client, as_, "p1", "complaint")
    _made(client, as_, "p1", "inquiry")
    older = _made(client, as_, "p2", "inquiry")
    _made(client, as_, "p2", "inquiry")
    month = _this_month(first)
    last_month = _previous(month)
    # A ticket received last month: its local month is what the report groups by.
    db["tickets"].update_one({"_id": older["id"]}, {"$set": {"month": last_month}})
    rollup.rebuild(db)  # the HQ reports read the month roll-up: the hand edit above reaches it by the rebuild
    hq = as_("p1", "gm", "hq_general_manager", hq=True)

    answer = client.get(f"/hq/reports/months?from={last_month}&to={month}", headers=hq)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["from"], body["to"]) == (last_month, month)
    table = {(p["project"], m["month"], k["kind"]): k["volume"]
             for p in body["projects"] for m in p["months"] for k in m["kinds"]}
    assert table == {("p1", month, "complaint"): 2, ("p1", month, "inquiry"): 1,
                     ("p2", last_month, "inquiry"): 1, ("p2", month, "inquiry"): 1}
    p1 = next(p for p in body["projects"] if p["project"] == "p1")
    complaints = next(k for k in p1["months"][0]["kinds"] if k["kind"] == "complaint")
    assert {"sla_compliance", "mean_hours_to_resolve", "repeat_complaints", "satisfaction_average"} <= set(complaints)

    only_p2 = client.get(f"/hq/reports/months?from={month}&to={month}&project=p2", headers=hq).get_json()
    assert [(p["project"], [m["month"] for m in p["months"]]) for p in only_p2["projects"]] == [("p2", [month])]
    # The same figures as the one-month report for each project and month.
    monthly = client.get(f"/hq/reports/monthly?month={month}", headers=hq).get_json()
    assert {(p["project"], k["kind"]): k["volume"] for p in monthly["projects"] for k in p["kinds"]} == {
        (p, k): v for (p, m, k), v in table.items() if m == month}


def test_a_project_token_is_refused_and_the_range_is_checked_naming_the_field(client, as_):
    assert client.get("/hq/reports/months?from=2026-01&to=2026-02", headers=as_("p1")).status_code == 403
    assert client.get("/hq/tickets", headers=as_("p1")).status_code == 403
    hq = as_("p1", "gm", "hq_general_manager", hq=True)
    for query, field in [("from=2026-05&to=2026-01", "to"), ("to=2026-05", "from"), ("from=2024-01&to=2026-01", "to"),
                         ("from=2026-1&to=2026-02", "from")]:
        answer = client.get(f"/hq/reports/months?{query}", headers=hq)
        assert answer.status_code == 422, query
        assert field in answer.get_json()["errors"], answer.get_json()


def test_drill_down_from_a_project_month_and_kind_to_its_tickets_paged_by_cursor(client, as_):
    made = [_made(client, as_, "p1", "complaint", callback_phone="13812341234") for _ in range(5)]
    _made(client, as_, "p1", "inquiry")
    _made(client, as_, "p2", "complaint")
    month = _this_month(made[0])
    hq = as_("p2", "gm", "hq_general_manager", hq=True)
    seen, cursor = [], None
    while True:
        query = {"project": "p1", "month": month, "kind": "complaint", "page_size": 2}
        if cursor:
            query["cursor"] = cursor
        page = client.get("/hq/tickets", headers=hq, query_string=query).get_json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(t["id"] for t in seen) == sorted(t["id"] for t in made)
    assert {t["project"] for t in seen} == {"p1"} and {t["callback_phone"] for t in seen} == {"138****1234"}
    assert [t["created_at"] for t in seen] == sorted((t["created_at"] for t in seen), reverse=True)
    both = client.get("/hq/tickets", headers=hq, query_string={"kind": "complaint", "with_total": "true"}).get_json()
    assert both["total"] == 6 and {t["project"] for t in both["items"]} == {"p1", "p2"}
