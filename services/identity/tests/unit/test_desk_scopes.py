"""Who works the front desk's registers (the desk service): the CS centre, the duty officer, the project manager
and security read and write; HQ roles read; the HQ auditor reads and nothing more; the rest do not see them."""
import pytest
from identity.domain import Role
from identity.domain.scopes import scopes_for

DESK = {"desk:read", "desk:write"}


@pytest.mark.parametrize("role", [Role.CS_ASSISTANT, Role.CS_ADMINISTRATOR, Role.CS_SUPERVISOR, Role.DUTY_OFFICER,
                                  Role.PROJECT_MANAGER, Role.SECURITY])
def test_the_desks_people_read_and_write_its_registers(role):
    assert DESK <= scopes_for(role)


@pytest.mark.parametrize("role", [Role.HQ_GENERAL_MANAGER, Role.HQ_MANAGEMENT_REPRESENTATIVE, Role.HQ_AUDITOR])
def test_hq_reads_the_registers_and_writes_nothing_there(role):
    assert scopes_for(role) & DESK == {"desk:read"}


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.ENGINEERING_SUPERVISOR, Role.FINANCE_CLERK, Role.ZONE_STEWARD])
def test_other_roles_do_not_reach_the_desks_registers(role):
    assert not scopes_for(role) & DESK


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.ENGINEERING_SUPERVISOR])
def test_engineering_quotes_on_site_without_the_cashiers_powers(role):
    assert {"billing:read", "billing:quote"} <= scopes_for(role) and "billing:write" not in scopes_for(role)


def test_a_zone_steward_reads_the_standard_answers_and_nothing_else_of_the_desk():
    assert scopes_for(Role.ZONE_STEWARD) & (DESK | {"desk:answers"}) == {"desk:answers"}
