from decimal import Decimal

import pytest
from billing.domain import BillingError, Money, format_yuan, parse_yuan
from hypothesis import given, settings
from hypothesis import strategies as st

FAST = settings(max_examples=200, database=None, deadline=None)
fen = st.integers(min_value=-(10**12), max_value=10**12)


@pytest.mark.parametrize(
    "text, expected",
    [("12.50", 1250), ("12.5", 1250), ("12", 1200), ("0.01", 1), (" 7.05 ", 705), ("0", 0)],
)
def test_yuan_text_parses_to_exact_fen(text, expected):
    assert parse_yuan(text) == expected


@pytest.mark.parametrize("text", ["12.505", "12.500", "1e3", "12,50", "¥12", "", ".5", "1.", "NaN", "１２"])
def test_yuan_text_with_more_than_two_decimals_or_odd_syntax_is_refused(text):
    with pytest.raises(BillingError) as refused:
        parse_yuan(text)
    assert refused.value.reason == "invalid_amount"
    assert refused.value.field == "amount"


def test_negative_yuan_is_refused_unless_allowed():
    with pytest.raises(BillingError):
        parse_yuan("-3.20")
    assert parse_yuan("-3.20", allow_negative=True) == -320


def test_floats_never_become_money():
    with pytest.raises(BillingError):
        parse_yuan(12.5)  # type: ignore[arg-type]
    with pytest.raises(BillingError):
        Money(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(100) * 1.5  # type: ignore[operator]


def test_decimal_with_at_most_two_places_parses_and_more_is_refused():
    assert parse_yuan(Decimal("3.10")) == 310
    with pytest.raises(BillingError):
        parse_yuan(Decimal("3.105"))


def test_fen_format_as_yuan_with_two_decimals():
    assert format_yuan(1250) == "12.50"
    assert format_yuan(5) == "0.05"
    assert format_yuan(-5) == "-0.05"
    assert format_yuan(Money(100000)) == "1000.00"


def test_only_cny_is_accepted():
    with pytest.raises(BillingError) as refused:
        Money(100, "USD")
    assert refused.value.reason == "unsupported_currency"


def test_money_adds_subtracts_and_multiplies_by_quantity():
    assert Money(1250) + Money(50) == Money(1300)
    assert Money(1250) - Money(1300) == Money(-50)
    assert Money(1250) * 3 == 3 * Money(1250) == Money(3750)
    assert str(Money(1250)) == "12.50 CNY"


@FAST
@given(fen)
def test_formatting_then_parsing_gives_back_the_same_fen(amount):
    assert parse_yuan(format_yuan(amount), allow_negative=True) == amount


@FAST
@given(st.lists(fen, max_size=30))
def test_sum_of_money_equals_sum_of_fen_exactly(amounts):
    total = sum((Money(a) for a in amounts), Money.zero())
    assert total.fen == sum(amounts)
    assert (total - total) == Money.zero()


@FAST
@given(fen, st.integers(min_value=0, max_value=1000))
def test_multiplying_by_quantity_equals_repeated_addition(amount, quantity):
    repeated = sum((Money(amount) for _ in range(quantity)), Money.zero())
    assert Money(amount) * quantity == repeated


@FAST
@given(fen, fen, fen)
def test_money_addition_is_associative_and_subtraction_undoes_it(a, b, c):
    assert (Money(a) + Money(b)) + Money(c) == Money(a) + (Money(b) + Money(c))
    assert Money(a) + Money(b) - Money(b) == Money(a)
