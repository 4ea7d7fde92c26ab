"""Who a message to a household reaches: the current owner first, then members with a phone, each phone once."""
from identity.domain import household_contacts, households


def test_the_owner_comes_first_and_a_phone_shared_with_a_member_is_written_to_once():
    owner = {"name": "王小明", "phone": "13812341234"}
    residents = {"members": [{"name": "王小明", "phone": "13812341234"}, {"name": "李娟", "phone": " 13900001111 "},
                             {"name": "王小宝"}]}
    assert household_contacts(owner, residents) == [
        {"role": "owner", "name": "王小明", "phone": "13812341234"},
        {"role": "resident", "name": "李娟", "phone": "13900001111"}]


def test_a_unit_without_archives_is_a_household_no_one_can_be_written_to():
    assert households([{"unit_id": "1-1-101", "building": "1"}], {}, {}) == [
        {"unit_id": "1-1-101", "building": "1", "contacts": []}]


def test_an_owner_without_a_phone_is_skipped_and_the_residents_remain():
    assert household_contacts({"name": "业主"}, {"members": [{"name": "租户", "phone": "13500000000"}]}) == [
        {"role": "resident", "name": "租户", "phone": "13500000000"}]
