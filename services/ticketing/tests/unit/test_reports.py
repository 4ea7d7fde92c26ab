"""Monthly figures per kind (TK-13)."""
from datetime import UTC, datetime, timedelta

from ticketing.domain import SlaTarget, TicketKind, TicketSummary, month_of, monthly_report, repeat_complaints

UTC = UTC
NOV = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
H = timedelta(hours=1)
FIXED = SlaTarget.FIXED


def repair(tid, created, resolved=None, fixed_at=None, satisfaction=None):
    return TicketSummary(tid, TicketKind.GENERAL_REPAIR, created, resolved, deadlines={FIXED: created + 72 * H},
                         milestones={FIXED: fixed_at} if fixed_at else {}, satisfaction=satisfaction)


def complaint(tid, created, unit="3-1201", category="noise"):
    return TicketSummary(tid, TicketKind.COMPLAINT, created, unit=unit, category=category)


def test_tickets_count_in_the_local_month_they_were_received():
    # 31 Oct 17:00 UTC is already 1 November in Shanghai.
    assert month_of(datetime(2026, 10, 31, 17, 0, tzinfo=UTC)) == "2026-11"
    assert month_of(datetime(2026, 10, 31, 17, 0, tzinfo=UTC), "UTC") == "2026-10"


def test_volumes_compliance_times_and_satisfaction_by_month_and_kind():
    tickets = [
        repair("R1", NOV, NOV + 10 * H, NOV + 10 * H, satisfaction=5),
        repair("R2", NOV, NOV + 80 * H, NOV + 80 * H, satisfaction=3),   # fixed late
        repair("R3", NOV, NOV + 30 * H, NOV + 30 * H),
        repair("R4", NOV + 200 * H),                                      # still running
    ]
    (key, row), = monthly_report(tickets, now=NOV + 210 * H).items()
    assert key == ("2026-11", TicketKind.GENERAL_REPAIR)
    assert (row.volume, row.sla_decided, row.sla_met) == (4, 3, 2)
    assert row.sla_compliance == 2 / 3
    assert row.mean_time_to_resolve == 40 * H and row.median_time_to_resolve == 30 * H
    assert row.satisfaction_average == 4.0


def test_an_unmet_target_past_its_deadline_counts_as_missed():
    (row,) = monthly_report([repair("R1", NOV)], now=NOV + 73 * H).values()
    assert (row.sla_decided, row.sla_met, row.sla_compliance) == (1, 0, 0.0)


def test_empty_figures_are_none_rather_than_zero():
    (row,) = monthly_report([complaint("C1", NOV)], now=NOV).values()
    assert row.sla_compliance is None and row.mean_time_to_resolve is None and row.satisfaction_average is None


def test_a_repeat_complaint_is_the_same_unit_and_category_within_thirty_days():
    tickets = [complaint("C1", NOV), complaint("C2", NOV + 29 * 24 * H), complaint("C3", NOV + 70 * 24 * H),
               complaint("C4", NOV + H, unit="3-1301"), complaint("C5", NOV + H, category="parking")]
    assert [s.ticket_id for s in repeat_complaints(tickets)] == ["C2"]
    report = monthly_report(tickets, now=NOV + 90 * 24 * H)
    assert report[("2026-12", TicketKind.COMPLAINT)].repeat_complaints == 1
    assert report[("2026-11", TicketKind.COMPLAINT)].repeat_complaints == 0


def test_the_repeat_window_is_chained_from_the_latest_complaint():
    tickets = [complaint("C1", NOV), complaint("C2", NOV + 25 * 24 * H), complaint("C3", NOV + 50 * 24 * H)]
    assert [s.ticket_id for s in repeat_complaints(tickets)] == ["C2", "C3"]
    assert [s.ticket_id for s in repeat_complaints(tickets, window=timedelta(days=20))] == []
