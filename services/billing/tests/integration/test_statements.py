"""BL-8: unit statements, monthly revenue per project, HQ consolidation and CSV export,
compared with the domain's reference functions."""
from datetime import date

import pytest
from billing.domain import AccountEntry, EntryKind, monthly_revenue, unit_statement
from billing.handlers import revenue_rollup
from billing.handlers.statements import revenue_pipeline

UNIT = "3-12-1203"


def line(fen):
    return [{"catalogue_code": None, "description": "维修", "quantity": 1, "unit_price_fen": fen, "materials_fen": 0}]


@pytest.fixture
def books(billing):
    """p1: charges in October and November (Beijing dates), one payment and one credit note; p2: one charge."""
    october = billing.charge("p1", ticket_id="t-1", lines=line(10000), completed_at="2026-10-31T15:00:00+00:00")
    billing.charge("p1", ticket_id="t-2", lines=line(5000), completed_at="2026-11-02T02:00:00+00:00")
    billing.charge("p1", ticket_id="t-3", unit_id="other-unit", lines=line(700), completed_at="2026-11-03T02:00:00+00:00")
    billing.charge("p2", ticket_id="t-1", lines=line(4200), completed_at="2026-11-05T02:00:00+00:00")
    paid = billing.post("/payments", {"charge_id": october["_id"], "amount_fen": 6000, "method": "bank_transfer",
                                      "received_on": "2026-11-10"}, key="bank-0000001")
    assert paid.status_code == 201, paid.get_json()
    return billing


def entries(db, tenant):
    return [AccountEntry(e["tenant_id"], e["unit_id"], date.fromisoformat(e["posted_on"]), e["document_number"],
                         EntryKind(e["kind"]), e["amount_fen"]) for e in db.ledger_entries.find({"tenant_id": tenant})]


def test_a_unit_statement_has_an_opening_balance_and_a_running_balance(books):
    response = books.get(f"/units/{UNIT}/statement?from=2026-11-01&to=2026-11-30")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    reference = unit_statement(entries(books.db, "p1"), "p1", UNIT, date(2026, 11, 1), date(2026, 11, 30))
    assert body["opening_balance_fen"] == reference.opening_balance_fen == 10000  # 31 Oct 23:00 Beijing time
    assert [(x["kind"], x["debit_fen"], x["credit_fen"], x["balance_fen"]) for x in body["lines"]] == [
        (r.kind.value, r.debit_fen, r.credit_fen, r.balance_fen) for r in reference.lines]
    assert body["closing_balance_fen"] == reference.closing_balance_fen == 9000


def test_monthly_revenue_per_project_matches_the_domain_reference(books):
    body = books.get("/revenue?from=2026-10-01&to=2026-11-30").get_json()
    reference = monthly_revenue(entries(books.db, "p1"), "p1")
    assert [(m["month"], m["revenue_fen"], m["net_collected_fen"]) for m in body["months"]] == [
        (r.month, r.revenue_fen, r.net_collected_fen) for r in reference] == [("2026-10", 10000, 0),
                                                                              ("2026-11", 5700, 6000)]


def test_hq_sees_every_project_consolidated_per_month(books):
    response = books.get("/hq/revenue?from=2026-10-01&to=2026-11-30", tenant="hq", roles=("hq_general_manager",),
                         hq=True)
    assert response.status_code == 200, response.get_json()
    months = response.get_json()["months"]
    assert [(m["month"], m["revenue_fen"]) for m in months] == [("2026-10", 10000), ("2026-11", 9900)]
    assert [(p["project_id"], p["revenue_fen"]) for p in months[1]["projects"]] == [("p1", 5700), ("p2", 4200)]
    only_p2 = books.get("/hq/revenue?from=2026-10-01&to=2026-11-30&projects=p2", tenant="hq", hq=True).get_json()
    assert [(m["month"], m["revenue_fen"]) for m in only_p2["months"]] == [("2026-11", 4200)]


def test_a_project_token_cannot_read_the_hq_consolidation(books):
    response = books.get("/hq/revenue?from=2026-10-01&to=2026-11-30")
    assert response.status_code == 403 and response.get_json()["reason_code"] == "hq_only"


def test_revenue_exports_as_csv(books):
    response = books.get("/revenue.csv?from=2026-10-01&to=2026-11-30")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.get_data(as_text=True).splitlines() == [
        "project_id,month,charged_fen,credited_fen,revenue_fen,collected_fen,refunded_fen,net_collected_fen",
        "p1,2026-10,10000,0,10000,0,0,0",
        "p1,2026-11,5700,0,5700,6000,0,6000",
    ]
    hq = books.get("/hq/revenue.csv?from=2026-11-01&to=2026-11-30", tenant="hq", hq=True)
    assert hq.mimetype == "text/csv" and hq.get_data(as_text=True).count("\n") == 3


def test_revenue_is_grouped_inside_mongodb_and_returns_one_row_per_month(books):
    pipeline = [{"$match": {"tenant_id": "p1"}}, *revenue_pipeline(date(2026, 10, 1), date(2026, 11, 30))]
    assert [stage_name for stage in pipeline for stage_name in stage][:3] == ["$match", "$match", "$group"]
    rows = list(books.db.ledger_entries.aggregate(pipeline))
    assert [row["_id"] for row in rows] == ["2026-10", "2026-11"]
    assert books.db.ledger_entries.count_documents({"tenant_id": "p1"}) > len(rows)


def _sums(rows):
    return {r["_id"]: {name: r[name] for name in revenue_rollup.SUMS.values()} for r in rows}


def test_the_revenue_roll_up_moves_with_every_journal_entry_and_the_rebuild_repairs_it(books):
    db = books.db
    assert _sums(db.revenue_month_rollup.find({})) == _sums(revenue_rollup.from_journal(db))
    assert {r["_id"] for r in db.revenue_month_rollup.find({})} == {"p1|2026-10", "p1|2026-11", "p2|2026-11"}
    db.ledger_entries.update_many({"tenant_id": "p2"}, {"$set": {"amount_fen": 1}})  # a hand edit behind its back
    assert _sums(db.revenue_month_rollup.find({})) != _sums(revenue_rollup.from_journal(db))
    assert revenue_rollup.rebuild(db, ["p2"]) == 1
    assert _sums(db.revenue_month_rollup.find({})) == _sums(revenue_rollup.from_journal(db))


@pytest.mark.parametrize("start, end", [("2026-10-01", "2026-11-30"), ("2026-10-15", "2026-11-03"),
                                        ("2026-11-01", "2026-11-02"), ("2026-09-20", "2026-12-31")])
def test_hq_revenue_of_whole_and_cut_months_equals_the_journal_of_the_period(books, start, end):
    """Whole months come from the roll-up, a cut month from the journal's days: the sum is the period's journal."""
    body = books.get(f"/hq/revenue?from={start}&to={end}", tenant="hq", hq=True).get_json()
    got = {(p["project_id"], p["month"]): (p["charged_fen"], p["collected_fen"], p["credited_fen"])
           for m in body["months"] for p in m["projects"]}
    low, high = date.fromisoformat(start), date.fromisoformat(end)
    expected = {}
    for tenant in ("p1", "p2"):
        for row in monthly_revenue([e for e in entries(books.db, tenant) if low <= e.posted_on <= high], tenant):
            expected[(tenant, row.month)] = (row.charged_fen, row.collected_fen, row.credited_fen)
    assert got == expected


def test_the_whole_months_of_a_period():
    assert revenue_rollup.whole_months(date(2026, 7, 1), date(2026, 12, 3)) == ("2026-07", "2026-11")
    assert revenue_rollup.whole_months(date(2026, 7, 2), date(2026, 12, 31)) == ("2026-08", "2026-12")
    assert revenue_rollup.whole_months(date(999, 1, 1), date(999, 2, 28)) == ("0999-01", "0999-02")  # fuzz found it
    assert revenue_rollup.whole_months(date(2026, 2, 1), date(2026, 2, 28)) == ("2026-02", "2026-02")
    assert revenue_rollup.whole_months(date(2026, 12, 2), date(2027, 1, 30)) is None
