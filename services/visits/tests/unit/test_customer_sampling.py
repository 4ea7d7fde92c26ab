"""VS-4 / ID-5: key customers and the sample of ordinary households to interview."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from visits.domain import (
    DomainError,
    KeyCustomer,
    choose_households,
    is_key_customer,
    monthly_targets,
    sample_size,
    tenure_band,
)

FAST = settings(max_examples=200, deadline=None, database=None)
units = st.lists(st.from_regex(r"[1-9]-[0-9]{1,2}-[0-9]{3,4}", fullmatch=True), max_size=60)
ratios = st.fractions(min_value=0, max_value=1, max_denominator=100)


@FAST
@given(units, ratios, st.integers())
def test_sample_is_at_least_the_ratio_of_households_and_drawn_from_them(unit_ids, ratio, seed):
    chosen = choose_households(unit_ids, ratio, seed)
    population = set(unit_ids)
    assert set(chosen) <= population and len(chosen) == len(set(chosen))
    assert len(chosen) >= ratio * len(population)
    assert len(chosen) - 1 < max(ratio * len(population), 1)
    if ratio > 0 and population:
        assert len(chosen) >= 1


@FAST
@given(units, ratios, st.text(max_size=20), st.randoms(use_true_random=False))
def test_the_same_seed_gives_the_same_sample_whatever_the_input_order(unit_ids, ratio, seed, rnd):
    shuffled = list(unit_ids)
    rnd.shuffle(shuffled)
    assert choose_households(unit_ids, ratio, seed) == choose_households(shuffled, ratio, seed)


def test_ratio_arithmetic_is_decimal_not_binary():
    assert sample_size(30, 0.1) == 3
    assert sample_size(30, Decimal("0.1")) == 3
    assert sample_size(31, 0.1) == 4


def test_any_positive_ratio_samples_at_least_one_household():
    assert len(choose_households(["1-1-101", "1-1-102"], 0.01, "p1:2024-05")) == 1


def test_a_zero_ratio_samples_nobody():
    assert choose_households(["1-1-101"], 0, "s") == ()


@pytest.mark.parametrize("ratio", [-0.1, 1.5, float("nan"), "lots", True])
def test_ratio_outside_zero_to_one_is_refused(ratio):
    with pytest.raises(DomainError) as error:
        choose_households(["1-1-101"], ratio, 1)
    assert error.value.field == "ratio"


def test_key_customers_units_are_not_also_drawn_in_the_sample():
    mayor = KeyCustomer("c-1", "1-1-101", frozenset({"government_or_media"}))
    keys, sampled = monthly_targets([mayor], ["1-1-101", "1-1-102"], 1, "s")
    assert keys == (mayor,) and sampled == ("1-1-102",)


def test_key_customer_classes_come_from_the_handbook():
    assert is_key_customer({"owners_committee", "pet_owner"})
    assert not is_key_customer({"pet_owner"})
    with pytest.raises(DomainError):
        KeyCustomer("c-1", "1-1-101", frozenset({"celebrity"}))


@pytest.mark.parametrize(
    "moved_in, band",
    [(date(2024, 1, 11), "new"), (date(2023, 11, 10), "settling_in"), (date(2023, 5, 10), "stable"),
     (date(2022, 5, 11), "stable"), (date(2022, 5, 10), "long_standing")],
)
def test_tenure_bands_follow_months_since_move_in(moved_in, band):
    assert tenure_band(moved_in, date(2024, 5, 10)) == band
