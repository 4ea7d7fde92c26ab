"""BL-2: quote before work; the customer accepts or declines; a revision needs a new acceptance."""
import pytest

LINES = [{"catalogue_code": "REP-02", "quantity": 2, "materials_fen": 12000},
         {"description": "疏通下水道(现场评估)", "quantity": 1, "unit_price_fen": 5000}]


@pytest.fixture
def quote(billing):
    billing.seed("p1")
    response = billing.post("/quotes", {"ticket_id": "t-1", "unit_id": "3-12-1203", "lines": LINES},
                            roles=("cs_assistant",))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_quote_is_priced_from_the_project_catalogue_with_materials_apart(quote):
    version = quote["versions"][0]
    assert (quote["status"], quote["current_version"]) == ("draft", 1)
    assert [(line["unit_price_fen"], line["labour_fen"], line["materials_fen"]) for line in version["lines"]] == [
        (3000, 6000, 12000), (5000, 5000, 0)]
    assert version["lines"][0]["description"] == "更换水龙头" and version["total_fen"] == 23000


def test_the_customer_accepts_the_sent_version(billing, quote):
    assert billing.post(f"/quotes/{quote['id']}/send").get_json()["status"] == "sent"
    accepted = billing.post(f"/quotes/{quote['id']}/accept", {"version": 1, "recorded_via": "phone"},
                            roles=("integration_client",))
    assert accepted.status_code == 200
    body = accepted.get_json()
    assert (body["status"], body["accepted_version"], body["versions"][0]["recorded_via"]) == ("accepted", 1, "phone")


def test_the_customer_declines_with_a_reason(billing, quote):
    billing.post(f"/quotes/{quote['id']}/send")
    declined = billing.post(f"/quotes/{quote['id']}/decline", {"version": 1, "reason": "太贵"}).get_json()
    assert declined["status"] == "declined" and declined["versions"][0]["decline_reason"] == "太贵"


def test_an_unsent_quote_cannot_be_accepted(billing, quote):
    response = billing.post(f"/quotes/{quote['id']}/accept", {"version": 1})
    assert response.status_code == 409 and response.get_json()["reason_code"] == "quote_not_sent"


def test_an_on_site_finding_makes_a_new_version_that_needs_a_new_acceptance(billing, quote):
    billing.post(f"/quotes/{quote['id']}/send")
    billing.post(f"/quotes/{quote['id']}/accept", {"version": 1})
    revised = billing.post(f"/quotes/{quote['id']}/revisions", {
        "lines": [{"catalogue_code": "REP-02", "quantity": 3, "materials_fen": 18000}], "finding": "三个龙头都坏了"})
    assert revised.status_code == 201, revised.get_json()
    body = revised.get_json()
    assert [v["status"] for v in body["versions"]] == ["superseded", "draft"]
    assert body["accepted_version"] is None and body["versions"][1]["total_fen"] == 27000
    stale = billing.post(f"/quotes/{quote['id']}/accept", {"version": 1})
    assert stale.status_code == 409 and stale.get_json()["reason_code"] == "quote_version_not_current"
    billing.post(f"/quotes/{quote['id']}/send")
    assert billing.post(f"/quotes/{quote['id']}/accept", {"version": 2}).get_json()["accepted_version"] == 2


def test_an_item_the_project_has_not_priced_cannot_be_quoted(billing):
    billing.seed("p1")
    response = billing.post("/quotes", {"ticket_id": "t-1", "unit_id": "u-1",
                                        "lines": [{"catalogue_code": "PAID-13", "quantity": 1}]})
    assert response.status_code == 409 and response.get_json()["reason_code"] == "item_not_priced"
    assert billing.db.quotes.count_documents({}) == 0


def test_a_catalogue_line_takes_the_catalogue_price_not_one_sent_by_the_caller(billing):
    billing.seed("p1")
    response = billing.post("/quotes", {"ticket_id": "t-1", "unit_id": "u-1",
                                        "lines": [{"catalogue_code": "REP-02", "quantity": 1, "unit_price_fen": 1}]})
    assert response.status_code == 422 and "lines.0.unit_price_fen" in response.get_json()["errors"]


def test_quotes_are_listed_by_ticket(billing, quote):
    assert [q["id"] for q in billing.get("/quotes?ticket_id=t-1").get_json()["items"]] == [quote["id"]]
    assert billing.get("/quotes?ticket_id=t-2").get_json()["total"] == 0


def test_a_technician_quotes_on_site_and_records_consent_but_cannot_take_money(billing, app, token_factory):
    """billing:quote opens the quotes only: the cashier's payments, refunds and credit notes stay closed."""
    billing.seed("p1")
    technician = token_factory.headers("p1", ["billing:read", "billing:quote"], ["technician"], subject="tech-1")
    client = app.test_client()
    created = client.post("/quotes", headers=technician, json={"ticket_id": "t-9", "unit_id": "3-12-1203",
                                                               "lines": [{"catalogue_code": "REP-02", "quantity": 1}]})
    assert created.status_code == 201, created.get_json()
    quote_id = created.get_json()["id"]
    assert client.post(f"/quotes/{quote_id}/send", headers=technician).status_code == 200
    accepted = client.post(f"/quotes/{quote_id}/accept", headers=technician, json={"version": 1, "recorded_via": "on_site"})
    assert accepted.status_code == 200 and accepted.get_json()["versions"][0]["decided_by"] == "tech-1"
    charge = billing.charge()
    paid = client.post("/payments", headers=technician, json={"charge_id": charge["_id"], "amount_fen": 100,
                                                              "method": "cash_at_centre"})
    assert paid.status_code == 403 and "billing:write" in paid.get_json()["detail"]
    nothing = token_factory.headers("p1", ["billing:read"], ["technician"])
    assert client.post("/quotes", headers=nothing, json={"ticket_id": "t-9", "unit_id": "3-12-1203", "lines": [
        {"catalogue_code": "REP-02", "quantity": 1}]}).status_code == 403
