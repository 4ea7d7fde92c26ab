"""Customer interviews 客户访谈 (VS-4): yearly and monthly plans and the interview record.

The CS lead drafts a yearly and a monthly plan (访谈责任人/时间/范围/内容) for the
department head; staff fill in a 《顾客访谈记录》 per household visited. A phone call to a
key customer keeps in touch (电话联系保持沟通) but is not a visit: only ``in_person``
records count towards quotas and the monthly key-customer visit.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from .customers import KeyCustomer
from .errors import require, require_text
from .return_visits import ContactMethod
from .timekeeping import DEFAULT_TIMEZONE, Month, ensure_aware, month_of

#: Status of the measures promised in an interview 措施完成情况.
MEASURE_STATUSES = ("none_needed", "open", "done")


@dataclass(frozen=True)
class QuotaPolicy:
    """Interviews (distinct households, in person) each role must do a month.

    The project manager 管理处经理 does at least 2 (seed 004); other roles are set per project.
    """

    per_role: Mapping[str, int] = field(default_factory=lambda: {"project_manager": 2})

    def __post_init__(self) -> None:
        for role, required in self.per_role.items():
            require(isinstance(required, int) and required >= 0, "invalid_quota", f"bad quota for {role}", "per_role")
        object.__setattr__(self, "per_role", MappingProxyType(dict(self.per_role)))

    def required(self, role: str | None) -> int:
        return self.per_role.get(role or "", 0)


DEFAULT_QUOTAS = QuotaPolicy()


@dataclass(frozen=True)
class YearlyPlanItem:
    """One line of the yearly plan: in ``month``, ``responsible_role`` covers ``scope`` / ``content``."""

    month: int
    responsible_role: str
    scope: str
    content: str

    def __post_init__(self) -> None:
        require(1 <= self.month <= 12, "invalid_month", "month must be 1..12", "month")


@dataclass(frozen=True)
class YearlyInterviewPlan:
    year: int
    items: tuple[YearlyPlanItem, ...] = ()


@dataclass(frozen=True)
class PlannedInterview:
    """Who visits which unit when, about what (scope: e.g. security, repairs, cleaning)."""

    interviewer_id: str
    unit_id: str
    planned_on: date
    scope: str = ""
    content: str = ""
    customer_id: str | None = None


@dataclass(frozen=True)
class MonthlyInterviewPlan:
    """The month's plan plus what it is judged against: key customers, staff roles, quotas.

    ``staff`` maps person id to the role that sets their quota in this project.
    """

    month: Month
    interviews: tuple[PlannedInterview, ...] = ()
    key_customers: tuple[KeyCustomer, ...] = ()
    staff: Mapping[str, str] = field(default_factory=dict)
    quotas: QuotaPolicy = DEFAULT_QUOTAS
    timezone: str = DEFAULT_TIMEZONE

    def __post_init__(self) -> None:
        for planned in self.interviews:
            inside = self.month.contains(planned.planned_on)
            require(inside, "outside_month", "planned day outside the month", "planned_on")


@dataclass(frozen=True)
class InterviewRecord:
    """A 《顾客访谈记录》: needs 客户需求, measures 处理措施, their status, satisfaction 1..5."""

    interviewer_id: str
    unit_id: str
    interviewed_at: datetime
    needs: str = ""
    measures: str = ""
    measure_status: str = "none_needed"
    satisfaction: int | None = None
    method: ContactMethod = ContactMethod.IN_PERSON
    customer_id: str | None = None

    def __post_init__(self) -> None:
        require_text(self.interviewer_id, "interviewer_id")
        require_text(self.unit_id, "unit_id")
        ensure_aware(self.interviewed_at, "interviewed_at")
        require(self.measure_status in MEASURE_STATUSES, "invalid_measure_status", "unknown status", "measure_status")
        require(self.method in set(ContactMethod), "invalid_method", "method must be phone or in_person", "method")
        object.__setattr__(self, "method", ContactMethod(self.method))
        ok = self.satisfaction is None or (type(self.satisfaction) is int and 1 <= self.satisfaction <= 5)
        require(ok, "invalid_satisfaction", "satisfaction must be an integer 1..5", "satisfaction")

    @property
    def counts_as_visit(self) -> bool:
        return self.method == ContactMethod.IN_PERSON

    def in_month(self, month: Month, timezone: str = DEFAULT_TIMEZONE) -> bool:
        return month_of(self.interviewed_at, timezone) == month

    def covers(self, customer: KeyCustomer) -> bool:
        """Whether this record is about ``customer`` (by id when recorded, else by unit)."""
        if self.customer_id is not None:
            return self.customer_id == customer.customer_id
        return self.unit_id == customer.unit_id
