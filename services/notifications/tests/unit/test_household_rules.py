"""Households told by the desk: whose phone, the read link, the counts."""
from datetime import UTC, datetime, timedelta

from notifications.domain.households import (
    SURVEY_ROLE_ORDER,
    household_phone,
    progress,
    read_link_expiry,
    sign_read_link,
    verify_read_link,
)
from notifications.domain.surveys import LinkState, sign_link

KEY = b"k" * 32
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_a_resident_is_told_before_the_owner_and_a_household_without_a_phone_is_not():
    owner = {"role": "owner", "name": "业主", "phone": "13900000001"}
    resident = {"role": "resident", "name": "租户", "phone": " 13800000002 "}
    assert household_phone([owner, resident]) == "13800000002"
    assert household_phone([owner, {"role": "resident", "name": "家属", "phone": ""}]) == "13900000001"
    assert household_phone([]) is None


def test_a_survey_asks_the_owner_first_and_a_resident_only_when_the_owner_left_no_phone():
    owner = {"role": "owner", "name": "业主", "phone": "13900000001"}
    resident = {"role": "resident", "name": "租户", "phone": "13800000002"}
    assert household_phone([resident, owner], SURVEY_ROLE_ORDER) == "13900000001"
    assert household_phone([{**owner, "phone": None}, resident], SURVEY_ROLE_ORDER) == "13800000002"
    assert household_phone([{"role": "tenant_agent", "phone": "13700000003"}], SURVEY_ROLE_ORDER) is None


def test_a_read_link_names_its_delivery_and_is_never_a_survey_link():
    expires = NOW + timedelta(days=30)
    link = verify_read_link(sign_read_link("d-1", expires, KEY), KEY, NOW)
    assert (link.state, link.delivery_id) == (LinkState.VALID, "d-1")
    assert verify_read_link(sign_read_link("d-1", expires, KEY), KEY, expires + timedelta(seconds=1)).state \
        is LinkState.EXPIRED
    assert verify_read_link(sign_link("d-1", expires, KEY), KEY, NOW).state is LinkState.TAMPERED  # a survey's
    assert verify_read_link(sign_read_link("d-1", expires, b"x" * 32), KEY, NOW).state is LinkState.TAMPERED


def test_a_link_lasts_until_the_notices_end_or_thirty_days():
    assert read_link_expiry(NOW, NOW + timedelta(days=3)) == NOW + timedelta(days=3)
    assert read_link_expiry(NOW, None) == NOW + timedelta(days=30)


def test_counts_add_up_to_the_households_and_sending_is_still_queued():
    counts = progress(10, {"queued": 2, "sending": 1, "sent": 4, "delivered": 1, "suppressed": 2}, read=3)
    assert counts == {"households": 10, "queued": 3, "sent": 4, "delivered": 1, "failed": 0, "suppressed": 2,
                      "read": 3}
