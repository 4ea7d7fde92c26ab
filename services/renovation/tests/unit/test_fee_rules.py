"""The fees before the permit and the permit's number, as pure functions."""
import pytest
from kefulib.domain_errors import BadField
from renovation.domain.fees import FeeSchedule, fee_lines, fully_paid, permit_label, total_fen


def test_the_deposit_the_management_fee_and_one_pass_fee_per_worker():
    lines = fee_lines(FeeSchedule(), 4)
    assert [(line["description"], line["quantity"], line["unit_price_fen"]) for line in lines] == [
        ("装修押金", 1, 200000), ("装修管理费", 1, 50000), ("装修出入证工本费", 4, 1000)]
    assert total_fen(lines) == 254000


def test_a_free_fee_is_left_out_and_bad_prices_or_crews_are_refused():
    assert [line["fee"] for line in fee_lines(FeeSchedule(management_fee_fen=0), 1)] == ["deposit", "pass_fees"]
    with pytest.raises(BadField):
        FeeSchedule(deposit_fen=-1)
    with pytest.raises(BadField):
        fee_lines(FeeSchedule(), 0)


def test_the_permit_waits_for_the_whole_charge():
    assert not fully_paid(253000, [200000])
    assert fully_paid(253000, [200000, 53000])
    assert not fully_paid(0, [])


def test_the_permit_label_carries_the_projects_sequence():
    assert permit_label("demo", 1) == "DEMO-ZX-00001"
