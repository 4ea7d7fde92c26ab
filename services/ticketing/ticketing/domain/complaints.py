"""Complaint analysis and the non-conformance record 不合格品/服务记录处理单 (TK-8, TK-9).

The record tracks one complaint's corrective action: who must approve it, by when the
action is due, and whether the corrective/preventive action report 纠正/预防措施报告 that
must follow its closing has been filed.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from .errors import TransitionRefused, parse_choice, require, require_aware, require_fen, require_text
from .roles import StaffRole

DEFAULT_HQ_LOSS_THRESHOLD_FEN = 50_000  # 500 yuan


class ComplaintOutcome(StrEnum):
    EXPLANATION_SUFFICES = "explanation_suffices"  # 口头解释、赔礼道歉即可
    NON_CONFORMANCE = "non_conformance"            # 填写不合格品/服务记录处理单


class ComplaintCause(StrEnum):
    STAFF_ERROR = "staff_error"                    # 员工过失: explain, apologise, serve again
    STAFF_CAUSED_LOSS = "staff_caused_loss"        # 员工过失造成损失: compensate or repair
    ANOTHER_OWNER = "another_owner"                # 其他业户过失: help first, then coordinate
    DEVELOPER_LEGACY = "developer_legacy"          # 开发商遗留问题: developer / owners' committee


@dataclass(frozen=True)
class ComplaintAnalysis:
    """The analysis 分析投诉内容; ``loss_fen`` is the customer's economic loss."""

    cause: ComplaintCause
    outcome: ComplaintOutcome
    loss_fen: int = 0
    project_can_resolve: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "cause", parse_choice(ComplaintCause, self.cause, "cause"))
        object.__setattr__(self, "outcome", parse_choice(ComplaintOutcome, self.outcome, "outcome"))
        require_fen(self.loss_fen, "loss_fen")


def goes_to_hq(loss_fen: int, project_can_resolve: bool,
               threshold_fen: int = DEFAULT_HQ_LOSS_THRESHOLD_FEN) -> bool:
    """HQ decides when the project cannot resolve it or the loss is *more than* the threshold."""
    return not project_can_resolve or require_fen(loss_fen, "loss_fen") > threshold_fen


def required_approver(loss_fen: int, project_can_resolve: bool,
                      threshold_fen: int = DEFAULT_HQ_LOSS_THRESHOLD_FEN) -> StaffRole:
    if goes_to_hq(loss_fen, project_can_resolve, threshold_fen):
        return StaffRole.HQ_MANAGEMENT_REPRESENTATIVE
    return StaffRole.PROJECT_MANAGER


def analysis_problem(analysis: ComplaintAnalysis,
                     threshold_fen: int = DEFAULT_HQ_LOSS_THRESHOLD_FEN) -> str | None:
    """Why the analysis cannot stand: an apology alone never settles a case HQ must decide."""
    escalated = goes_to_hq(analysis.loss_fen, analysis.project_can_resolve, threshold_fen)
    if escalated and analysis.outcome is ComplaintOutcome.EXPLANATION_SUFFICES:
        return "this complaint needs a non-conformance record approved by HQ's management representative"
    return None


@dataclass(frozen=True)
class NonConformanceRecord:
    """不合格品/服务记录处理单 for one complaint ticket."""

    ticket_id: str
    analysis: ComplaintAnalysis
    corrective_action: str
    corrective_deadline: datetime
    threshold_fen: int = DEFAULT_HQ_LOSS_THRESHOLD_FEN
    approved_by: str | None = None
    approved_at: datetime | None = None
    corrected_at: datetime | None = None
    closed_at: datetime | None = None
    capa_report_filed_at: datetime | None = None

    def __post_init__(self) -> None:
        require_text(self.ticket_id, "ticket_id")
        require_text(self.corrective_action, "corrective_action")
        object.__setattr__(self, "corrective_deadline", require_aware(self.corrective_deadline, "corrective_deadline"))
        require(self.analysis.outcome is ComplaintOutcome.NON_CONFORMANCE, "analysis.outcome",
                "a non-conformance record needs the non_conformance outcome")

    @property
    def approver(self) -> StaffRole:
        return required_approver(self.analysis.loss_fen, self.analysis.project_can_resolve, self.threshold_fen)

    @property
    def capa_report_required(self) -> bool:
        """TK-9: once closed, the manager owes a corrective/preventive action report."""
        return self.closed_at is not None and self.capa_report_filed_at is None

    def corrective_action_overdue(self, now: datetime) -> bool:
        return self.corrected_at is None and require_aware(now, "now") > self.corrective_deadline


def can_approve(role: StaffRole | str, record: NonConformanceRecord) -> str | None:
    """None when ``role`` may approve ``record``; otherwise the reason it may not."""
    if record.approved_at is not None:
        return "the record is already approved"
    if parse_choice(StaffRole, role, "role") is not record.approver:
        return f"this record must be approved by the {record.approver.replace('_', ' ')}"
    return None


def approve(record: NonConformanceRecord, role: StaffRole | str, person: str, at: datetime) -> NonConformanceRecord:
    reason = can_approve(role, record)
    if reason:
        raise TransitionRefused(reason, "approval_refused")
    return replace(record, approved_by=require_text(person, "person"), approved_at=require_aware(at, "at"))


def record_correction(record: NonConformanceRecord, at: datetime) -> NonConformanceRecord:
    if record.approved_at is None:
        raise TransitionRefused("corrective action starts only after the record is approved")
    return replace(record, corrected_at=require_aware(at, "at"))


def close_record(record: NonConformanceRecord, at: datetime) -> NonConformanceRecord:
    if record.corrected_at is None:
        raise TransitionRefused("the record closes only after its corrective action is done")
    return replace(record, closed_at=require_aware(at, "at"))


def file_capa_report(record: NonConformanceRecord, at: datetime) -> NonConformanceRecord:
    if record.closed_at is None:
        raise TransitionRefused("the corrective/preventive action report follows the record's closing (TK-9)")
    return replace(record, capa_report_filed_at=require_aware(at, "at"))


def result_blocker(analysis: ComplaintAnalysis | None, record: NonConformanceRecord | None,
                   threshold_fen: int = DEFAULT_HQ_LOSS_THRESHOLD_FEN) -> str | None:
    """Why a complaint ticket cannot get its result yet (check before applying RESOLVE)."""
    if analysis is None:
        return "analyse the complaint before recording a result"
    if problem := analysis_problem(analysis, threshold_fen):
        return problem
    if analysis.outcome is ComplaintOutcome.NON_CONFORMANCE and (record is None or record.corrected_at is None):
        return "the non-conformance record must be approved and its corrective action done first"
    return None
