"""Who is told: holders of the ladder's roles in the matter's project, HQ roles from the company scope."""
import pytest
from notifications.domain import COMPANY_SCOPE, Holder, Recipient, breach_roles, recipients, scope_of

HOLDERS = [
    Holder("s-sup-p1", "cs_supervisor", "p1", "Sup One"),
    Holder("s-sup-p2", "cs_supervisor", "p2", "Sup Two"),
    Holder("s-pm-p1", "project_manager", "p1", "PM One"),
    Holder("s-gm", "hq_general_manager", COMPANY_SCOPE, "GM"),
    Holder("s-rep", "hq_management_representative", COMPANY_SCOPE, "Rep"),
    # An HQ role wrongly announced in a project scope must not count: HQ roles live in the company.
    Holder("s-fake-gm", "hq_general_manager", "p1", "Not HQ"),
    Holder("s-assistant", "cs_assistant", "p1", "Assistant"),
]


def test_level_one_reaches_the_projects_supervisor_only():
    assert recipients(("cs_supervisor",), "p1", HOLDERS) == (Recipient("s-sup-p1", "cs_supervisor", "Sup One"),)
    assert recipients(("cs_supervisor",), "p2", HOLDERS) == (Recipient("s-sup-p2", "cs_supervisor", "Sup Two"),)


def test_hq_roles_are_found_in_the_company_scope_for_any_project():
    roles = breach_roles("hq", ["hq_general_manager", "hq_management_representative"])
    for project in ("p1", "p2"):
        told = recipients(roles, project, HOLDERS)
        assert [(r.staff_id, r.role) for r in told] == [("s-gm", "hq_general_manager"),
                                                        ("s-rep", "hq_management_representative")]


def test_a_person_holding_two_of_the_roles_is_told_once_under_the_first():
    holders = [Holder("s-both", "cs_supervisor", "p1"), Holder("s-both", "project_manager", "p1")]
    assert recipients(("project_manager", "cs_supervisor"), "p1", holders) == (
        Recipient("s-both", "project_manager"),)


def test_nobody_holding_the_role_means_nobody_is_told():
    assert recipients(("engineering_supervisor",), "p1", HOLDERS) == ()


@pytest.mark.parametrize("escalated_to, notify_roles, expected", [
    ("cs_supervisor", ["cs_supervisor"], ("cs_supervisor",)),
    ("project_manager", [], ("project_manager",)),
    ("hq", None, ("hq_general_manager", "hq_management_representative")),
    ("hq", ["hq_management_representative", "hq_management_representative"], ("hq_management_representative",)),
])
def test_breach_roles_follow_ticketings_notify_roles_else_escalated_to(escalated_to, notify_roles, expected):
    assert breach_roles(escalated_to, notify_roles) == expected


def test_scope_of_a_role():
    assert scope_of("hq_auditor", "p1") == COMPANY_SCOPE and scope_of("project_manager", "p1") == "p1"


def test_sms_and_wechat_carry_a_topic_only_with_the_projects_template_code_for_it():
    from notifications.domain.notices import Channel, usable_channels
    templates = {"sms": {"received": "SMS_1"}, "wechat": {"done": "tpl"}}
    assert usable_channels(["sms", "wechat", "email"], templates, "received") == {Channel.SMS, Channel.EMAIL}
    assert usable_channels(["sms", "wechat"], templates, "done") == {Channel.WECHAT}
    assert usable_channels(["sms"], {}, "received") == set()
