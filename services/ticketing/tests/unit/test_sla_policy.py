"""TK-4 defaults, per-project overrides, and which deadlines bind which ticket."""
from datetime import UTC, datetime, timedelta

import pytest
from ticketing.domain import (
    BusinessCalendar,
    Clock,
    InvalidInput,
    Pause,
    SlaPolicy,
    SlaSubject,
    SlaTarget,
    TargetRule,
    TicketKind,
    applicable_rules,
    compute_deadlines,
)

UTC = UTC
FRIDAY_EVENING = datetime(2026, 11, 6, 11, 0, tzinfo=UTC)  # 19:00 Shanghai, after the day shift
CAL = BusinessCalendar()


def deadlines(kind, created=FRIDAY_EVENING, pauses=(), policy=SlaPolicy(), **flags):
    return compute_deadlines(policy, CAL, SlaSubject(kind, **flags), created, pauses)


def test_help_request_must_be_answered_within_five_minutes_around_the_clock():
    assert deadlines(TicketKind.HELP_REQUEST) == {SlaTarget.FIRST_RESPONSE: FRIDAY_EVENING + timedelta(minutes=5)}


def test_immediate_repair_must_be_on_site_within_fifteen_minutes():
    got = deadlines(TicketKind.GENERAL_REPAIR, immediate=True)
    assert got[SlaTarget.ON_SITE] == FRIDAY_EVENING + timedelta(minutes=15)


def test_urgent_repair_on_site_in_two_hours_and_fixed_in_twenty_four_even_at_night():
    got = deadlines(TicketKind.URGENT_REPAIR)
    assert got == {SlaTarget.ON_SITE: FRIDAY_EVENING + timedelta(hours=2),
                   SlaTarget.FIXED: FRIDAY_EVENING + timedelta(hours=24)}


def test_immediate_urgent_repair_uses_the_fifteen_minute_on_site_limit():
    assert deadlines(TicketKind.URGENT_REPAIR, immediate=True)[SlaTarget.ON_SITE] == FRIDAY_EVENING + timedelta(minutes=15)


def test_general_repair_by_appointment_has_only_a_seventy_two_hour_fix_limit():
    assert deadlines(TicketKind.GENERAL_REPAIR) == {SlaTarget.FIXED: FRIDAY_EVENING + timedelta(hours=72)}


def test_off_catalogue_repair_must_be_assessed_within_fifteen_minutes():
    got = deadlines(TicketKind.GENERAL_REPAIR, off_catalogue=True)
    assert got[SlaTarget.ASSESSED] == FRIDAY_EVENING + timedelta(minutes=15)


@pytest.mark.parametrize("kind", [TicketKind.COMPLAINT, TicketKind.INQUIRY, TicketKind.COMMUNITY_MATTER,
                                  TicketKind.OWNER_SUGGESTION])
def test_kinds_without_time_limits_get_no_deadlines(kind):
    assert deadlines(kind) == {}


def test_general_repair_on_the_business_clock_skips_the_weekend_and_nights():
    policy = SlaPolicy(general_fixed=TargetRule(timedelta(hours=8), Clock.BUSINESS))
    got = deadlines(TicketKind.GENERAL_REPAIR, policy=policy)
    # Friday 19:00 → Monday 08:30; 8 working hours with a lunch break end Tuesday 09:00 local.
    assert got[SlaTarget.FIXED] == datetime(2026, 11, 10, 1, 0, tzinfo=UTC)


def test_a_fix_deadline_is_unknown_while_the_ticket_waits_for_parts():
    got = deadlines(TicketKind.URGENT_REPAIR, pauses=[Pause(FRIDAY_EVENING + timedelta(hours=1))])
    assert got[SlaTarget.FIXED] is None
    assert got[SlaTarget.ON_SITE] == FRIDAY_EVENING + timedelta(hours=2)


def test_project_settings_override_single_targets_and_keep_the_other_defaults():
    policy = SlaPolicy.from_settings({"general_fixed": {"minutes": 2880, "clock": "business"},
                                      "urgent_on_site": {"minutes": 60}})
    assert policy.general_fixed == TargetRule(timedelta(hours=48), Clock.BUSINESS)
    assert policy.urgent_on_site == TargetRule(timedelta(hours=1), Clock.ALWAYS)
    assert policy.help_first_response == SlaPolicy().help_first_response


def test_policy_settings_round_trip():
    policy = SlaPolicy(urgent_fixed=TargetRule(timedelta(hours=12), Clock.BUSINESS), escalation_multiples=(1, 2, 4))
    assert SlaPolicy.from_settings(policy.to_settings()) == policy


@pytest.mark.parametrize("settings, field", [
    ({"lunch_break": {"minutes": 5}}, "lunch_break"),
    ({"general_fixed": {"minutes": 0}}, "general_fixed.minutes"),
    ({"general_fixed": {"minutes": 1.5}}, "general_fixed.minutes"),
    ({"general_fixed": {"clock": "lunar"}}, "general_fixed.clock"),
    ({"general_fixed": 4320}, "general_fixed"),
])
def test_bad_policy_settings_are_refused_naming_the_field(settings, field):
    with pytest.raises(InvalidInput) as err:
        SlaPolicy.from_settings(settings)
    assert err.value.field == field


def test_only_repairs_can_be_immediate_or_off_catalogue():
    with pytest.raises(InvalidInput):
        SlaSubject(TicketKind.COMPLAINT, immediate=True)


def test_every_default_target_runs_on_the_24x7_clock():
    rules = applicable_rules(SlaPolicy(), SlaSubject(TicketKind.URGENT_REPAIR, off_catalogue=True))
    assert {rule.clock for rule in rules.values()} == {Clock.ALWAYS}


def test_a_naive_creation_time_is_refused():
    with pytest.raises(InvalidInput) as err:
        deadlines(TicketKind.URGENT_REPAIR, created=datetime(2026, 11, 6, 19))
    assert err.value.field == "created_at"
