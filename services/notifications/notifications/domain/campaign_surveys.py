"""The satisfaction survey 顾客满意度调查 a household is sent for one of desk's campaigns: its link, its page's
categories and the rules of its one answer. Pure: the caller passes the key and the time.

The link is signed exactly like the return visit's (surveys.sign_link), under a key derived from the same secret for
this one purpose, so a return-visit token never opens a campaign survey nor the reverse, and one secret
(NOTIFICATIONS_SURVEY_KEY) still rules both.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum

from .surveys import MAX_COMMENT, RATINGS, AnswerInvalid

#: What each of desk's categories is called on the page; a category this list does not know shows its code.
CATEGORY_LABELS: dict[str, str] = {
    "customer_service": "客户服务", "maintenance": "工程维修", "cleaning": "保洁", "landscaping": "绿化",
    "security": "秩序维护/安保", "parking": "停车", "facilities": "设施设备",
}
SCORE_WORDS = {1: "很不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "很满意"}


def campaign_key(survey_key: bytes) -> bytes:
    """The key campaign links are signed under: HMAC(survey key, purpose), never the return visit's key itself."""
    return hmac.new(survey_key, b"kefu campaign survey link v1", hashlib.sha256).digest()


class CampaignSurveyStatus(StrEnum):
    OPEN = "open"            # sent, waiting for the household
    ANSWERED = "answered"    # answered through this link
    CLOSED = "closed"        # the household's paper form was entered at the desk: the link has nothing to ask
    EXPIRED = "expired"      # open past the campaign's close; derived at read time


def status_at(stored: str, closes_at: datetime, now: datetime) -> CampaignSurveyStatus:
    status = CampaignSurveyStatus(stored)
    if status is CampaignSurveyStatus.OPEN and now >= closes_at:
        return CampaignSurveyStatus.EXPIRED
    return status


def label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category)


def read_ratings(form: Mapping[str, str], categories: Sequence[str]) -> tuple[list[dict], str]:
    """Every category rated 1–5 (`rating_<category>`) and an optional comment, or AnswerInvalid naming each field."""
    errors: dict[str, str] = {}
    ratings = []
    for category in categories:
        name = f"rating_{category}"
        value = (form.get(name) or "").strip()
        if not (value.isascii() and value.isdigit() and int(value) in RATINGS):
            errors[name] = f"请为「{label(category)}」选择 1 到 5 星"
        else:
            ratings.append({"category": category, "score": int(value)})
    comment = (form.get("comment") or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = f"意见请不超过 {MAX_COMMENT} 字"
    if errors:
        raise AnswerInvalid(errors)
    return ratings, comment
