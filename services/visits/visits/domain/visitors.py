"""The visitor register 访客单 (VS-1): who may come in, and the check-in/check-out rules.

Order of precedence at the desk: the watch list beats everything (a pre-registration or a
host's consent never lets a listed person in); then a valid pre-registration; otherwise
the desk calls the host and records consent given or refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import require, require_text
from .id_documents import ProtectedDocument, fingerprint, mask_id_document, normalise_document_number
from .timekeeping import ensure_aware

__all__ = [
    "CONSENT_VALID_FOR", "Decision", "HostConsent", "PreRegistration", "VisitorAtDesk",
    "WatchListEntry", "check_in_decision", "fingerprint", "mask_id_document",
    "normalise_document_number", "ProtectedDocument",
]

#: A host's answer on the phone covers this visit, not the rest of the day.
CONSENT_VALID_FOR = timedelta(minutes=30)


@dataclass(frozen=True)
class VisitorAtDesk:
    """The person at the desk, as the decision needs them (no full document number)."""

    name: str
    document_fingerprint: str
    unit_id: str
    purpose: str = ""


@dataclass(frozen=True)
class WatchListEntry:
    """A blocked document, by fingerprint; ``reason`` is what the desk is told."""

    document_fingerprint: str
    reason: str
    active_from: datetime | None = None
    active_until: datetime | None = None

    def __post_init__(self) -> None:
        require_text(self.document_fingerprint, "document_fingerprint")
        for name in ("active_from", "active_until"):
            if getattr(self, name) is not None:
                ensure_aware(getattr(self, name), name)

    def is_active(self, now: datetime) -> bool:
        starts, ends = self.active_from, self.active_until
        return (starts is None or starts <= now) and (ends is None or now < ends)


@dataclass(frozen=True)
class PreRegistration:
    """A resident's guest registration 访客预约, for one unit and a time window.

    Without a ``document_fingerprint`` any visitor naming the unit inside the window may
    use it (residents often do not know a guest's ID number); with one, only that document.
    A long window suits household staff (外聘家政人员备案).
    """

    unit_id: str
    valid_from: datetime
    valid_until: datetime
    guest_name: str = ""
    document_fingerprint: str | None = None
    cancelled: bool = False

    def __post_init__(self) -> None:
        ensure_aware(self.valid_from, "valid_from")
        ensure_aware(self.valid_until, "valid_until")
        ordered = self.valid_from < self.valid_until
        require(ordered, "invalid_window", "valid_until must be after valid_from", "valid_until")


@dataclass(frozen=True)
class HostConsent:
    """The host's answer when the desk called: ``given`` True (let in) or False (refused)."""

    unit_id: str
    given: bool
    recorded_at: datetime
    recorded_by: str = ""

    def __post_init__(self) -> None:
        ensure_aware(self.recorded_at, "recorded_at")


@dataclass(frozen=True)
class Decision:
    """What the desk may do; ``reason_code`` is stable, ``reason_text`` is for the guard."""

    allowed: bool
    reason_code: str
    reason_text: str
    requires_host_call: bool = False


def check_in_decision(
    visitor: VisitorAtDesk,
    watch_list_entries: list[WatchListEntry] | tuple[WatchListEntry, ...],
    pre_registration: PreRegistration | None,
    host_consent: HostConsent | None,
    now: datetime,
) -> Decision:
    """Decide whether ``visitor`` may enter now. Pure: records nothing, raises only on naive ``now``."""
    ensure_aware(now, "now")
    for entry in watch_list_entries:
        if entry.document_fingerprint == visitor.document_fingerprint and entry.is_active(now):
            return Decision(False, "watch_listed", entry.reason)
    problem = _pre_registration_problem(visitor, pre_registration, now)
    if problem is None:
        return Decision(True, "pre_registered", "Pre-registered by the resident.")
    if host_consent is not None and _consent_applies(host_consent, visitor, now):
        if host_consent.given:
            return Decision(True, "host_consented", "The host agreed on the phone.")
        return Decision(False, "host_refused", "The host declined the visit.")
    code, text = problem
    return Decision(False, code, text, requires_host_call=True)


def _pre_registration_problem(
    visitor: VisitorAtDesk, pre: PreRegistration | None, now: datetime
) -> tuple[str, str] | None:
    if pre is None:
        return "host_call_required", "Not pre-registered: call the host and record the answer."
    if pre.cancelled:
        return "pre_registration_cancelled", "The pre-registration was cancelled: call the host."
    if pre.unit_id != visitor.unit_id:
        return "pre_registration_other_unit", "Pre-registered for another unit: call the host."
    if pre.document_fingerprint is not None and pre.document_fingerprint != visitor.document_fingerprint:
        return "pre_registration_other_guest", "Pre-registered for another document: call the host."
    if now < pre.valid_from:
        return "pre_registration_not_yet_valid", "The pre-registration has not started: call the host."
    if now >= pre.valid_until:
        return "pre_registration_expired", "The pre-registration has expired: call the host."
    return None


def _consent_applies(consent: HostConsent, visitor: VisitorAtDesk, now: datetime) -> bool:
    fresh = timedelta(0) <= now - consent.recorded_at <= CONSENT_VALID_FOR
    return consent.unit_id == visitor.unit_id and fresh
