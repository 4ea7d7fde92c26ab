"""Written approvals that open an archive to someone who is not its keeper (ID-7).

A BorrowingApproval is the 文件借阅登记表 signed by the project manager; an ExportApproval
is the manager's written approval to export, print or copy (外借/打印/复印/拷贝).
Both are time-limited, name one requester, one purpose, one record kind and the fields.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from identity.domain.dates import require_aware
from identity.domain.errors import InvalidInput
from identity.domain.records import REPRODUCTION_PURPOSES, Purpose, RecordKind, parse_fields
from identity.domain.roles import Role

# Only the project manager (服务中心经理) signs; HQ oversight does not replace the signature.
APPROVER_ROLES = frozenset({Role.PROJECT_MANAGER})


@dataclass(frozen=True)
class _Approval:
    approval_id: str
    requester: str
    purpose: Purpose
    record_kind: RecordKind
    fields: frozenset[str]
    valid_from: datetime
    valid_until: datetime
    approved_by: str
    approved_by_role: Role
    # Reference to the attached proof of authority (有效证明), required for outside parties.
    proof_of_authority: str | None = None
    # Empty means every record of the kind in the project; a register entry usually names some.
    record_ids: frozenset[str] = field(default_factory=frozenset)
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "purpose", Purpose(self.purpose))
        object.__setattr__(self, "record_kind", RecordKind(self.record_kind))
        object.__setattr__(self, "approved_by_role", Role(self.approved_by_role))
        object.__setattr__(self, "fields", parse_fields(self.record_kind, self.fields))
        object.__setattr__(self, "record_ids", frozenset(self.record_ids))
        require_aware("valid_from", self.valid_from)
        require_aware("valid_until", self.valid_until)
        if self.revoked_at is not None:
            require_aware("revoked_at", self.revoked_at)
        if self.valid_until <= self.valid_from:
            raise InvalidInput("valid_until", "must be later than valid_from")
        if not self.requester:
            raise InvalidInput("requester", "must name the person who borrows")
        self._check_purpose()

    def _check_purpose(self) -> None:
        if self.purpose in REPRODUCTION_PURPOSES:
            raise InvalidInput("purpose", "export, print and copy need an ExportApproval")

    def in_force(self, now: datetime) -> bool:
        """True from valid_from up to, not including, valid_until, unless revoked by then."""
        require_aware("now", now)
        revoked = self.revoked_at is not None and self.revoked_at <= now
        return self.valid_from <= now < self.valid_until and not revoked

    def properly_signed(self) -> bool:
        """Signed by a project manager who is not the requester (nobody approves themself)."""
        return self.approved_by_role in APPROVER_ROLES and self.approved_by != self.requester


@dataclass(frozen=True)
class BorrowingApproval(_Approval):
    """文件借阅登记: lets another department (or an outside party) read named fields."""


@dataclass(frozen=True)
class ExportApproval(_Approval):
    """Manager's written approval to export, print or copy named fields; CS staff need it too."""

    def _check_purpose(self) -> None:
        if self.purpose not in REPRODUCTION_PURPOSES:
            raise InvalidInput("purpose", "an ExportApproval is for export, print or copy")


Approval = BorrowingApproval | ExportApproval


@dataclass(frozen=True)
class ApprovalRequest:
    """What a read asks of an approval: who, which kind, why, which record, proof or not."""

    actor: str | None
    record_kind: RecordKind
    purpose: Purpose
    record_id: str | None
    proof_needed: bool


def applies(approval: Approval, request: ApprovalRequest, now: datetime) -> bool:
    """True if the approval is in force, properly signed and made out for exactly this read."""
    right_type = isinstance(approval, ExportApproval) == (request.purpose in REPRODUCTION_PURPOSES)
    in_scope = not approval.record_ids or request.record_id in approval.record_ids
    return (
        right_type
        and in_scope
        and (bool(approval.proof_of_authority) or not request.proof_needed)
        and request.actor is not None
        and approval.requester == request.actor
        and approval.record_kind == request.record_kind
        and approval.purpose == request.purpose
        and approval.properly_signed()
        and approval.in_force(now)
    )


def best_approval(
    approvals: Iterable[Approval], request: ApprovalRequest, wanted: frozenset[str], now: datetime | None
) -> tuple[Approval | None, frozenset[str]]:
    """The approval covering most of `wanted` and the fields it covers; (None, empty) if none.

    One approval per read, so the access log can name it; ties go to the lowest id.
    """
    candidates = sorted((a for a in approvals if applies(a, request, now)), key=lambda a: a.approval_id)
    best = max(candidates, key=lambda a: len(a.fields & wanted), default=None)
    covered = best.fields & wanted if best else frozenset()
    return (best, covered) if covered else (None, frozenset())
