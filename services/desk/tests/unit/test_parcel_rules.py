"""Parcels' rules (DK-3): codes kept as keyed hashes, the five-wrong-codes lockout, unclaimed, the shelf count."""
from datetime import UTC, datetime, timedelta

import pytest
from desk.domain.parcels import (
    MAX_WRONG_CODES,
    PickupState,
    ShelfEntry,
    attempt_code,
    check_signature_pickup,
    check_unlock,
    code_hash,
    code_matches,
    is_unclaimed,
    pickup_code,
    shelf_count,
)
from hypothesis import given
from hypothesis import strategies as st
from kefulib.domain_errors import Refused

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
KEY = b"k" * 32
WAITING = PickupState("waiting", 0, False)


def test_a_pickup_code_has_six_digits_with_leading_zeros():
    assert pickup_code(42) == "000042" and pickup_code(999_999) == "999999"
    with pytest.raises(ValueError):
        pickup_code(1_000_000)


def test_the_stored_hash_is_keyed_and_bound_to_project_and_parcel():
    stored = code_hash(KEY, "p1", "parcel-1", "123456")
    assert "123456" not in stored
    assert code_matches(KEY, "p1", "parcel-1", "123456", stored)
    assert not code_matches(KEY, "p1", "parcel-1", "123457", stored)
    assert not code_matches(KEY, "p1", "parcel-2", "123456", stored)
    assert not code_matches(KEY, "p2", "parcel-1", "123456", stored)
    assert not code_matches(b"x" * 32, "p1", "parcel-1", "123456", stored)


def test_the_right_code_is_accepted():
    assert attempt_code(WAITING, matches=True).accepted


def test_each_wrong_code_is_counted_and_the_fifth_locks_the_parcel():
    state = WAITING
    for tried in range(1, MAX_WRONG_CODES + 1):
        attempt = attempt_code(state, matches=False)
        assert not attempt.accepted and attempt.wrong_codes == tried
        assert attempt.locked == (tried == MAX_WRONG_CODES)
        assert attempt.attempts_left == MAX_WRONG_CODES - tried
        state = PickupState("waiting", attempt.wrong_codes, attempt.locked)
    assert state.locked


@given(st.lists(st.booleans(), max_size=12))
def test_however_codes_are_tried_a_locked_parcel_never_hands_over(tries):
    state = WAITING
    for matches in tries:
        try:
            attempt = attempt_code(state, matches)
        except Refused as refused:
            assert state.locked or state.status == "picked_up"
            assert refused.code in {"parcel_locked", "already_picked_up"}
            continue
        assert not (attempt.accepted and state.locked)
        state = PickupState("picked_up" if attempt.accepted else "waiting", attempt.wrong_codes, attempt.locked)
    assert state.wrong_codes <= MAX_WRONG_CODES


def test_a_locked_parcel_refuses_even_the_right_code_and_a_signature_until_unlocked():
    locked = PickupState("waiting", MAX_WRONG_CODES, True)
    for call in (lambda: attempt_code(locked, True), lambda: check_signature_pickup(locked)):
        with pytest.raises(Refused) as refused:
            call()
        assert refused.value.code == "parcel_locked"
    check_unlock(locked)
    with pytest.raises(Refused) as refused:
        check_unlock(WAITING)
    assert refused.value.code == "not_locked"


def test_a_parcel_picked_up_cannot_be_picked_up_again():
    with pytest.raises(Refused) as refused:
        attempt_code(PickupState("picked_up", 0, False), True)
    assert refused.value.code == "already_picked_up"


def test_a_parcel_is_unclaimed_after_the_projects_days_while_it_waits():
    assert not is_unclaimed("waiting", NOW - timedelta(days=7) + timedelta(seconds=1), NOW, 7)
    assert is_unclaimed("waiting", NOW - timedelta(days=7), NOW, 7)
    assert not is_unclaimed("picked_up", NOW - timedelta(days=30), NOW, 7)
    assert is_unclaimed("waiting", NOW - timedelta(days=2), NOW, 2)


def test_the_shelf_count_lists_each_shelf_oldest_first_with_its_unclaimed():
    shelves = shelf_count([ShelfEntry("b-new", "B", NOW - timedelta(hours=1)),
                           ShelfEntry("a-old", "A", NOW - timedelta(days=9)),
                           ShelfEntry("b-old", "B", NOW - timedelta(days=8)),
                           ShelfEntry("a-new", "A", NOW)], NOW, 7)
    assert [(s.shelf, s.parcel_ids, s.unclaimed_ids) for s in shelves] == [
        ("A", ["a-old", "a-new"], ["a-old"]), ("B", ["b-old", "b-new"], ["b-old"])]
    assert shelf_count([], NOW, 7) == []
