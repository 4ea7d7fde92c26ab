"""The one access policy for confidential archives (ID-7, ID-8). Pure: no I/O, no clock.

The written rules, which the tables below encode and the matrix test re-states:
1. Archive keepers (CS assistant, administrator, supervisor; project manager) read every
   kind directly for customer service, repair dispatch and quality checks.
2. Security reads its contact list (住户联系清单) directly for that purpose.
3. Everyone else, and keepers for any other purpose, needs a BorrowingApproval in force,
   signed by the project manager, naming them, the kind, the purpose and the fields.
4. Export, print and copy need an ExportApproval, for keepers too.
5. Outside parties (integration clients, owners/residents) and legal requests also need
   proof of authority attached to the approval.
6. Security never receives a phone number or an address, whatever the approval says.
7. ID numbers are masked on the contact list always, and for non-keepers unless the
   purpose is a legal request. The HQ auditor reads the access log, not the archives.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from identity.domain.approvals import Approval, ApprovalRequest, best_approval
from identity.domain.dates import require_aware
from identity.domain.records import (
    ADDRESS_FIELDS,
    ID_NUMBER_FIELDS,
    OUTSIDE_PURPOSES,
    PHONE_FIELDS,
    REPRODUCTION_PURPOSES,
    Purpose,
    RecordKind,
    parse_fields,
    parse_kind,
    parse_purpose,
)
from identity.domain.roles import CS_STAFF, HQ_ROLES, OUTSIDE_ROLES, Role, parse_role


class Requirement(StrEnum):
    """What a caller needs before one field is shown."""

    NONE = "none"
    BORROWING_APPROVAL = "borrowing_approval"
    EXPORT_APPROVAL = "export_approval"
    NEVER = "never"


KEEPERS = CS_STAFF | {Role.PROJECT_MANAGER}
KEEPER_PURPOSES = frozenset({Purpose.CUSTOMER_SERVICE, Purpose.REPAIR_DISPATCH, Purpose.QUALITY_CHECK})
# (roles, kinds, purposes) read without any approval; every field of the kind.
DIRECT_GRANTS: tuple[tuple[frozenset[Role], frozenset[RecordKind], frozenset[Purpose]], ...] = (
    (KEEPERS, frozenset(RecordKind), KEEPER_PURPOSES),
    (frozenset({Role.SECURITY}), frozenset({RecordKind.CONTACT_LIST}), frozenset({Purpose.SECURITY_CONTACT_LIST})),
)
NEVER_SHOWN: dict[Role, frozenset[str]] = {Role.SECURITY: PHONE_FIELDS | ADDRESS_FIELDS}
ALWAYS_MASKED: dict[RecordKind, frozenset[str]] = {RecordKind.CONTACT_LIST: frozenset({"id_number"})}
ACCESS_LOG_READERS = HQ_ROLES | {Role.PROJECT_MANAGER}


def requirement(role: Role, kind: RecordKind, field: str, purpose: Purpose) -> Requirement:
    """What `role` needs to see `field` of `kind` for `purpose`."""
    if field in NEVER_SHOWN.get(role, frozenset()):
        return Requirement.NEVER
    if purpose in REPRODUCTION_PURPOSES:
        return Requirement.EXPORT_APPROVAL
    if any(role in r and kind in k and purpose in p for r, k, p in DIRECT_GRANTS):
        return Requirement.NONE
    return Requirement.BORROWING_APPROVAL


def never_usable(roles: Iterable[Role | str], fields: Iterable[str]) -> frozenset[str]:
    """The fields no approval could ever show a requester holding `roles` (rule 6), so that a borrowing
    request for them is refused when it is made: nothing may be approved that cannot be used. A read uses
    the caller's most disclosing role, so a field is unusable only when every role is denied it."""
    parsed = [parse_role(r) for r in roles]
    if not parsed:
        return frozenset()
    denied = frozenset.intersection(*(NEVER_SHOWN.get(role, frozenset()) for role in parsed))
    return denied & frozenset(fields)


def needs_proof_of_authority(role: Role, purpose: Purpose) -> bool:
    """Outside parties, and any request made on an outside party's behalf, need proof."""
    return role in OUTSIDE_ROLES or purpose in OUTSIDE_PURPOSES


def is_masked(role: Role, kind: RecordKind, field: str, purpose: Purpose) -> bool:
    """True when a field the caller may see is shown masked rather than in full."""
    if field in ALWAYS_MASKED.get(kind, frozenset()):
        return True
    return field in ID_NUMBER_FIELDS and role not in KEEPERS and purpose not in OUTSIDE_PURPOSES


def can_read_access_log(role: Role | str) -> bool:
    """The access log (who read what) is for HQ, the auditor among them, and the manager."""
    return parse_role(role) in ACCESS_LOG_READERS


@dataclass(frozen=True)
class AccessDecision:
    """The answer for one read: requested fields split into visible, masked and hidden."""

    allowed: bool
    visible_fields: frozenset[str]
    masked_fields: frozenset[str]
    hidden_fields: frozenset[str]
    approval_id_used: str | None
    reason: str

    @property
    def disclosed_fields(self) -> frozenset[str]:
        """Fields the caller receives in any form; these go into the access log."""
        return self.visible_fields | self.masked_fields


def _why_not(role: Role, purpose: Purpose, unmet: set[Requirement]) -> str:
    parts = []
    if Requirement.EXPORT_APPROVAL in unmet:
        parts.append(f"{purpose.value} needs the project manager's export approval in force")
    if Requirement.BORROWING_APPROVAL in unmet:
        parts.append(f"{role.value} needs a borrowing approval in force for {purpose.value}")
    if parts and needs_proof_of_authority(role, purpose):
        parts.append("with proof of authority attached")
    if Requirement.NEVER in unmet:
        parts.append("security never receives phone numbers or addresses")
    return "; ".join(parts)


def _reason(role: Role, purpose: Purpose, unmet: set[Requirement], approval: Approval | None, granted: bool) -> str:
    if not granted:
        return "refused: " + _why_not(role, purpose, unmet)
    how = f"allowed: approval {approval.approval_id}" if approval else "allowed: direct read for this role and purpose"
    return how + (f"; other fields hidden: {_why_not(role, purpose, unmet)}" if unmet else "")


def decide(
    role: Role | str,
    record_kind: RecordKind | str,
    requested_fields: Iterable[str],
    purpose: Purpose | str,
    approvals: Iterable[Approval] = (),
    now: datetime | None = None,
    *,
    actor: str | None = None,
    record_id: str | None = None,
) -> AccessDecision:
    """Decide one read of an archive record. Raises InvalidInput for unknown kinds/fields/purposes.

    `actor` is the caller's person id; an approval is only used by the person it names, so
    without `actor` no approval applies. `now` is required whenever approvals are given.
    """
    role, kind, purpose = parse_role(role), parse_kind(record_kind), parse_purpose(purpose)
    requested = parse_fields(kind, requested_fields)
    needs = {f: requirement(role, kind, f, purpose) for f in requested}
    direct = frozenset(f for f, need in needs.items() if need is Requirement.NONE)
    wanted = frozenset(f for f, need in needs.items() if need not in (Requirement.NONE, Requirement.NEVER))
    approvals = tuple(approvals)
    if approvals:
        require_aware("now", now)
    request = ApprovalRequest(actor, kind, purpose, record_id, needs_proof_of_authority(role, purpose))
    approval, covered = best_approval(approvals, request, wanted, now)
    granted = direct | covered
    masked = frozenset(f for f in granted if is_masked(role, kind, f, purpose))
    unmet = {needs[f] for f in requested - granted}
    return AccessDecision(
        allowed=bool(granted),
        visible_fields=granted - masked,
        masked_fields=masked,
        hidden_fields=requested - granted,
        approval_id_used=approval.approval_id if approval else None,
        reason=_reason(role, purpose, unmet, approval, bool(granted)),
    )
