"""The application's state table and its rules, as pure functions."""
from datetime import date

import pytest
from kefulib.domain_errors import BadField, Refused
from renovation.domain import applications as a
from renovation.domain.applications import Action, ReviewStep, Status

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("status,action,roles,to", [
    ("submitted", Action.CS_PASS, ["cs_assistant"], Status.CS_CHECKED),
    ("submitted", Action.CS_REFUSE, ["cs_supervisor"], Status.RETURNED),
    ("cs_checked", Action.DRAWINGS_PASS, ["engineering_supervisor"], Status.DRAWINGS_CHECKED),
    ("cs_checked", Action.DRAWINGS_REFUSE, ["technician"], Status.RETURNED),
    ("drawings_checked", Action.APPROVE, ["project_manager"], Status.APPROVED),
    ("drawings_checked", Action.REFUSE, ["project_manager"], Status.RETURNED),
    ("returned", Action.RESUBMIT, ["cs_assistant"], Status.SUBMITTED),
])
def test_each_transition_of_the_table(status, action, roles, to):
    assert a.transition(status, action, roles) is to


@pytest.mark.parametrize("status,action,roles,code", [
    ("submitted", Action.APPROVE, ["project_manager"], "not_allowed_now"),
    ("cs_checked", Action.DRAWINGS_PASS, ["cs_supervisor"], "role_not_allowed"),
    ("drawings_checked", Action.APPROVE, ["engineering_supervisor"], "role_not_allowed"),
    ("approved", Action.ISSUE_PERMIT, ["project_manager"], "role_not_allowed"),  # only the payment issues it
    ("permitted", Action.RESUBMIT, ["cs_assistant"], "not_allowed_now"),
])
def test_what_the_table_refuses(status, action, roles, code):
    with pytest.raises(Refused) as refused:
        a.transition(status, action, roles)
    assert refused.value.code == code


def test_only_an_approved_application_is_due_its_permit():
    assert [s for s in Status if a.permit_due(s)] == [Status.APPROVED]


def test_a_decision_belongs_to_the_step_the_application_waits_for():
    assert a.review_action("submitted", ReviewStep.COMPLETENESS, True) is Action.CS_PASS
    assert a.review_action("drawings_checked", ReviewStep.APPROVAL, False) is Action.REFUSE
    with pytest.raises(Refused) as refused:
        a.review_action("cs_checked", ReviewStep.APPROVAL, True)
    assert (refused.value.code, refused.value.details) == ("not_at_this_step", {"waiting_for": "drawings"})
    with pytest.raises(Refused):
        a.review_action("returned", ReviewStep.COMPLETENESS, True)


def test_papers_missing_in_the_checklists_order_and_the_agents_authorisation():
    assert a.missing_papers("owner", ["drawings"])[:2] == ["application_form", "owner_id"]
    assert "authorisation" not in a.missing_papers("owner", [])
    assert a.missing_papers("agent", [str(p) for p in a.REQUIRED_PAPERS]) == ["authorisation"]


@pytest.mark.parametrize("start,end,hours,field", [
    (date(2026, 12, 1), date(2026, 12, 9), ("08:00", "18:00"), "planned_start"),
    (date(2026, 12, 9), date(2026, 12, 8), ("08:00", "18:00"), "planned_end"),
    (date(2026, 12, 9), date(2027, 7, 1), ("08:00", "18:00"), "planned_end"),
    (date(2026, 12, 9), date(2026, 12, 19), ("06:59", "18:00"), "working_hours.start"),
    (date(2026, 12, 9), date(2026, 12, 19), ("08:00", "20:01"), "working_hours.end"),
    (date(2026, 12, 9), date(2026, 12, 19), ("12:00", "12:00"), "working_hours.end"),
])
def test_the_plan_is_refused_naming_the_field(start, end, hours, field):
    with pytest.raises(BadField) as bad:
        a.check_plan(start, end, TODAY, *hours)
    assert bad.value.field == field


def test_a_plan_within_the_limits_passes():
    a.check_plan(TODAY, date(2026, 12, 30), TODAY, "07:00", "20:00")


def test_only_engineering_flags_and_each_flag_once():
    assert a.check_flags(ReviewStep.DRAWINGS, ["facade", "facade", "extension"]) == ["facade", "extension"]
    with pytest.raises(BadField):
        a.check_flags(ReviewStep.APPROVAL, ["facade"])


def test_a_refusal_needs_its_reason_and_names_are_masked():
    with pytest.raises(BadField):
        a.check_refusal_reason(False, "  ")
    a.check_refusal_reason(True, None)
    assert (a.mask_name("周建国"), a.mask_name("王")) == ("周**", "王*")
