"""Corridor clutter notices and storage, neighbour dispute records (TK-11)."""
from datetime import UTC, datetime, timedelta

import pytest
from ticketing.domain import (
    ClutterCase,
    ClutterStage,
    DisputeRecord,
    InvalidInput,
    Participant,
    TransitionRefused,
    add_step,
    issue_notice,
    release,
    remove_to_storage,
    settle,
)

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def noticed(times=3):
    case = ClutterCase("T-7", "Block 3, floor 12 corridor")
    for n in range(times):
        case = issue_notice(case, T0 + n * DAY)
    return case


def test_clutter_is_removed_only_after_three_written_notices():
    with pytest.raises(TransitionRefused) as err:
        remove_to_storage(noticed(2), T0 + 5 * DAY, "S-0001")
    assert err.value.reason == "1 more written notice(s) are due before removal"
    stored = remove_to_storage(noticed(3), T0 + 5 * DAY, "S-0001")
    assert stored.stage is ClutterStage.IN_STORAGE and stored.storage_number == "S-0001"


def test_stored_goods_are_released_only_against_the_owners_signature():
    stored = remove_to_storage(noticed(), T0 + 5 * DAY, "S-0001")
    with pytest.raises(InvalidInput) as err:
        release(stored, T0 + 6 * DAY, " ")
    assert err.value.field == "owner_signature"
    released = release(stored, T0 + 6 * DAY, "Owner Zhang")
    assert released.stage is ClutterStage.RELEASED and released.released_to == "Owner Zhang"


def test_no_notice_after_removal_and_no_release_before_it():
    with pytest.raises(TransitionRefused):
        release(noticed(), T0 + 6 * DAY, "Owner Zhang")
    stored = remove_to_storage(noticed(), T0 + 5 * DAY, "S-0001")
    with pytest.raises(TransitionRefused):
        issue_notice(stored, T0 + 6 * DAY)
    with pytest.raises(TransitionRefused):
        remove_to_storage(stored, T0 + 6 * DAY, "S-0002")


def test_removal_needs_a_storage_number_and_cannot_predate_the_last_notice():
    with pytest.raises(InvalidInput):
        remove_to_storage(noticed(), T0 + 5 * DAY, "")
    with pytest.raises(TransitionRefused):
        remove_to_storage(noticed(), T0, "S-0001")


def test_the_number_of_notices_is_a_project_setting():
    case = issue_notice(ClutterCase("T-8", "lobby", notices_required=1), T0)
    assert remove_to_storage(case, T0 + DAY, "S-9").stage is ClutterStage.IN_STORAGE


def test_a_dispute_record_keeps_every_step_and_who_took_part():
    record = DisputeRecord("T-9", ("3-1201", "3-1301"))
    record = add_step(record, T0, "zone steward Liu", "talked to both households",
                      {"complainant", "other_party", "property_staff"})
    record = add_step(record, T0 + DAY, "CS supervisor", "mediation with the residents' committee",
                      {Participant.RESIDENTS_COMMITTEE, Participant.OWNERS_COMMITTEE})
    record = settle(record, T0 + 2 * DAY, "quiet hours after 22:00 agreed")
    assert len(record.steps) == 2
    assert {Participant.RESIDENTS_COMMITTEE, Participant.OWNERS_COMMITTEE} <= record.participants
    with pytest.raises(TransitionRefused):
        add_step(record, T0 + 3 * DAY, "x", "y", {"police"})


def test_a_dispute_needs_two_parties_named_participants_and_a_step_before_settling():
    with pytest.raises(InvalidInput):
        DisputeRecord("T-9", ("3-1201",))
    record = DisputeRecord("T-9", ("3-1201", "3-1301"))
    with pytest.raises(TransitionRefused):
        settle(record, T0, "x")
    with pytest.raises(InvalidInput) as err:
        add_step(record, T0, "x", "y", {"neighbourhood_cat"})
    assert err.value.field == "participants"
