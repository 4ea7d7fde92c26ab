"""Property tests of the SLA clock: deadlines, pauses and business calendars."""
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from ticketing.domain import (
    ALWAYS_OPEN,
    BusinessCalendar,
    Clock,
    Pause,
    SlaPolicy,
    SlaSubject,
    SlaTarget,
    TargetRule,
    TicketKind,
    WorkWindow,
    advance,
    compute_deadlines,
    running_time,
)

UTC = UTC
START = datetime(2026, 1, 1, tzinfo=UTC)
PROPS = settings(max_examples=150, deadline=None)

instants = st.integers(0, 60 * 24 * 60).map(lambda m: START + timedelta(minutes=m))
durations = st.integers(1, 60 * 24 * 5).map(lambda m: timedelta(minutes=m))


@st.composite
def closed_pauses(draw, after=START, max_count=4):
    pauses = []
    cursor = draw(st.integers(0, 60 * 24 * 10).map(lambda m: after + timedelta(minutes=m)))
    for _ in range(draw(st.integers(0, max_count))):
        length = timedelta(minutes=draw(st.integers(0, 60 * 30)))
        pauses.append(Pause(cursor, cursor + length, "waiting_customer"))
        cursor += length + timedelta(minutes=draw(st.integers(1, 60 * 30)))
    return pauses


@st.composite
def windows(draw):
    bounds = sorted(draw(st.sets(st.integers(0, 24 * 4 - 1), min_size=0, max_size=6)))
    pairs = list(zip(bounds[::2], bounds[1::2], strict=False))
    return tuple(WorkWindow(_quarter(a), _quarter(b)) for a, b in pairs)


def _quarter(q):
    return time(q // 4, (q % 4) * 15)


@st.composite
def calendars(draw):
    week = [draw(windows()) for _ in range(7)]
    if not any(week):
        week[0] = (WorkWindow(time(9), time(17)),)
    days = st.dates(date(2026, 1, 1), date(2026, 3, 31))
    return BusinessCalendar(
        timezone=draw(st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "UTC"])),
        weekly_hours=tuple(week), holidays=frozenset(draw(st.sets(days, max_size=10))),
        extra_working_days=frozenset(draw(st.sets(days, max_size=3))))


any_calendar = st.one_of(st.just(ALWAYS_OPEN), calendars())


@PROPS
@given(calendar=any_calendar, created=instants, duration=durations, pauses=closed_pauses())
def test_deadline_is_never_before_the_ticket_was_created(calendar, created, duration, pauses):
    assert advance(calendar, created, duration, pauses) >= created


@PROPS
@given(created=instants, duration=durations, pauses=closed_pauses())
def test_a_24x7_deadline_is_creation_plus_duration_plus_the_paused_time_before_it(created, duration, pauses):
    deadline = advance(ALWAYS_OPEN, created, duration, pauses)
    paused = sum((min(p.end, deadline) - max(p.start, created) for p in pauses
                  if p.end > created and p.start < deadline), timedelta(0))
    assert deadline == created + duration + paused


@PROPS
@given(created=instants, duration=durations, data=st.data())
def test_a_24x7_pause_wholly_before_the_deadline_moves_it_by_exactly_its_length(created, duration, data):
    start = created + timedelta(minutes=data.draw(st.integers(0, duration // timedelta(minutes=1) - 1)))
    length = timedelta(minutes=data.draw(st.integers(1, 60 * 24)))
    assert advance(ALWAYS_OPEN, created, duration, [Pause(start, start + length)]) == created + duration + length


@PROPS
@given(calendar=any_calendar, created=instants, duration=durations, pauses=closed_pauses(), extra=closed_pauses(max_count=2))
def test_adding_pause_time_never_moves_a_deadline_earlier(calendar, created, duration, pauses, extra):
    before = advance(calendar, created, duration, pauses)
    assert advance(calendar, created, duration, [*pauses, *extra]) >= before


@PROPS
@given(calendar=any_calendar, created=instants, duration=durations, pauses=closed_pauses())
def test_the_deadline_moves_by_exactly_the_paused_business_time(calendar, created, duration, pauses):
    deadline = advance(calendar, created, duration, pauses)
    assert running_time(calendar, created, deadline, pauses) == duration
    paused_business = running_time(calendar, created, deadline) - running_time(calendar, created, deadline, pauses)
    assert running_time(calendar, created, deadline) == duration + paused_business


@PROPS
@given(calendar=calendars(), created=instants, duration=durations, pauses=closed_pauses())
def test_business_calendar_deadlines_fall_inside_working_hours(calendar, created, duration, pauses):
    deadline = advance(calendar, created, duration, pauses)
    assert calendar.is_open_at(deadline - timedelta(microseconds=1))


@PROPS
@given(calendar=any_calendar, created=instants, duration=durations, pauses=closed_pauses(),
       open_offset=st.integers(0, 60 * 24 * 20))
def test_an_open_pause_hides_the_deadline_only_if_it_began_before_the_deadline(
        calendar, created, duration, pauses, open_offset):
    closed_end = max([p.end for p in pauses], default=created)
    open_pause = Pause(closed_end + timedelta(minutes=open_offset))
    without = advance(calendar, created, duration, pauses)
    with_open = advance(calendar, created, duration, [*pauses, open_pause])
    assert with_open == (without if without <= open_pause.start else None)


@PROPS
@given(calendar=calendars(), created=instants, duration=durations)
def test_business_target_deadlines_from_compute_deadlines_run_on_the_project_calendar(calendar, created, duration):
    policy = SlaPolicy(general_fixed=TargetRule(duration, Clock.BUSINESS))
    deadlines = compute_deadlines(policy, calendar, SlaSubject(TicketKind.GENERAL_REPAIR), created)
    assert deadlines[SlaTarget.FIXED] == advance(calendar, created, duration)
    assert running_time(calendar, created, deadlines[SlaTarget.FIXED]) == duration
