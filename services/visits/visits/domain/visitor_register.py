"""Register entries 访客单 (VS-1) and the only fields a visitor view may show (VS-2).

The desk never discloses a resident's phone number or address (VS-2, ID-8): it connects
the call or takes a message. The API dumps visitor records through ``visitor_view`` so a
field added to the stored document later cannot leak by accident.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from .errors import refuse_unless, require, require_text
from .id_documents import ProtectedDocument
from .timekeeping import ensure_aware
from .visitors import Decision

#: Every field a visitor record may carry outward. ``unit_id`` is the unit the visitor
#: named at the desk, not the resident's address; no phone, address or fingerprint here.
VISITOR_VIEW_FIELDS: tuple[str, ...] = (
    "id", "visitor_name", "document_type", "document_masked", "unit_id", "purpose",
    "badge_number", "checked_in_at", "checked_out_at", "admitted_by", "reason_code",
)
#: Words that must never appear in a visitor view's field names (checked by the tests).
FORBIDDEN_FIELD_WORDS = ("phone", "mobile", "tel", "address", "addr", "fingerprint", "document_number")


@dataclass(frozen=True)
class VisitorEntry:
    """One line of the visitor register; ``reason_code`` records why the visitor was let in."""

    visitor_name: str
    document: ProtectedDocument
    unit_id: str
    purpose: str
    checked_in_at: datetime
    reason_code: str
    badge_number: str | None = None
    checked_out_at: datetime | None = None

    @property
    def on_site(self) -> bool:
        return self.checked_out_at is None


def register_check_in(
    visitor_name: str,
    document: ProtectedDocument,
    unit_id: str,
    purpose: str,
    decision: Decision,
    at: datetime,
    badge_number: str | None = None,
) -> VisitorEntry:
    """A new register entry; raises RuleRefused ``entry_refused`` unless ``decision.allowed``."""
    refuse_unless(decision.allowed, "entry_refused", decision.reason_text or "entry not allowed", "decision")
    return VisitorEntry(
        visitor_name=require_text(visitor_name, "visitor_name"),
        document=document,
        unit_id=require_text(unit_id, "unit_id"),
        purpose=(purpose or "").strip(),
        checked_in_at=ensure_aware(at, "checked_in_at"),
        reason_code=decision.reason_code,
        badge_number=badge_number,
    )


def check_out(entry: VisitorEntry, at: datetime) -> VisitorEntry:
    """The entry checked out at ``at``.

    Raises RuleRefused ``already_checked_out`` on a second check-out and InvalidInput
    ``check_out_before_check_in`` when ``at`` precedes the check-in.
    """
    ensure_aware(at, "checked_out_at")
    refuse_unless(entry.checked_out_at is None, "already_checked_out", "visitor already checked out", "checked_out_at")
    require(
        at >= entry.checked_in_at,
        "check_out_before_check_in",
        "check-out time is before check-in",
        "checked_out_at",
    )
    return replace(entry, checked_out_at=at)


def visitor_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """Only the ``VISITOR_VIEW_FIELDS`` of ``record``; everything else is dropped."""
    return {name: record[name] for name in VISITOR_VIEW_FIELDS if name in record}


def entry_to_view(entry: VisitorEntry, entry_id: str | None = None, admitted_by: str | None = None) -> dict[str, Any]:
    """The outward view of a register entry."""
    return visitor_view(
        {
            "id": entry_id,
            "visitor_name": entry.visitor_name,
            "document_type": entry.document.doc_type,
            "document_masked": entry.document.masked_number,
            "unit_id": entry.unit_id,
            "purpose": entry.purpose,
            "badge_number": entry.badge_number,
            "checked_in_at": entry.checked_in_at,
            "checked_out_at": entry.checked_out_at,
            "admitted_by": admitted_by,
            "reason_code": entry.reason_code,
        }
    )
