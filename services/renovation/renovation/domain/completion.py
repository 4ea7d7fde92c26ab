"""Completion 竣工: the owner's completion application, the acceptance inspection, and the deposit 装修押金 refunded
minus deductions for violations left unrectified, each deduction with its reason. Every pass must be back (returned,
or revoked and so no longer out) before the acceptance.
"""
from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from kefulib.domain_errors import BadField, refuse_if

from .applications import ENGINEERING_ROLES, MANAGER_ROLES
from .fees import Fee

INSPECTORS = ENGINEERING_ROLES | MANAGER_ROLES


class CompletionStatus(StrEnum):
    REQUESTED = "requested"   # the owner applied: waiting for the acceptance inspection
    ACCEPTED = "accepted"     # inspected and accepted: the deposit's refund asked of billing
    REFUSED = "refused"       # not accepted, with the reason: the owner may apply again


def deposit_fen(fee_lines: Iterable[dict]) -> int:
    return sum(line["quantity"] * line["unit_price_fen"] for line in fee_lines if line.get("fee") == Fee.DEPOSIT)


def check_request(status: str, completion: dict | None) -> None:
    refuse_if(status != "permitted", "not_permitted", "Completion is applied for by a renovation under way.",
              current_status=status)
    refuse_if(bool(completion) and completion["status"] == CompletionStatus.REQUESTED, "already_requested",
              "The completion was already applied for and waits for its inspection.")


def check_inspection(completion: dict | None, roles: set[str], passes_out: int) -> None:
    refuse_if(not INSPECTORS & roles, "role_not_allowed", "The acceptance is inspected by engineering or the manager.")
    refuse_if(not completion or completion["status"] != CompletionStatus.REQUESTED, "completion_not_requested",
              "The owner has not applied for completion (or it was already decided).")
    refuse_if(passes_out > 0, "passes_not_returned", f"{passes_out} worker passes are still out: collect them first.",
              passes_out=passes_out)


def deductions(asked: list[dict], violations: dict[str, dict], deposit: int) -> tuple[list[dict], int]:
    """Each deduction names an unrectified violation of the renovation once, with its amount and reason; together at
    most the deposit. Returns the deductions as kept (with the notice's number) and what is refunded."""
    kept, seen = [], set()
    for n, item in enumerate(asked):
        violation = violations.get(item["violation_id"])
        if violation is None or violation["status"] == "rectified" or item["violation_id"] in seen:
            raise BadField(f"deductions.{n}.violation_id", "an unrectified violation of this renovation, once")
        reason = (item.get("reason") or "").strip()
        if not reason:
            raise BadField(f"deductions.{n}.reason", "say why it is deducted")
        seen.add(item["violation_id"])
        kept.append({"violation_id": item["violation_id"], "notice_number": violation["notice"]["number"],
                     "amount_fen": item["amount_fen"], "reason": reason})
    total = sum(d["amount_fen"] for d in kept)
    if total > deposit:
        raise BadField("deductions", f"together at most the deposit ({deposit} fen)")
    return kept, deposit - total
