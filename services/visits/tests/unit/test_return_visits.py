"""VS-3: return visits are due after repairs and complaints, move through their states, flag unhappiness."""
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from visits.domain import (
    ContactMethod,
    DomainError,
    Outcome,
    ReturnVisitPolicy,
    ReturnVisitStatus,
    RuleRefused,
    assign,
    cancel,
    complete,
    due_at,
    is_overdue,
    is_unhappy,
    schedule_return_visit,
)

FAST = settings(max_examples=150, deadline=None, database=None)
DONE = datetime(2024, 5, 10, 16, 0, tzinfo=timezone(timedelta(hours=8)))
HAPPY = Outcome(ContactMethod.PHONE, 5, problem_came_back=False, comments="fine")


def visit():
    return schedule_return_visit("repair_completed", "T-1", "3-12-1203", DONE)


def test_return_visit_is_due_24_hours_after_a_repair_is_completed():
    assert due_at("repair_completed", DONE) == DONE + timedelta(hours=24)


def test_return_visit_is_due_48_hours_after_a_complaint_is_resolved_by_default():
    assert due_at("complaint_resolved", DONE) == DONE + timedelta(hours=48)


def test_a_project_can_shorten_the_complaint_delay():
    policy = ReturnVisitPolicy(after_complaint=timedelta(hours=12))
    assert due_at("complaint_resolved", DONE, policy) == DONE + timedelta(hours=12)


def test_an_unknown_source_event_is_refused_naming_the_field():
    with pytest.raises(DomainError) as error:
        due_at("ticket_opened", DONE)
    assert error.value.field == "source_event"


def test_scheduled_visit_starts_pending():
    assert visit().status == ReturnVisitStatus.PENDING == "pending"


def test_assigned_visit_completes_with_its_outcome():
    done = complete(assign(visit(), "cs-01"), HAPPY, DONE + timedelta(hours=3))
    assert (done.status, done.outcome, done.assignee) == ("completed", HAPPY, "cs-01")


def test_a_pending_visit_cannot_be_completed_before_someone_is_assigned():
    with pytest.raises(RuleRefused) as error:
        complete(visit(), HAPPY, DONE)
    assert error.value.code == "invalid_transition"


def test_the_customers_own_answer_by_message_completes_a_visit_nobody_was_assigned():
    by_message = Outcome(ContactMethod.MESSAGE, 4, problem_came_back=False, comments="修好了")
    done = complete(visit(), by_message, DONE + timedelta(hours=30))
    assert (done.status, done.outcome.method, done.assignee) == ("completed", "message", None)
    assert complete(assign(visit(), "cs-01"), by_message, DONE).status == "completed"


@pytest.mark.parametrize("finish", [lambda v: complete(assign(v, "cs-01"), HAPPY, DONE), lambda v: cancel(v, "withdrawn")])
def test_an_answer_by_message_never_reopens_a_completed_or_cancelled_visit(finish):
    with pytest.raises(RuleRefused) as error:
        complete(finish(visit()), Outcome(ContactMethod.MESSAGE, 1, problem_came_back=True), DONE)
    assert error.value.code == "invalid_transition"


def test_cancelling_needs_a_reason():
    with pytest.raises(DomainError) as error:
        cancel(visit(), " ")
    assert error.value.field == "reason"


OPERATIONS = st.lists(st.sampled_from(["assign", "complete", "cancel"]), max_size=8)


@FAST
@given(OPERATIONS)
def test_completed_and_cancelled_visits_never_change_again(operations):
    current = visit()
    for operation in operations:
        before = current
        try:
            if operation == "assign":
                current = assign(current, "cs-02")
            elif operation == "complete":
                current = complete(current, HAPPY, DONE)
            else:
                current = cancel(current, "ticket reopened")
        except DomainError:
            assert current is before
            continue
        assert before.status not in ("completed", "cancelled")
    assert (current.status == "completed") == (current.outcome is not None)


@pytest.mark.parametrize(
    "satisfaction, came_back, unhappy",
    [(1, False, True), (2, False, True), (3, False, False), (5, True, True), (4, False, False)],
)
def test_satisfaction_two_or_less_or_a_returning_problem_is_unhappy(satisfaction, came_back, unhappy):
    assert is_unhappy(Outcome("in_person", satisfaction, came_back)) is unhappy


def test_the_unhappy_threshold_is_configurable():
    assert is_unhappy(Outcome("phone", 3, False), threshold=3)


@pytest.mark.parametrize("satisfaction", [0, 6, 2.5, True, "3"])
def test_satisfaction_must_be_an_integer_from_one_to_five(satisfaction):
    with pytest.raises(DomainError) as error:
        Outcome("phone", satisfaction, False)
    assert error.value.field == "satisfaction"


def test_method_must_be_phone_in_person_or_message():
    with pytest.raises(DomainError) as error:
        Outcome("letter", 4, False)
    assert error.value.field == "method"


def test_an_open_visit_past_its_due_time_is_overdue():
    due = visit().due_at
    assert not is_overdue(visit(), due)
    assert is_overdue(visit(), due + timedelta(seconds=1))
    assert is_overdue(assign(visit(), "cs-01"), due + timedelta(seconds=1))


def test_finished_visits_are_never_overdue():
    late = visit().due_at + timedelta(days=3)
    assert not is_overdue(complete(assign(visit(), "cs-01"), HAPPY, late), late)
    assert not is_overdue(cancel(visit(), "duplicate"), late)
