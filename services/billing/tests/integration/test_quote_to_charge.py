"""BL-2/BL-3 across the boundary: billing's quote changes are announced in the quote's own
transaction; a completed repair is charged exactly the accepted version billing stored; a warranty
rework is a numbered zero record on the unit's statement."""
from .conftest import repair_completed
from .test_charges import publish

V2 = [{"catalogue_code": "REP-02", "quantity": 2, "materials_fen": 12000}]


def test_each_quote_change_is_announced_with_its_version_and_a_growing_revision(billing):
    billing.seed("p1")
    quote = billing.quote("t-1")
    billing.post(f"/quotes/{quote['id']}/revisions", {"lines": V2, "finding": "两个龙头都坏了"})
    billing.post(f"/quotes/{quote['id']}/send")
    billing.post(f"/quotes/{quote['id']}/decline", {"version": 2, "reason": "太贵"})
    sent, accepted, revised, declined = (billing.outbox(f"billing.quote.{c}")
                                         for c in ("sent", "accepted", "revised", "declined"))
    assert [e["data"]["version"] for e in sent] == [1, 2] and [e["data"]["quote_revision"] for e in sent] == [2, 5]
    (accepted,) = accepted
    assert accepted["data"]["total_fen"] == 9000 and accepted["data"]["lines"] == [
        {"catalogue_code": "REP-02", "description": "更换水龙头", "quantity": 1, "unit_price_fen": 3000,
         "materials_fen": 6000}]
    assert revised[0]["data"] | {"quote_revision": 4, "version": 2, "previous_version": 1, "total_fen": 18000} == \
        revised[0]["data"]
    assert declined[0]["data"]["ticket_id"] == "t-1" and declined[0]["data"]["quote_revision"] == 6


def test_a_refused_quote_change_announces_nothing(billing):
    billing.seed("p1")
    quote = billing.quote("t-1", accept=False)
    assert billing.post(f"/quotes/{quote['id']}/accept", {"version": 2}).status_code == 409
    assert billing.outbox("billing.quote.accepted") == []


def test_a_ticket_has_one_live_quote_and_a_change_of_work_is_a_revision(billing):
    billing.seed("p1")
    billing.quote("t-1")
    again = billing.post("/quotes", {"ticket_id": "t-1", "unit_id": "3-12-1203", "lines": V2})
    assert again.status_code == 409 and again.get_json()["reason_code"] == "ticket_already_quoted"
    assert billing.db.quotes.count_documents({}) == 1


def test_a_completed_repair_is_charged_the_accepted_version_it_names(billing, consumer, mongo_client, settings):
    billing.seed("p1")
    quote = billing.quote("t-1")
    billing.post(f"/quotes/{quote['id']}/revisions", {"lines": V2, "finding": "两个龙头都坏了"})
    billing.post(f"/quotes/{quote['id']}/send")
    billing.post(f"/quotes/{quote['id']}/accept", {"version": 2})
    accepted = billing.outbox("billing.quote.accepted")[-1]["data"]
    publish(mongo_client, settings, repair_completed("p1", "t-1", quote_id=quote["id"], quote_version=2,
                                                     lines=accepted["lines"]))
    assert consumer.drain() == 1
    (charge,) = billing.get("/charges?ticket_id=t-1").get_json()["items"]
    assert (charge["status"], charge["amount_fen"], charge["quote_version"]) == ("open", 18000, 2)
    assert charge["slip_number"].startswith("SLIP-") and charge["source"] == "repair"
    assert billing.db.quotes.find_one({"_id": quote["id"]})["charged"][0]["version"] == 2
    revise = billing.post(f"/quotes/{quote['id']}/revisions", {"lines": V2, "finding": "again"})
    assert revise.status_code == 409 and revise.get_json()["reason_code"] == "quote_already_charged"


def test_a_reopened_round_of_already_charged_work_is_not_charged_again(billing):
    billing.seed("p1")
    quote = billing.quote("t-1")
    first = billing.charge("p1", ticket_id="t-1", quote_id=quote["id"], quote_version=1, lines=[])
    again = billing.charge("p1", ticket_id="t-1", round_=2, quote_id=quote["id"], quote_version=1, lines=[])
    assert first["status"] == "open" and again is None
    assert billing.db.charges.count_documents({}) == 1


def test_a_completion_naming_a_version_not_accepted_or_an_unknown_quote_is_held_and_announced(billing):
    billing.seed("p1")
    quote = billing.quote("t-1")
    billing.post(f"/quotes/{quote['id']}/revisions", {"lines": V2, "finding": "x"})
    held = billing.charge("p1", ticket_id="t-1", quote_id=quote["id"], quote_version=2, lines=[])
    unknown = billing.charge("p1", ticket_id="t-2", quote_id="not-billings", lines=[])
    assert (held["status"], held["hold_reason"]) == ("held", "quote_version_not_accepted")
    assert (unknown["status"], unknown["hold_reason"]) == ("held", "unknown_quote")
    assert [e["data"]["hold_reason"] for e in billing.outbox("billing.charge.held")] == [
        "quote_version_not_accepted", "unknown_quote"]
    assert billing.outbox("billing.charge.created") == [] and billing.db.ledger_entries.count_documents({}) == 0


def test_a_warranty_rework_without_lines_is_a_numbered_zero_record_on_the_units_statement(billing):
    zero = billing.charge("p1", ticket_id="t-9", rework_of="t-1", lines=[], completed_at="2026-11-20T08:00:00+00:00")
    assert (zero["status"], zero["amount_fen"], zero["zero_reason"]) == ("open", 0, "warranty_rework")
    assert zero["warranty_rework_of"] == "t-1" and zero["slip_number"].startswith("SLIP-")
    statement = billing.get("/units/3-12-1203/statement?from=2026-11-01&to=2026-11-30").get_json()
    (line,) = statement["lines"]
    assert (line["document_number"], line["debit_fen"], line["charge_id"]) == (zero["slip_number"], 0, zero["_id"])
    assert "t-1" in line["description"] and statement["closing_balance_fen"] == 0
