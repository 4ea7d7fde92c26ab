"""Pure domain rules of the ticketing service: no I/O, no database, no web framework."""
from .calendars import ALWAYS_OPEN, AlwaysOpen, BusinessCalendar, Calendar, WorkWindow
from .clock import Pause, advance, running_time
from .clutter import ClutterCase, ClutterStage, issue_notice, release, remove_to_storage
from .complaints import (
    ComplaintAnalysis,
    ComplaintCause,
    ComplaintOutcome,
    NonConformanceRecord,
    analysis_problem,
    approve,
    can_approve,
    close_record,
    file_capa_report,
    record_correction,
    required_approver,
    result_blocker,
)
from .disputes import DisputeRecord, DisputeStep, Participant, add_step, settle
from .documents import snapshot_from_document, snapshot_to_document
from .errors import InvalidInput, TransitionRefused
from .escalation import (
    Breach,
    EscalationLevel,
    breaches_due,
    escalation_roles,
    escalation_schedule,
    next_deadline,
)
from .handover import DutyLogEntry, Handover, open_matters, prepare_handover, sign_handover
from .intake import MAX_BACKDATE, clock_start
from .kinds import (
    Channel,
    CommunityMatterType,
    HelpRequestType,
    TicketKind,
    UrgentRepairCategory,
    classify_repair,
    parse_subtype,
)
from .quotes import QuoteChange, QuoteFact, follow_quote, ignore_reason
from .reports import MonthlyFigures, TicketSummary, month_of, monthly_report, repeat_complaints, sla_outcomes
from .roles import StaffRole, receiving_role
from .sla import (
    Clock,
    SlaPolicy,
    SlaSubject,
    SlaTarget,
    TargetRule,
    applicable_rules,
    check_schedulable,
    compute_deadlines,
)
from .state_machine import apply, open_ticket
from .ticket import (
    ActionContext,
    HistoryEntry,
    QuoteStatus,
    TicketAction,
    TicketSnapshot,
    TicketState,
    Transition,
)
from .transitions import RULES
from .warranty import CompletedRepair, Rework, WarrantyPolicy, is_under_warranty, rework, warranty_ends

__all__ = [
    "ActionContext", "add_step", "advance", "ALWAYS_OPEN", "AlwaysOpen", "analysis_problem",
    "applicable_rules", "apply", "approve", "Breach", "breaches_due", "BusinessCalendar", "Calendar",
    "can_approve", "Channel", "clock_start", "MAX_BACKDATE", "classify_repair", "Clock", "close_record",
    "ClutterCase", "ClutterStage",
    "CommunityMatterType", "ComplaintAnalysis", "ComplaintCause", "ComplaintOutcome", "CompletedRepair",
    "compute_deadlines", "DisputeRecord", "DisputeStep", "DutyLogEntry", "escalation_roles",
    "escalation_schedule", "EscalationLevel", "file_capa_report", "Handover", "HelpRequestType",
    "HistoryEntry", "InvalidInput", "is_under_warranty", "issue_notice", "month_of", "monthly_report",
    "MonthlyFigures", "next_deadline", "NonConformanceRecord", "open_matters", "open_ticket", "parse_subtype",
    "Participant", "Pause", "prepare_handover", "QuoteChange", "QuoteFact", "QuoteStatus", "follow_quote",
    "ignore_reason", "receiving_role", "record_correction",
    "release", "remove_to_storage", "repeat_complaints", "required_approver", "result_blocker", "Rework",
    "rework", "RULES", "running_time", "check_schedulable", "settle", "sign_handover", "sla_outcomes", "SlaPolicy", "SlaSubject",
    "SlaTarget", "snapshot_from_document", "snapshot_to_document", "StaffRole", "TargetRule", "TicketAction",
    "TicketKind", "TicketSnapshot", "TicketState", "TicketSummary", "Transition", "TransitionRefused",
    "UrgentRepairCategory", "warranty_ends", "WarrantyPolicy", "WorkWindow",
]
