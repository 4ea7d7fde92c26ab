from identity.domain import (
    CS_STAFF,
    HQ_ROLES,
    OUTSIDE_ROLES,
    ROLE_TITLES,
    Role,
    RoleAssignment,
    is_cs_staff,
    is_hq,
    roles_in_project,
)


def test_there_are_the_fifteen_roles_of_the_requirements_and_the_security_supervisor_each_with_a_chinese_title():
    assert len(Role) == 16 and set(ROLE_TITLES) == set(Role)


def test_cs_staff_are_the_assistant_the_administrator_and_the_supervisor():
    assert CS_STAFF == {Role.CS_ASSISTANT, Role.CS_ADMINISTRATOR, Role.CS_SUPERVISOR}
    assert is_cs_staff("cs_supervisor") and not is_cs_staff(Role.PROJECT_MANAGER)


def test_hq_roles_are_the_general_manager_the_management_representative_and_the_auditor():
    assert HQ_ROLES == {Role.HQ_GENERAL_MANAGER, Role.HQ_MANAGEMENT_REPRESENTATIVE, Role.HQ_AUDITOR}
    assert is_hq("hq_auditor") and not is_hq(Role.PROJECT_MANAGER)


def test_machines_and_residents_are_outside_parties_not_staff():
    assert OUTSIDE_ROLES == {Role.INTEGRATION_CLIENT, Role.OWNER_RESIDENT}


def test_a_person_holds_different_roles_in_different_projects():
    grants = [RoleAssignment("p1", "proj-a", Role.CS_SUPERVISOR), RoleAssignment("p1", "proj-b", Role.ZONE_STEWARD)]
    assert roles_in_project(grants, "p1", "proj-a", "co-1") == {Role.CS_SUPERVISOR}
    assert roles_in_project(grants, "p1", "proj-b", "co-1") == {Role.ZONE_STEWARD}
    assert roles_in_project(grants, "p1", "proj-c", "co-1") == set()


def test_hq_roles_count_in_every_project_of_their_company_only():
    grants = [RoleAssignment("auditor", "co-1", Role.HQ_AUDITOR)]
    assert roles_in_project(grants, "auditor", "proj-a", "co-1") == {Role.HQ_AUDITOR}
    assert roles_in_project(grants, "auditor", "proj-x", "co-2") == set()
