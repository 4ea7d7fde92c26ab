"""Who works renovation 装修 (the renovation service): the CS centre, engineering, the project manager and the security
supervisor (the safety officer who patrols and signs off hot work) read and write; security and the duty officer read
(the gate); HQ roles read; the rest do not see it."""
import pytest
from identity.domain import Role
from identity.domain.scopes import scopes_for

RENOVATION = {"renovation:read", "renovation:write"}


@pytest.mark.parametrize("role", [Role.CS_ASSISTANT, Role.CS_ADMINISTRATOR, Role.CS_SUPERVISOR, Role.PROJECT_MANAGER,
                                  Role.ENGINEERING_SUPERVISOR, Role.TECHNICIAN, Role.SECURITY_SUPERVISOR])
def test_the_reviewers_read_and_write_applications(role):
    assert RENOVATION <= scopes_for(role)


@pytest.mark.parametrize("role", [Role.SECURITY, Role.DUTY_OFFICER, Role.HQ_GENERAL_MANAGER,
                                  Role.HQ_MANAGEMENT_REPRESENTATIVE, Role.HQ_AUDITOR])
def test_the_gate_and_hq_read_only(role):
    assert scopes_for(role) & RENOVATION == {"renovation:read"}


@pytest.mark.parametrize("role", [Role.FINANCE_CLERK, Role.ZONE_STEWARD])
def test_other_roles_do_not_reach_renovation(role):
    assert not scopes_for(role) & RENOVATION
