"""Small helpers shared by billing's handlers: clock, project dates, domain errors as problems."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from kefulib.authn import Principal
from kefulib.problems import Conflict, Forbidden, Unprocessable

from .domain import BillingError

# Projects keep their books in local time: a payment at 00:30 Beijing time belongs to that day.
PROJECT_TZ = ZoneInfo("Asia/Shanghai")

# Domain reasons that mean "this input is wrong" (422 naming the field) rather than
# "this state change is refused" (409 with the reason).
INPUT_REASONS = frozenset({
    "required", "invalid_quantity", "invalid_amount", "no_lines", "unknown_payment_method", "invalid_period",
    "unknown_catalogue_code", "unknown_repair_code", "no_materials_for_item", "unsupported_currency",
    "idempotency_key_reused", "not_a_desk_service", "invalid_quote_version",
    "unit_already_recorded",
})


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime | None = None) -> date:
    return (moment or utcnow()).astimezone(PROJECT_TZ).date()


def problem_from(error: BillingError) -> Exception:
    """The API's answer to a domain refusal."""
    detail = f"{error.reason}: {error.detail}" if error.detail else error.reason
    if error.reason in INPUT_REASONS:
        return Unprocessable(f"This field is not valid: {error.field or '_body'}.",
                             errors={error.field or "_body": [detail]}, reason_code=error.reason)
    return Conflict(detail, reason_code=error.reason)


def refused(role_reason: str) -> Forbidden:
    return Forbidden(f"Refused: {role_reason}.", reason_code=role_reason)


def first_allowed(principal: Principal, refusal) -> None:
    """Pass if any of the caller's roles is allowed; otherwise refuse with the most telling reason.

    `refusal(role)` returns None when the role may act. A technician's refusal wins, so a
    technician is never told a different story (BL-6).
    """
    roles = sorted(principal.roles) or [""]
    reasons = {role: refusal(role) for role in roles}
    if any(reason is None for reason in reasons.values()):
        return
    raise refused(reasons.get("technician") or next(iter(reasons.values())))
