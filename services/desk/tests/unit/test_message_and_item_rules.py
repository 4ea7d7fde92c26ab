"""Phone messages' states, items held past their period, who a person is, and the desk's settings' bounds."""
from datetime import UTC, datetime, timedelta

import pytest
from desk.domain.held_items import check_return, due_back_by, is_overdue
from desk.domain.messages import Addressee, MessageStatus, acknowledge, check_deliver
from desk.domain.people import Person, proves_to_be, same_name
from desk.domain.settings import DeskSettings
from kefulib.domain_errors import BadField, Refused
from kefulib.masking import mask_phone

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
FOR_LI = Addressee("s-li", None)
FOR_ENGINEERING = Addressee(None, "engineering")


def test_a_message_is_delivered_once():
    check_deliver("left")
    for status in ("delivered", "acknowledged"):
        with pytest.raises(Refused) as refused:
            check_deliver(status)
        assert refused.value.code == "already_delivered"


def test_the_person_it_is_for_acknowledges_and_a_left_message_becomes_delivered_on_the_way():
    assert acknowledge("delivered", FOR_LI, "s-li") == [MessageStatus.ACKNOWLEDGED]
    assert acknowledge("left", FOR_LI, "s-li") == [MessageStatus.DELIVERED, MessageStatus.ACKNOWLEDGED]
    assert acknowledge("acknowledged", FOR_LI, "s-li") == []


def test_someone_else_cannot_acknowledge_a_personal_message_but_anyone_a_departments():
    with pytest.raises(Refused) as refused:
        acknowledge("delivered", FOR_LI, "s-wang")
    assert refused.value.code == "not_the_addressee"
    assert acknowledge("delivered", FOR_ENGINEERING, "s-wang") == [MessageStatus.ACKNOWLEDGED]


def test_an_item_is_overdue_after_the_holding_period_until_returned():
    received = NOW - timedelta(days=30)
    assert due_back_by(received, 30) == NOW
    assert not is_overdue("held", received, NOW, 30)
    assert is_overdue("held", received, NOW + timedelta(seconds=1), 30)
    assert not is_overdue("returned", received, NOW + timedelta(days=9), 30)


def test_an_item_is_returned_once():
    check_return("held")
    with pytest.raises(Refused) as refused:
        check_return("returned")
    assert refused.value.code == "already_returned"


def test_names_match_regardless_of_spacing_and_case_and_never_when_blank():
    assert same_name("王 小明", "王小明") and same_name("Zhang San", "zhang  san")
    assert not same_name("", "") and not same_name("王小明", "王晓明")


def test_a_proof_matches_only_the_same_kind_of_proof():
    named = Person("Li", id_last4="0042", phone="13900000000")
    assert proves_to_be(Person("li", phone="139 0000 0000"), named)
    assert proves_to_be(Person("LI", id_last4="0042"), named)
    assert not proves_to_be(Person("Li"), named)


def test_phones_are_masked_like_ticketing_masks_callers():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("12345") == "*****" and mask_phone(None) is None


def test_the_desk_settings_are_bounded():
    assert DeskSettings() == DeskSettings(unclaimed_parcel_days=7, item_holding_days=30)
    for field, value in (("unclaimed_parcel_days", 0), ("unclaimed_parcel_days", 61), ("item_holding_days", 366)):
        with pytest.raises(BadField) as bad:
            DeskSettings(**{field: value})
        assert bad.value.field == field
