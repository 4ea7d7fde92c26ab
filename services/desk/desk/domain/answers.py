"""Standard answers 常见投诉问题回复口径 (DK-5; seed 004: "按物业服务中心提供的常见投诉问题回复口径耐心解答客户的提问"):
what an answer is, who owns it (the project or the company), and how it moves draft → published → retired.
Pure: every time and every stored value is passed in."""
from __future__ import annotations

from enum import StrEnum

from kefulib.domain_errors import BadField, refuse_if

#: Company answers are kept under identity's company scope (the HQ tenant), which is never a project's id.
COMPANY_TENANT = "hq"


class Topic(StrEnum):
    """The fixed topics clerks file answers under; the Chinese label is what the console shows."""
    FEES = "fees"                        # 收费
    PARKING = "parking"                  # 停车
    REPAIRS = "repairs"                  # 维修
    NOISE = "noise"                      # 噪音
    RENOVATION = "renovation"            # 装修
    SAFETY = "safety"                    # 安全
    PETS = "pets"                        # 宠物
    GREENING_CLEANING = "greening_cleaning"  # 绿化保洁
    COMMUNITY_ORDER = "community_order"  # 社区秩序: 违章搭建, 乱摆放, 高空抛物, 捡垃圾 (seed 004's 社区矛盾)
    INQUIRIES = "inquiries"              # 问询服务: 公交、航班、服务项目 (seed 003's 问询接待)
    OTHER = "other"                      # 其他


TOPIC_LABELS = {Topic.FEES: "收费", Topic.PARKING: "停车", Topic.REPAIRS: "维修", Topic.NOISE: "噪音",
                Topic.RENOVATION: "装修", Topic.SAFETY: "安全", Topic.PETS: "宠物", Topic.GREENING_CLEANING: "绿化保洁",
                Topic.COMMUNITY_ORDER: "社区秩序", Topic.INQUIRIES: "问询服务", Topic.OTHER: "其他"}


class AnswerStatus(StrEnum):
    DRAFT = "draft"          # being written: only its editors' lists show it
    PUBLISHED = "published"  # what clerks and stewards read out
    RETIRED = "retired"      # no longer said; kept for the record and the usage report


class Scope(StrEnum):
    PROJECT = "project"  # the project's own answer 项目口径
    COMPANY = "company"  # HQ's answer every project sees 公司统一口径


class UseContext(StrEnum):
    INTAKE = "intake"        # at the desk or on the intake screen 受理
    INTERVIEW = "interview"  # a steward's customer interview 客户访谈
    PHONE = "phone"          # on a call


def scope_of(tenant_id: str) -> Scope:
    return Scope.COMPANY if tenant_id == COMPANY_TENANT else Scope.PROJECT


def check_version(stored_version: int, given_version: int) -> None:
    """A change names the version it was made on, so two editors do not overwrite each other silently."""
    refuse_if(given_version != stored_version, "version_conflict",
              f"The answer was changed since version {given_version}; reload it (now version {stored_version}).",
              current_version=stored_version)


def check_edit(status: str, stored_version: int, given_version: int) -> None:
    refuse_if(status == AnswerStatus.RETIRED, "answer_retired", "A retired answer is not edited; publish it again "
                                                                "first.")
    check_version(stored_version, given_version)


def check_publish(status: str) -> None:
    refuse_if(status == AnswerStatus.PUBLISHED, "already_published", "The answer is published already.")


def check_retire(status: str) -> None:
    refuse_if(status == AnswerStatus.RETIRED, "already_retired", "The answer is retired already.")


def check_company_editable(scope: Scope) -> None:
    """Projects read company answers and may override one with their own; they never change it."""
    refuse_if(scope is Scope.COMPANY, "company_answer", "This is a company answer: only HQ changes it. Write the "
                                                        "project's own answer with `overrides` naming it instead.")


def check_override(overrides: str | None, company_status: str | None) -> None:
    """A project answer may stand in for a company one on the same question: it must name a company answer."""
    if overrides is not None and company_status is None:
        raise BadField("overrides", "no such company answer")


def hidden_company_answers(project_answers: list[dict]) -> set[str]:
    """The company answers a project's published answers stand in for: the project sees its own instead."""
    return {a["overrides"] for a in project_answers
            if a.get("overrides") and a["status"] == AnswerStatus.PUBLISHED}


def clean_list(values: list[str]) -> list[str]:
    """Questions and keywords as typed, trimmed, blanks and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for value in values:
        text = value.strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)
