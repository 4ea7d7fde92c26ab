from datetime import date

import pytest
from billing.domain import (
    AccountEntry,
    BillingError,
    EntryKind,
    MonthlyRevenue,
    consolidate,
    monthly_revenue,
    unit_statement,
)
from hypothesis import given, settings
from hypothesis import strategies as st

FAST = settings(max_examples=150, database=None, deadline=None)


def entry(day, kind, amount, number, unit="3-1201", project="P-1"):
    return AccountEntry(project, unit, day, number, kind, amount, "")


ENTRIES = [
    entry(date(2026, 2, 20), EntryKind.CHARGE, 5000, "SLIP-2026-000001"),
    entry(date(2026, 3, 2), EntryKind.CHARGE, 14000, "SLIP-2026-000009"),
    entry(date(2026, 3, 2), EntryKind.PAYMENT, 19000, "RCPT-2026-000004"),
    entry(date(2026, 3, 10), EntryKind.CREDIT_NOTE, 4000, "CN-2026-000001"),
    entry(date(2026, 3, 11), EntryKind.REFUND, 4000, "RFN-2026-000001"),
    entry(date(2026, 3, 5), EntryKind.CHARGE, 9999, "SLIP-2026-000010", unit="5-0301"),
    entry(date(2026, 3, 5), EntryKind.CHARGE, 7777, "SLIP-2026-000003", project="P-2"),
]


def test_a_unit_statement_opens_with_the_prior_balance_and_runs_line_by_line():
    statement = unit_statement(ENTRIES, "P-1", "3-1201", date(2026, 3, 1), date(2026, 3, 31))
    assert statement.opening_balance_fen == 5000
    assert [line.balance_fen for line in statement.lines] == [19000, 0, -4000, 0]
    assert [(line.debit_fen, line.credit_fen) for line in statement.lines][:2] == [(14000, 0), (0, 19000)]
    assert statement.closing_balance_fen == 0


def test_a_statement_never_shows_another_unit_or_project():
    statement = unit_statement(ENTRIES, "P-1", "3-1201", date(2026, 1, 1), date(2026, 12, 31))
    assert {line.document_number for line in statement.lines}.isdisjoint(
        {"SLIP-2026-000010", "SLIP-2026-000003"}
    )


def test_a_statement_period_must_not_end_before_it_starts():
    with pytest.raises(BillingError) as refused:
        unit_statement(ENTRIES, "P-1", "3-1201", date(2026, 3, 31), date(2026, 3, 1))
    assert refused.value.field == "end"


def test_monthly_revenue_is_charges_less_credit_notes_with_cash_beside_it():
    rows = monthly_revenue(ENTRIES, "P-1")
    assert [row.month for row in rows] == ["2026-02", "2026-03"]
    march = rows[1]
    assert (march.charged_fen, march.credited_fen, march.revenue_fen) == (23999, 4000, 19999)
    assert march.net_collected_fen == 15000


def test_hq_consolidation_sums_projects_per_month_and_keeps_each_row():
    rows = monthly_revenue(ENTRIES, "P-1") + monthly_revenue(ENTRIES, "P-2")
    march = consolidate(rows)[1]
    assert [row.project_id for row in march.projects] == ["P-1", "P-2"]
    assert march.revenue_fen == 19999 + 7777


def test_a_project_month_given_twice_is_refused_rather_than_double_counted():
    row = MonthlyRevenue("P-1", "2026-03", charged_fen=100)
    with pytest.raises(BillingError) as refused:
        consolidate([row, row])
    assert refused.value.reason == "duplicate_project_month"


entries = st.lists(
    st.builds(
        AccountEntry,
        project_id=st.sampled_from(["P-1", "P-2", "P-3"]),
        unit_id=st.sampled_from(["U-1", "U-2"]),
        posted_on=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
        document_number=st.from_regex(r"DOC-[0-9]{4}", fullmatch=True),
        kind=st.sampled_from(list(EntryKind)),
        amount_fen=st.integers(min_value=0, max_value=10**9),
    ),
    max_size=40,
)


@FAST
@given(entries, st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)))
def test_opening_plus_lines_equals_closing_and_all_time_balance(all_entries, split):
    statement = unit_statement(all_entries, "P-1", "U-1", split, date(2026, 12, 31))
    movement = sum(line.debit_fen - line.credit_fen for line in statement.lines)
    assert statement.closing_balance_fen == statement.opening_balance_fen + movement
    everything = [e for e in all_entries if (e.project_id, e.unit_id) == ("P-1", "U-1")]
    assert statement.closing_balance_fen == sum(e.signed_fen for e in everything)


@FAST
@given(entries)
def test_consolidated_revenue_equals_the_sum_over_all_entries_exactly(all_entries):
    rows = [row for p in ("P-1", "P-2", "P-3") for row in monthly_revenue(all_entries, p)]
    total = sum(month.revenue_fen for month in consolidate(rows))
    expected = sum(e.amount_fen for e in all_entries if e.kind is EntryKind.CHARGE) - sum(
        e.amount_fen for e in all_entries if e.kind is EntryKind.CREDIT_NOTE
    )
    assert total == expected
