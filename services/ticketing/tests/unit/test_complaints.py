"""Complaint analysis, the non-conformance record and its approver (TK-8, TK-9)."""
from datetime import UTC, datetime, timedelta

import pytest
from ticketing.domain import (
    ComplaintAnalysis,
    ComplaintCause,
    ComplaintOutcome,
    InvalidInput,
    NonConformanceRecord,
    StaffRole,
    TransitionRefused,
    analysis_problem,
    approve,
    can_approve,
    close_record,
    file_capa_report,
    record_correction,
    required_approver,
    result_blocker,
)

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
PM, HQ_REP = StaffRole.PROJECT_MANAGER, StaffRole.HQ_MANAGEMENT_REPRESENTATIVE


def ncr(loss_fen=0, project_can_resolve=True, **kwargs):
    analysis = ComplaintAnalysis(ComplaintCause.STAFF_CAUSED_LOSS, ComplaintOutcome.NON_CONFORMANCE,
                                 loss_fen, project_can_resolve)
    return NonConformanceRecord("T-1", analysis, "repaint the wall", T0 + timedelta(days=3), **kwargs)


@pytest.mark.parametrize("loss_fen, can_resolve, approver", [
    (0, True, PM), (50_000, True, PM), (50_001, True, HQ_REP), (0, False, HQ_REP), (1_000_000, False, HQ_REP),
])
def test_hq_management_representative_approves_above_500_yuan_or_when_the_project_cannot_resolve(
        loss_fen, can_resolve, approver):
    assert required_approver(loss_fen, can_resolve) is approver


def test_the_loss_threshold_is_a_project_setting():
    assert required_approver(20_001, True, threshold_fen=20_000) is HQ_REP
    assert ncr(30_000, threshold_fen=20_000).approver is HQ_REP


def test_project_manager_approves_a_small_record_and_hq_cannot_take_it_over():
    record = ncr(10_000)
    assert can_approve(PM, record) is None
    assert "project manager" in can_approve(HQ_REP, record)


def test_a_big_loss_is_refused_to_the_project_manager_with_a_reason():
    reason = can_approve("project_manager", ncr(60_000))
    assert reason == "this record must be approved by the hq management representative"
    with pytest.raises(TransitionRefused):
        approve(ncr(60_000), PM, "Manager Li", T0)


def test_a_record_is_approved_once():
    record = approve(ncr(), PM, "Manager Li", T0)
    assert record.approved_by == "Manager Li"
    assert can_approve(PM, record) == "the record is already approved"


def test_an_apology_cannot_settle_a_complaint_hq_must_decide():
    analysis = ComplaintAnalysis(ComplaintCause.STAFF_ERROR, ComplaintOutcome.EXPLANATION_SUFFICES, 60_000)
    assert "non-conformance record" in analysis_problem(analysis)
    assert analysis_problem(ComplaintAnalysis(ComplaintCause.STAFF_ERROR, "explanation_suffices")) is None


def test_corrective_action_follows_approval_and_closing_follows_the_correction():
    record = ncr()
    with pytest.raises(TransitionRefused):
        record_correction(record, T0)
    record = approve(record, PM, "Manager Li", T0)
    with pytest.raises(TransitionRefused):
        close_record(record, T0)
    record = close_record(record_correction(record, T0 + timedelta(days=1)), T0 + timedelta(days=2))
    assert record.closed_at == T0 + timedelta(days=2)


def test_a_capa_report_is_owed_once_the_record_closes_and_not_before():
    record = approve(ncr(), PM, "Manager Li", T0)
    assert not record.capa_report_required
    with pytest.raises(TransitionRefused):
        file_capa_report(record, T0)
    closed = close_record(record_correction(record, T0), T0)
    assert closed.capa_report_required
    assert not file_capa_report(closed, T0 + timedelta(days=1)).capa_report_required


def test_corrective_action_is_overdue_after_its_deadline_until_done():
    record = approve(ncr(), PM, "Manager Li", T0)
    assert not record.corrective_action_overdue(T0 + timedelta(days=3))
    assert record.corrective_action_overdue(T0 + timedelta(days=3, seconds=1))
    assert not record_correction(record, T0 + timedelta(days=4)).corrective_action_overdue(T0 + timedelta(days=5))


def test_a_complaint_result_waits_for_analysis_and_for_the_corrective_action():
    assert "analyse" in result_blocker(None, None)
    record = approve(ncr(), PM, "Manager Li", T0)
    assert "corrective action" in result_blocker(record.analysis, record)
    assert result_blocker(record.analysis, record_correction(record, T0)) is None
    apology = ComplaintAnalysis(ComplaintCause.ANOTHER_OWNER, ComplaintOutcome.EXPLANATION_SUFFICES)
    assert result_blocker(apology, None) is None


@pytest.mark.parametrize("kwargs, field", [
    ({"cause": "bad_luck"}, "cause"), ({"loss_fen": -1}, "loss_fen"), ({"loss_fen": 12.5}, "loss_fen"),
])
def test_bad_analysis_input_is_refused_naming_the_field(kwargs, field):
    args = {"cause": "staff_error", "outcome": "non_conformance", **kwargs}
    with pytest.raises(InvalidInput) as err:
        ComplaintAnalysis(**args)
    assert err.value.field == field


def test_a_non_conformance_record_needs_the_non_conformance_outcome():
    apology = ComplaintAnalysis(ComplaintCause.STAFF_ERROR, ComplaintOutcome.EXPLANATION_SUFFICES)
    with pytest.raises(InvalidInput):
        NonConformanceRecord("T-1", apology, "x", T0)
