"""The review steps' SLA clock and its ladder, as pure functions with the times passed in."""
from datetime import UTC, datetime, timedelta

import pytest
from renovation.domain import review_clock as c
from renovation.domain.applications import ReviewStep

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
HQ = ["hq_general_manager", "hq_management_representative"]


def test_a_step_waits_only_in_its_status_and_is_due_its_hours_after_it_started():
    assert c.step_waiting("submitted") is ReviewStep.COMPLETENESS
    assert c.step_waiting("cs_checked") is ReviewStep.DRAWINGS
    assert c.step_waiting("drawings_checked") is ReviewStep.APPROVAL
    assert [c.step_waiting(s) for s in ("returned", "approved", "permitted", "completed")] == [None] * 4
    assert c.due_at(START, 24) == START + timedelta(hours=24)
    assert c.DEFAULT_HOURS == {ReviewStep.COMPLETENESS: 24, ReviewStep.DRAWINGS: 72, ReviewStep.APPROVAL: 48}
    assert c.hours_field(ReviewStep.DRAWINGS) == "drawings_hours"


@pytest.mark.parametrize("after_hours,level", [(0, 0), (23.99, 0), (24, 1), (47.99, 1), (48, 2), (71.99, 2),
                                               (72, 3), (500, 3)])
def test_the_level_is_one_at_the_deadline_two_at_twice_the_time_three_at_three_times(after_hours, level):
    due = c.due_at(START, 24)
    assert c.level_at(due, 24, START + timedelta(hours=after_hours)) == level


@pytest.mark.parametrize("step,level,roles", [
    (ReviewStep.COMPLETENESS, 1, ["cs_supervisor"]), (ReviewStep.DRAWINGS, 1, ["engineering_supervisor"]),
    (ReviewStep.APPROVAL, 1, ["project_manager"]), (ReviewStep.COMPLETENESS, 2, ["project_manager"]),
    (ReviewStep.DRAWINGS, 2, ["project_manager"]), (ReviewStep.DRAWINGS, 3, HQ), (ReviewStep.APPROVAL, 3, HQ)])
def test_each_level_goes_to_its_people(step, level, roles):
    assert c.roles_to_tell(step, level) == roles


def test_the_levels_due_are_those_above_the_one_reached_each_with_its_own_due_time():
    due = c.due_at(START, 72)
    late = START + timedelta(hours=72 * 2 + 1)
    assert [(e.level, e.due_at) for e in c.escalations_due(ReviewStep.DRAWINGS, due, 72, 0, late)] == [
        (1, due), (2, due + timedelta(hours=72))]
    assert [e.level for e in c.escalations_due(ReviewStep.DRAWINGS, due, 72, 2, late)] == []
    assert [e.level for e in c.escalations_due(ReviewStep.DRAWINGS, due, 72, 2, late + timedelta(hours=72))] == [3]
    assert c.escalations_due(ReviewStep.DRAWINGS, due, 72, 0, due - timedelta(seconds=1)) == []


def test_the_next_escalation_is_the_next_levels_time_and_none_once_hq_was_told():
    due = c.due_at(START, 48)
    assert c.next_escalation(due, 48, 0) == due
    assert c.next_escalation(due, 48, 1) == due + timedelta(hours=48)
    assert c.next_escalation(due, 48, 2) == due + timedelta(hours=96)
    assert c.next_escalation(due, 48, 3) is None
