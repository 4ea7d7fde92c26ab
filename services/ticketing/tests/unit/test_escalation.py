"""Breach reporting and the escalation ladder (TK-4)."""
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ticketing.domain import (
    ALWAYS_OPEN,
    Breach,
    BusinessCalendar,
    EscalationLevel,
    InvalidInput,
    Pause,
    SlaPolicy,
    SlaSubject,
    SlaTarget,
    StaffRole,
    TicketKind,
    breaches_due,
    escalation_roles,
    escalation_schedule,
    next_deadline,
)

UTC = UTC
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Shanghai
URGENT = SlaSubject(TicketKind.URGENT_REPAIR)


def schedule(subject=URGENT, pauses=(), policy=SlaPolicy()):
    return escalation_schedule(policy, BusinessCalendar(), subject, T0, pauses)


def due_of(sched, target, level):
    return next(b.due_at for b in sched if b.target is target and b.level is level)


def test_urgent_repair_escalates_to_supervisor_at_two_hours_then_manager_then_hq():
    sched = schedule()
    assert due_of(sched, SlaTarget.ON_SITE, EscalationLevel.SUPERVISOR) == T0 + timedelta(hours=2)
    assert due_of(sched, SlaTarget.ON_SITE, EscalationLevel.PROJECT_MANAGER) == T0 + timedelta(hours=4)
    assert due_of(sched, SlaTarget.ON_SITE, EscalationLevel.HQ) == T0 + timedelta(hours=6)
    assert due_of(sched, SlaTarget.FIXED, EscalationLevel.HQ) == T0 + timedelta(hours=72)


def test_escalation_multiples_are_a_policy_setting():
    sched = schedule(policy=SlaPolicy(escalation_multiples=(1, 3, 6)))
    assert due_of(sched, SlaTarget.ON_SITE, EscalationLevel.PROJECT_MANAGER) == T0 + timedelta(hours=6)
    assert due_of(sched, SlaTarget.ON_SITE, EscalationLevel.HQ) == T0 + timedelta(hours=12)


@pytest.mark.parametrize("multiples", [(2, 3, 4), (1, 1, 2), (1, 2), (1, 2.5, 3)])
def test_escalation_multiples_must_start_at_one_and_increase(multiples):
    with pytest.raises(InvalidInput) as err:
        SlaPolicy(escalation_multiples=multiples)
    assert err.value.field == "escalation_multiples"


def test_waiting_for_parts_delays_fix_escalations_but_not_on_site_ones():
    pause = Pause(T0 + timedelta(hours=1), T0 + timedelta(hours=11))
    sched = schedule(pauses=[pause])
    assert due_of(sched, SlaTarget.ON_SITE, EscalationLevel.SUPERVISOR) == T0 + timedelta(hours=2)
    assert due_of(sched, SlaTarget.FIXED, EscalationLevel.SUPERVISOR) == T0 + timedelta(hours=34)


def test_an_open_pause_leaves_fix_breaches_out_of_the_schedule():
    sched = schedule(pauses=[Pause(T0 + timedelta(hours=1))])
    assert {b.target for b in sched} == {SlaTarget.ON_SITE}


def test_next_deadline_is_the_earliest_unreported_breach():
    sched = schedule()
    first = next_deadline(sched, {}, set())
    assert first.key == "on_site/1" and first.due_at == T0 + timedelta(hours=2)
    assert next_deadline(sched, {}, {"on_site/1"}).key == "on_site/2"


def test_meeting_a_milestone_in_time_removes_its_breaches_from_next_deadline():
    met = {SlaTarget.ON_SITE: T0 + timedelta(minutes=90)}
    assert next_deadline(schedule(), met, set()).key == "fixed/1"


def test_a_milestone_met_late_is_still_reported_once_as_breached():
    met = {SlaTarget.ON_SITE: T0 + timedelta(hours=3)}
    due = breaches_due(schedule(), met, set(), T0 + timedelta(hours=5))
    assert [b.key for b in due] == ["on_site/1"]


def test_a_ticket_with_nothing_left_to_breach_has_no_next_deadline():
    met = {SlaTarget.ON_SITE: T0, SlaTarget.FIXED: T0 + timedelta(hours=1)}
    assert next_deadline(schedule(), met, set()) is None
    assert next_deadline(schedule(SlaSubject(TicketKind.INQUIRY)), {}, set()) is None


def test_breaches_due_lists_oldest_first_and_skips_reported_keys():
    due = breaches_due(schedule(), {}, {"on_site/2"}, T0 + timedelta(hours=30))
    assert [b.key for b in due] == ["on_site/1", "on_site/3", "fixed/1"]


def test_help_request_unanswered_after_five_minutes_goes_to_the_cs_supervisor():
    sched = escalation_schedule(SlaPolicy(), ALWAYS_OPEN, SlaSubject(TicketKind.HELP_REQUEST), T0)
    (breach,) = breaches_due(sched, {}, set(), T0 + timedelta(minutes=5))
    assert breach.key == "first_response/1"
    assert escalation_roles(breach.level, TicketKind.HELP_REQUEST) == (StaffRole.CS_SUPERVISOR,)


def test_escalation_roles_follow_the_ladder_supervisor_manager_hq():
    assert escalation_roles(EscalationLevel.SUPERVISOR, TicketKind.GENERAL_REPAIR) == (StaffRole.ENGINEERING_SUPERVISOR,)
    assert escalation_roles(EscalationLevel.PROJECT_MANAGER, TicketKind.COMPLAINT) == (StaffRole.PROJECT_MANAGER,)
    assert StaffRole.HQ_GENERAL_MANAGER in escalation_roles(EscalationLevel.HQ, TicketKind.COMPLAINT)


def test_breaches_due_refuses_a_naive_now():
    with pytest.raises(InvalidInput):
        breaches_due(schedule(), {}, set(), datetime(2026, 11, 2))


# --- exactly once over any sequence of scans -------------------------------------------------

minutes = st.integers(0, 60 * 24 * 6).map(lambda m: T0 + timedelta(minutes=m))
subjects = st.builds(SlaSubject, kind=st.sampled_from([TicketKind.URGENT_REPAIR, TicketKind.GENERAL_REPAIR]),
                     immediate=st.booleans(), off_catalogue=st.booleans()) | st.just(SlaSubject(TicketKind.HELP_REQUEST))


@settings(max_examples=200, deadline=None)
@given(subject=subjects, scans=st.lists(minutes, max_size=12),
       met=st.dictionaries(st.sampled_from(list(SlaTarget)), minutes, max_size=4))
def test_each_breach_is_reported_exactly_once_over_any_sequence_of_scans(subject, scans, met):
    sched = escalation_schedule(SlaPolicy(), BusinessCalendar(), subject, T0)
    reported: list[str] = []
    for now in [*sorted(scans), T0 + timedelta(days=60)]:
        nxt = next_deadline(sched, met, set(reported))
        found = breaches_due(sched, met, set(reported), now)
        # The index promise: nothing is due before next_deadline, so a scan may skip the ticket.
        assert found == () if nxt is None or nxt.due_at > now else found[0] == nxt
        reported += [b.key for b in found]
    breached = [b.key for b in sched if b.happened(met)]
    assert sorted(reported) == sorted(breached)
    assert len(reported) == len(set(reported))


@settings(max_examples=100, deadline=None)
@given(subject=subjects, met=st.dictionaries(st.sampled_from(list(SlaTarget)), minutes, max_size=4))
def test_breaches_are_reported_only_after_they_fall_due(subject, met):
    sched = escalation_schedule(SlaPolicy(), ALWAYS_OPEN, subject, T0)
    for breach in sched:
        earlier = breaches_due(sched, met, set(), breach.due_at - timedelta(microseconds=1))
        assert breach not in earlier


def test_breach_keys_are_stable_strings_for_the_store():
    assert Breach(T0, SlaTarget.FIXED, EscalationLevel.HQ).key == "fixed/3"
