"""VS-4: interview quotas per role, key customers visited monthly, the analysis due by the 5th."""
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from visits.domain import (
    AnalysisReport,
    DomainError,
    InterviewRecord,
    KeyCustomer,
    Month,
    MonthlyInterviewPlan,
    PlannedInterview,
    QuotaPolicy,
    YearlyPlanItem,
    is_late,
    quota_status,
    report_due_date,
    what_is_late,
)

SHANGHAI = timezone(timedelta(hours=8))
MAY = Month(2024, 5)
MAYOR = KeyCustomer("c-mayor", "1-1-101", frozenset({"government_or_media"}))
CHAIR = KeyCustomer("c-chair", "2-3-301", frozenset({"owners_committee"}))
STAFF = {"pm-wang": "project_manager", "cs-zhao": "cs_assistant"}


def at(day, hour=10):
    return datetime(2024, 5, day, hour, tzinfo=SHANGHAI)


def record(person, unit, when, **extra):
    return InterviewRecord(person, unit, when, needs="quieter gym", measures="post notice", **extra)


def plan(**extra):
    return MonthlyInterviewPlan(MAY, key_customers=(MAYOR, CHAIR), staff=STAFF, **extra)


def test_project_manager_needs_two_households_a_month_by_default():
    status = quota_status([record("pm-wang", "1-1-101", at(3))], MAY, STAFF)
    assert (status["pm-wang"].done, status["pm-wang"].required, status["pm-wang"].short) == (1, 2, 1)
    assert (status["cs-zhao"].done, status["cs-zhao"].required, status["cs-zhao"].short) == (0, 0, 0)


def test_other_roles_quotas_are_configurable():
    status = quota_status([], MAY, STAFF, QuotaPolicy({"project_manager": 2, "cs_assistant": 6}))
    assert status["cs-zhao"].short == 6


def test_the_same_household_twice_counts_once_and_phone_calls_do_not_count():
    records = [
        record("pm-wang", "1-1-101", at(3)),
        record("pm-wang", "1-1-101", at(20)),
        record("pm-wang", "2-3-301", at(21), method="phone"),
    ]
    assert quota_status(records, MAY, STAFF)["pm-wang"].done == 1


def test_month_is_counted_on_the_project_clock_not_utc():
    first_of_june_in_shanghai = datetime(2024, 5, 31, 17, 0, tzinfo=UTC)
    status = quota_status([record("pm-wang", "1-1-101", first_of_june_in_shanghai)], MAY, STAFF)
    assert status["pm-wang"].done == 0


def test_someone_not_on_the_roster_is_listed_without_a_quota():
    status = quota_status([record("hq-visitor", "1-1-101", at(3))], MAY, STAFF)
    assert (status["hq-visitor"].role, status["hq-visitor"].done, status["hq-visitor"].short) == (None, 1, 0)


def test_analysis_of_a_month_is_due_on_the_fifth_of_the_next():
    assert report_due_date(MAY) == date(2024, 6, 5)
    assert report_due_date(Month(2024, 12)) == date(2025, 1, 5)


def test_a_report_submitted_late_on_the_fifth_in_shanghai_is_on_time():
    assert not is_late(datetime(2024, 6, 5, 23, 59, tzinfo=SHANGHAI), MAY, datetime(2024, 7, 1, tzinfo=SHANGHAI))
    assert is_late(datetime(2024, 6, 6, 0, 1, tzinfo=SHANGHAI), MAY, datetime(2024, 7, 1, tzinfo=SHANGHAI))


def test_a_missing_report_is_late_only_after_the_fifth():
    assert not is_late(None, MAY, datetime(2024, 6, 5, 20, tzinfo=SHANGHAI))
    assert is_late(None, MAY, datetime(2024, 6, 6, 0, 0, tzinfo=SHANGHAI))


def test_nothing_is_late_while_the_month_is_still_running():
    assert what_is_late(plan(), [], [], at(31, 23)) == ()


def test_after_the_month_missed_key_customers_and_quota_shortfalls_are_listed():
    records = [record("pm-wang", "1-1-101", at(3)), record("cs-zhao", "2-3-301", at(4), method="phone")]
    late = what_is_late(plan(), records, [], datetime(2024, 6, 2, tzinfo=SHANGHAI))
    assert [(item.kind, item.subject_id) for item in late] == [
        ("key_customer_not_visited", "c-chair"),
        ("quota_short", "pm-wang"),
    ]


def test_a_late_or_missing_analysis_report_is_listed():
    june_10 = datetime(2024, 6, 10, tzinfo=SHANGHAI)
    missing = what_is_late(MonthlyInterviewPlan(MAY), [], [], june_10)
    assert [(item.kind, item.subject_id) for item in missing] == [("report_late", "2024-05")]
    on_time = AnalysisReport(MAY, datetime(2024, 6, 4, tzinfo=SHANGHAI))
    assert what_is_late(MonthlyInterviewPlan(MAY), [], [on_time], june_10) == ()


def test_a_key_customer_interviewed_by_customer_id_counts_wherever_it_happened():
    records = [
        record("pm-wang", "shop-7", at(3), customer_id="c-mayor"),
        record("pm-wang", "2-3-301", at(5)),
    ]
    assert what_is_late(plan(), records, [], datetime(2024, 6, 2, tzinfo=SHANGHAI)) == ()


def test_planned_interviews_must_fall_in_the_plans_month():
    with pytest.raises(DomainError) as error:
        MonthlyInterviewPlan(MAY, interviews=(PlannedInterview("pm-wang", "1-1-101", date(2024, 6, 1)),))
    assert error.value.field == "planned_on"


def test_yearly_plan_items_name_a_real_month():
    with pytest.raises(DomainError):
        YearlyPlanItem(13, "cs_supervisor", "all households", "security awareness")


@pytest.mark.parametrize("extra", [dict(satisfaction=0), dict(measure_status="maybe"), dict(method="fax")])
def test_interview_record_fields_are_validated(extra):
    with pytest.raises(DomainError):
        record("pm-wang", "1-1-101", at(3), **extra)


def test_interview_time_must_carry_a_time_zone():
    with pytest.raises(DomainError) as error:
        record("pm-wang", "1-1-101", datetime(2024, 5, 3, 10))
    assert error.value.field == "interviewed_at"
