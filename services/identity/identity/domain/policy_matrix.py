"""The access policy laid out as a table: every role × record kind × field × purpose.

Printed for the data-protection officer's review and walked by the matrix test; the
answers come from policy.py, so the table can never drift from what decide() does.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from identity.domain.policy import Requirement, is_masked, needs_proof_of_authority, requirement
from identity.domain.records import RECORD_FIELDS, Purpose, RecordKind
from identity.domain.roles import Role


@dataclass(frozen=True)
class MatrixCell:
    """One printable cell of the policy: role × kind × field × purpose."""

    role: Role
    record_kind: RecordKind
    field: str
    purpose: Purpose
    requirement: Requirement
    proof_of_authority_needed: bool
    shown_masked: bool


def access_matrix() -> Iterator[MatrixCell]:
    """Every cell of the policy, for printing, review by the DPO and table-driven tests."""
    for role in Role:
        for kind, fields in RECORD_FIELDS.items():
            for field in fields:
                for purpose in Purpose:
                    need = requirement(role, kind, field, purpose)
                    yield MatrixCell(
                        role,
                        kind,
                        field,
                        purpose,
                        need,
                        need is not Requirement.NONE and needs_proof_of_authority(role, purpose),
                        need is not Requirement.NEVER and is_masked(role, kind, field, purpose),
                    )


def format_matrix(cells: Iterable[MatrixCell] | None = None) -> str:
    """The matrix as tab-separated text with a header row."""
    rows = ["role\trecord_kind\tfield\tpurpose\trequirement\tproof_of_authority\tmasked"]
    for c in access_matrix() if cells is None else cells:
        rows.append(
            f"{c.role}\t{c.record_kind}\t{c.field}\t{c.purpose}\t{c.requirement}\t"
            f"{'yes' if c.proof_of_authority_needed else 'no'}\t{'yes' if c.shown_masked else 'no'}"
        )
    return "\n".join(rows)
