"""Completion: the deposit from the fee lines, every pass back before acceptance, deductions each naming an
unrectified violation with its reason and together at most the deposit."""
import pytest
from kefulib.domain_errors import BadField, Refused
from renovation.domain import completion as c

LINES = [{"fee": "deposit", "quantity": 1, "unit_price_fen": 200_000},
         {"fee": "management_fee", "quantity": 1, "unit_price_fen": 50_000}]
VIOLATIONS = {"v1": {"status": "open", "notice": {"number": "P1-ZX-00001-ZG01"}},
              "v2": {"status": "rectified", "notice": {"number": "P1-ZX-00001-ZG02"}}}


def test_the_deposit_is_the_deposit_line():
    assert c.deposit_fen(LINES) == 200_000 and c.deposit_fen([]) == 0


def test_the_acceptance_waits_for_the_application_and_every_pass():
    asked = {"status": "requested"}
    c.check_inspection(asked, {"technician"}, 0)
    for completion, roles, out, code in [(None, {"technician"}, 0, "completion_not_requested"),
                                         (asked, {"cs_assistant"}, 0, "role_not_allowed"),
                                         (asked, {"technician"}, 2, "passes_not_returned")]:
        with pytest.raises(Refused) as refused:
            c.check_inspection(completion, roles, out)
        assert refused.value.code == code


def test_deductions_name_unrectified_violations_once_with_reasons_within_the_deposit():
    kept, refund = c.deductions([{"violation_id": "v1", "amount_fen": 30_000, "reason": "未整改"}], VIOLATIONS, 200_000)
    assert refund == 170_000 and kept[0]["notice_number"] == "P1-ZX-00001-ZG01"
    for asked, field in [([{"violation_id": "v2", "amount_fen": 1, "reason": "r"}], "deductions.0.violation_id"),
                         ([{"violation_id": "v1", "amount_fen": 1, "reason": "r"}] * 2, "deductions.1.violation_id"),
                         ([{"violation_id": "v1", "amount_fen": 1, "reason": " "}], "deductions.0.reason"),
                         ([{"violation_id": "v1", "amount_fen": 200_001, "reason": "r"}], "deductions")]:
        with pytest.raises(BadField) as refused:
            c.deductions(asked, VIOLATIONS, 200_000)
        assert refused.value.field == field
