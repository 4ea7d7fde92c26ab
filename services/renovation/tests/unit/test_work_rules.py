"""Hot work within the permit's dates and hours; an extension after the permit's end, within 90 days; decisions."""
from datetime import date

import pytest
from kefulib.domain_errors import BadField, Refused
from renovation.domain import works as w

PERMIT = {"valid_from": "2026-12-05", "valid_until": "2027-01-10", "working_hours": {"start": "08:00", "end": "18:00"}}


@pytest.mark.parametrize("day, start, end, field", [
    (date(2026, 12, 4), "09:00", "10:00", "day"), (date(2027, 1, 11), "09:00", "10:00", "day"),
    (date(2026, 12, 6), "07:30", "10:00", "start"), (date(2026, 12, 6), "09:00", "18:30", "end"),
    (date(2026, 12, 6), "11:00", "10:00", "end")])
def test_hot_work_outside_the_permit_is_refused_naming_the_field(day, start, end, field):
    with pytest.raises(BadField) as refused:
        w.check_hot_work(day, start, end, PERMIT)
    assert refused.value.field == field


def test_hot_work_and_extension_within_limits():
    w.check_hot_work(date(2026, 12, 5), "08:00", "18:00", PERMIT)
    w.check_extension(date(2027, 1, 11), date(2027, 1, 10))
    for wrong in (date(2027, 1, 10), date(2027, 4, 11)):
        with pytest.raises(BadField) as refused:
            w.check_extension(wrong, date(2027, 1, 10))
        assert refused.value.field == "new_end"


def test_a_decision_is_taken_once_by_the_approvers_and_a_refusal_says_why():
    assert w.decide("requested", "pass", "", {"project_manager"}, w.EXTENSION_APPROVERS) == "approved"
    assert w.decide("requested", "refuse", "太长", {"project_manager"}, w.EXTENSION_APPROVERS) == "refused"
    with pytest.raises(BadField):
        w.decide("requested", "refuse", " ", {"project_manager"}, w.EXTENSION_APPROVERS)
    for status, roles, code in [("approved", {"project_manager"}, "already_decided"),
                                ("requested", {"technician"}, "role_not_allowed")]:
        with pytest.raises(Refused) as refused:
            w.decide(status, "pass", "", roles, w.EXTENSION_APPROVERS)
        assert refused.value.code == code
