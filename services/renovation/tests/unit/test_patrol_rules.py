"""Patrols and violations: the notice's deadline and number, the follow-up ladder, illegal building for the
authorities, and flagged units due more often."""
from datetime import date, timedelta

import pytest
from kefulib.domain_errors import BadField, Refused
from renovation.domain import patrols as p

TODAY = date(2026, 12, 3)
INTERVALS = {"interval_days": 7, "flagged_interval_days": 2}


def test_a_notice_deadline_is_from_today_to_thirty_days_on():
    p.check_deadline(TODAY, TODAY)
    p.check_deadline(TODAY + timedelta(days=30), TODAY)
    for wrong in (TODAY - timedelta(days=1), TODAY + timedelta(days=31)):
        with pytest.raises(BadField) as refused:
            p.check_deadline(wrong, TODAY)
        assert refused.value.field == "deadline"


def test_only_a_permitted_renovation_is_patrolled_by_engineering_or_safety():
    p.check_patrol("permitted", {"technician"})
    with pytest.raises(Refused, match="Only"):
        p.check_patrol("approved", {"technician"})
    with pytest.raises(Refused) as refused:
        p.check_patrol("permitted", {"cs_assistant"})
    assert refused.value.code == "role_not_allowed"


def test_the_follow_up_ladder():
    assert p.follow_up("open", "rectified", {"technician"}) == "rectified"
    assert p.follow_up("open", "escalated", {"technician"}) == "escalated"
    assert p.follow_up("escalated", "rectified", {"project_manager"}) == "rectified"
    for status, outcome, roles, code in [("rectified", "escalated", {"project_manager"}, "already_rectified"),
                                         ("escalated", "escalated", {"project_manager"}, "already_escalated"),
                                         ("escalated", "rectified", {"technician"}, "role_not_allowed"),
                                         ("open", "rectified", {"cs_assistant"}, "role_not_allowed")]:
        with pytest.raises(Refused) as refused:
            p.follow_up(status, outcome, roles)
        assert refused.value.code == code


def test_illegal_building_is_for_the_authorities_and_notices_are_numbered_in_the_permit():
    assert p.for_authorities("illegal_building") and not p.for_authorities("debris")
    assert p.notice_number("P1-ZX-00001", 3) == "P1-ZX-00001-ZG03"
    assert p.unrectified([{"status": "open"}, {"status": "rectified"}, {"status": "escalated"}]) == [
        {"status": "open"}, {"status": "escalated"}]


def test_flagged_units_are_due_more_often():
    start = date(2026, 12, 1)
    assert p.due_on(None, start, False, INTERVALS) == start
    assert p.due_on(TODAY, start, False, INTERVALS) == TODAY + timedelta(days=7)
    assert p.due_on(TODAY, start, True, INTERVALS) == TODAY + timedelta(days=2)
    p.check_intervals(7, 7)
    with pytest.raises(BadField) as refused:
        p.check_intervals(3, 5)
    assert refused.value.field == "flagged_interval_days"
