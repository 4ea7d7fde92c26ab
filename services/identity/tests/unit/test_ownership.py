from datetime import date

import pytest
from identity.domain import InvalidInput, OwnershipRecord, current_owner, history, transfer

FIRST = OwnershipRecord("own-1", "3-15-02", "archive-a", valid_from=date(2020, 5, 1))


def test_a_transfer_closes_the_current_record_and_opens_the_new_owners():
    records = transfer(
        [FIRST], unit_id="3-15-02", new_record_id="own-2", new_owner_archive_id="archive-b", on=date(2024, 3, 1)
    )
    assert [(r.record_id, r.valid_until) for r in records] == [("own-1", date(2024, 3, 1)), ("own-2", None)]


def test_the_newest_owner_wins_from_the_transfer_day_and_history_is_kept():
    records = transfer(
        [FIRST], unit_id="3-15-02", new_record_id="own-2", new_owner_archive_id="archive-b", on=date(2024, 3, 1)
    )
    assert current_owner(records, "3-15-02", date(2024, 2, 29)).record_id == "own-1"
    assert current_owner(records, "3-15-02", date(2024, 3, 1)).record_id == "own-2"
    assert [r.record_id for r in history(records, "3-15-02")] == ["own-1", "own-2"]


def test_the_input_list_is_not_changed():
    records = [FIRST]
    transfer(records, unit_id="3-15-02", new_record_id="own-2", new_owner_archive_id="archive-b", on=date(2024, 3, 1))
    assert records == [FIRST]


def test_a_unit_without_an_owner_gets_its_first_record():
    records = transfer(
        [], unit_id="1-1-01", new_record_id="own-9", new_owner_archive_id="archive-z", on=date(2024, 1, 1)
    )
    assert current_owner(records, "1-1-01", date(2024, 1, 1)).owner_archive_id == "archive-z"


def test_other_units_are_untouched_and_have_their_own_owner():
    other = OwnershipRecord("own-5", "1-1-01", "archive-x", valid_from=date(2021, 1, 1))
    records = transfer(
        [FIRST, other], unit_id="3-15-02", new_record_id="own-2", new_owner_archive_id="b", on=date(2024, 3, 1)
    )
    assert current_owner(records, "1-1-01", date(2024, 6, 1)) == other


def test_when_bad_data_leaves_two_open_records_the_newest_wins():
    newer = OwnershipRecord("own-7", "3-15-02", "archive-n", valid_from=date(2023, 1, 1))
    assert current_owner([newer, FIRST], "3-15-02", date(2024, 1, 1)) == newer


def test_nobody_owns_a_unit_before_its_first_record():
    assert current_owner([FIRST], "3-15-02", date(2019, 1, 1)) is None


@pytest.mark.parametrize("on", [date(2020, 5, 1), date(2019, 12, 31)])
def test_a_transfer_on_or_before_the_current_owners_start_is_refused(on):
    with pytest.raises(InvalidInput):
        transfer([FIRST], unit_id="3-15-02", new_record_id="own-2", new_owner_archive_id="b", on=on)


def test_a_reused_record_id_is_refused():
    with pytest.raises(InvalidInput) as error:
        transfer([FIRST], unit_id="3-15-02", new_record_id="own-1", new_owner_archive_id="b", on=date(2024, 1, 1))
    assert error.value.field == "record_id"


def test_a_record_cannot_end_before_it_starts():
    with pytest.raises(InvalidInput):
        OwnershipRecord("own-3", "u", "a", valid_from=date(2024, 1, 2), valid_until=date(2024, 1, 1))
