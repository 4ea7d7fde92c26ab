"""Roles of the People section (人员角色) and which project a person may act in (ID-1)."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from identity.domain.errors import InvalidInput


class Role(StrEnum):
    """A role held in one project; the Chinese title is in ROLE_TITLES."""

    CS_ASSISTANT = "cs_assistant"
    CS_ADMINISTRATOR = "cs_administrator"
    CS_SUPERVISOR = "cs_supervisor"
    PROJECT_MANAGER = "project_manager"
    ENGINEERING_SUPERVISOR = "engineering_supervisor"
    TECHNICIAN = "technician"
    SECURITY = "security"
    SECURITY_SUPERVISOR = "security_supervisor"  # 保安主管: answers for the gate (watch list, visitor register)
    DUTY_OFFICER = "duty_officer"
    FINANCE_CLERK = "finance_clerk"
    ZONE_STEWARD = "zone_steward"
    HQ_GENERAL_MANAGER = "hq_general_manager"
    HQ_MANAGEMENT_REPRESENTATIVE = "hq_management_representative"
    HQ_AUDITOR = "hq_auditor"
    INTEGRATION_CLIENT = "integration_client"
    OWNER_RESIDENT = "owner_resident"


ROLE_TITLES: dict[Role, str] = {
    Role.CS_ASSISTANT: "客服助理",
    Role.CS_ADMINISTRATOR: "客服管理员",
    Role.CS_SUPERVISOR: "客服主管",
    Role.PROJECT_MANAGER: "管理处经理",
    Role.ENGINEERING_SUPERVISOR: "工程主管",
    Role.TECHNICIAN: "维修人员",
    Role.SECURITY: "保安部",
    Role.SECURITY_SUPERVISOR: "保安主管",
    Role.DUTY_OFFICER: "消防监控中心值班员",
    Role.FINANCE_CLERK: "财务内勤",
    Role.ZONE_STEWARD: "片区管家",
    Role.HQ_GENERAL_MANAGER: "总经理",
    Role.HQ_MANAGEMENT_REPRESENTATIVE: "管理者代表",
    Role.HQ_AUDITOR: "总部审计(只读)",
    Role.INTEGRATION_CLIENT: "集成客户端",
    Role.OWNER_RESIDENT: "业主/住户",
}

CS_STAFF = frozenset({Role.CS_ASSISTANT, Role.CS_ADMINISTRATOR, Role.CS_SUPERVISOR})
HQ_ROLES = frozenset({Role.HQ_GENERAL_MANAGER, Role.HQ_MANAGEMENT_REPRESENTATIVE, Role.HQ_AUDITOR})
# Parties outside the company's staff: they reach the platform only through integrations.
OUTSIDE_ROLES = frozenset({Role.INTEGRATION_CLIENT, Role.OWNER_RESIDENT})
STAFF_ROLES = frozenset(Role) - OUTSIDE_ROLES
# The HQ auditor (总部审计(只读)) looks and never touches (X-1, ID-7): kefulib.read_only enforces it in every service.


def parse_role(value: Role | str) -> Role:
    """The role named by `value`, or InvalidInput naming `role`."""
    try:
        return Role(value)
    except ValueError:
        raise InvalidInput("role", f"unknown role {value!r}") from None


def is_cs_staff(role: Role | str) -> bool:
    """True for the customer-service centre's own staff (客服中心工作人员)."""
    return Role(role) in CS_STAFF


def is_hq(role: Role | str) -> bool:
    """True for HQ roles, which read across projects (X-1)."""
    return Role(role) in HQ_ROLES


@dataclass(frozen=True)
class RoleAssignment:
    """One person holding one role in one scope; a person may hold many (ID-1).

    `scope_id` is a project id, except for HQ roles where it is the company id: HQ reads
    across the company's projects, never across companies sharing the deployment.
    """

    person_id: str
    scope_id: str
    role: Role


def roles_in_project(
    assignments: Iterable[RoleAssignment], person_id: str, project_id: str, company_id: str
) -> frozenset[Role]:
    """Roles the person may act under in `project_id` of company `company_id`."""
    return frozenset(
        a.role
        for a in assignments
        if a.person_id == person_id and (a.scope_id == company_id if a.role in HQ_ROLES else a.scope_id == project_id)
    )
