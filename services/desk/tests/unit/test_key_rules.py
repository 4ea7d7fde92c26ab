"""The key register's rules (DK-2): authorised sign-out, project keys to staff, overdue, the shift count."""
from datetime import UTC, datetime, timedelta

import pytest
from desk.domain.keys import (
    Authorisation,
    KeyKind,
    RegisteredKey,
    check_authorisation,
    check_key_definition,
    count_keys,
    is_overdue,
    needs_overdue_flag,
    sign_out,
)
from desk.domain.people import Person
from kefulib.domain_errors import BadField, Refused

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=2)
WANG = Person("王 小明", id_last4="123X")
SISTER = Person("王小红", phone="13800001234")
AUTHORISED = Authorisation((WANG, SISTER), NOW + timedelta(days=30))


def spare_sign_out(holder, authorisation=AUTHORISED, is_out=False, at=NOW, expected=LATER):
    return sign_out(KeyKind.UNIT_SPARE, is_out=is_out, authorisation=authorisation, holder=holder, staff_id=None,
                    expected_return_at=expected, now=at)


def refusal(call) -> str:
    with pytest.raises(Refused) as refused:
        call()
    return refused.value.code


def test_a_person_the_owner_named_takes_the_spare_key_with_matching_id_digits():
    loan = spare_sign_out(Person("王小明", id_last4="123x"))
    assert loan.holder.name == "王小明" and loan.expected_return_at == LATER and loan.signed_out_at == NOW


def test_a_named_person_may_prove_themselves_by_phone_instead():
    assert spare_sign_out(Person("王小红", phone="138-0000-1234")).holder.name == "王小红"


def test_a_person_the_owner_did_not_name_is_refused():
    assert refusal(lambda: spare_sign_out(Person("李四", id_last4="123X"))) == "holder_not_authorised"


def test_the_right_name_with_the_wrong_id_digits_is_refused():
    assert refusal(lambda: spare_sign_out(Person("王小明", id_last4="9999"))) == "holder_not_authorised"


def test_a_proof_the_authorisation_does_not_hold_proves_nothing():
    # The owner gave Wang's ID digits, not his phone: a phone, whatever it is, cannot match.
    assert refusal(lambda: spare_sign_out(Person("王小明", phone="13800001234"))) == "holder_not_authorised"


def test_no_written_authorisation_means_no_sign_out():
    assert refusal(lambda: spare_sign_out(WANG, authorisation=None)) == "no_authorisation"


def test_an_expired_authorisation_is_refused():
    expired = Authorisation((WANG,), NOW - timedelta(minutes=1))
    assert refusal(lambda: spare_sign_out(WANG, authorisation=expired)) == "authorisation_expired"


def test_a_key_already_out_is_refused():
    assert refusal(lambda: spare_sign_out(WANG, is_out=True)) == "key_already_out"


def test_the_expected_return_must_be_later_than_now():
    with pytest.raises(BadField) as bad:
        spare_sign_out(WANG, expected=NOW)
    assert bad.value.field == "expected_return_at"


@pytest.mark.parametrize("kind", [KeyKind.COMMON_AREA, KeyKind.PLANT_ROOM, KeyKind.OTHER])
def test_the_projects_own_keys_go_to_staff_only(kind):
    def to(staff_id):
        return sign_out(kind, is_out=False, authorisation=None, holder=Person("张工", id_last4="0001"),
                        staff_id=staff_id, expected_return_at=LATER, now=NOW)
    assert refusal(lambda: to(None)) == "staff_only"
    assert to("s-tech1").staff_id == "s-tech1"


def test_a_unit_spare_key_names_its_unit():
    with pytest.raises(BadField) as bad:
        check_key_definition("unit_spare", None)
    assert bad.value.field == "unit_id"
    check_key_definition("plant_room", None)


def test_an_authorisation_names_people_with_proof_and_is_still_valid():
    check_authorisation("unit_spare", [WANG], NOW + timedelta(days=1), NOW)
    with pytest.raises(BadField) as bad:
        check_authorisation("unit_spare", [WANG, Person("无证明")], NOW + timedelta(days=1), NOW)
    assert bad.value.field == "persons.1"
    with pytest.raises(BadField) as bad:
        check_authorisation("unit_spare", [WANG], NOW, NOW)
    assert bad.value.field == "valid_until"
    assert refusal(lambda: check_authorisation("plant_room", [WANG], LATER, NOW)) == "not_an_owner_key"


def test_a_key_is_overdue_only_past_its_expected_return_and_flagged_once():
    assert not is_overdue(None, NOW)
    assert not is_overdue(NOW, NOW)
    assert is_overdue(NOW - timedelta(seconds=1), NOW)
    assert needs_overdue_flag(NOW - timedelta(hours=1), None, NOW)
    assert not needs_overdue_flag(NOW - timedelta(hours=1), NOW, NOW)


def test_the_shift_count_finds_out_overdue_missing_and_unrecorded_returns():
    register = [RegisteredKey("k-hook", None), RegisteredKey("k-lost", None),
                RegisteredKey("k-out", LATER), RegisteredKey("k-late", NOW - timedelta(hours=1)),
                RegisteredKey("k-back", LATER)]
    found = count_keys(register, ["k-hook", "k-back", "k-hook"], NOW)
    assert found.present == ["k-back", "k-hook"]
    assert found.out == ["k-back", "k-late", "k-out"]
    assert found.overdue == ["k-late"]
    assert found.missing == ["k-lost"]
    assert found.present_while_out == ["k-back"]


def test_a_count_naming_a_key_not_in_the_register_names_the_field_not_the_id():
    with pytest.raises(BadField) as bad:
        count_keys([RegisteredKey("k1", None)], ["k1", "someone-elses-key"], NOW)
    assert bad.value.field == "present_key_ids" and "someone-elses-key" not in bad.value.message
    assert "items 1" in bad.value.message
