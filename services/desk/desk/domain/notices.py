"""Customer notices 客户通知 / 温馨提示 (seed 000 "对客户通知的打印、分发和存档", seed 004 《温馨提示》): a notice is
drafted, approved by the project manager, published to all or some buildings, printed, and archived.

    draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published ──archive / end date──▶ archived
      ▲                   │
      └──── refuse ───────┘   (back to draft with the reason shown; the author edits and submits again)

Pure: the caller passes the times; nothing is read or written here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kefulib.domain_errors import BadField, refuse_if


class NoticeStatus(StrEnum):
    DRAFT = "draft"            # being written; the only state in which it can be edited
    SUBMITTED = "submitted"    # waiting for the project manager
    APPROVED = "approved"      # may be published
    PUBLISHED = "published"    # sent to the households of its buildings
    ARCHIVED = "archived"      # by hand, or its end date passed: still listed (status=archived)


class NoticeCategory(StrEnum):
    REMINDER = "reminder"        # 温馨提示
    OUTAGE = "outage"            # 停水停电
    WORKS = "works"              # 施工维修
    SAFETY = "safety"            # 安全防范
    FEES = "fees"                # 缴费
    COMMUNITY = "community"      # 社区活动
    OTHER = "other"


class NoticeChannel(StrEnum):
    MESSAGE = "message"    # SMS / WeChat / e-mail through notifications, as the project's settings order them
    PRINT = "print"        # printed and put up on the building's notice board (the PDF)


class Audience(StrEnum):
    ALL = "all"                  # every household of the project
    BUILDINGS = "buildings"      # the households of the buildings listed


#: The fields an author may write while the notice is a draft.
EDITABLE = ("title", "body", "category", "audience", "buildings", "channels", "ends_at")


@dataclass(frozen=True)
class NoticeState:
    status: NoticeStatus | str
    author: str
    ends_at: datetime | None = None


def shown_status(state: NoticeState, now: datetime) -> NoticeStatus:
    """A published notice whose end date has passed is archived: computed when read, so nobody must sweep."""
    status = NoticeStatus(state.status)
    if status is NoticeStatus.PUBLISHED and state.ends_at is not None and state.ends_at <= now:
        return NoticeStatus.ARCHIVED
    return status


def check_audience(audience: Audience | str, buildings: list[str] | None) -> list[str]:
    """The buildings a notice goes to: none listed for all of them, else at least one, without repeats."""
    if Audience(audience) is Audience.ALL:
        if buildings:
            raise BadField("buildings", "leave buildings out when the notice goes to all of them")
        return []
    if not buildings:
        raise BadField("buildings", "name at least one building, or choose audience all")
    return list(dict.fromkeys(buildings))


def check_ends_at(ends_at: datetime | None, now: datetime) -> None:
    if ends_at is not None and ends_at <= now:
        raise BadField("ends_at", "the end date must be in the future")


def check_edit(state: NoticeState) -> None:
    refuse_if(NoticeStatus(state.status) is not NoticeStatus.DRAFT, "not_a_draft",
              "Only a draft can be edited; a refused notice is a draft again.")


def check_submit(state: NoticeState) -> None:
    refuse_if(NoticeStatus(state.status) is not NoticeStatus.DRAFT, "not_a_draft", "Only a draft can be submitted.")


def check_decision(state: NoticeState, decider: str) -> None:
    """The project manager approves or refuses a submitted notice, never their own: a second pair of eyes is the
    point of the approval (seed 000: notices go out under the management office's name)."""
    refuse_if(NoticeStatus(state.status) is not NoticeStatus.SUBMITTED, "not_submitted",
              "Only a submitted notice can be approved or refused.")
    refuse_if(state.author == decider, "own_notice", "The author of a notice cannot approve or refuse it.")


def check_publish(state: NoticeState, now: datetime) -> None:
    refuse_if(NoticeStatus(state.status) is not NoticeStatus.APPROVED, "not_approved",
              "Only an approved notice can be published.")
    refuse_if(state.ends_at is not None and state.ends_at <= now, "notice_ended",
              "The notice's end date has passed; edit it as a new draft.")


def check_archive(state: NoticeState, now: datetime) -> None:
    shown = shown_status(state, now)
    refuse_if(shown is NoticeStatus.ARCHIVED, "already_archived", "The notice is already archived.")
    refuse_if(shown is not NoticeStatus.PUBLISHED, "not_published", "Only a published notice is archived.")


COUNTS = ("households", "queued", "sent", "delivered", "failed", "suppressed", "read")


def newer_progress(current_seq: int | None, incoming_seq: int) -> bool:
    """Whether notifications' counts (numbered per notice as it publishes them) are newer than those shown: a late
    or redelivered event must not roll the counts back."""
    return current_seq is None or incoming_seq > current_seq
