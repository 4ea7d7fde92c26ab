"""VS-1: ID documents are stored masked and matched by a keyed fingerprint."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from visits.domain import DomainError, fingerprint, mask_id_document, normalise_document_number, protect_document

FAST = settings(max_examples=150, deadline=None, database=None)
SECRET = b"a-test-secret-of-32-bytes-length"
ID_CARD = "11010519491231002X"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


id_cards = st.text("0123456789", min_size=17, max_size=17).map(with_check_digit)
other_numbers = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=4, max_size=32)


def test_document_number_is_upper_cased_and_stripped_of_spaces():
    assert normalise_document_number("id_card", " 110105 19491231 002x ") == ID_CARD
    assert normalise_document_number("passport", "e 1234-5678") == "E12345678"


def test_full_width_digits_typed_on_a_chinese_keyboard_are_read_as_ascii():
    assert normalise_document_number("passport", "Ｅ１２３４５６７８") == "E12345678"


def test_id_card_with_a_wrong_check_digit_is_refused_naming_the_field():
    with pytest.raises(DomainError) as error:
        normalise_document_number("id_card", "110105194912310021")
    assert error.value.field == "document_number"


@pytest.mark.parametrize("number", ["", "   ", "12", "AB#123", "A" * 33])
def test_malformed_document_numbers_are_refused(number):
    with pytest.raises(DomainError):
        normalise_document_number("passport", number)


def test_unknown_document_type_is_refused():
    with pytest.raises(DomainError) as error:
        mask_id_document("library_card", "12345678")
    assert error.value.field == "document_type"


def test_id_card_keeps_only_its_last_four_characters():
    assert mask_id_document("id_card", ID_CARD) == "*" * 14 + "002X"


def test_short_numbers_always_hide_at_least_four_characters():
    assert mask_id_document("other", "AB1234") == "****34"
    assert mask_id_document("other", "AB12") == "****"


@FAST
@given(st.one_of(id_cards.map(lambda n: ("id_card", n)), other_numbers.map(lambda n: ("passport", n))))
def test_masking_never_leaks_more_than_the_kept_characters(case):
    doc_type, number = case
    masked = mask_id_document(doc_type, number)
    visible = masked.lstrip("*")
    assert len(masked) == len(number)
    assert len(visible) <= 4 and masked.count("*") >= 4
    assert number.endswith(visible)
    assert "*" not in visible


@FAST
@given(id_cards)
def test_fingerprint_ignores_spacing_and_case(number):
    typed = " ".join([number[:6], number[6:14], number[14:].lower()])
    assert fingerprint(SECRET, "id_card", typed) == fingerprint(SECRET, "id_card", number)


def test_fingerprint_depends_on_the_secret_and_the_document_type():
    base = fingerprint(SECRET, "passport", "E12345678")
    assert base != fingerprint(SECRET[::-1], "passport", "E12345678")
    assert base != fingerprint(SECRET, "hk_macao_permit", "E12345678")
    assert "12345678" not in base


def test_a_short_secret_is_refused():
    with pytest.raises(DomainError):
        fingerprint(b"short", "passport", "E12345678")


def test_protected_document_holds_no_full_number():
    protected = protect_document(SECRET, "id_card", ID_CARD)
    assert ID_CARD not in repr(protected)
    assert protected.masked_number.endswith("002X")
