"""Move-in's rules (DK-1): bookings, which steps may be recorded when, each step's own rule, the clock and the
report's median, 90th percentile and what slowed the slow ones."""
from datetime import UTC, date, datetime, timedelta

import pytest
from desk.domain import move_ins as flow
from desk.domain.move_ins import Charge, Finished, Status, Step
from desk.domain.people import mask_name
from desk.domain.settings import DeskSettings
from kefulib.domain_errors import BadField, Refused

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def refusal(call, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    return caught.value


def test_a_slot_ends_after_it_starts_and_a_booking_is_not_in_the_past():
    assert flow.check_slot("09:00-09:30") == "09:00-09:30"
    for bad in ("9-10", "09:30-09:00", "09:00-09:00", "24:00-25:00"):
        with pytest.raises(BadField) as caught:
            flow.check_slot(bad)
        assert caught.value.field == "slot"
    flow.check_booking(date(2026, 12, 2), today=date(2026, 12, 2))
    with pytest.raises(BadField):
        flow.check_booking(date(2026, 12, 1), today=date(2026, 12, 2))


@pytest.mark.parametrize(("status", "code"), [(Status.IN_PROGRESS, "already_started"),
                                              (Status.COMPLETED, "already_finished"), (Status.CANCELLED, "cancelled")])
def test_only_a_booked_appointment_moves_or_is_cancelled(status, code):
    assert refusal(flow.check_rebooking, status).code == code
    flow.check_rebooking(Status.BOOKED)


def test_steps_are_recorded_only_while_the_flow_runs_and_once():
    assert refusal(flow.check_step, Status.BOOKED, Step.KEYS, None).code == "not_started"
    assert refusal(flow.check_step, Status.COMPLETED, Step.KEYS, None).code == "already_finished"
    again = refusal(flow.check_step, Status.IN_PROGRESS, Step.KEYS, minutes(3))
    assert (again.code, again.details["step"]) == ("step_already_done", "keys")
    flow.check_step(Status.IN_PROGRESS, Step.KEYS, None)


def test_fees_are_due_when_open_and_outstanding_and_only_a_supervisor_waives_them():
    charges = [Charge("c-open", "open", 3000), Charge("c-paid", "open", 0), Charge("c-held", "held", 500),
               Charge("c-cancelled", "cancelled", 900)]
    due = flow.fees_due(charges)
    assert [c.charge_id for c in due] == ["c-open"]
    outstanding = refusal(flow.check_fees, due, None, ["cs_assistant"])
    assert outstanding.code == "fees_outstanding"
    assert outstanding.details["outstanding"] == [{"charge_id": "c-open", "outstanding_fen": 3000}]
    assert refusal(flow.check_fees, due, "开发商承担", ["cs_assistant"]).code == "waiver_not_allowed"
    flow.check_fees(due, "开发商承担", ["cs_supervisor"])
    flow.check_fees([], None, ["cs_assistant"])


def test_keys_handed_over_are_the_units_own_on_their_hooks_and_counted():
    unit_keys = {"k1": "in", "k2": "out"}
    flow.check_key_handover(["k1"], unit_keys, {"front_door": 3})
    with pytest.raises(BadField, match="items 1"):
        flow.check_key_handover(["k1", "elsewhere"], unit_keys, {"front_door": 3})
    with pytest.raises(BadField):
        flow.check_key_handover(["k1", "k1"], unit_keys, {"front_door": 3})
    assert refusal(flow.check_key_handover, ["k2"], unit_keys, {"mailbox": 1}).code == "key_not_on_hook"
    with pytest.raises(BadField) as caught:
        flow.check_key_handover(["k1"], unit_keys, {"front_door": 0})
    assert caught.value.field == "counts"


def test_a_utility_is_opened_or_not_applicable_with_a_reason_and_all_five_are_needed():
    flow.check_utility({"utility": "water", "meter_reading": "0012.5"})
    flow.check_utility({"utility": "gas", "not_applicable_reason": "未通燃气"})
    for bad in ({"utility": "power"}, {"utility": "phone", "account_ref": "T-1", "not_applicable_reason": "x"}):
        with pytest.raises(BadField):
            flow.check_utility(bad)
    assert flow.missing_utilities({"water": {}, "gas": {}}) == ["power", "phone", "cable_tv"]


def test_each_step_lasts_from_the_previous_one_done_in_whatever_order_they_were_done():
    done = {"fees": minutes(4), "documents": minutes(10), "keys": minutes(12), "utilities": minutes(25),
            "registration": minutes(26)}
    assert flow.step_durations(T0, done) == {"fees": 240, "documents": 360, "keys": 120, "utilities": 780,
                                             "registration": 60}
    completion = flow.finish(Status.IN_PROGRESS, T0, done, minutes(28))
    assert completion.duration_seconds == 28 * 60
    assert sum(completion.step_seconds.values()) == 26 * 60  # the rest is the time before finish


def test_finish_with_a_step_missing_is_refused_naming_it():
    done = {"documents": minutes(1), "fees": minutes(2), "keys": None, "utilities": minutes(3),
            "registration": None}
    missing = refusal(flow.finish, Status.IN_PROGRESS, T0, done, minutes(5))
    assert missing.code == "steps_missing" and missing.details["missing_steps"] == ["keys", "registration"]
    assert "keys" in missing.message and "签领钥匙" in missing.message
    assert refusal(flow.finish, Status.BOOKED, None, {}, minutes(5)).code == "not_started"


def test_percentiles_are_nearest_rank_and_the_median_averages_the_middle_pair():
    assert flow.percentile([], 90) is None and flow.median([]) is None
    values = list(range(1, 11))  # 1..10
    assert flow.percentile(values, 90) == 9
    assert flow.percentile(values, 100) == 10
    assert flow.percentile([7], 90) == 7
    assert flow.percentile([5, 1, 3], 50) == 3
    assert flow.median([4, 1, 3, 2]) == 2.5 and flow.median([3, 1, 2]) == 2
    with pytest.raises(ValueError):
        flow.percentile(values, 0)


def test_the_report_counts_against_the_target_and_says_which_step_slowed_the_slow_ones():
    rows = [Finished("m1", "1-101", "2026-12-02", 20 * 60, {"documents": 600, "fees": 300}),
            Finished("m2", "1-102", "2026-12-02", 45 * 60, {"documents": 300, "fees": 2000, "keys": 100}),
            Finished("m3", "1-103", "2026-12-03", 31 * 60, {"utilities": 1500, "keys": 60}),
            Finished("m4", "1-104", "2026-12-03", 30 * 60, {"keys": 1800})]
    report = flow.report(rows, 30)
    assert (report["count"], report["over_target"], report["target_minutes"]) == (4, 2, 30)
    assert report["median_seconds"] == (30 * 60 + 31 * 60) / 2
    assert report["p90_seconds"] == 45 * 60
    assert report["within_target_ratio"] == 0.5
    assert [(s["move_in_id"], s["slowest_step"], s["slowest_step_seconds"]) for s in report["slow"]] == [
        ("m2", "fees", 2000), ("m3", "utilities", 1500)]
    assert report["slowed_by"] == {"fees": 1, "utilities": 1}
    assert flow.report([], 30)["median_seconds"] is None


def test_the_target_is_a_bounded_project_setting_and_names_are_masked():
    assert DeskSettings().move_in_target_minutes == 30
    with pytest.raises(BadField) as caught:
        DeskSettings(move_in_target_minutes=2)
    assert caught.value.field == "move_in_target_minutes"
    assert mask_name("王小明") == "王**" and mask_name("李") == "李*" and mask_name(None) is None
