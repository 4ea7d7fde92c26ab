"""Statements and revenue (BL-8): the semantics the store's aggregations must reproduce.

* A unit's account: a charge and a refund raise what the unit owes; a payment and a
  credit note lower it. A positive balance is owed by the unit, a negative one is credit.
* Monthly revenue per project is accrual-based: charges less credit notes, each in the
  month it was posted; closed months never change, so a later credit note counts in its
  own month. Cash collected (payments less refunds) is reported beside it. Commission
  prepayments are the owner's money held for a supplier and never appear here.
* HQ consolidation is a plain sum per month across projects, which never bill each
  other; each project's row stays visible for drill-down. A project without entries in a
  month has no row (absent means zero).

In MongoDB: ``$match`` {tenant_id, posted_on range} → ``$group`` by month with ``$sum`` of
``$cond`` on kind; the functions here are the reference the integration tests compare to.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .errors import BillingError, require_text
from .money import require_fen


class EntryKind(StrEnum):
    CHARGE = "charge"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"
    REFUND = "refund"


_SIGN = {EntryKind.CHARGE: 1, EntryKind.REFUND: 1, EntryKind.PAYMENT: -1, EntryKind.CREDIT_NOTE: -1}
_SAME_DAY_ORDER = {EntryKind.CHARGE: 0, EntryKind.CREDIT_NOTE: 1, EntryKind.PAYMENT: 2, EntryKind.REFUND: 3}


@dataclass(frozen=True)
class AccountEntry:
    """One posted document on a unit's account; amounts are magnitudes, `kind` gives the sign."""

    project_id: str
    unit_id: str
    posted_on: date  # the project's local date (Asia/Shanghai), decided by the service
    document_number: str
    kind: EntryKind
    amount_fen: int  # 0 allowed: a waived warranty rework still appears on the statement
    description: str = ""

    def __post_init__(self) -> None:
        require_text(self.project_id, "project_id")
        require_text(self.unit_id, "unit_id")
        require_text(self.document_number, "document_number")
        require_fen(self.amount_fen, "amount_fen")

    @property
    def signed_fen(self) -> int:
        return _SIGN[self.kind] * self.amount_fen


@dataclass(frozen=True)
class StatementLine:
    posted_on: date
    document_number: str
    kind: EntryKind
    description: str
    debit_fen: int  # raises what the unit owes
    credit_fen: int  # lowers it
    balance_fen: int  # running balance after this line


@dataclass(frozen=True)
class UnitStatement:
    project_id: str
    unit_id: str
    period_start: date
    period_end: date  # inclusive
    opening_balance_fen: int
    lines: tuple[StatementLine, ...]

    @property
    def closing_balance_fen(self) -> int:
        return self.lines[-1].balance_fen if self.lines else self.opening_balance_fen


def unit_statement(
    entries: Iterable[AccountEntry], project_id: str, unit_id: str, start: date, end: date
) -> UnitStatement:
    """The statement of one unit for ``start..end`` inclusive, with a running balance."""
    if end < start:
        raise BillingError("invalid_period", f"{start} is after {end}", "end")
    mine = [e for e in entries if e.project_id == project_id and e.unit_id == unit_id]
    balance = sum(e.signed_fen for e in mine if e.posted_on < start)
    opening, lines = balance, []
    in_period = sorted((e for e in mine if start <= e.posted_on <= end), key=_statement_order)
    for entry in in_period:
        balance += entry.signed_fen
        debit, credit = (entry.amount_fen, 0) if entry.signed_fen >= 0 else (0, entry.amount_fen)
        lines.append(
            StatementLine(entry.posted_on, entry.document_number, entry.kind,
                          entry.description, debit, credit, balance)
        )
    return UnitStatement(project_id, unit_id, start, end, opening, tuple(lines))


def _statement_order(entry: AccountEntry) -> tuple[date, int, str]:
    return (entry.posted_on, _SAME_DAY_ORDER[entry.kind], entry.document_number)
