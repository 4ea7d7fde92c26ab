from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from identity.domain import InvalidInput, LoginAttempt, ThrottlePolicy, throttle_state

POLICY = ThrottlePolicy()
T0 = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


def failures(count, start=T0, every=timedelta(minutes=1)):
    return [LoginAttempt(start + every * i, succeeded=False) for i in range(count)]


def test_four_failures_do_not_lock_the_account():
    assert throttle_state(POLICY, failures(4), T0 + timedelta(minutes=4)).allowed


def test_the_fifth_failure_within_fifteen_minutes_locks_for_fifteen_minutes():
    state = throttle_state(POLICY, failures(5), T0 + timedelta(minutes=5))
    assert not state.allowed and state.locked_until == T0 + timedelta(minutes=19)
    assert state.retry_after_seconds(T0 + timedelta(minutes=5)) == 14 * 60


def test_the_lock_ends_exactly_at_locked_until():
    attempts = failures(5)
    assert not throttle_state(POLICY, attempts, T0 + timedelta(minutes=19) - timedelta(seconds=1)).allowed
    assert throttle_state(POLICY, attempts, T0 + timedelta(minutes=19)).allowed


def test_failures_spread_wider_than_the_window_do_not_lock():
    assert throttle_state(POLICY, failures(10, every=timedelta(minutes=4)), T0 + timedelta(hours=1)).allowed


def test_each_further_lockout_in_a_row_doubles():
    first = failures(5)
    second = failures(5, start=T0 + timedelta(minutes=20))
    state = throttle_state(POLICY, first + second, T0 + timedelta(minutes=24))
    assert state.lockouts_in_a_row == 2 and state.locked_until == T0 + timedelta(minutes=24 + 30)


def test_lockouts_never_exceed_the_maximum():
    assert POLICY.lockout(20) == timedelta(hours=24) and POLICY.lockout(10_000) == timedelta(hours=24)


def test_attempts_during_a_lockout_neither_count_nor_extend_it():
    hammering = failures(50, start=T0 + timedelta(minutes=5), every=timedelta(seconds=10))
    state = throttle_state(POLICY, failures(5) + hammering, T0 + timedelta(minutes=10))
    assert state.locked_until == T0 + timedelta(minutes=19) and state.lockouts_in_a_row == 1


def test_a_successful_sign_in_clears_the_failures_and_the_lockout_count():
    attempts = (
        failures(5) + [LoginAttempt(T0 + timedelta(minutes=20), True)] + failures(4, start=T0 + timedelta(minutes=21))
    )
    state = throttle_state(POLICY, attempts, T0 + timedelta(minutes=25))
    assert state.allowed and state.lockouts_in_a_row == 0


def test_a_quiet_day_after_a_lockout_forgets_it():
    later = T0 + timedelta(minutes=19) + timedelta(hours=24)
    state = throttle_state(POLICY, failures(5) + failures(5, start=later), later + timedelta(minutes=5))
    assert state.lockouts_in_a_row == 1 and state.locked_until == later + timedelta(minutes=19)


def test_the_attempts_may_arrive_in_any_order():
    attempts = failures(5)
    assert throttle_state(POLICY, reversed(attempts), T0 + timedelta(minutes=5)) == throttle_state(
        POLICY, attempts, T0 + timedelta(minutes=5)
    )


def test_a_naive_now_is_an_input_error():
    with pytest.raises(InvalidInput):
        throttle_state(POLICY, [], T0.replace(tzinfo=None))


def test_a_policy_without_failures_allowed_is_an_input_error():
    with pytest.raises(InvalidInput):
        ThrottlePolicy(max_failures=0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 24 * 3600), st.booleans()), max_size=40), st.integers(0, 3 * 24 * 3600))
def test_a_lock_never_outlasts_the_maximum_lockout(events, now_offset):
    attempts = [LoginAttempt(T0 + timedelta(seconds=s), ok) for s, ok in events]
    now = T0 + timedelta(seconds=now_offset)
    state = throttle_state(POLICY, attempts, now)
    if not state.allowed:
        assert now < state.locked_until <= now + POLICY.max_lockout


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3600), max_size=30))
def test_fewer_than_five_failures_in_any_window_never_lock(offsets):
    spaced = sorted({o // 240 * 240 for o in offsets})  # at most 4 per 15 minutes, 4 minutes apart
    attempts = [LoginAttempt(T0 + timedelta(seconds=s), False) for s in spaced]
    assert throttle_state(POLICY, attempts, T0 + timedelta(hours=2)).allowed
