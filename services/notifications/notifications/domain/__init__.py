"""Pure rules of the notifications service: who is told (routing), what they are told (messages),
how an inbox item moves (inbox), and the return-visit survey's link and answer (surveys).
No I/O, no database, no web framework, no clock."""
from .inbox import ItemStatus, MarkRefused, mark
from .messages import (
    BreachNotice,
    Message,
    ReviewOverdueNotice,
    approval_message,
    breach_message,
    lateness_minutes,
    review_overdue_messages,
)
from .routing import COMPANY_SCOPE, HQ_ROLES, Holder, Recipient, breach_roles, recipients, scope_of
from .surveys import (
    AnswerInvalid,
    LinkState,
    SurveyAnswer,
    SurveyStatus,
    SurveyUnavailable,
    read_answer,
    require_open,
    sign_link,
    status_at,
    survey_expiry,
    verify_link,
)

__all__ = ["approval_message", "breach_message", "breach_roles", "BreachNotice", "COMPANY_SCOPE", "Holder",
           "HQ_ROLES", "ItemStatus", "lateness_minutes", "mark", "MarkRefused", "Message", "Recipient", "recipients",
           "review_overdue_messages", "ReviewOverdueNotice", "scope_of",
           "AnswerInvalid", "LinkState", "read_answer", "require_open", "sign_link", "status_at", "SurveyAnswer",
           "survey_expiry", "SurveyStatus", "SurveyUnavailable", "verify_link"]
