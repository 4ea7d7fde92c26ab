"""VS-1 check-out rules and VS-2: a visitor view never carries a resident's phone or address."""
from datetime import UTC, datetime, timedelta

import pytest
from visits.domain import (
    FORBIDDEN_FIELD_WORDS,
    VISITOR_VIEW_FIELDS,
    Decision,
    DomainError,
    InvalidInput,
    RuleRefused,
    check_out,
    entry_to_view,
    protect_document,
    register_check_in,
    visitor_view,
)

NOW = datetime(2024, 5, 10, 9, 0, tzinfo=UTC)
DOCUMENT = protect_document(b"a-test-secret-of-32-bytes-length", "id_card", "11010519491231002X")
ALLOWED = Decision(True, "host_consented", "ok")


def entry():
    return register_check_in("Li Lei", DOCUMENT, "3-12-1203", "delivery", ALLOWED, NOW, badge_number="B-07")


def test_view_fields_name_no_phone_address_or_document_secret():
    for name in VISITOR_VIEW_FIELDS:
        for word in FORBIDDEN_FIELD_WORDS + ("phone", "address"):
            assert word not in name.lower(), name


def test_view_drops_resident_phone_and_address_from_a_stored_record():
    stored = {
        "id": "v1", "visitor_name": "Li Lei", "unit_id": "3-12-1203",
        "resident_phone": "13800000000", "host_address": "Building 3, 12F", "phone": "1",
        "address": "x", "document_fingerprint": "ab12", "tenant_id": "p1",
    }
    view = visitor_view(stored)
    assert view == {"id": "v1", "visitor_name": "Li Lei", "unit_id": "3-12-1203"}


def test_entry_view_shows_only_the_masked_document():
    view = entry_to_view(entry(), entry_id="v1")
    assert set(view) <= set(VISITOR_VIEW_FIELDS)
    assert view["document_masked"].endswith("002X")
    assert "11010519491231002X" not in repr(view)


def test_a_refused_decision_cannot_be_checked_in():
    refused = Decision(False, "watch_listed", "banned")
    with pytest.raises(RuleRefused) as error:
        register_check_in("Li Lei", DOCUMENT, "3-12-1203", "", refused, NOW)
    assert error.value.code == "entry_refused"


def test_check_in_requires_a_visitor_name():
    with pytest.raises(DomainError) as error:
        register_check_in("  ", DOCUMENT, "3-12-1203", "", ALLOWED, NOW)
    assert error.value.field == "visitor_name"


def test_checking_out_records_the_time_and_leaves_the_site():
    left = check_out(entry(), NOW + timedelta(hours=1))
    assert left.checked_out_at == NOW + timedelta(hours=1) and not left.on_site


def test_a_visitor_cannot_check_out_twice():
    left = check_out(entry(), NOW + timedelta(hours=1))
    with pytest.raises(RuleRefused) as error:
        check_out(left, NOW + timedelta(hours=2))
    assert error.value.code == "already_checked_out"


def test_check_out_cannot_precede_check_in():
    with pytest.raises(InvalidInput) as error:
        check_out(entry(), NOW - timedelta(seconds=1))
    assert (error.value.code, error.value.field) == ("check_out_before_check_in", "checked_out_at")


def test_errors_serialise_with_code_field_and_message_for_the_api():
    with pytest.raises(DomainError) as error:
        register_check_in("Li Lei", DOCUMENT, "", "", ALLOWED, NOW)
    assert error.value.to_dict() == {"code": "required", "field": "unit_id", "message": "unit_id is required"}
