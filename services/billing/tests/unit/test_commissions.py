import pytest
from billing.domain import (
    BillingError,
    CommissionStatus,
    SupplierVoucher,
    place_commission,
    settle,
)
from hypothesis import given, settings
from hypothesis import strategies as st

FAST = settings(max_examples=200, database=None, deadline=None)
fen = st.integers(min_value=0, max_value=10**10)


def cake_order(prepaid_fen=30000, fee=0):
    return place_commission("C-1", "3-1201", "代订生日蛋糕 8寸", prepaid_fen, "RCPT-2026-000007", fee)


def test_settlement_refunds_tops_up_or_is_even():
    assert settle(30000, 26800) == ("refund", 3200)
    assert settle(30000, 31500) == ("top_up", 1500)
    assert settle(30000, 30000) == ("even", 0)


@FAST
@given(fen, fen)
def test_settlement_always_balances_the_prepayment_exactly(prepaid, final):
    kind, amount = settle(prepaid, final)
    assert amount >= 0
    assert final == prepaid + {"refund": -amount, "top_up": amount, "even": 0}[kind]


def test_settlement_refuses_negative_amounts_by_field():
    with pytest.raises(BillingError) as refused:
        settle(-1, 100)
    assert refused.value.field == "prepaid_fen"


def test_a_commission_is_ordered_supplied_then_settled_against_the_voucher():
    order = cake_order().record_voucher(SupplierVoucher("好利来", "HLL-8812", 26800))
    settled = order.settle()
    assert settled.status is CommissionStatus.SETTLED
    assert settled.settlement == ("refund", 3200)


def test_a_service_fee_is_added_to_the_supplier_amount():
    order = cake_order(fee=500).record_voucher(SupplierVoucher("好利来", "HLL-8812", 30000))
    assert order.settle().settlement == ("top_up", 500)


def test_a_commission_cannot_settle_before_the_supplier_voucher_arrives():
    with pytest.raises(BillingError) as refused:
        cake_order().settle()
    assert refused.value.reason == "commission_not_supplied"


def test_a_commission_needs_a_prepayment():
    with pytest.raises(BillingError) as refused:
        cake_order(prepaid_fen=0)
    assert (refused.value.reason, refused.value.field) == ("prepayment_required", "prepaid_fen")


def test_cancelling_before_delivery_refunds_the_whole_prepayment():
    cancelled = cake_order().cancel("业户取消")
    assert cancelled.status is CommissionStatus.CANCELLED
    assert cancelled.settlement == ("refund", 30000)


def test_a_settled_commission_cannot_be_cancelled():
    settled = cake_order().record_voucher(SupplierVoucher("好利来", "HLL-8812", 26800)).settle()
    with pytest.raises(BillingError):
        settled.cancel("太晚")
