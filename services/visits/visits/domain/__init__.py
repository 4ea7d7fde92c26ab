"""The visits service's pure domain: visitor register, return visits, interviews, appointments.

No I/O here: handlers load state, call these functions, and store what they return.
Every rule that fails raises :class:`DomainError` with a stable ``code`` and the ``field``.
"""
from .appointments import BookableResource, Slot, generate_slots, seat_keys, slot_key, validate_booking
from .customers import (
    KEY_CUSTOMER_CLASSES,
    TENURE_BANDS,
    KeyCustomer,
    choose_households,
    is_key_customer,
    monthly_targets,
    sample_size,
    tenure_band,
)
from .errors import DomainError, InvalidInput, RuleRefused
from .id_documents import (
    DOCUMENT_TYPES,
    ProtectedDocument,
    fingerprint,
    mask_id_document,
    normalise_document_number,
    protect_document,
)
from .interview_followup import (
    AnalysisReport,
    LateItem,
    QuotaStatus,
    is_late,
    quota_status,
    report_due_date,
    what_is_late,
)
from .interviews import (
    DEFAULT_QUOTAS,
    MEASURE_STATUSES,
    InterviewRecord,
    MonthlyInterviewPlan,
    PlannedInterview,
    QuotaPolicy,
    YearlyInterviewPlan,
    YearlyPlanItem,
)
from .return_visits import (
    DEFAULT_POLICY,
    RETURN_VISIT_KINDS,
    SOURCE_EVENTS,
    ContactMethod,
    Outcome,
    ReturnVisit,
    ReturnVisitPolicy,
    ReturnVisitStatus,
    assign,
    cancel,
    complete,
    due_at,
    gets_return_visit,
    is_overdue,
    is_unhappy,
    schedule_return_visit,
)
from .timekeeping import DEFAULT_TIMEZONE, Month, ensure_aware, local_date, month_of, project_zone
from .visitor_register import (
    FORBIDDEN_FIELD_WORDS,
    VISITOR_VIEW_FIELDS,
    VisitorEntry,
    check_out,
    entry_to_view,
    register_check_in,
    visitor_view,
)
from .visitors import (
    CONSENT_VALID_FOR,
    Decision,
    HostConsent,
    PreRegistration,
    VisitorAtDesk,
    WatchListEntry,
    check_in_decision,
)

__all__ = [
    "RETURN_VISIT_KINDS", "gets_return_visit",
    "AnalysisReport", "BookableResource", "CONSENT_VALID_FOR", "ContactMethod", "DEFAULT_POLICY",
    "DEFAULT_QUOTAS", "DEFAULT_TIMEZONE", "DOCUMENT_TYPES", "Decision", "DomainError",
    "FORBIDDEN_FIELD_WORDS", "HostConsent", "InterviewRecord", "InvalidInput", "KEY_CUSTOMER_CLASSES", "KeyCustomer",
    "LateItem", "MEASURE_STATUSES", "Month", "MonthlyInterviewPlan", "Outcome", "PlannedInterview",
    "PreRegistration", "ProtectedDocument", "QuotaPolicy", "QuotaStatus", "ReturnVisit",
    "ReturnVisitPolicy", "ReturnVisitStatus", "RuleRefused", "SOURCE_EVENTS", "Slot", "TENURE_BANDS",
    "VISITOR_VIEW_FIELDS", "VisitorAtDesk", "VisitorEntry", "WatchListEntry", "YearlyInterviewPlan",
    "YearlyPlanItem", "assign", "cancel", "check_in_decision", "check_out", "choose_households",
    "complete", "due_at", "ensure_aware", "entry_to_view", "fingerprint", "generate_slots",
    "is_key_customer", "is_late", "is_overdue", "is_unhappy", "local_date", "mask_id_document",
    "month_of", "monthly_targets", "normalise_document_number", "project_zone", "protect_document",
    "quota_status", "register_check_in", "report_due_date", "sample_size", "schedule_return_visit",
    "seat_keys", "slot_key", "tenure_band", "validate_booking", "visitor_view", "what_is_late",
]
