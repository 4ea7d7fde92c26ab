"""The return-visit survey 回访问卷 sent by message (NT-4): a signed, expiring link and the rules of its answer.

The link carries only the survey's id and its expiry, signed with HMAC-SHA256 under a server key: nothing
about the customer or the ticket is readable from it, and a changed id or expiry no longer verifies. It is
not stored anywhere, so a leaked database does not hand out working links. Pure: the caller passes the key
and the time.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

#: How long a link stays usable: long enough for a customer who reads messages at the weekend, short
#: enough that a forwarded old message no longer speaks for the customer.
SURVEY_VALIDITY = timedelta(days=7)
RATINGS = range(1, 6)
MAX_COMMENT = 500
YES_NO = {"yes": True, "no": False}


class LinkState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    TAMPERED = "tampered"   # not made by us: bad signature, wrong key, not a token at all


@dataclass(frozen=True)
class LinkCheck:
    state: LinkState
    survey_id: str | None = None        # known (signed) for valid and expired links only
    expires_at: datetime | None = None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()


def survey_expiry(scheduled_at: datetime, validity: timedelta = SURVEY_VALIDITY) -> datetime:
    """When the link of a survey sent at ``scheduled_at`` stops working, to the second (the link holds seconds)."""
    return (scheduled_at + validity).astimezone(UTC).replace(microsecond=0)


def sign_link(survey_id: str, expires_at: datetime, key: bytes) -> str:
    """The token of the survey's link: base64url(id|expiry) . base64url(HMAC-SHA256)."""
    if not survey_id or "|" in survey_id:
        raise ValueError("a survey id is non-empty and has no '|'")
    payload = f"{survey_id}|{int(expires_at.timestamp())}".encode()
    return f"{_b64(payload)}.{_b64(_mac(key, payload))}"


def verify_link(token: str, key: bytes, now: datetime) -> LinkCheck:
    """Whether ``token`` is one of ours and still usable at ``now``; never raises on a bad token."""
    try:
        encoded, signature = token.split(".")
        payload = _unb64(encoded)
    except (ValueError, binascii.Error):
        return LinkCheck(LinkState.TAMPERED)
    # Compared as text, in the one encoding we sign with: base64 lets the last character of a 32-byte MAC
    # carry two unused bits, so a decoder accepts four spellings of one signature, and a link with its last
    # character changed must still be a forgery. compare_digest: the time taken must not tell an attacker
    # how much of a forged signature was right.
    if _b64(payload) != encoded or not hmac.compare_digest(signature.encode(), _b64(_mac(key, payload)).encode()):
        return LinkCheck(LinkState.TAMPERED)
    survey_id, _, seconds = payload.decode("utf-8", "replace").partition("|")
    try:
        expires_at = datetime.fromtimestamp(int(seconds), UTC)
    except (ValueError, OverflowError, OSError):  # only a token signed under a leaked key could get here
        return LinkCheck(LinkState.TAMPERED)
    state = LinkState.VALID if now < expires_at else LinkState.EXPIRED
    return LinkCheck(state, survey_id, expires_at)


class SurveyStatus(StrEnum):
    OPEN = "open"           # sent, waiting for the customer
    ANSWERED = "answered"   # the customer answered through the link
    CLOSED = "closed"       # the return visit was done another way (a clerk called): the link has nothing to ask
    EXPIRED = "expired"     # open past its expiry; derived at read time, so no job has to stamp it


def status_at(stored: str, expires_at: datetime, now: datetime) -> SurveyStatus:
    """The survey's status as people see it at ``now``."""
    status = SurveyStatus(stored)
    if status is SurveyStatus.OPEN and now >= expires_at:
        return SurveyStatus.EXPIRED
    return status


class SurveyUnavailable(Exception):
    """The survey cannot take an answer any more; ``status`` says why (answered, closed, expired)."""

    def __init__(self, status: SurveyStatus):
        super().__init__(f"the survey is {status}")
        self.status = status


def require_open(stored: str, expires_at: datetime, now: datetime) -> None:
    """A survey answers once, and only while open and unexpired."""
    status = status_at(stored, expires_at, now)
    if status is not SurveyStatus.OPEN:
        raise SurveyUnavailable(status)


@dataclass(frozen=True)
class SurveyAnswer:
    satisfaction: int          # 1 very unhappy .. 5 very satisfied, as the return visit by phone records it
    problem_came_back: bool
    comment: str = ""


class AnswerInvalid(ValueError):
    """Input the customer must correct; ``errors`` maps each field to what is wrong with it (in Chinese)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(sorted(errors)))
        self.errors = errors


def read_answer(form: Mapping[str, str]) -> SurveyAnswer:
    """The customer's answer from the submitted form, or AnswerInvalid naming every field at fault."""
    errors: dict[str, str] = {}
    rating = (form.get("rating") or "").strip()
    if not (rating.isascii() and rating.isdigit() and int(rating) in RATINGS):
        errors["rating"] = "请选择 1 到 5 星的满意度"
    came_back = (form.get("problem_came_back") or "").strip().lower()
    if came_back not in YES_NO:
        errors["problem_came_back"] = "请选择问题是否再次出现"
    comment = (form.get("comment") or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = f"意见请不超过 {MAX_COMMENT} 字"
    if errors:
        raise AnswerInvalid(errors)
    return SurveyAnswer(int(rating), YES_NO[came_back], comment)
