import pytest
from billing.domain import BillingError, PricedLine, QuoteStatus, draft_quote

TAP = PricedLine("REP-02", "更换水龙头", quantity=1, unit_price_fen=3000, materials_fen=6000)
VALVE = PricedLine("REP-03", "更换角阀", quantity=2, unit_price_fen=2000, materials_fen=5000)


def sent_quote():
    return draft_quote("Q-1", "T-1", [TAP]).send()


def test_a_quote_totals_labour_times_quantity_plus_materials():
    quote = draft_quote("Q-1", "T-1", [TAP, VALVE])
    assert quote.current.total_fen == (3000 + 6000) + (2 * 2000 + 5000)


def test_a_quote_goes_from_draft_to_sent_to_accepted_and_becomes_chargeable():
    quote = sent_quote().accept(version=1)
    assert quote.current.status is QuoteStatus.ACCEPTED
    assert quote.chargeable_fen == 9000


def test_a_declined_quote_keeps_the_reason_and_is_not_chargeable():
    quote = sent_quote().decline(version=1, reason="太贵")
    assert (quote.current.status, quote.current.decline_reason) == (QuoteStatus.DECLINED, "太贵")
    with pytest.raises(BillingError) as refused:
        _ = quote.chargeable_fen
    assert refused.value.reason == "no_accepted_quote"


def test_a_draft_cannot_be_accepted_before_it_is_shown_to_the_customer():
    with pytest.raises(BillingError) as refused:
        draft_quote("Q-1", "T-1", [TAP]).accept(version=1)
    assert refused.value.reason == "quote_not_sent"


def test_an_on_site_finding_creates_a_new_version_that_needs_a_new_acceptance():
    accepted = sent_quote().accept(version=1)
    revised = accepted.revise([TAP, VALVE], finding="角阀也已锈蚀")
    assert [v.status for v in revised.versions] == [QuoteStatus.SUPERSEDED, QuoteStatus.DRAFT]
    assert revised.current.number == 2 and revised.current.finding == "角阀也已锈蚀"
    with pytest.raises(BillingError):
        _ = revised.chargeable_fen
    reaccepted = revised.send().accept(version=2)
    assert reaccepted.chargeable_fen == 18000


def test_the_customer_cannot_accept_a_version_that_is_no_longer_current():
    revised = sent_quote().revise([VALVE], finding="实际为角阀漏水").send()
    with pytest.raises(BillingError) as refused:
        revised.accept(version=1)
    assert (refused.value.reason, refused.value.field) == ("quote_version_not_current", "version")


def test_revising_after_a_decline_keeps_the_declined_answer_on_record():
    quote = sent_quote().decline(version=1, reason="太贵").revise([VALVE], finding="改用国产角阀")
    assert [v.status for v in quote.versions] == [QuoteStatus.DECLINED, QuoteStatus.DRAFT]


def test_old_versions_are_never_changed_in_place():
    original = sent_quote()
    original.accept(version=1)
    assert original.current.status is QuoteStatus.SENT


def test_a_revision_needs_a_stated_finding_and_at_least_one_line():
    with pytest.raises(BillingError) as no_finding:
        sent_quote().revise([TAP], finding=" ")
    assert no_finding.value.field == "finding"
    with pytest.raises(BillingError) as no_lines:
        sent_quote().revise([], finding="x")
    assert no_lines.value.reason == "no_lines"


def test_a_line_refuses_zero_quantity_and_negative_prices_by_field():
    with pytest.raises(BillingError) as zero:
        PricedLine("REP-01", "x", quantity=0, unit_price_fen=100)
    assert zero.value.field == "quantity"
    with pytest.raises(BillingError) as negative:
        PricedLine("REP-01", "x", quantity=1, unit_price_fen=-1)
    assert negative.value.field == "unit_price_fen"
