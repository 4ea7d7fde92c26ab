"""The pure rules from a completed repair to a charge, held charges and desk sales (BL-1/2/3/6, TK-7)."""
import pytest
from billing.domain import (
    WARRANTY_REWORK,
    BillingError,
    HoldDecision,
    PricedLine,
    decide_hold,
    decide_repair_charge,
    desk_charge_refusal,
    draft_quote,
    ensure_not_charged,
    ensure_ticket_unquoted,
    hold_decision_refusal,
    price_desk_lines,
    release_terms,
    release_unit,
)
from billing.domain import QuoteStatus as Q

V1 = [PricedLine("REP-02", "更换水龙头", 1, 3000, 6000)]
V2 = [PricedLine("REP-02", "更换水龙头", 2, 3000, 12000)]


def as_event(lines):
    return [{"catalogue_code": x.catalogue_code, "description": x.description, "quantity": x.quantity,
             "unit_price_fen": x.unit_price_fen, "materials_fen": x.materials_fen} for x in lines]


def completed(**overrides):
    return {"ticket_id": "T-1", "unit_id": "3-1201", "quote_id": "Q-1", "quote_version": 2, "lines": as_event(V2),
            "warranty_rework_of": None, **overrides}


def revised_and_accepted():
    return draft_quote("Q-1", "T-1", V1).send().accept(1).revise(V2, "两个龙头").send().accept(2)


def test_a_quoted_repair_is_charged_the_accepted_version_it_names():
    decision = decide_repair_charge(completed(), revised_and_accepted())
    assert not decision.held
    assert (decision.charge.amount_fen, decision.charge.quote_version, decision.charge.lines) == (18000, 2, tuple(V2))


def test_billings_lines_are_charged_even_when_the_event_carries_none():
    assert decide_repair_charge(completed(lines=[]), revised_and_accepted()).charge.amount_fen == 18000


@pytest.mark.parametrize("payload,quote,reason", [
    (completed(), None, "unknown_quote"),
    (completed(ticket_id="T-2"), revised_and_accepted(), "quote_for_other_ticket"),
    (completed(quote_version=1), revised_and_accepted(), "quote_version_not_accepted"),  # superseded
    (completed(quote_version=3), revised_and_accepted(), "no_accepted_quote"),
    (completed(quote_version=None), draft_quote("Q-1", "T-1", V1).send(), "no_accepted_quote"),
    (completed(lines=as_event(V1)), revised_and_accepted(), "charge_differs_from_accepted_quote"),
])
def test_a_completion_that_disagrees_with_billings_quote_is_held_with_the_reason(payload, quote, reason):
    decision = decide_repair_charge(payload, quote)
    assert decision.held and decision.hold_reason == reason and decision.charge.ticket_id == payload["ticket_id"]


def test_a_version_already_charged_is_never_charged_again():
    assert decide_repair_charge(completed(), revised_and_accepted(), frozenset({2})).charge is None


def test_a_warranty_rework_without_lines_is_a_zero_record_linked_to_the_original():
    charge = decide_repair_charge(completed(quote_id=None, lines=[], warranty_rework_of="T-0")).charge
    assert (charge.amount_fen, charge.zero_reason, charge.warranty_rework_of, charge.lines) == (
        0, WARRANTY_REWORK, "T-0", ())


def test_a_malformed_version_is_refused_naming_the_field():
    with pytest.raises(BillingError) as refused:
        decide_repair_charge(completed(quote_version="2"), revised_and_accepted())
    assert refused.value.field == "quote_version"


def test_one_live_quote_per_ticket_and_a_charged_quote_is_never_revised():
    ensure_ticket_unquoted([(Q.DECLINED, False), (Q.ACCEPTED, True)])
    with pytest.raises(BillingError) as refused:
        ensure_ticket_unquoted([(Q.SENT, False)])
    assert refused.value.reason == "ticket_already_quoted"
    with pytest.raises(BillingError) as refused:
        ensure_not_charged("Q-1", [1])
    assert refused.value.reason == "quote_already_charged"


def test_only_a_held_charge_takes_a_decision_and_it_needs_a_reason():
    assert decide_hold("held", HoldDecision.RELEASE, "核对无误") == "open"
    assert decide_hold("held", "cancel", "重复") == "cancelled"
    with pytest.raises(BillingError) as refused:
        decide_hold("open", HoldDecision.CANCEL, "x")
    assert refused.value.reason == "charge_not_held"
    with pytest.raises(BillingError) as refused:
        decide_hold("held", HoldDecision.RELEASE, "  ")
    assert refused.value.field == "reason"


def test_a_release_charges_the_recorded_lines_or_an_accepted_version_not_yet_charged():
    quote = revised_and_accepted()
    assert release_terms(tuple(V1), 9000, None, None).amount_fen == 9000
    assert release_terms((), 0, quote, 2).amount_fen == 18000
    for version, charged, reason in [(1, frozenset(), "quote_version_not_accepted"), (2, frozenset({2}),
                                                                                    "quote_already_charged")]:
        with pytest.raises(BillingError) as refused:
            release_terms((), 0, quote, version, charged)
        assert refused.value.reason == reason
    with pytest.raises(BillingError) as refused:
        release_terms((), 0, None, 1)
    assert refused.value.reason == "charge_has_no_quote"


CATALOGUE = {"PAID-58": {"code": "PAID-58", "kind": "paid", "name_zh": "洗车", "price_fen": 2500},
             "PAID-57": {"code": "PAID-57", "kind": "paid", "name_zh": "复印", "price_fen": None},
             "REP-02": {"code": "REP-02", "kind": "repair", "name_zh": "更换水龙头", "price_fen": 3000},
             "OLD-1": {"code": "OLD-1", "kind": "paid", "name_zh": "旧", "price_fen": 1, "active": False}}


def test_desk_lines_take_the_catalogue_price_and_name():
    (line,) = price_desk_lines([{"catalogue_code": "PAID-58", "quantity": 3}], CATALOGUE)
    assert (line.description, line.unit_price_fen, line.total_fen) == ("洗车", 2500, 7500)


@pytest.mark.parametrize("code,reason", [("REP-02", "not_a_desk_service"), ("PAID-57", "item_not_priced"),
                                         ("OLD-1", "unknown_catalogue_code"), ("NOPE", "unknown_catalogue_code")])
def test_desk_lines_are_only_priced_active_paid_services(code, reason):
    with pytest.raises(BillingError) as refused:
        price_desk_lines([{"catalogue_code": "PAID-58", "quantity": 1}, {"catalogue_code": code, "quantity": 1}],
                         CATALOGUE)
    assert (refused.value.reason, refused.value.field) == (reason, "lines.1.catalogue_code")


def test_who_sells_at_the_desk_and_who_decides_held_charges():
    assert desk_charge_refusal("cs_assistant") is None and desk_charge_refusal("technician") == "technicians_never_take_money"
    assert desk_charge_refusal("integration_client") == "desk_staff_only"
    assert hold_decision_refusal("finance_clerk") is None and hold_decision_refusal("cs_assistant") is not None


def test_a_charge_without_a_unit_is_held_and_released_only_onto_a_named_unit():
    decision = decide_repair_charge(completed(quote_id=None, unit_id=" "))
    assert decision.hold_reason == "missing_unit_id" and decision.charge.unit_id is None
    assert release_unit(None, "3-1201") == "3-1201" and release_unit("3-1201", None) == "3-1201"
    for recorded, given, reason in [(None, None, "required"), ("3-1201", "4-1", "unit_already_recorded")]:
        with pytest.raises(BillingError) as refused:
            release_unit(recorded, given)
        assert (refused.value.reason, refused.value.field) == (reason, "unit_id")
