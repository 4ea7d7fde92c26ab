from datetime import UTC, datetime

import pytest
from billing.domain import (
    BillingError,
    CancelledNumber,
    DocumentNumber,
    DocumentType,
    format_document_number,
    missing_sequences,
    parse_document_number,
    sequence_scope,
)


def test_a_slip_number_reads_type_year_and_six_digit_sequence():
    assert format_document_number(DocumentType.SLIP, 2026, 123) == "SLIP-2026-000123"
    assert format_document_number("refund_note", 2026, 1) == "RFN-2026-000001"


def test_every_document_type_round_trips_through_its_text():
    for doc_type in DocumentType:
        number = DocumentNumber(doc_type, 2026, 42)
        assert parse_document_number(str(number)) == number


def test_a_sequence_beyond_six_digits_widens_instead_of_wrapping():
    assert format_document_number("invoice", 2026, 1_234_567) == "INV-2026-1234567"


@pytest.mark.parametrize("text", ["SLIP-2026-123", "XX-2026-000001", "slip-2026-000001", "SLIP-26-000001"])
def test_malformed_numbers_are_refused(text):
    with pytest.raises(BillingError) as refused:
        parse_document_number(text)
    assert refused.value.reason == "invalid_document_number"


def test_sequences_start_at_one_and_unknown_types_are_refused():
    with pytest.raises(BillingError):
        format_document_number("slip", 2026, 0)
    with pytest.raises(BillingError) as refused:
        format_document_number("voucher", 2026, 1)
    assert refused.value.reason == "unknown_document_type"


def test_each_project_type_and_year_has_its_own_counter():
    assert sequence_scope("P-1", DocumentType.SLIP, 2026) != sequence_scope("P-2", DocumentType.SLIP, 2026)
    assert sequence_scope("P-1", DocumentType.SLIP, 2026) != sequence_scope("P-1", DocumentType.RECEIPT, 2026)


def test_a_cancelled_number_keeps_reason_who_and_when():
    number = DocumentNumber(DocumentType.SLIP, 2026, 7)
    record = CancelledNumber(number, "填写错误", "cs-li", datetime(2026, 3, 1, tzinfo=UTC),
                             replaced_by=DocumentNumber(DocumentType.SLIP, 2026, 8))
    assert str(record.number) == "SLIP-2026-000007"
    with pytest.raises(BillingError) as no_reason:
        CancelledNumber(number, "", "cs-li", datetime(2026, 3, 1, tzinfo=UTC))
    assert no_reason.value.field == "reason"


def test_a_gap_in_issued_and_cancelled_numbers_is_found():
    assert missing_sequences([1, 2, 3, 5, 6]) == [4]
    assert missing_sequences([3, 1, 2]) == []
    assert missing_sequences([]) == []
