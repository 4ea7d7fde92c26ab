"""Document numbers (BL-5): gap-free per project, document type and year.

A number reads ``SLIP-2026-000123``. The counter scope is (project, type, year), so the
sequence restarts at 1 each year and no counter is shared across projects. Issuing the
next number atomically is the store's job; this module defines the format, the counter
scope and the record kept when a number is cancelled (作废): it stays on file, never reused.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .errors import BillingError, require_text


class DocumentType(StrEnum):
    SLIP = "slip"  # 维修单 / 收费单据: the numbered stub of the three-part slip
    RECEIPT = "receipt"  # 收据
    INVOICE = "invoice"  # 发票
    CREDIT_NOTE = "credit_note"  # 红字/冲减凭证: lowers what is owed
    REFUND_NOTE = "refund_note"  # 退款单: money paid back


PREFIXES: dict[DocumentType, str] = {
    DocumentType.SLIP: "SLIP",
    DocumentType.RECEIPT: "RCPT",
    DocumentType.INVOICE: "INV",
    DocumentType.CREDIT_NOTE: "CN",
    DocumentType.REFUND_NOTE: "RFN",
}
_BY_PREFIX = {prefix: doc_type for doc_type, prefix in PREFIXES.items()}
_NUMBER = re.compile(r"([A-Z]+)-([0-9]{4})-([0-9]{6,})", re.ASCII)
SEQUENCE_DIGITS = 6


@dataclass(frozen=True, order=True)
class DocumentNumber:
    doc_type: DocumentType
    year: int
    sequence: int

    def __post_init__(self) -> None:
        if not isinstance(self.doc_type, DocumentType):
            raise BillingError("unknown_document_type", str(self.doc_type), "doc_type")
        if type(self.year) is not int or not 2000 <= self.year <= 9999:
            raise BillingError("invalid_year", str(self.year), "year")
        if type(self.sequence) is not int or self.sequence < 1:
            raise BillingError("invalid_sequence", "sequences start at 1", "sequence")

    def __str__(self) -> str:
        return f"{PREFIXES[self.doc_type]}-{self.year}-{self.sequence:0{SEQUENCE_DIGITS}d}"


def format_document_number(doc_type: DocumentType | str, year: int, sequence: int) -> str:
    """``format_document_number('slip', 2026, 123) == 'SLIP-2026-000123'``."""
    try:
        kind = DocumentType(doc_type)
    except ValueError:
        raise BillingError("unknown_document_type", str(doc_type), "doc_type") from None
    return str(DocumentNumber(kind, year, sequence))


def parse_document_number(text: str) -> DocumentNumber:
    match = _NUMBER.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or match.group(1) not in _BY_PREFIX:
        raise BillingError("invalid_document_number", repr(text), "number")
    prefix, year, sequence = match.groups()
    return DocumentNumber(_BY_PREFIX[prefix], int(year), int(sequence))


def sequence_scope(project_id: str, doc_type: DocumentType, year: int) -> tuple[str, str, int]:
    """The key of the counter a number is drawn from: one per project, type and year."""
    return (require_text(project_id, "project_id"), DocumentType(doc_type).value, year)


@dataclass(frozen=True)
class CancelledNumber:
    """A number voided after issue (作废); it keeps its place in the sequence."""

    number: DocumentNumber
    reason: str
    cancelled_by: str
    cancelled_at: datetime
    replaced_by: DocumentNumber | None = None

    def __post_init__(self) -> None:
        require_text(self.reason, "reason")
        require_text(self.cancelled_by, "cancelled_by")
        if self.cancelled_at.tzinfo is None:
            raise BillingError("naive_datetime", "cancelled_at needs a time zone", "cancelled_at")
        if self.replaced_by is not None and self.replaced_by.doc_type is not self.number.doc_type:
            raise BillingError("replacement_of_other_type", str(self.replaced_by), "replaced_by")


def missing_sequences(used: Iterable[int]) -> list[int]:
    """Sequences absent between 1 and the highest used (issued or cancelled): must be []."""
    seen = set(used)
    return [n for n in range(1, max(seen, default=0) + 1) if n not in seen]
