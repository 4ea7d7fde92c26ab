import pytest
from billing.domain import (
    BillingError,
    Payment,
    PaymentMethod,
    ensure_may_record_payment,
    payment_refusal,
    refund_refusal,
)


@pytest.mark.parametrize("method", list(PaymentMethod))
def test_technicians_never_record_payments_by_any_method(method):
    assert payment_refusal("technician", method) == "technicians_never_take_money"


def test_the_service_centre_takes_cash_and_card():
    assert payment_refusal("cs_assistant", PaymentMethod.CASH_AT_CENTRE) is None
    assert payment_refusal("finance_clerk", PaymentMethod.CARD_AT_CENTRE) is None
    assert payment_refusal("engineering_supervisor", "cash_at_centre") == "only_service_centre_staff_take_payments"


def test_wechat_and_alipay_arrive_only_from_the_payment_integration():
    assert payment_refusal("integration_client", "wechat") is None
    assert payment_refusal("integration_client", "alipay") is None
    assert payment_refusal("cs_assistant", "wechat") == "online_payments_arrive_from_integration"


def test_bank_transfers_are_recorded_by_finance_or_the_integration():
    assert payment_refusal("finance_clerk", "bank_transfer") is None
    assert payment_refusal("cs_assistant", "bank_transfer") == "bank_transfers_are_reconciled_by_finance"


def test_an_unknown_method_is_refused_with_a_reason():
    assert payment_refusal("finance_clerk", "bitcoin") == "unknown_payment_method"


def test_the_refusal_raises_a_domain_error_naming_the_role():
    with pytest.raises(BillingError) as refused:
        ensure_may_record_payment("technician", "cash_at_centre")
    assert (refused.value.reason, refused.value.field) == ("technicians_never_take_money", "role")


def test_refunds_need_finance_or_a_supervisor():
    assert refund_refusal("finance_clerk") is None
    assert refund_refusal("technician") == "technicians_never_take_money"
    assert refund_refusal("cs_assistant") == "refunds_need_finance_or_supervisor"


def test_a_payment_is_a_positive_amount_with_an_idempotency_key():
    with pytest.raises(BillingError) as zero:
        Payment("PAY-1", "CH-1", PaymentMethod.WECHAT, 0, "wx-1")
    assert zero.value.field == "amount_fen"
    with pytest.raises(BillingError) as no_key:
        Payment("PAY-1", "CH-1", PaymentMethod.WECHAT, 100, "")
    assert no_key.value.field == "idempotency_key"
