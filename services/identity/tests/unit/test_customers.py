from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from identity.domain import InvalidInput, KeyCustomerClass, TenureBand, VipProfile, tenure_band

MOVE_IN = date(2024, 1, 15)


@pytest.mark.parametrize(
    "today, band",
    [
        (date(2024, 1, 15), TenureBand.NEW),
        (date(2024, 7, 14), TenureBand.NEW),
        (date(2024, 7, 15), TenureBand.SETTLING_IN),
        (date(2025, 1, 14), TenureBand.SETTLING_IN),
        (date(2025, 1, 15), TenureBand.STABLE),
        (date(2026, 1, 14), TenureBand.STABLE),
        (date(2026, 1, 15), TenureBand.LONG_STANDING),
        (date(2040, 1, 1), TenureBand.LONG_STANDING),
    ],
)
def test_tenure_bands_change_on_the_anniversary_day(today, band):
    assert tenure_band(MOVE_IN, today) == band


def test_half_a_year_after_the_31st_of_august_ends_on_the_last_day_of_february():
    assert tenure_band(date(2023, 8, 31), date(2024, 2, 28)) == TenureBand.NEW
    assert tenure_band(date(2023, 8, 31), date(2024, 2, 29)) == TenureBand.SETTLING_IN


def test_a_move_in_in_the_future_is_an_input_error():
    with pytest.raises(InvalidInput) as error:
        tenure_band(date(2025, 1, 1), date(2024, 1, 1))
    assert error.value.field == "move_in"


@settings(max_examples=200)
@given(move_in=st.dates(date(2000, 1, 1), date(2030, 1, 1)), days=st.integers(0, 2000))
def test_tenure_never_goes_down_as_time_passes(move_in, days):
    order = list(TenureBand)
    today = move_in + timedelta(days=days)
    assert order.index(tenure_band(move_in, today)) <= order.index(tenure_band(move_in, today + timedelta(days=1)))


def test_the_five_key_customer_classes_of_the_handbook_exist():
    assert {c.value for c in KeyCustomerClass} == {
        "government_or_media",
        "owners_committee",
        "group_employee",
        "frequent_complainant",
        "large_customer",
    }


def test_a_profile_with_any_class_is_a_key_customer():
    assert VipProfile("1-1-01", "张三", classes=frozenset({KeyCustomerClass.OWNERS_COMMITTEE})).is_key_customer
    assert not VipProfile("1-1-02", "李四").is_key_customer
