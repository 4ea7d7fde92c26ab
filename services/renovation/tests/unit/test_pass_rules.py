"""Worker passes' rules, as pure functions: the mask, the validity within the permit, the gate's answer."""
from datetime import date

import pytest
from kefulib.domain_errors import BadField, Refused
from renovation.domain import passes as p

HOURS = {"start": "08:00", "end": "18:00"}
FROM, UNTIL = date(2026, 12, 10), date(2027, 1, 10)


def test_only_the_last_four_characters_of_the_id_number_are_kept():
    assert p.mask_id_number("110101199001011234") == "**************1234"
    with pytest.raises(BadField):
        p.mask_id_number("12 34")


@pytest.mark.parametrize("valid_from,valid_until,field", [
    (date(2026, 12, 9), UNTIL, "valid_from"), (FROM, date(2027, 1, 11), "valid_until"),
    (date(2026, 12, 20), date(2026, 12, 19), "valid_until")])
def test_a_pass_is_valid_within_the_permit_only(valid_from, valid_until, field):
    with pytest.raises(BadField) as bad:
        p.check_validity(valid_from, valid_until, FROM, UNTIL)
    assert bad.value.field == field


def test_passes_only_for_a_permit_and_up_to_the_paid_workers():
    p.check_issue("permitted", 2, 3)
    for status, issued, code in (("approved", 0, "not_permitted"), ("permitted", 3, "passes_beyond_paid")):
        with pytest.raises(Refused) as refused:
            p.check_issue(status, issued, 3)
        assert refused.value.code == code


@pytest.mark.parametrize("status,day,at,answer", [
    ("active", FROM, 8 * 60, "valid"), ("active", UNTIL, 17 * 60 + 59, "valid"),
    ("active", FROM, 18 * 60, "outside_hours"), ("active", FROM, 7 * 60 + 59, "outside_hours"),
    ("active", date(2027, 1, 11), 9 * 60, "expired"), ("active", date(2026, 12, 9), 9 * 60, "not_yet_valid"),
    ("returned", FROM, 9 * 60, "returned"), ("revoked", FROM, 9 * 60, "revoked")])
def test_the_gates_answer(status, day, at, answer):
    assert p.gate_answer(status, FROM, UNTIL, HOURS, day, at) == answer


def test_the_pass_number_carries_its_permit():
    assert p.pass_number("DEMO-ZX-00001", 3) == "DEMO-ZX-00001-W03"
