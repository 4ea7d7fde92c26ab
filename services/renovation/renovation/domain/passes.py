"""Worker passes 装修出入证 (seed 000: "装修出入证"的办理 包括收费、登记、填写、备注、结算): one per worker of a permitted
renovation, with the worker's ID number only masked, valid within the permit's dates and working hours; handed back
at the end and counted.

The gate asks "may this pass enter now?": the answer is one word (valid, expired, not_yet_valid, outside_hours,
returned, revoked) from the pass and the project's local date and time, so a guard reads it at a glance.
"""
from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from kefulib.domain_errors import BadField, refuse_if

from .applications import minutes

_ID = re.compile(r"^[0-9A-Za-z]{6,30}$")


class PassStatus(StrEnum):
    ACTIVE = "active"
    RETURNED = "returned"   # handed back (at the end, or when the worker leaves the crew)
    REVOKED = "revoked"     # taken away (a violation, a lost pass)


class GateAnswer(StrEnum):
    VALID = "valid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    OUTSIDE_HOURS = "outside_hours"
    RETURNED = "returned"
    REVOKED = "revoked"


def mask_id_number(id_number: str) -> str:
    """Only the last four characters kept (110101199001011234 → **************1234); the full number is never stored."""
    value = (id_number or "").strip()
    if not _ID.match(value):
        raise BadField("worker.id_number", "6-30 letters or digits")
    return "*" * (len(value) - 4) + value[-4:]


def check_validity(valid_from: date, valid_until: date, permit_from: date, permit_until: date) -> None:
    """A pass is valid within the permit's dates, never beyond them."""
    if valid_from < permit_from:
        raise BadField("valid_from", f"not before the permit's start {permit_from.isoformat()}")
    if valid_until > permit_until:
        raise BadField("valid_until", f"not after the permit's end {permit_until.isoformat()}")
    if valid_until < valid_from:
        raise BadField("valid_until", "not before valid_from")


def check_issue(status: str, issued: int, paid_for: int) -> None:
    """Passes only for a permitted renovation, and no more than the workers whose pass fee was paid."""
    refuse_if(status != "permitted", "not_permitted", "Passes are issued once the permit is, for the permit's work.",
              current_status=status)
    refuse_if(issued >= paid_for, "passes_beyond_paid",
              f"The pass fees were paid for {paid_for} workers; all their passes are issued.", paid_for=paid_for)


def check_return(status: str) -> None:
    refuse_if(status == PassStatus.RETURNED, "already_returned", "The pass was already handed back.")


def check_revoke(status: str, reason: str) -> str:
    """A pass out with a worker can be taken away, always with the reason (a violation, a lost pass); one handed back
    or already revoked cannot."""
    refuse_if(status == PassStatus.RETURNED, "already_returned", "The pass was already handed back.")
    refuse_if(status == PassStatus.REVOKED, "already_revoked", "The pass was already revoked.")
    reason = (reason or "").strip()
    if not reason:
        raise BadField("reason", "say why the pass is revoked")
    return reason


def entry_allowed(answer: str) -> bool:
    """Whether the gate lets the holder in on this answer (the log keeps both the answer and this)."""
    return answer == GateAnswer.VALID


def pass_number(permit_label: str, sequence: int) -> str:
    """The pass's printed number: its permit's, then the worker's sequence within it (W01, W02, …)."""
    return f"{permit_label}-W{sequence:02d}"


def gate_answer(status: str, valid_from: date, valid_until: date, hours: dict, day: date, at_minutes: int) -> str:
    """May the pass's holder enter at `day`, `at_minutes` after local midnight?"""
    if status == PassStatus.REVOKED:
        return GateAnswer.REVOKED
    if status == PassStatus.RETURNED:
        return GateAnswer.RETURNED
    if day < valid_from:
        return GateAnswer.NOT_YET_VALID
    if day > valid_until:
        return GateAnswer.EXPIRED
    if not minutes(hours["start"], "start") <= at_minutes < minutes(hours["end"], "end"):
        return GateAnswer.OUTSIDE_HOURS
    return GateAnswer.VALID
