from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from identity.domain import CheckKind, InvalidInput, QualityCheckPolicy, choose_sample, next_check, sample_size

POLICY = QualityCheckPolicy()
MOVE_IN = date(2023, 3, 1)


def check(today, occupied=10, total=100, **kwargs):
    return next_check(POLICY, move_in=MOVE_IN, total_units=total, occupied_units=occupied, today=today, **kwargs)


def test_the_full_check_is_due_on_the_first_anniversary_of_move_in_and_overdue_the_day_after():
    assert not check(date(2024, 2, 29)).is_due
    on_the_day = check(date(2024, 3, 1))
    assert (on_the_day.kind, on_the_day.due_on, on_the_day.is_due, on_the_day.is_overdue) == (
        CheckKind.FULL,
        date(2024, 3, 1),
        True,
        False,
    )
    assert check(date(2024, 3, 2)).is_overdue


def test_the_full_check_is_due_once_eighty_percent_are_occupied_even_before_a_year():
    assert not check(date(2023, 9, 1), occupied=79).is_due
    assert check(date(2023, 9, 1), occupied=80).is_due


def test_an_occupancy_threshold_reached_earlier_makes_the_full_check_overdue():
    result = check(date(2023, 9, 1), occupied=85, occupancy_reached_on=date(2023, 8, 1))
    assert result.due_on == date(2023, 8, 1) and result.is_overdue


def test_after_the_full_check_a_sample_is_due_every_six_months():
    result = check(date(2024, 9, 15), last_full_check=date(2024, 3, 15))
    assert (result.kind, result.due_on, result.is_due, result.is_overdue) == (
        CheckKind.SAMPLE,
        date(2024, 9, 15),
        True,
        False,
    )
    assert check(date(2024, 9, 16), last_full_check=date(2024, 3, 15)).is_overdue


def test_the_next_sample_counts_from_the_latest_check():
    result = check(date(2024, 10, 1), last_full_check=date(2024, 3, 15), last_sample_check=date(2024, 9, 10))
    assert result.due_on == date(2025, 3, 10) and not result.is_due


def test_the_policy_values_are_configurable_per_project():
    policy = QualityCheckPolicy(
        full_check_after_months=6, full_check_occupancy="0.5", sample_ratio=0.1, sample_every_months=3
    )
    assert next_check(policy, move_in=MOVE_IN, total_units=10, occupied_units=5, today=date(2023, 4, 1)).is_due
    assert sample_size(100, policy.sample_ratio) == 10


@pytest.mark.parametrize("total, size", [(0, 0), (1, 1), (19, 1), (20, 1), (21, 2), (100, 5), (101, 6), (1000, 50)])
def test_the_sample_is_at_least_five_percent_rounded_up_and_at_least_one_unit(total, size):
    assert sample_size(total, POLICY.sample_ratio) == size


def test_a_float_ratio_does_not_inflate_the_sample_through_rounding_error():
    assert sample_size(100, 0.05) == 5
    assert sample_size(300, 0.07) == 21


@settings(max_examples=200)
@given(st.integers(1, 5000), st.integers(1, 100))
def test_the_sample_size_is_the_smallest_whole_number_covering_the_ratio(total, percent):
    size = sample_size(total, Fraction(percent, 100))
    assert size * 100 >= total * percent and (size == 1 or (size - 1) * 100 < total * percent)


def test_the_same_seed_draws_the_same_sample_whatever_the_input_order():
    units = [f"{b}-{f}-{r:02d}" for b in range(1, 4) for f in range(1, 11) for r in range(1, 5)]
    first = choose_sample(units, 0.05, seed="2024H2")
    assert first == choose_sample(list(reversed(units)), 0.05, seed="2024H2")
    assert len(first) == 6 and set(first) <= set(units) and list(first) == sorted(first)


def test_different_seeds_usually_draw_different_samples():
    units = [f"u-{i}" for i in range(200)]
    assert len({choose_sample(units, 0.05, seed=s) for s in range(10)}) > 1


@pytest.mark.parametrize("ratio", [0, -0.1, 1.5])
def test_ratios_outside_zero_to_one_are_input_errors(ratio):
    with pytest.raises(InvalidInput):
        QualityCheckPolicy(sample_ratio=ratio)


def test_more_occupied_than_existing_units_is_an_input_error():
    with pytest.raises(InvalidInput) as error:
        check(date(2024, 1, 1), occupied=101)
    assert error.value.field == "occupied_units"
