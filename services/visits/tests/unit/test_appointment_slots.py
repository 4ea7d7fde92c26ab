"""VS-5: slots come from weekly opening hours on the project clock and never overlap."""
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from visits.domain import BookableResource, DomainError, generate_slots, seat_keys, slot_key

FAST = settings(max_examples=150, deadline=None, database=None)
MONDAY = date(2024, 5, 13)
CLUBHOUSE = BookableResource(
    "clubhouse", {0: ((time(9), time(12)), (time(14), time(17, 45)))}, slot_minutes=60,
    closed_on=frozenset({date(2024, 5, 20)}),
)


def minutes_to_time(minutes):
    return time(minutes // 60, minutes % 60)


@st.composite
def resources(draw):
    hours = {}
    for weekday in draw(st.sets(st.integers(0, 6), max_size=7)):
        edges = sorted(draw(st.sets(st.integers(0, 1439), min_size=2, max_size=6)))
        edges = edges[: len(edges) // 2 * 2]
        hours[weekday] = tuple(
            (minutes_to_time(a), minutes_to_time(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)
        )
    zone = draw(st.sampled_from(["Asia/Shanghai", "Asia/Shanghai", "Europe/Berlin", "America/New_York"]))
    return BookableResource("gym", hours, slot_minutes=draw(st.integers(5, 240)), timezone=zone)


DAYLIGHT_SAVING_DAYS = [date(2024, 3, 31), date(2024, 10, 27), date(2024, 3, 10), date(2024, 11, 3)]
days = st.one_of(
    st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)), st.sampled_from(DAYLIGHT_SAVING_DAYS)
)


@FAST
@given(resources(), days)
def test_slots_never_overlap(resource, day):
    slots = generate_slots(resource, day)
    for earlier, later in zip(slots, slots[1:], strict=False):
        assert earlier.end.astimezone(UTC) <= later.start.astimezone(UTC)


@FAST
@given(resources(), days)
def test_every_slot_lies_inside_an_opening_window_on_that_day(resource, day):
    windows = resource.weekly_hours.get(day.weekday(), ())
    for slot in generate_slots(resource, day):
        assert slot.start.tzinfo is not None and slot.start.date() == day
        assert slot.end - slot.start == timedelta(minutes=resource.slot_minutes)
        assert any(
            datetime.combine(day, a) <= slot.start.replace(tzinfo=None)
            and slot.end.replace(tzinfo=None) <= datetime.combine(day, b)
            for a, b in windows
        )


def test_clubhouse_monday_slots_skip_lunch_and_the_partial_last_hour():
    starts = [slot.start.strftime("%H:%M") for slot in generate_slots(CLUBHOUSE, MONDAY)]
    assert starts == ["09:00", "10:00", "11:00", "14:00", "15:00", "16:00"]
    assert str(generate_slots(CLUBHOUSE, MONDAY)[0].start.tzinfo) == "Asia/Shanghai"


def test_no_slots_on_a_closed_day_or_a_day_without_hours():
    assert generate_slots(CLUBHOUSE, date(2024, 5, 20)) == ()
    assert generate_slots(CLUBHOUSE, MONDAY + timedelta(days=1)) == ()


def test_the_hour_skipped_by_daylight_saving_offers_no_slot():
    berlin = BookableResource("pool", {6: ((time(1), time(4)),)}, slot_minutes=60, timezone="Europe/Berlin")
    starts = [slot.start.strftime("%H:%M") for slot in generate_slots(berlin, date(2024, 3, 31))]
    assert starts == ["01:00", "03:00"]


def test_slot_key_is_the_same_for_the_same_instant_in_any_offset():
    shanghai = datetime(2024, 5, 13, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    assert slot_key("clubhouse", shanghai) == slot_key("clubhouse", shanghai.astimezone(UTC))
    assert slot_key("clubhouse", shanghai) == "clubhouse/2024-05-13T01:00Z/0"


def test_each_seat_of_a_shared_slot_has_its_own_key():
    gym = BookableResource("gym", {0: ((time(9), time(10)),)}, capacity=3)
    start = generate_slots(gym, MONDAY)[0].start
    assert seat_keys(gym, start) == tuple(slot_key("gym", start, seat) for seat in range(3))
    assert len(set(seat_keys(gym, start))) == 3


@FAST
@given(resources(), days)
def test_distinct_slots_have_distinct_keys(resource, day):
    keys = [slot_key(resource.resource_id, slot.start) for slot in generate_slots(resource, day)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "hours, field_code",
    [
        ({0: ((time(12), time(9)),)}, "invalid_window"),
        ({0: ((time(9), time(12)), (time(11), time(13)))}, "overlapping_windows"),
        ({7: ((time(9), time(12)),)}, "invalid_weekday"),
    ],
)
def test_malformed_opening_hours_are_refused(hours, field_code):
    with pytest.raises(DomainError) as error:
        BookableResource("gym", hours)
    assert (error.value.code, error.value.field) == (field_code, "weekly_hours")


def test_a_resource_needs_a_positive_slot_length_and_capacity():
    with pytest.raises(DomainError):
        BookableResource("gym", {}, slot_minutes=0)
    with pytest.raises(DomainError):
        BookableResource("gym", {}, capacity=0)


def test_slot_key_refuses_a_start_between_minutes():
    with pytest.raises(DomainError) as error:
        slot_key("gym", datetime(2024, 5, 13, 9, 0, 30, tzinfo=UTC))
    assert error.value.code == "not_aligned"


def test_opening_hours_are_whole_minutes():
    with pytest.raises(DomainError):
        BookableResource("gym", {0: ((time(9, 0, 30), time(12)),)})
