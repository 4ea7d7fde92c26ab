"""Three-month repair warranty and free, linked reworks (TK-7)."""
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ticketing.domain import CompletedRepair, InvalidInput, TransitionRefused, WarrantyPolicy, rework, warranty_ends
from ticketing.domain.warranty import add_months

UTC = UTC
SIGNED = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 30 Nov 10:00 Shanghai
ORIGINAL = CompletedRepair("T-100", SIGNED)


def test_a_rework_inside_three_months_is_free_and_linked_to_the_original():
    again = rework(ORIGINAL, SIGNED + timedelta(days=60), quoted_fen=4500)
    assert (again.original_ticket_id, again.under_warranty, again.charge_fen) == ("T-100", True, 0)


def test_a_rework_after_the_warranty_is_charged_the_quoted_price():
    again = rework(ORIGINAL, SIGNED + timedelta(days=120), quoted_fen=4500)
    assert (again.under_warranty, again.charge_fen) == (False, 4500)


def test_the_warranty_runs_to_the_end_of_the_clamped_local_day_three_months_on():
    # 30 Nov + 3 months = 28 Feb 2027; covered until midnight Shanghai, i.e. 16:00 UTC.
    assert warranty_ends(SIGNED) == datetime(2027, 2, 28, 16, 0, tzinfo=UTC)
    assert rework(ORIGINAL, datetime(2027, 2, 28, 15, 59, tzinfo=UTC), 100).under_warranty
    assert not rework(ORIGINAL, datetime(2027, 2, 28, 16, 0, tzinfo=UTC), 100).under_warranty


def test_the_warranty_length_is_a_project_setting():
    assert not rework(ORIGINAL, SIGNED + timedelta(days=40), 100, WarrantyPolicy(months=1)).under_warranty


def test_a_rework_cannot_predate_the_original_sign_off():
    with pytest.raises(TransitionRefused):
        rework(ORIGINAL, SIGNED - timedelta(days=1), 100)


def test_prices_are_whole_fen():
    with pytest.raises(InvalidInput):
        rework(ORIGINAL, SIGNED, 45.0)


@settings(max_examples=100, deadline=None)
@given(day=st.dates(), months=st.integers(0, 36))
def test_adding_months_lands_in_the_right_month_and_never_overshoots_its_length(day, months):
    try:
        later = add_months(day, months)
    except (ValueError, OverflowError):
        return  # beyond year 9999
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or later.day < day.day and (later + timedelta(days=1)).day == 1
