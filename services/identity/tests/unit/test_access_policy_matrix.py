"""Walk EVERY role × record kind × field × purpose and compare decide() with the written rules.

The oracle below restates ID-7/ID-8 from REQUIREMENTS.md with its own literal sets, not
with the policy module's tables, so a wrong table cannot agree with itself.
"""

from datetime import UTC, datetime, timedelta

import pytest
from identity.domain import (
    BorrowingApproval,
    ExportApproval,
    Purpose,
    RecordKind,
    Role,
    access_matrix,
    decide,
    fields_of,
    format_matrix,
)

NOW = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
ACTOR = "person-1"

KEEPERS = {"cs_assistant", "cs_administrator", "cs_supervisor", "project_manager"}
OUTSIDERS = {"integration_client", "owner_resident"}
KEEPER_PURPOSES = {"customer_service", "repair_dispatch", "quality_check"}
REPRODUCTION = {"export", "print", "copy"}
PHONE_OR_ADDRESS = {"phone", "address", "members.phone", "emergency_contact.phone", "emergency_contact.address"}
ID_NUMBERS = {"id_number", "members.id_number"}

SCENARIOS = ("none", "borrowing", "export", "borrowing_with_proof", "export_with_proof")


def expected(role: str, kind: str, field: str, purpose: str, scenario: str) -> str:
    """The written rules, one cell at a time: 'visible', 'masked' or 'hidden'."""
    if role == "security" and field in PHONE_OR_ADDRESS:
        return "hidden"
    direct = purpose not in REPRODUCTION and (
        (role in KEEPERS and purpose in KEEPER_PURPOSES)
        or (role == "security" and kind == "contact_list" and purpose == "security_contact_list")
    )
    needs_proof = role in OUTSIDERS or purpose == "legal_request"
    approved = scenario.startswith("export" if purpose in REPRODUCTION else "borrowing") and (
        scenario.endswith("with_proof") or not needs_proof
    )
    if not (direct or approved):
        return "hidden"
    if kind == "contact_list" and field == "id_number":
        return "masked"
    if field in ID_NUMBERS and role not in KEEPERS and purpose != "legal_request":
        return "masked"
    return "visible"


def approvals_for(scenario: str, kind: str, field: str, purpose: str) -> list:
    if scenario == "none":
        return []
    reproduction = purpose in REPRODUCTION
    if scenario.startswith("export") != reproduction:
        # An approval of the wrong type for the purpose; it must not open anything.
        cls, approval_purpose = (
            (ExportApproval, "export") if scenario.startswith("export") else (BorrowingApproval, "audit")
        )
    else:
        cls, approval_purpose = (ExportApproval if reproduction else BorrowingApproval), purpose
    return [
        cls(
            approval_id="A-1",
            requester=ACTOR,
            purpose=approval_purpose,
            record_kind=kind,
            fields={field},
            valid_from=NOW - timedelta(days=1),
            valid_until=NOW + timedelta(days=1),
            approved_by="manager-9",
            approved_by_role=Role.PROJECT_MANAGER,
            proof_of_authority="court-order-7" if scenario.endswith("with_proof") else None,
        )
    ]


def observed(role, kind, field, purpose, scenario) -> str:
    decision = decide(role, kind, [field], purpose, approvals_for(scenario, kind, field, purpose), NOW, actor=ACTOR)
    if field in decision.visible_fields:
        return "visible"
    return "masked" if field in decision.masked_fields else "hidden"


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_field_and_purpose_for_the_role_matches_the_written_rules(role):
    mismatches = [
        (kind.value, field, purpose.value, scenario, want, got)
        for kind in RecordKind
        for field in fields_of(kind)
        for purpose in Purpose
        for scenario in SCENARIOS
        if (want := expected(role.value, kind.value, field, purpose.value, scenario))
        != (got := observed(role, kind, field, purpose, scenario))
    ]
    assert mismatches == []


def test_the_printed_matrix_has_one_row_per_role_kind_field_and_purpose():
    cells = list(access_matrix())
    fields = sum(len(fields_of(kind)) for kind in RecordKind)
    assert len(cells) == len(Role) * fields * len(Purpose)
    assert len(format_matrix().splitlines()) == len(cells) + 1


def test_the_printed_matrix_agrees_with_decide_without_approvals():
    for cell in access_matrix():
        decision = decide(cell.role, cell.record_kind, [cell.field], cell.purpose)
        assert decision.allowed == (cell.requirement == "none"), cell
