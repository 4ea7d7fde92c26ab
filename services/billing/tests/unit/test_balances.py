import pytest
from billing.domain import (
    BillingError,
    ChargeLedger,
    CreditNote,
    Payment,
    PaymentMethod,
    Refund,
)
from hypothesis import given, settings
from hypothesis import strategies as st

FAST = settings(max_examples=200, database=None, deadline=None)


def cash(amount, key="k-1", payment_id="PAY-1"):
    return Payment(payment_id, "CH-1", PaymentMethod.CASH_AT_CENTRE, amount, key)


def wechat(amount, key="wx-1", payment_id="PAY-W"):
    return Payment(payment_id, "CH-1", PaymentMethod.WECHAT, amount, key)


def test_a_payment_lowers_the_outstanding_amount():
    ledger = ChargeLedger("CH-1", 14000).record_payment(cash(10000))
    assert ledger.balance().outstanding_fen == 4000


def test_recording_the_same_payment_twice_has_no_extra_effect():
    ledger = ChargeLedger("CH-1", 14000).record_payment(wechat(14000))
    assert ledger.record_payment(wechat(14000, payment_id="PAY-W2")) is ledger


def test_an_idempotency_key_reused_for_a_different_payment_is_refused():
    ledger = ChargeLedger("CH-1", 14000).record_payment(wechat(14000))
    with pytest.raises(BillingError) as refused:
        ledger.record_payment(wechat(500))
    assert refused.value.reason == "idempotency_key_reused"


def test_the_centre_takes_no_more_than_is_outstanding():
    with pytest.raises(BillingError) as refused:
        ChargeLedger("CH-1", 14000).record_payment(cash(14001))
    assert refused.value.reason == "payment_exceeds_outstanding"


def test_an_integration_overpayment_is_recorded_and_becomes_refundable():
    ledger = ChargeLedger("CH-1", 14000).record_payment(wechat(15000))
    assert (ledger.balance().outstanding_fen, ledger.balance().refundable_fen) == (0, 1000)


def test_nothing_is_refundable_until_a_credit_note_lowers_what_is_owed():
    paid = ChargeLedger("CH-1", 14000).record_payment(cash(14000))
    with pytest.raises(BillingError) as refused:
        paid.record_refund(Refund("R-1", "CH-1", "PAY-1", 4000, "服务不满意"))
    assert refused.value.reason == "refund_exceeds_refundable"
    credited = paid.record_credit_note(CreditNote("CN-1", "CH-1", 4000, "投诉处理减免"))
    refunded = credited.record_refund(Refund("R-1", "CH-1", "PAY-1", 4000, "服务不满意"))
    balance = refunded.balance()
    assert (balance.due_fen, balance.held_fen, balance.refundable_fen) == (10000, 10000, 0)


def test_a_refund_must_name_a_payment_of_this_charge_and_not_exceed_it():
    ledger = ChargeLedger("CH-1", 0).record_payment(wechat(3000))
    with pytest.raises(BillingError) as unknown:
        ledger.record_refund(Refund("R-1", "CH-1", "PAY-X", 100, "多付"))
    assert unknown.value.reason == "unknown_payment"
    with pytest.raises(BillingError) as too_much:
        ledger.record_refund(Refund("R-1", "CH-1", "PAY-W", 3001, "多付"))
    assert too_much.value.reason == "refund_exceeds_payment"


def test_a_credit_note_cannot_exceed_what_is_still_owed():
    ledger = ChargeLedger("CH-1", 5000).record_credit_note(CreditNote("CN-1", "CH-1", 3000, "减免"))
    with pytest.raises(BillingError) as refused:
        ledger.record_credit_note(CreditNote("CN-2", "CH-1", 2001, "减免"))
    assert refused.value.reason == "credit_exceeds_charge"


def test_documents_of_another_charge_are_refused():
    with pytest.raises(BillingError) as refused:
        ChargeLedger("CH-2", 5000).record_payment(cash(100))
    assert refused.value.reason == "document_for_other_charge"


amounts = st.integers(min_value=1, max_value=50_000)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("cash"), amounts),
        st.tuples(st.just("wechat"), amounts),
        st.tuples(st.just("credit"), amounts),
        st.tuples(st.just("refund"), amounts, st.integers(min_value=0, max_value=20)),
    ),
    max_size=25,
)


def apply(ledger, step, n):
    kind, amount = step[0], step[1]
    if kind == "cash":
        return ledger.record_payment(cash(amount, key=f"c{n}", payment_id=f"P{n}"))
    if kind == "wechat":
        return ledger.record_payment(wechat(amount, key=f"w{n}", payment_id=f"P{n}"))
    if kind == "credit":
        return ledger.record_credit_note(CreditNote(f"CN{n}", "CH-1", amount, "减免"))
    target = ledger.payments[step[2] % len(ledger.payments)].payment_id if ledger.payments else "none"
    return ledger.record_refund(Refund(f"R{n}", "CH-1", target, amount, "退款"))


@FAST
@given(st.integers(min_value=0, max_value=100_000), operations)
def test_no_sequence_of_documents_makes_a_balance_negative_or_inexact(charged, steps):
    ledger = ChargeLedger("CH-1", charged)
    for n, step in enumerate(steps):
        try:
            ledger = apply(ledger, step, n)
        except BillingError:
            pass  # refused: the ledger is immutable, so nothing changed
        balance = ledger.balance()
        assert balance.refundable_fen >= 0 and balance.outstanding_fen >= 0
        assert 0 <= balance.credited_fen <= balance.charged_fen
        assert 0 <= balance.refunded_fen <= balance.paid_fen
        assert balance.due_fen - balance.held_fen == balance.outstanding_fen - balance.refundable_fen
        assert balance.paid_fen == sum(p.amount_fen for p in ledger.payments)
        for payment in ledger.payments:
            returned = sum(r.amount_fen for r in ledger.refunds if r.payment_id == payment.payment_id)
            assert returned <= payment.amount_fen


@FAST
@given(st.integers(min_value=0, max_value=100_000), amounts)
def test_a_refund_of_exactly_the_refundable_amount_always_succeeds(charged, paid):
    ledger = ChargeLedger("CH-1", charged).record_payment(wechat(paid))
    refundable = ledger.balance().refundable_fen
    if refundable:
        after = ledger.record_refund(Refund("R-1", "CH-1", "PAY-W", refundable, "多付退回"))
        assert after.balance().refundable_fen == 0
        assert after.balance().held_fen == charged
