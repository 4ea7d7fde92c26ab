"""Staff roles the ticketing rules name (values match the identity service's) and who
receives a new matter at a given hour."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from .calendars import Calendar


class StaffRole(StrEnum):
    CS_ASSISTANT = "cs_assistant"                                  # 客服助理
    CS_SUPERVISOR = "cs_supervisor"                                # 客服主管
    PROJECT_MANAGER = "project_manager"                            # 管理处经理
    ENGINEERING_SUPERVISOR = "engineering_supervisor"              # 工程主管
    TECHNICIAN = "technician"                                      # 维修人员
    DUTY_OFFICER = "duty_officer"                                  # 消防监控中心值班员
    HQ_GENERAL_MANAGER = "hq_general_manager"                      # 总经理
    HQ_MANAGEMENT_REPRESENTATIVE = "hq_management_representative"  # 管理者代表


def receiving_role(calendar: Calendar, at: datetime) -> StaffRole:
    """Who takes a new matter (TK-2): the CS centre in day-shift hours, the control-centre
    duty officer after hours. Whoever takes it is still the first responder 首问责任人."""
    return StaffRole.CS_ASSISTANT if calendar.is_open_at(at) else StaffRole.DUTY_OFFICER
