"""VS-5: a requested booking must be a future, aligned slot inside opening hours with a seat free."""
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from visits.domain import BookableResource, DomainError, RuleRefused, generate_slots, validate_booking

FAST = settings(max_examples=100, deadline=None, database=None)
SHANGHAI = timezone(timedelta(hours=8))
TENNIS = BookableResource("tennis", {0: ((time(8), time(12)),)}, slot_minutes=60)
MONDAY_9 = datetime(2024, 5, 13, 9, 0, tzinfo=SHANGHAI)
SUNDAY = datetime(2024, 5, 12, 12, 0, tzinfo=SHANGHAI)


def refusal(start, now=SUNDAY, seats_taken=0, resource=TENNIS):
    with pytest.raises(DomainError) as error:
        validate_booking(resource, start, now, seats_taken)
    assert error.value.field == "start"
    return error.value.code


def test_an_aligned_future_slot_inside_opening_hours_is_accepted():
    slot = validate_booking(TENNIS, MONDAY_9, SUNDAY)
    assert (slot.start, slot.end) == (MONDAY_9, MONDAY_9 + timedelta(hours=1))


def test_the_same_instant_given_in_utc_is_the_same_slot():
    assert validate_booking(TENNIS, MONDAY_9.astimezone(UTC), SUNDAY).start == MONDAY_9


def test_a_slot_in_the_past_is_refused():
    assert refusal(MONDAY_9, now=MONDAY_9 + timedelta(minutes=1)) == "in_the_past"


def test_a_start_between_slot_boundaries_is_refused():
    assert refusal(MONDAY_9 + timedelta(minutes=30)) == "not_aligned"


def test_a_start_outside_opening_hours_is_refused():
    assert refusal(MONDAY_9.replace(hour=13)) == "outside_opening_hours"
    assert refusal(MONDAY_9 + timedelta(days=1)) == "outside_opening_hours"


def test_a_closed_day_is_refused():
    closed = BookableResource("tennis", TENNIS.weekly_hours, 60, closed_on=frozenset({date(2024, 5, 13)}))
    assert refusal(MONDAY_9, resource=closed) == "closed"


def test_capacity_one_refuses_a_second_booking_of_the_slot_as_a_conflict():
    with pytest.raises(RuleRefused) as error:
        validate_booking(TENNIS, MONDAY_9, SUNDAY, seats_taken=1)
    assert error.value.code == "slot_full"


def test_a_shared_resource_takes_bookings_up_to_its_capacity():
    gym = BookableResource("gym", TENNIS.weekly_hours, 60, capacity=2)
    assert validate_booking(gym, MONDAY_9, SUNDAY, seats_taken=1)
    assert refusal(MONDAY_9, seats_taken=2, resource=gym) == "slot_full"


def test_a_naive_start_is_refused():
    assert refusal(MONDAY_9.replace(tzinfo=None)) == "naive_datetime"


@FAST
@given(st.integers(0, 7 * 24 * 60 - 1))
def test_only_generated_slot_starts_are_bookable(minute_of_week):
    start = datetime(2024, 5, 13, tzinfo=SHANGHAI) + timedelta(minutes=minute_of_week)
    starts = {s.start for s in generate_slots(TENNIS, start.date())}
    try:
        validate_booking(TENNIS, start, SUNDAY)
        accepted = True
    except DomainError:
        accepted = False
    assert accepted == (start in starts)
