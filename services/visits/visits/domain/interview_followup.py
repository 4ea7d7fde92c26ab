"""Is the interview programme on track (VS-4)? Quotas, key-customer visits, analysis reports.

The monthly analysis 上月顾客访谈分析 is due by the 5th of the next month, end of that day
on the project's clock.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from .interviews import DEFAULT_QUOTAS, InterviewRecord, MonthlyInterviewPlan, QuotaPolicy
from .timekeeping import DEFAULT_TIMEZONE, Month, ensure_aware, local_date

REPORT_DUE_DAY = 5


@dataclass(frozen=True)
class QuotaStatus:
    person_id: str
    role: str | None
    done: int
    required: int

    @property
    def short(self) -> int:
        return max(0, self.required - self.done)


@dataclass(frozen=True)
class AnalysisReport:
    """The monthly interview analysis for ``month``, as submitted."""

    month: Month
    submitted_at: datetime


@dataclass(frozen=True)
class LateItem:
    """One thing behind: ``kind`` is key_customer_not_visited, quota_short or report_late."""

    kind: str
    subject_id: str
    month: Month
    detail: str


def quota_status(
    records: Iterable[InterviewRecord],
    month: Month,
    staff: Mapping[str, str] | None = None,
    policy: QuotaPolicy = DEFAULT_QUOTAS,
    timezone: str = DEFAULT_TIMEZONE,
) -> dict[str, QuotaStatus]:
    """Per person: distinct households visited in person in ``month`` against their role's quota.

    Everyone in ``staff`` (person id -> role) appears, with or without records; anyone else
    who recorded interviews appears with role None and nothing required.
    """
    staff = staff or {}
    households: dict[str, set[str]] = {person: set() for person in staff}
    for record in records:
        if record.counts_as_visit and record.in_month(month, timezone):
            households.setdefault(record.interviewer_id, set()).add(record.unit_id)
    return {
        person: QuotaStatus(person, staff.get(person), len(units), policy.required(staff.get(person)))
        for person, units in sorted(households.items())
    }


def report_due_date(month: Month) -> date:
    """The last day the analysis of ``month`` may be submitted: the 5th of the next month."""
    return month.next().first_day.replace(day=REPORT_DUE_DAY)


def is_late(
    report_submitted_at: datetime | None, month: Month, now: datetime, timezone: str = DEFAULT_TIMEZONE
) -> bool:
    """Submitted after the due day, or not submitted and the due day has passed."""
    ensure_aware(now, "now")
    moment = report_submitted_at if report_submitted_at is not None else now
    return local_date(moment, timezone) > report_due_date(month)


def what_is_late(
    plan: MonthlyInterviewPlan,
    records: Iterable[InterviewRecord],
    reports: Iterable[AnalysisReport],
    now: datetime,
) -> tuple[LateItem, ...]:
    """Missed key-customer visits and quota shortfalls (once the month is over) and a late report."""
    records = tuple(records)
    month, zone = plan.month, plan.timezone
    late: list[LateItem] = []
    if local_date(now, zone) > month.last_day:
        visits = [r for r in records if r.counts_as_visit and r.in_month(month, zone)]
        for customer in sorted(plan.key_customers, key=lambda c: c.customer_id):
            if not any(record.covers(customer) for record in visits):
                late.append(LateItem("key_customer_not_visited", customer.customer_id, month, customer.unit_id))
        for status in quota_status(records, month, plan.staff, plan.quotas, zone).values():
            if status.short:
                detail = f"{status.done} of {status.required}"
                late.append(LateItem("quota_short", status.person_id, month, detail))
    submitted = [report.submitted_at for report in reports if report.month == month]
    first = min(submitted) if submitted else None
    if is_late(first, month, now, zone):
        detail = f"due {report_due_date(month).isoformat()}" + ("" if first else ", not submitted")
        late.append(LateItem("report_late", str(month), month, detail))
    return tuple(late)
