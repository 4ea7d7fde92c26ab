import pytest
from billing.domain import (
    WARRANTY_REWORK,
    BillingError,
    PricedLine,
    charge_from_completed_repair,
    draft_quote,
)


def payload(**overrides):
    data = {
        "ticket_id": "T-1",
        "unit_id": "3-1201",
        "lines": [
            {"catalogue_code": "REP-02", "description": "更换水龙头", "quantity": 1,
             "unit_price_fen": 3000, "materials_fen": 6000},
            {"catalogue_code": "REP-07", "description": "疏通下水管道(支管)", "quantity": 1,
             "unit_price_fen": 5000},
        ],
        "warranty_rework_of": None,
    }
    return {**data, **overrides}


def test_a_completed_repair_becomes_a_charge_of_its_priced_lines():
    charge = charge_from_completed_repair(payload())
    assert charge.amount_fen == 14000
    assert len(charge.lines) == 2 and charge.zero_reason is None


def test_the_ticket_id_is_the_idempotency_key():
    assert charge_from_completed_repair(payload()).idempotency_key == "T-1"


def test_the_same_event_twice_builds_the_same_charge():
    assert charge_from_completed_repair(payload()) == charge_from_completed_repair(payload())


def test_a_warranty_rework_keeps_its_lines_but_charges_nothing():
    charge = charge_from_completed_repair(payload(ticket_id="T-2", warranty_rework_of="T-1"))
    assert (charge.amount_fen, charge.zero_reason, charge.warranty_rework_of) == (0, WARRANTY_REWORK, "T-1")
    assert charge.priced_total_fen == 14000


def test_a_ticket_with_nothing_to_bill_yields_no_charge():
    assert charge_from_completed_repair(payload(lines=[])) is None


def test_a_bad_line_is_refused_naming_the_exact_field():
    bad = payload()
    bad["lines"][1]["quantity"] = 1.5
    with pytest.raises(BillingError) as refused:
        charge_from_completed_repair(bad)
    assert refused.value.field == "lines[1].quantity"


def test_a_missing_unit_is_kept_as_unknown_never_invented():
    # Was: refused (and so dead-lettered), although the contract lets a ticket name no unit.
    for missing in ("", "   ", None):
        charge = charge_from_completed_repair(payload(unit_id=missing))
        assert (charge.unit_id, charge.amount_fen) == (None, 14000)
    assert charge_from_completed_repair(payload(unit_id=" 3-1201 ")).unit_id == "3-1201"


def test_the_charge_must_equal_the_accepted_quote():
    lines = [PricedLine("REP-02", "更换水龙头", 1, 3000, 6000), PricedLine("REP-07", "疏通", 1, 5000)]
    quote = draft_quote("Q-1", "T-1", lines).send().accept(version=1)
    assert charge_from_completed_repair(payload(), accepted_quote=quote).amount_fen == 14000
    cheaper = draft_quote("Q-1", "T-1", lines[:1]).send().accept(version=1)
    with pytest.raises(BillingError) as refused:
        charge_from_completed_repair(payload(), accepted_quote=cheaper)
    assert refused.value.reason == "charge_differs_from_accepted_quote"


def test_a_quote_awaiting_new_acceptance_blocks_the_charge():
    lines = [PricedLine("REP-02", "更换水龙头", 1, 14000)]
    pending = draft_quote("Q-1", "T-1", lines).send().accept(version=1).revise(lines, finding="复查")
    with pytest.raises(BillingError) as refused:
        charge_from_completed_repair(payload(), accepted_quote=pending)
    assert refused.value.reason == "no_accepted_quote"
